import type { Principal } from '../auth/principal.ts';
import type { Repositories } from '../storage/repositories.ts';
import type { Meeting } from '../domain/meeting.ts';
import { summarise, type Evaluation, type EvaluationQuestion, type EvaluationState, type QuestionResult } from '../domain/evaluation.ts';
import { withheldBecause, type HiddenReason } from './anonymity.ts';

/** What decides what an evaluation shows: only the caller's role. */
export type Viewer = Pick<Principal, 'role'>;

/** One evaluation as the tab shows it: counts, averages and comments, never who answered. */
export interface EvaluationResult {
  readonly id: string;
  readonly state: EvaluationState;
  readonly startedAt: string;
  readonly closedAt?: string;
  readonly meeting: Pick<Meeting, 'id' | 'date' | 'title' | 'participantCount' | 'participantMunicipalities'> | null;
  readonly questions: readonly EvaluationQuestion[];
  readonly responseCount: number;
  /** Responses per meeting participant (0..1), when the meeting's participant count is known. */
  readonly responseRate: number | null;
  /** Why the summary is withheld: still open without live results, or too few answers. */
  readonly hidden?: HiddenReason;
  readonly summary: readonly QuestionResult[] | null;
  /** Free-text comments in alphabetical order (not answer order), without any respondent reference. */
  readonly comments: readonly string[];
}

export async function evaluationResult(repos: Repositories, evaluation: Evaluation, meeting: Meeting | undefined, viewer: Viewer): Promise<EvaluationResult> {
  const responses = await repos.evaluations.responses(evaluation.id);
  const hidden = withheldBecause(evaluation, responses.length, { reveal: viewer.role === 'kombit' });
  const participants = meeting?.participantCount;
  return {
    id: evaluation.id,
    state: evaluation.state,
    startedAt: evaluation.startedAt,
    ...(evaluation.closedAt ? { closedAt: evaluation.closedAt } : {}),
    meeting: meeting
      ? {
          id: meeting.id,
          date: meeting.date,
          title: meeting.title,
          ...(meeting.participantCount !== undefined ? { participantCount: meeting.participantCount } : {}),
          ...(meeting.participantMunicipalities !== undefined ? { participantMunicipalities: meeting.participantMunicipalities } : {}),
        }
      : null,
    questions: evaluation.questions,
    responseCount: responses.length,
    responseRate: participants ? Math.min(1, responses.length / participants) : null,
    ...(hidden ? { hidden } : {}),
    summary: hidden ? null : summarise(evaluation.questions, responses),
    comments: hidden
      ? []
      : responses
          .map((r) => r.comment?.trim())
          .filter((c): c is string => !!c)
          .sort((a, b) => a.localeCompare(b, 'da')),
  };
}

/** `GET /api/evaluation-results`: every evaluation, oldest meeting first. */
export async function evaluationResults(repos: Repositories, viewer: Viewer): Promise<{ evaluations: EvaluationResult[] }> {
  const [evaluations, meetings] = await Promise.all([repos.evaluations.list(), repos.meetings.list()]);
  const meetingById = new Map(meetings.map((m) => [m.id, m]));
  const results = await Promise.all(evaluations.map((e) => evaluationResult(repos, e, meetingById.get(e.meetingId), viewer)));
  const when = (r: EvaluationResult) => r.meeting?.date ?? r.startedAt.slice(0, 10);
  return { evaluations: results.sort((a, b) => when(a).localeCompare(when(b)) || a.startedAt.localeCompare(b.startedAt)) };
}
