import type { TableClient } from '@azure/data-tables';
import type { Logger } from '../log.ts';
import type { Storage } from './storage.ts';
import { EntityTable, type Versioned } from './entityTable.ts';
import { TABLES } from './tables.ts';
import { encodeKey, fromEntity, guarded } from './entities.ts';

export type JobState = 'scheduled' | 'running' | 'done' | 'cancelled';

/** A timed piece of work: a reminder, a digest, a coalesced card refresh. */
export interface Job {
  /** Deterministic (e.g. `reminder:<task>:<user>:<date>`), so scheduling twice is one job. */
  readonly id: string;
  readonly kind: string;
  readonly dueAt: string;
  readonly payload: Record<string, unknown>;
  readonly state: JobState;
  readonly attempts: number;
  readonly leaseUntil?: string;
  readonly lastError?: string;
  readonly doneAt?: string;
  /** Asked for again while it was running (a coalesced or repeatable job): run once more after it finishes. */
  readonly rerun?: boolean;
  /** For a repeatable job asked for again while it was running: when that next run is due. */
  readonly rerunAt?: string;
  /** For a coalesced job: the least time between two runs. */
  readonly minIntervalMs?: number;
}

const PARTITION = 'job';

/** Scheduled jobs in one partition; due ones are found with one query. */
export class JobRepository {
  private readonly rows: EntityTable<Job>;
  private readonly client: TableClient;
  constructor(storage: Storage, private readonly log: Logger) {
    this.client = storage.table(TABLES.jobs);
    this.rows = new EntityTable(this.client, log, 'Jobbet');
  }

  get(id: string): Promise<Versioned<Job> | undefined> {
    return this.rows.get(PARTITION, id);
  }
  insert(job: Job): Promise<string> {
    return this.rows.insert(PARTITION, job.id, job);
  }
  replace(job: Job, etag: string): Promise<string> {
    return this.rows.replace(PARTITION, job.id, job, etag);
  }

  /** Jobs due by `now`: scheduled ones, and running ones whose worker's lease ran out. */
  async due(now: Date): Promise<Versioned<Job>[]> {
    const at = now.toISOString();
    const filter = `PartitionKey eq '${PARTITION}' and ((state eq 'scheduled' and dueAt le '${at}') or (state eq 'running' and leaseUntil le '${at}'))`;
    return guarded(this.log, 'Jobbene', async () => {
      const rows: Versioned<Job>[] = [];
      for await (const row of this.client.listEntities({ queryOptions: { filter } })) rows.push({ value: fromEntity<Job>(row), etag: row.etag });
      return rows.sort((a, b) => a.value.dueAt.localeCompare(b.value.dueAt));
    });
  }

  /**
   * Jobs whose id starts with `prefix` (e.g. one agreement's reminders), read as one range of row
   * keys rather than the whole table, which grows with every job ever run.
   */
  async listByPrefix(prefix: string): Promise<Versioned<Job>[]> {
    const low = encodeKey(prefix);
    // Every key that starts with `low` sorts before `low` with its last character raised by one.
    const high = low.slice(0, -1) + String.fromCharCode(low.charCodeAt(low.length - 1) + 1);
    const filter = `PartitionKey eq '${PARTITION}' and RowKey ge '${low.replace(/'/g, "''")}' and RowKey lt '${high.replace(/'/g, "''")}'`;
    return guarded(this.log, 'Jobbene', async () => {
      const rows: Versioned<Job>[] = [];
      for await (const row of this.client.listEntities({ queryOptions: { filter } })) rows.push({ value: fromEntity<Job>(row), etag: row.etag });
      return rows;
    });
  }

  async list(): Promise<Job[]> {
    return (await this.rows.list(PARTITION)).map((r) => r.value);
  }
}
