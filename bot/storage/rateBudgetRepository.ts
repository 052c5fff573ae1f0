import type { Logger } from '../log.ts';
import type { Storage } from './storage.ts';
import { EntityTable } from './entityTable.ts';
import { TABLES } from './tables.ts';
import { AlreadyExists, Stale } from '../domain/errors.ts';

interface BudgetRow {
  readonly used: number;
  /** The instances that took from this second, so each can pace itself to its share. */
  readonly takers?: readonly string[];
}

/**
 * A per-second send budget shared by every app instance through Table Storage: an instance
 * takes a few sends at a time with an ETag-checked increment, so together they stay within Teams'
 * per-tenant limit however many instances run.
 */
export class RateBudgetRepository {
  private readonly rows: EntityTable<BudgetRow>;
  constructor(storage: Storage, log: Logger) {
    this.rows = new EntityTable(storage.table(TABLES.rateBudget), log, 'Sendebudgettet');
  }

  /**
   * Takes up to `want` of `limit` sends in the given second for the scope. Answers how many were
   * granted (0 when spent) and how many instances are taking from this second.
   */
  async take(scope: string, second: number, want: number, limit: number, instance = 'default'): Promise<{ granted: number; sharers: number }> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const current = await this.rows.get(scope, String(second));
      const used = current?.value.used ?? 0;
      const takers = new Set(current?.value.takers ?? []);
      takers.add(instance);
      const granted = Math.min(want, limit - used);
      if (granted <= 0) return { granted: 0, sharers: takers.size };
      try {
        const row = { used: used + granted, takers: [...takers] };
        if (current) await this.rows.replace(scope, String(second), row, current.etag);
        else await this.rows.insert(scope, String(second), row);
        return { granted, sharers: takers.size };
      } catch (error) {
        // Another instance took from the same second; read again.
        if (error instanceof Stale || error instanceof AlreadyExists) continue;
        throw error;
      }
    }
    return { granted: 0, sharers: 1 };
  }
}
