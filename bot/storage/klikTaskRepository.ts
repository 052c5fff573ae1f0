import type { Logger } from '../log.ts';
import type { KlikTask, MunicipalityTaskStatus } from '../domain/klikTask.ts';
import type { Storage } from './storage.ts';
import { EntityTable, type Versioned } from './entityTable.ts';
import { PARTITIONS, TABLES } from './tables.ts';
import { TtlCache } from '../domain/ttlCache.ts';

/**
 * KLIK tasks (one partition) and their per-municipality statuses (one partition per task,
 * one row per kommunekode, so a task's 98 statuses are read in one query).
 */
export class KlikTaskRepository {
  private readonly tasks: EntityTable<KlikTask>;
  private readonly statusRows: EntityTable<MunicipalityTaskStatus>;
  private readonly recentStatuses = new TtlCache<MunicipalityTaskStatus[]>({ ttlMs: 1000 });
  constructor(storage: Storage, log: Logger) {
    this.tasks = new EntityTable(storage.table(TABLES.klikTasks), log, 'KLIK-opgaven');
    this.statusRows = new EntityTable(storage.table(TABLES.klikTaskStatuses), log, 'Kommunens status');
  }

  async list(): Promise<KlikTask[]> {
    return (await this.tasks.list(PARTITIONS.klikTask)).map((r) => r.value).sort((a, b) => a.deadline.localeCompare(b.deadline));
  }
  get(id: string): Promise<Versioned<KlikTask> | undefined> {
    return this.tasks.get(PARTITIONS.klikTask, id);
  }
  create(task: KlikTask): Promise<string> {
    return this.tasks.insert(PARTITIONS.klikTask, task.id, task);
  }
  replace(task: KlikTask, etag: string): Promise<string> {
    return this.tasks.replace(PARTITIONS.klikTask, task.id, task, etag);
  }
  upsert(task: KlikTask): Promise<string> {
    return this.tasks.upsert(PARTITIONS.klikTask, task.id, task);
  }
  /**
   * Stores many tasks in transactions of at most 100 (each all or nothing), replacing any with the
   * same id; an import re-applied after a crash writes the same rows again.
   */
  upsertMany(tasks: readonly KlikTask[]): Promise<number> {
    return this.tasks.upsertMany(PARTITIONS.klikTask, tasks.map((t) => ({ rk: t.id, value: t })));
  }
  /** Records that the task's card has been handed to the delivery engine, without touching the other fields. */
  async clearCardPending(id: string): Promise<void> {
    await this.tasks.merge(PARTITIONS.klikTask, id, { cardPending: false });
  }
  /** As {@link clearCardPending} for many tasks, in transactions of up to 100. */
  async clearCardPendingMany(ids: readonly string[]): Promise<void> {
    await this.tasks.mergeMany(PARTITIONS.klikTask, ids.map((id) => ({ rk: id, columns: { cardPending: false } })));
  }
  /** Tasks stored whose card was never handed to the delivery engine (the process died in between). */
  async withCardPending(): Promise<KlikTask[]> {
    return (await this.list()).filter((t) => t.cardPending === true);
  }

  async statuses(taskId: string): Promise<MunicipalityTaskStatus[]> {
    return (await this.statusRows.list(taskId)).map((r) => r.value);
  }
  /**
   * The task's statuses as {@link statuses}, but shared with this instance's other readers for up to
   * a second (this instance's own writes invalidate it): for lists shown in chat, which a burst of people asks for at once.
   */
  sharedStatuses(taskId: string): Promise<MunicipalityTaskStatus[]> {
    return this.recentStatuses.get(taskId, () => this.statuses(taskId));
  }
  status(taskId: string, municipalityCode: string): Promise<Versioned<MunicipalityTaskStatus> | undefined> {
    return this.statusRows.get(taskId, municipalityCode);
  }
  /** Records a status; with `etag`, only if nobody changed it since it was read. */
  setStatus(status: MunicipalityTaskStatus, etag?: string): Promise<string> {
    return (etag
      ? this.statusRows.replace(status.taskId, status.municipalityCode, status, etag)
      : this.statusRows.upsert(status.taskId, status.municipalityCode, status)).finally(() => this.recentStatuses.invalidate(status.taskId));
  }
  /** Records many statuses of one task in transactions of at most 100; returns the number of transactions. */
  setStatuses(taskId: string, statuses: readonly MunicipalityTaskStatus[]): Promise<number> {
    return (this.statusRows.upsertMany(taskId, statuses.map((s) => ({ rk: s.municipalityCode, value: s })))).finally(() => this.recentStatuses.invalidate(taskId));
  }
}
