import { AlreadyExists, Stale } from './errors.ts';

/** What happened to a first answer: stored, refused because the person has answered before, or refused because the survey or evaluation is closed. */
export type FirstAnswerOutcome = 'stored' | 'exists' | 'closed';

/** Writes first answers of one survey or evaluation together: per answer 'stored', 'exists', or the storage error. */
export type InsertMany<R> = (groupId: string, answers: readonly R[]) => Promise<PromiseSettledResult<'stored' | 'exists'>[]>;

interface Pending<R> {
  readonly answer: R;
  resolve(outcome: FirstAnswerOutcome): void;
  reject(error: unknown): void;
}

/**
 * Writes first answers by group commit (evaluations and surveys): an answer that arrives while a
 * group is being written waits for it and goes with the next group, as one storage transaction.
 * Before each group it asks whether the evaluation or survey is still open, with a read that
 * starts after every answer in the group arrived, so an answer is refused once any instance has
 * closed it. When a hundred people press Send together, that is one read and one write per group
 * instead of a write per answer (storage work was most of an answer's cost), and no answer waits
 * longer than the group ahead of it.
 */
export class AnswerWriter<R> {
  private readonly queues = new Map<string, Pending<R>[]>();

  constructor(
    private readonly insertMany: InsertMany<R>,
    /** Reads the state from storage now (not from a cache). */
    private readonly isOpen: (groupId: string) => Promise<boolean>,
  ) {}

  /** Inserts a person's first answer to `groupId` (an evaluation or survey id); resolves when it is stored or refused. */
  insert(groupId: string, answer: R): Promise<FirstAnswerOutcome> {
    return new Promise((resolve, reject) => {
      const queue = this.queues.get(groupId);
      if (queue) {
        queue.push({ answer, resolve, reject });
        return;
      }
      this.queues.set(groupId, [{ answer, resolve, reject }]);
      void this.drain(groupId);
    });
  }

  /** Writes the waiting answers group by group until none is left. */
  private async drain(groupId: string): Promise<void> {
    const queue = this.queues.get(groupId)!;
    while (queue.length) {
      const group = queue.splice(0, queue.length);
      try {
        if (!(await this.isOpen(groupId))) {
          for (const pending of group) pending.resolve('closed');
          continue;
        }
        const outcomes = await this.insertMany(groupId, group.map((p) => p.answer));
        outcomes.forEach((outcome, i) => {
          if (outcome.status === 'fulfilled') group[i]!.resolve(outcome.value);
          else group[i]!.reject(outcome.reason);
        });
      } catch (error) {
        for (const pending of group) pending.reject(error);
      }
    }
    this.queues.delete(groupId);
  }
}

/** Where one person's (or municipality's) answer row is read and written, for {@link keepLatestAnswer}. */
export interface AnswerRow<R> {
  read(): Promise<{ value: R; etag: string } | undefined>;
  insert(answer: R): Promise<unknown>;
  replace(answer: R, etag: string): Promise<unknown>;
}

/**
 * Stores an answer that is not the first one: it replaces the stored answer unless that was
 * received later (then the stored one stands: `superseded`). ETag-checked, so two answers from
 * the same person at the same moment leave the later one, whichever reaches storage last.
 */
export async function keepLatestAnswer<R extends { submittedAt: string }>(row: AnswerRow<R>, answer: R, what: string): Promise<{ kept: R; replaced: boolean; superseded: boolean }> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const existing = await row.read();
    if (!existing) {
      try {
        await row.insert(answer);
        return { kept: answer, replaced: false, superseded: false };
      } catch (error) {
        if (!(error instanceof AlreadyExists)) throw error;
        continue;
      }
    }
    if (existing.value.submittedAt > answer.submittedAt) return { kept: existing.value, replaced: false, superseded: true };
    try {
      await row.replace(answer, existing.etag);
      return { kept: answer, replaced: true, superseded: false };
    } catch (error) {
      if (!(error instanceof Stale)) throw error;
    }
  }
  throw new Error(`could not store an answer to ${what}: the row kept changing`);
}
