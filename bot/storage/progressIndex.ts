import type { TableClient } from '@azure/data-tables';
import type { Storage } from './storage.ts';
import { TABLES } from './tables.ts';
import { decodeKey } from './entities.ts';
import { taskProgress, type TaskProgress, type TaskStatus } from '../domain/klikTask.ts';
import { signatureProgress, type SignatureProgress, type SignatureState } from '../domain/agreement.ts';

export interface ProgressIndexOptions {
  /**
   * Each sync reads the rows written since this long before the previous sync began (ms): covers
   * writes that became visible late and clock skew between this server and storage.
   */
  readonly overlapMs?: number;
  /** Everything is read again this often (ms), whatever changed. */
  readonly fullScanMs?: number;
}

/**
 * One column of a table whose partitions are items (a task, an agreement) and whose rows are
 * municipalities: kept in memory and brought up to date by reading only the rows written since
 * the last sync (a `Timestamp` filter, one query per table), instead of one query per partition.
 */
class PartitionColumn<S extends string> {
  private rows = new Map<string, Map<string, S>>();
  /** When the previous sync began (ms since epoch), if there was one. */
  private previousSync: number | undefined;
  private lastFullScan = -Infinity;

  constructor(
    private readonly client: TableClient,
    private readonly column: string,
    private readonly options: Required<ProgressIndexOptions>,
  ) {}

  async sync(): Promise<void> {
    const now = Date.now();
    const full = this.previousSync === undefined || now - this.lastFullScan >= this.options.fullScanMs;
    const since = full ? undefined : new Date(this.previousSync! - this.options.overlapMs).toISOString();
    const target = full ? new Map<string, Map<string, S>>() : this.rows;
    const query = this.client.listEntities<Record<string, unknown>>({
      queryOptions: { select: ['PartitionKey', 'RowKey', this.column], ...(since ? { filter: `Timestamp ge datetime'${since}'` } : {}) },
    });
    for await (const row of query) {
      const item = decodeKey(row.partitionKey ?? '');
      let byMunicipality = target.get(item);
      if (!byMunicipality) target.set(item, (byMunicipality = new Map()));
      byMunicipality.set(decodeKey(row.rowKey ?? ''), row[this.column] as S);
    }
    if (full) {
      this.rows = target;
      this.lastFullScan = now;
    }
    this.previousSync = now;
  }

  states(item: string): ReadonlyMap<string, S> {
    return this.rows.get(item) ?? new Map();
  }
}

/**
 * Every task's per-municipality status and every agreement's signatures, for the portfolio
 * overview: a sync costs two small queries when little changed (a full read of every partition
 * took 50 queries). The repositories stay the only writers; this is a read model over their
 * tables, filtered by the `Timestamp` storage sets on every write, and re-read in full every
 * minute so that it cannot drift for long (e.g. with more clock skew than the overlap).
 */
export class ProgressIndex {
  private readonly statuses: PartitionColumn<TaskStatus>;
  private readonly signatures: PartitionColumn<SignatureState>;
  private syncing: Promise<void> | undefined;

  constructor(storage: Storage, options: ProgressIndexOptions = {}) {
    const o = { overlapMs: options.overlapMs ?? 5000, fullScanMs: options.fullScanMs ?? 60_000 };
    this.statuses = new PartitionColumn(storage.table(TABLES.klikTaskStatuses), 'status', o);
    this.signatures = new PartitionColumn(storage.table(TABLES.signatures), 'state', o);
  }

  /** Reads what changed since the last sync; calls while one runs share it. */
  sync(): Promise<void> {
    if (!this.syncing) {
      this.syncing = Promise.all([this.statuses.sync(), this.signatures.sync()]).then(
        () => {
          this.syncing = undefined;
        },
        (error: unknown) => {
          this.syncing = undefined;
          throw error;
        },
      );
    }
    return this.syncing;
  }

  /** `codes`: the municipalities the task concerns, when not all 98. */
  taskProgress(taskId: string, codes?: readonly string[]): TaskProgress {
    return taskProgress([...this.statuses.states(taskId)].map(([municipalityCode, status]) => ({ taskId, municipalityCode, status })), codes);
  }

  /** `codes`: the municipalities the agreement concerns, when not all 98. */
  signatureProgress(agreementId: string, codes?: readonly string[]): SignatureProgress {
    return signatureProgress([...this.signatures.states(agreementId)].map(([municipalityCode, state]) => ({ agreementId, municipalityCode, state, selfReported: false })), codes);
  }

  /** One municipality's status on a task (no row: not started). */
  statusOf(taskId: string, municipalityCode: string): TaskStatus {
    return this.statuses.states(taskId).get(municipalityCode) ?? 'notStarted';
  }

  /** One municipality's answer to an agreement (no row: missing). */
  signatureOf(agreementId: string, municipalityCode: string): SignatureState {
    return this.signatures.states(agreementId).get(municipalityCode) ?? 'missing';
  }
}
