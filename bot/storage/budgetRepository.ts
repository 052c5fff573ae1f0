import type { Logger } from '../log.ts';
import type { BudgetLine } from '../domain/budget.ts';
import type { Storage } from './storage.ts';
import { EntityTable } from './entityTable.ts';
import { PARTITIONS, TABLES } from './tables.ts';

/** KOMBIT's budget-guide totals, one row per year, beside the solutions they are the sum of. */
export class BudgetRepository {
  private readonly rows: EntityTable<BudgetLine>;
  constructor(storage: Storage, log: Logger) {
    this.rows = new EntityTable(storage.table(TABLES.solutions), log, 'Budgetlinjen');
  }

  /** The latest year's line, if any is stored. */
  async latest(): Promise<BudgetLine | undefined> {
    return (await this.rows.list(PARTITIONS.budget)).map((r) => r.value).sort((a, b) => b.year - a.year)[0];
  }
  upsert(line: BudgetLine): Promise<string> {
    return this.rows.upsert(PARTITIONS.budget, String(line.year), line);
  }
}
