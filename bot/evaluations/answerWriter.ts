import type { EvaluationResponse } from '../domain/evaluation.ts';
import type { EvaluationRepository } from '../storage/evaluationRepository.ts';

/** What happened to a first answer: stored, refused because the person has answered before, or refused because the evaluation is closed. */
export type FirstAnswerOutcome = 'stored' | 'exists' | 'closed';

interface Pending {
  readonly response: EvaluationResponse;
  resolve(outcome: FirstAnswerOutcome): void;
  reject(error: unknown): void;
}

/**
 * Writes first answers to an evaluation by group commit: an answer that arrives while a group is
 * being written waits for it and goes with the next group, as one storage transaction. Before each
 * group it asks whether the evaluation is still open, with a read that starts after every answer in
 * the group arrived, so an answer is refused once any instance has closed the evaluation. When a
 * hundred people press Send together, that is one read and one write per group instead of a write
 * per answer (storage work was most of an answer's cost), and no answer waits longer than the group
 * ahead of it.
 */
export class AnswerWriter {
  private readonly queues = new Map<string, Pending[]>();

  constructor(
    private readonly evaluations: EvaluationRepository,
    /** Reads the evaluation's state from storage now (not from a cache). */
    private readonly isOpen: (evaluationId: string) => Promise<boolean>,
  ) {}

  /** Inserts a person's first answer; resolves when it is stored or refused. */
  insert(response: EvaluationResponse): Promise<FirstAnswerOutcome> {
    return new Promise((resolve, reject) => {
      const queue = this.queues.get(response.evaluationId);
      if (queue) {
        queue.push({ response, resolve, reject });
        return;
      }
      this.queues.set(response.evaluationId, [{ response, resolve, reject }]);
      void this.drain(response.evaluationId);
    });
  }

  /** Writes the evaluation's waiting answers group by group until none is left. */
  private async drain(evaluationId: string): Promise<void> {
    const queue = this.queues.get(evaluationId)!;
    while (queue.length) {
      const group = queue.splice(0, queue.length);
      try {
        if (!(await this.isOpen(evaluationId))) {
          for (const pending of group) pending.resolve('closed');
          continue;
        }
        const outcomes = await this.evaluations.insertResponses(group.map((p) => p.response));
        outcomes.forEach((outcome, i) => {
          if (outcome.status === 'fulfilled') group[i]!.resolve(outcome.value);
          else group[i]!.reject(outcome.reason);
        });
      } catch (error) {
        for (const pending of group) pending.reject(error);
      }
    }
    this.queues.delete(evaluationId);
  }
}
