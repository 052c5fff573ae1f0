import type { Logger } from '../log.ts';
import type { Evaluation, EvaluationResponse } from '../domain/evaluation.ts';
import type { Storage } from './storage.ts';
import { AlreadyExists } from '../domain/errors.ts';
import { EntityTable, type Versioned } from './entityTable.ts';
import { PARTITIONS, TABLES } from './tables.ts';

/**
 * Evaluations (one partition) and their responses (one partition per evaluation, one row per
 * respondent hash, so answering again replaces the earlier answer).
 */
export class EvaluationRepository {
  private readonly evaluations: EntityTable<Evaluation>;
  private readonly responseRows: EntityTable<EvaluationResponse>;
  constructor(storage: Storage, log: Logger) {
    this.evaluations = new EntityTable(storage.table(TABLES.evaluations), log, 'Evalueringen');
    this.responseRows = new EntityTable(storage.table(TABLES.evaluationResponses), log, 'Svaret');
  }

  async list(): Promise<Evaluation[]> {
    return (await this.evaluations.list(PARTITIONS.evaluation)).map((r) => r.value).sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  }
  get(id: string): Promise<Versioned<Evaluation> | undefined> {
    return this.evaluations.get(PARTITIONS.evaluation, id);
  }
  create(evaluation: Evaluation): Promise<string> {
    return this.evaluations.insert(PARTITIONS.evaluation, evaluation.id, evaluation);
  }
  replace(evaluation: Evaluation, etag: string): Promise<string> {
    return this.evaluations.replace(PARTITIONS.evaluation, evaluation.id, evaluation, etag);
  }

  async responses(evaluationId: string): Promise<EvaluationResponse[]> {
    return (await this.responseRows.list(evaluationId)).map((r) => r.value);
  }
  /** One person's answer (by respondent hash), with the ETag a conditional replace needs. */
  response(evaluationId: string, respondentHash: string): Promise<Versioned<EvaluationResponse> | undefined> {
    return this.responseRows.get(evaluationId, respondentHash);
  }
  /** Stores a person's first answer; refused with AlreadyExists when they have answered before. */
  insertResponse(response: EvaluationResponse): Promise<string> {
    return this.responseRows.insert(response.evaluationId, response.respondentHash, response);
  }
  /**
   * Stores first answers of one evaluation together (one transaction per hundred): per answer
   * 'stored', 'exists' when that person has answered before, or the storage error.
   */
  async insertResponses(responses: readonly EvaluationResponse[]): Promise<PromiseSettledResult<'stored' | 'exists'>[]> {
    const evaluationId = responses[0]?.evaluationId;
    if (responses.some((r) => r.evaluationId !== evaluationId)) throw new Error('insertResponses takes the answers of one evaluation');
    const outcomes = await this.responseRows.insertEach(evaluationId ?? '', responses.map((r) => ({ rk: r.respondentHash, value: r })));
    return outcomes.map((outcome) => {
      if (outcome.status === 'fulfilled') return { status: 'fulfilled', value: 'stored' };
      if (outcome.reason instanceof AlreadyExists) return { status: 'fulfilled', value: 'exists' };
      return outcome;
    });
  }
  /** Replaces a person's answer only if it still has `etag` (else Stale, nothing written). */
  replaceResponse(response: EvaluationResponse, etag: string): Promise<string> {
    return this.responseRows.replace(response.evaluationId, response.respondentHash, response, etag);
  }
  /** Stores a person's answer, replacing their earlier one. */
  saveResponse(response: EvaluationResponse): Promise<string> {
    return this.responseRows.upsert(response.evaluationId, response.respondentHash, response);
  }
  saveResponses(evaluationId: string, responses: readonly EvaluationResponse[]): Promise<number> {
    return this.responseRows.upsertMany(evaluationId, responses.map((r) => ({ rk: r.respondentHash, value: r })));
  }
}
