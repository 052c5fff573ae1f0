import type { Logger } from '../log.ts';
import type { Clock } from '../domain/time.ts';
import type { Job, JobRepository } from '../storage/jobRepository.ts';
import type { Versioned } from '../storage/entityTable.ts';
import type { JobSpec } from '../capability.ts';
import { AlreadyExists, Stale } from '../domain/errors.ts';

const LEASE_MS = 60_000;

/**
 * Timed jobs in Table Storage, each fired once even with several instances: a worker claims a
 * due job with an ETag-checked update before running it. Jobs missed while the app was down run
 * when it comes back, once.
 */
export class Scheduler {
  private readonly kinds = new Map<string, JobSpec>();
  /** Due jobs met whose kind no handler here runs, per kind: a fault, logged once per kind and counted. */
  private readonly unknownKinds = new Map<string, number>();
  /** Jobs whose payload their kind's schema refused, per kind: a fault, logged and counted; such a job is not run or retried. */
  private readonly refusedPayloads = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = true;

  constructor(
    private readonly jobs: JobRepository,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly owner: string,
  ) {}

  /** Adds a job kind; a kind registered twice is a start-up error. */
  register(spec: JobSpec): void {
    if (this.kinds.has(spec.kind)) throw new Error(`a handler for job kind "${spec.kind}" is registered already`);
    this.kinds.set(spec.kind, spec);
  }

  /** The jobs still to run whose id starts with `prefix` (an agreement's reminders, a task's): read by key range, not the whole table. */
  async scheduledWithPrefix(prefix: string): Promise<Job[]> {
    return (await this.jobs.listByPrefix(prefix)).map((j) => j.value).filter((j) => j.state === 'scheduled');
  }

  /** Whether the job is waiting to run (not running, done or cancelled). */
  async isScheduled(id: string): Promise<boolean> {
    return (await this.jobs.get(id))?.value.state === 'scheduled';
  }

  /** How often each job kind without a handler here was met due, since start (for health and tests). */
  unknownJobKinds(): ReadonlyMap<string, number> {
    return this.unknownKinds;
  }

  /** How many jobs of each kind had a payload their schema refused, since start (for health and tests). */
  refusedJobPayloads(): ReadonlyMap<string, number> {
    return this.refusedPayloads;
  }

  /**
   * Schedules a job. A job that already ran is not scheduled again (nothing is sent twice); a
   * scheduled one moves to the new time and payload.
   *
   * With `repeatable`, the job is a check that may need to run more than once (e.g. "look at this
   * import again when its lease runs out"): a done job is scheduled again, and one running right now,
   * even the very job that asks, runs once more at `dueAt` after it finishes. Without it, that
   * request would be dropped and the check never made.
   */
  async schedule(job: { id: string; kind: string; dueAt: Date; payload?: Record<string, unknown> }, options: { repeatable?: boolean } = {}): Promise<void> {
    const value: Job = { id: job.id, kind: job.kind, dueAt: job.dueAt.toISOString(), payload: job.payload ?? {}, state: 'scheduled', attempts: 0 };
    for (let attempt = 0; attempt < 5; attempt++) {
      const existing = await this.jobs.get(job.id);
      try {
        if (!existing) {
          await this.jobs.insert(value);
          return;
        }
        const { state } = existing.value;
        if (state === 'running' && options.repeatable) {
          await this.jobs.replace({ ...existing.value, payload: value.payload, rerun: true, rerunAt: value.dueAt }, existing.etag);
          return;
        }
        if (state === 'scheduled' || state === 'cancelled' || (state === 'done' && options.repeatable)) await this.jobs.replace(value, existing.etag);
        return;
      } catch (error) {
        // Someone else inserted, claimed or finished the job at the same moment: look again.
        if (error instanceof AlreadyExists || error instanceof Stale) continue;
        throw error;
      }
    }
  }

  /**
   * Schedules a job at most once per `minIntervalMs`: while one is waiting, further calls join it;
   * after it ran, the next one waits out the interval. This is how shared cards are refreshed.
   */
  async scheduleCoalesced(job: { id: string; kind: string; payload?: Record<string, unknown> }, minIntervalMs: number): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const now = this.clock.now().getTime();
      const existing = await this.jobs.get(job.id);
      if (existing?.value.state === 'scheduled') return;
      try {
        if (existing?.value.state === 'running') {
          // The running job may already have read what just changed; ask it to run once more.
          if (!existing.value.rerun) await this.jobs.replace({ ...existing.value, rerun: true }, existing.etag);
          return;
        }
        const earliest = existing?.value.doneAt ? Date.parse(existing.value.doneAt) + minIntervalMs : now;
        const value: Job = { id: job.id, kind: job.kind, dueAt: new Date(Math.max(now, earliest)).toISOString(), payload: job.payload ?? {}, state: 'scheduled', attempts: 0, minIntervalMs };
        if (existing) await this.jobs.replace(value, existing.etag);
        else await this.jobs.insert(value);
        return;
      } catch (error) {
        // Someone else changed the job at the same moment: look again.
        if (error instanceof Stale || error instanceof AlreadyExists) continue;
        throw error;
      }
    }
  }

  async cancel(id: string): Promise<void> {
    const existing = await this.jobs.get(id);
    if (!existing || existing.value.state !== 'scheduled') return;
    try {
      await this.jobs.replace({ ...existing.value, state: 'cancelled' }, existing.etag);
    } catch (error) {
      if (!(error instanceof Stale)) throw error;
    }
  }

  /** Runs every job due now, each only if this instance wins its claim. Returns how many ran. */
  async tick(): Promise<number> {
    // One lane per kind: within a kind jobs run in the order they fell due; a backlog of one kind
    // (hundreds of card refreshes after an import) never holds up another (the import's recovery).
    const lanes = new Map<string, Versioned<Job>[]>();
    for (const due of await this.jobs.due(this.clock.now())) lanes.set(due.value.kind, [...(lanes.get(due.value.kind) ?? []), due]);
    const ran = await Promise.all(
      [...lanes.values()].map(async (lane) => {
        let count = 0;
        for (const due of lane) if (await this.runDue(due)) count++;
        return count;
      }),
    );
    return ran.reduce((a, b) => a + b, 0);
  }

  /** Claims and runs one due job; true when it ran to the end. */
  private async runDue(due: Versioned<Job>): Promise<boolean> {
    const spec = this.kinds.get(due.value.kind);
    if (!spec) {
      // Left scheduled, not failed: an instance of a newer version sharing the storage may know it.
      const seen = this.unknownKinds.get(due.value.kind) ?? 0;
      if (seen === 0) this.log.error({ jobId: due.value.id, kind: due.value.kind }, 'due job of a kind no handler here runs; it is left for an instance that knows it');
      this.unknownKinds.set(due.value.kind, seen + 1);
      return false;
    }
    const now = this.clock.now();
    let etag: string;
    try {
      etag = await this.jobs.replace({ ...due.value, state: 'running', leaseUntil: new Date(now.getTime() + LEASE_MS).toISOString(), attempts: due.value.attempts + 1 }, due.etag);
    } catch (error) {
      if (error instanceof Stale) return false;
      throw error;
    }
    const job = { ...due.value, attempts: due.value.attempts + 1 };
    const payload = spec.payload.safeParse(job.payload);
    if (!payload.success) {
      // Running it again would refuse it again: it is recorded as done, with the fault logged and counted.
      this.refusedPayloads.set(job.kind, (this.refusedPayloads.get(job.kind) ?? 0) + 1);
      this.log.error({ jobId: job.id, kind: job.kind, issues: payload.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) }, 'job payload refused by its kind\'s schema; the job is not run');
      await this.finish({ ...job, lastError: 'payload refused' }, etag);
      return false;
    }
    try {
      await spec.run(payload.data, job);
      await this.finish(job, etag);
      return true;
    } catch (error) {
      this.log.error({ err: error, jobId: job.id, kind: job.kind }, 'job failed; it will be tried again');
      const backoffMs = Math.min(15 * 60_000, 2 ** Math.min(job.attempts, 10) * 1000);
      await this.retryLater(job, etag, new Date(this.clock.now().getTime() + backoffMs), String((error as Error).message ?? error)).catch((e) => {
        this.log.error({ err: e, jobId: job.id }, 'could not record the failed job');
      });
      return false;
    }
  }

  /** Marks a job done, or schedules it again when it was asked for while it ran. */
  private async finish(job: Job, etag: string): Promise<void> {
    const doneAt = this.clock.now().toISOString();
    // A repeatable job asked for again (even before this run claimed it, when an earlier worker died) runs at the time asked for.
    const next = (v: Job): Job =>
      v.rerunAt ? { ...v, state: 'scheduled', rerun: false, rerunAt: undefined, leaseUntil: undefined, doneAt, dueAt: v.rerunAt, attempts: 0 } : { ...v, state: 'done', leaseUntil: undefined, doneAt };
    try {
      await this.jobs.replace(next(job), etag);
    } catch (error) {
      if (!(error instanceof Stale)) throw error;
      const fresh = await this.jobs.get(job.id);
      if (!fresh?.value.rerun) throw error;
      if (fresh.value.rerunAt) {
        await this.jobs.replace(next(fresh.value), fresh.etag);
        return;
      }
      const dueAt = new Date(Date.parse(doneAt) + (fresh.value.minIntervalMs ?? 0)).toISOString();
      await this.jobs.replace({ ...fresh.value, state: 'scheduled', rerun: false, leaseUntil: undefined, doneAt, dueAt }, fresh.etag);
    }
  }

  /**
   * Puts a failed job back for a later try. When it was asked for again while it ran, it runs once,
   * at whichever is later of the retry and the time asked for, so neither is lost.
   */
  private async retryLater(job: Job, etag: string, retryAt: Date, lastError: string): Promise<void> {
    const retry = { state: 'scheduled', leaseUntil: undefined, dueAt: retryAt.toISOString(), lastError } as const;
    try {
      await this.jobs.replace({ ...job, ...retry }, etag);
    } catch (error) {
      if (!(error instanceof Stale)) throw error;
      const fresh = await this.jobs.get(job.id);
      if (!fresh?.value.rerun) throw error;
      const dueAt = fresh.value.rerunAt && fresh.value.rerunAt > retry.dueAt ? fresh.value.rerunAt : retry.dueAt;
      await this.jobs.replace({ ...fresh.value, ...retry, dueAt, rerun: false, rerunAt: undefined }, fresh.etag);
    }
  }

  /** Polls for due jobs every `intervalMs` until stopped. */
  start(intervalMs = 1000): void {
    this.stopped = false;
    const loop = async () => {
      if (this.stopped) return;
      this.running = this.tick().then(
        () => undefined,
        (error) => this.log.error({ err: error, owner: this.owner }, 'scheduler tick failed'),
      );
      await this.running;
      if (!this.stopped) this.timer = setTimeout(loop, intervalMs);
    };
    this.timer = setTimeout(loop, 0);
  }

  /** Stops polling and waits for a running tick to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
