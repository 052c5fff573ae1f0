import type { Logger } from '../log.ts';
import type { Solution } from '../domain/solution.ts';
import type { Storage } from './storage.ts';
import { EntityTable, type Versioned } from './entityTable.ts';
import { PARTITIONS, TABLES } from './tables.ts';

/** KOMBIT's portfolio: one partition, one row per solution. */
export class SolutionRepository {
  private readonly rows: EntityTable<Solution>;
  constructor(storage: Storage, log: Logger) {
    this.rows = new EntityTable(storage.table(TABLES.solutions), log, 'Løsningen');
  }

  async list(): Promise<Solution[]> {
    return (await this.rows.list(PARTITIONS.solution)).map((r) => r.value).sort((a, b) => a.name.localeCompare(b.name, 'da'));
  }
  get(id: string): Promise<Versioned<Solution> | undefined> {
    return this.rows.get(PARTITIONS.solution, id);
  }
  create(solution: Solution): Promise<string> {
    return this.rows.insert(PARTITIONS.solution, solution.id, solution);
  }
  /** Saves a change made from a version read earlier; refused if someone changed it since. */
  replace(solution: Solution, etag: string): Promise<string> {
    return this.rows.replace(PARTITIONS.solution, solution.id, solution, etag);
  }
  upsert(solution: Solution): Promise<string> {
    return this.rows.upsert(PARTITIONS.solution, solution.id, solution);
  }
}
