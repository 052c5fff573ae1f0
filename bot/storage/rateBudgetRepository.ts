import type { Logger } from '../log.ts';
import type { Storage } from './storage.ts';
import { EntityTable } from './entityTable.ts';
import { TABLES } from './tables.ts';
import { ConcurrencyError } from '../http/errors.ts';

interface BudgetRow {
  readonly used: number;
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

  /** Takes up to `want` of `limit` sends in the given second for the scope; answers how many were granted (0 when spent). */
  async take(scope: string, second: number, want: number, limit: number): Promise<number> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const current = await this.rows.get(scope, String(second));
      const used = current?.value.used ?? 0;
      const granted = Math.min(want, limit - used);
      if (granted <= 0) return 0;
      try {
        if (current) await this.rows.replace(scope, String(second), { used: used + granted }, current.etag);
        else await this.rows.insert(scope, String(second), { used: granted });
        return granted;
      } catch (error) {
        // Another instance took from the same second; read again.
        if (error instanceof ConcurrencyError || (error as { status?: number }).status === 409) continue;
        throw error;
      }
    }
    return 0;
  }
}
