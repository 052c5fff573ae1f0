import type { Logger } from '../log.ts';
import type { Evaluation, EvaluationResponse } from '../domain/evaluation.ts';
import type { Survey, SurveyResponse } from '../domain/survey.ts';
import { evaluationResponseFromStored, evaluationSurveyRow, isEvaluationRow, storedEvaluationResponse } from '../domain/evaluationSurvey.ts';
import type { Storage } from './storage.ts';
import { AlreadyExists } from '../domain/errors.ts';
import { EntityTable, type Versioned } from './entityTable.ts';
import { PARTITIONS, TABLES } from './tables.ts';

/**
 * Meeting evaluations, stored as surveys of kind 'evaluation': each evaluation is a row of the
 * surveys' table (carrying the evaluation), its answers rows of the survey answers' table (one
 * partition per evaluation, one row per respondent hash, so answering again replaces). The
 * evaluation API reads and writes them through this repository as before; the survey engine reads
 * them as surveys. Evaluations stored before this lived in tables of their own:
 * {@link migrateEarlierTables} copies them over once.
 */
export class EvaluationRepository {
  private readonly rows: EntityTable<Survey>;
  private readonly responseRows: EntityTable<SurveyResponse>;
  private readonly earlier: EntityTable<Evaluation>;
  private readonly earlierResponses: EntityTable<EvaluationResponse>;
  constructor(storage: Storage, log: Logger) {
    this.rows = new EntityTable(storage.table(TABLES.surveys), log, 'Evalueringen');
    this.responseRows = new EntityTable(storage.table(TABLES.surveyResponses), log, 'Svaret');
    this.earlier = new EntityTable(storage.table(TABLES.evaluations), log, 'Evalueringen');
    this.earlierResponses = new EntityTable(storage.table(TABLES.evaluationResponses), log, 'Svaret');
  }

  async list(): Promise<Evaluation[]> {
    return (await this.rows.list(PARTITIONS.survey))
      .map((r) => r.value)
      .filter(isEvaluationRow)
      .map((r) => r.evaluation)
      .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  }
  async get(id: string): Promise<Versioned<Evaluation> | undefined> {
    const row = await this.rows.get(PARTITIONS.survey, id);
    return row && isEvaluationRow(row.value) ? { value: row.value.evaluation, etag: row.etag } : undefined;
  }
  create(evaluation: Evaluation): Promise<string> {
    return this.rows.insert(PARTITIONS.survey, evaluation.id, evaluationSurveyRow(evaluation));
  }
  replace(evaluation: Evaluation, etag: string): Promise<string> {
    return this.rows.replace(PARTITIONS.survey, evaluation.id, evaluationSurveyRow(evaluation), etag);
  }

  async responses(evaluationId: string): Promise<EvaluationResponse[]> {
    return (await this.responseRows.list(evaluationId)).map((r) => evaluationResponseFromStored(r.value));
  }
  /** One person's answer (by respondent hash), with the ETag a conditional replace needs. */
  async response(evaluationId: string, respondentHash: string): Promise<Versioned<EvaluationResponse> | undefined> {
    const row = await this.responseRows.get(evaluationId, respondentHash);
    return row ? { value: evaluationResponseFromStored(row.value), etag: row.etag } : undefined;
  }
  /** Stores a person's first answer; refused with AlreadyExists when they have answered before. */
  insertResponse(response: EvaluationResponse): Promise<string> {
    return this.responseRows.insert(response.evaluationId, response.respondentHash, storedEvaluationResponse(response));
  }
  /**
   * Stores first answers of one evaluation together (one transaction per hundred): per answer
   * 'stored', 'exists' when that person has answered before, or the storage error.
   */
  async insertResponses(responses: readonly EvaluationResponse[]): Promise<PromiseSettledResult<'stored' | 'exists'>[]> {
    const evaluationId = responses[0]?.evaluationId;
    if (responses.some((r) => r.evaluationId !== evaluationId)) throw new Error('insertResponses takes the answers of one evaluation');
    const outcomes = await this.responseRows.insertEach(evaluationId ?? '', responses.map((r) => ({ rk: r.respondentHash, value: storedEvaluationResponse(r) })));
    return outcomes.map((outcome) => {
      if (outcome.status === 'fulfilled') return { status: 'fulfilled', value: 'stored' };
      if (outcome.reason instanceof AlreadyExists) return { status: 'fulfilled', value: 'exists' };
      return outcome;
    });
  }
  /** Replaces a person's answer only if it still has `etag` (else Stale, nothing written). */
  replaceResponse(response: EvaluationResponse, etag: string): Promise<string> {
    return this.responseRows.replace(response.evaluationId, response.respondentHash, storedEvaluationResponse(response), etag);
  }
  /** Stores a person's answer, replacing their earlier one. */
  saveResponse(response: EvaluationResponse): Promise<string> {
    return this.responseRows.upsert(response.evaluationId, response.respondentHash, storedEvaluationResponse(response));
  }
  saveResponses(evaluationId: string, responses: readonly EvaluationResponse[]): Promise<number> {
    return this.responseRows.upsertMany(evaluationId, responses.map((r) => ({ rk: r.respondentHash, value: storedEvaluationResponse(r) })));
  }

  /**
   * Copies evaluations (and their answers) from the tables they were stored in before they became
   * surveys; one already copied is left as it is, so running it again changes nothing. Returns how
   * many evaluations were copied.
   */
  async migrateEarlierTables(): Promise<number> {
    let copied = 0;
    for (const { value: evaluation } of await this.earlier.list(PARTITIONS.evaluation)) {
      if (await this.rows.get(PARTITIONS.survey, evaluation.id)) continue;
      // The answers first: an evaluation row is only written once all its answers are, so a stop in between copies it again.
      const answers = (await this.earlierResponses.list(evaluation.id)).map((r) => r.value);
      await this.saveResponses(evaluation.id, answers);
      try {
        await this.create(evaluation);
        copied++;
      } catch (error) {
        if (!(error instanceof AlreadyExists)) throw error;
      }
    }
    return copied;
  }
}

