import { LIKERT_SCALE, summarise, type Evaluation, type EvaluationResponse, type EvaluationState } from '../domain/evaluation.ts';
import type { Bilingual } from '../domain/language.ts';
import type { Meeting } from '../domain/meeting.ts';
import { tableCsv, type ExportTable } from '../exports/table.ts';
import { commentsShown, MIN_RESPONSES_FOR_RESULTS, withheldBecause, type HiddenReason } from './anonymity.ts';

/** One statement's result. */
export interface StatementResult {
  readonly questionId: string;
  readonly text: string;
  /** How many answered it (every stored response answers every statement of its evaluation). */
  readonly answered: number;
  /** Rounded to two decimals; null with no answers, or while results are held back. */
  readonly average: number | null;
  /** Counts per scale value, index 0 = Helt uenig ... 4 = Helt enig; empty while results are held back. */
  readonly distribution: readonly number[];
}

/**
 * An evaluation's results as the API, the tab and the cards show them: counts, the response rate
 * against the meeting's participants, per statement the average and distribution, and the
 * comments. Never a name, a user id or a respondent hash.
 */
export interface EvaluationResults {
  readonly evaluationId: string;
  readonly state: EvaluationState;
  readonly meeting: { readonly id: string; readonly title: string; readonly date: string | null };
  readonly startedAt: string;
  readonly closesAt: string | null;
  readonly closedAt: string | null;
  readonly showLiveResults: boolean;
  readonly responseCount: number;
  readonly participantCount: number | null;
  /** Responses / participants (0..1, may pass 1 if the participant count was set low); null when unknown. */
  readonly responseRate: number | null;
  /** False while averages, distributions and comments are held back from this reader (see {@link hidden}). */
  readonly resultsVisible: boolean;
  /** Why they are held back: still open for this reader, or fewer than three answers (counts only). */
  readonly hidden?: HiddenReason;
  readonly scale: readonly { readonly value: number; readonly label: Bilingual }[];
  readonly statements: readonly StatementResult[];
  /** Comments in an order that says nothing about who or when (by keyed hash). */
  readonly comments: readonly string[];
}

/**
 * Responses in an order unrelated to time or person: by their keyed hash. Listing them by time
 * would let someone who watched the room match rows to the people who clicked.
 */
export function anonymousOrder(responses: readonly EvaluationResponse[]): EvaluationResponse[] {
  return [...responses].sort((a, b) => (a.respondentHash < b.respondentHash ? -1 : a.respondentHash > b.respondentHash ? 1 : 0));
}

/**
 * Summarises an evaluation. With `reveal` false (a program leader reading an open evaluation
 * without live results) only the counts are given, so early averages cannot sway later answers;
 * below three answers only the counts are given to anyone (the anonymity rule).
 */
export function evaluationResults(evaluation: Evaluation, meeting: Meeting | undefined, responses: readonly EvaluationResponse[], options: { reveal: boolean }): EvaluationResults {
  const ordered = anonymousOrder(responses);
  const hidden = withheldBecause(evaluation, responses.length, options);
  const visible = hidden === undefined;
  const participantCount = meeting?.participantCount && meeting.participantCount > 0 ? meeting.participantCount : null;
  const statements = summarise(evaluation.questions, ordered).map((r) => ({
    questionId: r.questionId,
    text: r.text,
    answered: r.distribution.reduce((a, b) => a + b, 0),
    average: visible && r.average !== null ? Math.round(r.average * 100) / 100 : null,
    distribution: visible ? r.distribution : [],
  }));
  const showComments = commentsShown(evaluation, hidden, options);
  return {
    evaluationId: evaluation.id,
    state: evaluation.state,
    meeting: { id: evaluation.meetingId, title: meeting?.title ?? evaluation.meetingId, date: meeting?.date ?? null },
    startedAt: evaluation.startedAt,
    closesAt: evaluation.closesAt ?? null,
    closedAt: evaluation.closedAt ?? null,
    showLiveResults: evaluation.showLiveResults,
    responseCount: responses.length,
    participantCount,
    responseRate: participantCount ? responses.length / participantCount : null,
    resultsVisible: visible,
    ...(hidden ? { hidden } : {}),
    scale: LIKERT_SCALE,
    statements,
    comments: showComments ? ordered.map((r) => r.comment).filter((c): c is string => Boolean(c)) : [],
  };
}

const decimal = (value: number | null, decimals: number) => (value === null ? null : { number: value, decimals });

/** The answers of fewer than three people were asked for one by one: refused by the anonymity rule. */
export class TooFewResponsesError extends Error {
  override name = 'TooFewResponsesError';
  constructor(readonly responseCount: number) {
    super(`${responseCount} responses, fewer than ${MIN_RESPONSES_FOR_RESULTS}`);
  }
}

/**
 * The responses as CSV for Excel, one row per response: meeting, date, a running number, the
 * answer (1-5) per statement and the comment. No user id, hash or time: the row order is the
 * anonymous order, so rows cannot be matched to people. Below three responses there is no such
 * file (TooFewResponsesError): the summary gives the counts.
 */
export function responsesCsv(evaluation: Evaluation, meeting: Meeting | undefined, responses: readonly EvaluationResponse[]): string {
  return tableCsv(responsesTable(evaluation, meeting, responses));
}

/** The rows of {@link responsesCsv}, for CSV or XLSX; the same anonymity rule. */
export function responsesTable(evaluation: Evaluation, meeting: Meeting | undefined, responses: readonly EvaluationResponse[]): ExportTable {
  if (responses.length < MIN_RESPONSES_FOR_RESULTS) throw new TooFewResponsesError(responses.length);
  const title = meeting?.title ?? evaluation.meetingId;
  const date = meeting ? { date: meeting.date } : '';
  const header = ['Møde', 'Dato', 'Svar nr.', ...evaluation.questions.map((q, i) => `${i + 1}. ${q.text}`), 'Kommentar'];
  const rows = anonymousOrder(responses).map((r, i) => [title, date, i + 1, ...evaluation.questions.map((q) => r.answers[q.id] ?? null), r.comment ?? '']);
  return { sheet: 'Svar', header, rows };
}

/**
 * The aggregated results as CSV, one row per statement, with Danish decimal commas: meeting,
 * date, responses, participants, response rate (%), statement, answers, average and the count per
 * scale value. Rows of several meetings can be stacked in one sheet and compared.
 */
export function summaryCsv(results: EvaluationResults): string {
  return tableCsv(summaryTable(results));
}

/** The rows of {@link summaryCsv}, for CSV or XLSX. */
export function summaryTable(results: EvaluationResults): ExportTable {
  const date = results.meeting.date ? { date: results.meeting.date } : '';
  const header = ['Møde', 'Dato', 'Besvarelser', 'Deltagere', 'Svarprocent', 'Udsagn', 'Antal svar', 'Gennemsnit', ...results.scale.map((s) => s.label.da)];
  const rate = results.responseRate === null ? null : results.responseRate * 100;
  const rows = results.statements.map((s, i) => [
    results.meeting.title,
    date,
    results.responseCount,
    results.participantCount,
    decimal(rate, 1),
    `${i + 1}. ${s.text}`,
    s.answered,
    decimal(s.average, 2),
    // Withheld results leave the counts per scale value empty, not 0.
    ...results.scale.map((_, k) => (results.resultsVisible ? (s.distribution[k] ?? 0) : null)),
  ]);
  return { sheet: 'Resumé', header, rows };
}
