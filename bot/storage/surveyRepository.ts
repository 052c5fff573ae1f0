import type { Logger } from '../log.ts';
import type { Survey, SurveyRecipient, SurveyResponse } from '../domain/survey.ts';
import type { Storage } from './storage.ts';
import { AlreadyExists } from '../domain/errors.ts';
import { evaluationSurveyRow, isEvaluationRow } from '../domain/evaluationSurvey.ts';
import { EntityTable, type Versioned } from './entityTable.ts';
import { PARTITIONS, TABLES } from './tables.ts';

/**
 * Surveys (one partition, where the meeting evaluations are stored too, see
 * EvaluationRepository), their answers (one partition per survey, one row per respondent hash or
 * per municipality, so answering again replaces) and the people each was sent to (one partition
 * per survey, one row per person: the list reminders are worked out from).
 */
export class SurveyRepository {
  private readonly surveys: EntityTable<Survey>;
  private readonly responseRows: EntityTable<SurveyResponse>;
  private readonly recipientRows: EntityTable<SurveyRecipient>;
  constructor(storage: Storage, log: Logger) {
    this.surveys = new EntityTable(storage.table(TABLES.surveys), log, 'Spørgeskemaet');
    this.responseRows = new EntityTable(storage.table(TABLES.surveyResponses), log, 'Svaret');
    this.recipientRows = new EntityTable(storage.table(TABLES.surveyRecipients), log, 'Modtageren');
  }

  /** The surveys, without the meeting evaluations stored beside them (those are the evaluation repository's). */
  async list(): Promise<Survey[]> {
    return (await this.surveys.list(PARTITIONS.survey))
      .map((r) => r.value)
      .filter((s) => !isEvaluationRow(s))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }
  /** A survey; a meeting evaluation stored beside the surveys is not one here (it changes only through the evaluation API). */
  async get(id: string): Promise<Versioned<Survey> | undefined> {
    const row = await this.surveys.get(PARTITIONS.survey, id);
    return row && !isEvaluationRow(row.value) ? row : undefined;
  }
  /**
   * A survey or a meeting evaluation stored beside the surveys, as the survey engine's answer and
   * close paths read it: an evaluation's row is read from the evaluation it carries, which stays
   * its truth. With the ETag a conditional replace needs.
   */
  async getRow(id: string): Promise<Versioned<Survey> | undefined> {
    const row = await this.surveys.get(PARTITIONS.survey, id);
    if (!row) return undefined;
    return isEvaluationRow(row.value) ? { value: evaluationSurveyRow(row.value.evaluation), etag: row.etag } : row;
  }
  create(survey: Survey): Promise<string> {
    return this.surveys.insert(PARTITIONS.survey, survey.id, survey);
  }
  /** Replaces the survey only if it still has `etag` (else Stale, nothing written). */
  replace(survey: Survey, etag: string): Promise<string> {
    return this.surveys.replace(PARTITIONS.survey, survey.id, survey, etag);
  }

  async responses(surveyId: string): Promise<SurveyResponse[]> {
    return (await this.responseRows.list(surveyId)).map((r) => r.value);
  }
  response(surveyId: string, key: string): Promise<Versioned<SurveyResponse> | undefined> {
    return this.responseRows.get(surveyId, key);
  }
  /** Stores a first answer; refused with AlreadyExists when there is one under the key. */
  insertResponse(response: SurveyResponse): Promise<string> {
    return this.responseRows.insert(response.surveyId, response.key, response);
  }
  /**
   * Stores first answers of one survey together (a transaction per hundred): per answer 'stored',
   * 'exists' when there is an answer under its key already, or the storage error.
   */
  async insertResponses(surveyId: string, responses: readonly SurveyResponse[]): Promise<PromiseSettledResult<'stored' | 'exists'>[]> {
    if (responses.some((r) => r.surveyId !== surveyId)) throw new Error('insertResponses takes the answers of one survey');
    const outcomes = await this.responseRows.insertEach(surveyId, responses.map((r) => ({ rk: r.key, value: r })));
    return outcomes.map((outcome) => {
      if (outcome.status === 'fulfilled') return { status: 'fulfilled', value: 'stored' };
      if (outcome.reason instanceof AlreadyExists) return { status: 'fulfilled', value: 'exists' };
      return outcome;
    });
  }
  /** Replaces an answer only if it still has `etag`. */
  replaceResponse(response: SurveyResponse, etag: string): Promise<string> {
    return this.responseRows.replace(response.surveyId, response.key, response, etag);
  }

  async recipients(surveyId: string): Promise<SurveyRecipient[]> {
    return (await this.recipientRows.list(surveyId)).map((r) => r.value);
  }
  /** Records who a survey was sent to, a hundred rows per transaction; writing the same list again changes nothing. */
  async saveRecipients(surveyId: string, recipients: readonly SurveyRecipient[]): Promise<void> {
    await this.recipientRows.upsertMany(surveyId, recipients.map((r) => ({ rk: r.userId, value: r })));
  }
}
