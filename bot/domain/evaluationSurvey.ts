import type { Evaluation, EvaluationResponse } from './evaluation.ts';
import type { Meeting } from './meeting.ts';
import type { Survey, SurveyResponse } from './survey.ts';

/** The notification that posts an evaluation's card; its outbox rows are the shared cards to update. */
export const evaluationNotificationId = (evaluationId: string) => `evaluation:${evaluationId}`;
/** The notification kind of an evaluation's shared card (rendered by the evaluations capability). */
export const EVALUATION_NOTIFICATION_KIND = 'evaluation';

/**
 * The question id of an evaluation's comment when it is read as a survey (the statements keep
 * their own ids). An evaluation's statement ids are a-z, 0-9 and '-', so this one cannot clash.
 */
export const EVALUATION_COMMENT_ID = '_comment';

/**
 * A meeting evaluation read as a survey of kind 'evaluation': its
 * statements on the agree scale, its comment as an optional long text, anonymous, sent to the
 * channels and meeting chats. So its results come out of the survey engine's results (with the
 * three-answers rule of an anonymous survey) and it is listed among the surveys.
 */
export function evaluationAsSurvey(evaluation: Evaluation, meeting: Meeting | undefined): Survey {
  const closesAt = evaluation.closesAt ?? evaluation.closedAt ?? evaluation.startedAt;
  return {
    id: evaluation.id,
    kind: 'evaluation',
    title: `Evaluering: ${meeting?.title ?? evaluation.meetingId}`,
    questions: [
      ...evaluation.questions.map((q) => ({ id: q.id, type: 'scale' as const, scale: 'agree' as const, text: q.text, required: true })),
      ...(evaluation.allowComment ? [{ id: EVALUATION_COMMENT_ID, type: 'text' as const, text: 'Kommentar', long: true, required: false }] : []),
    ],
    anonymous: true,
    perMunicipality: false,
    audience: { conversations: [] },
    closesAt,
    // Closed by staff or by its close job at the closing time, as the evaluation always was: never by the clock alone.
    untilClosed: true,
    reminders: [],
    state: evaluation.state,
    createdAt: evaluation.startedAt,
    createdBy: evaluation.startedBy ?? '',
    sentAt: evaluation.startedAt,
    ...(evaluation.closedAt ? { closedAt: evaluation.closedAt } : {}),
  };
}

/** An evaluation answer as a survey answer: keyed by the same keyed hash, no person. */
export function evaluationResponseAsSurvey(response: EvaluationResponse): SurveyResponse {
  const comment = response.comment?.trim();
  return {
    surveyId: response.evaluationId,
    key: response.respondentHash,
    answers: { ...response.answers, ...(comment ? { [EVALUATION_COMMENT_ID]: comment } : {}) },
    submittedAt: response.submittedAt,
  };
}

/**
 * How a meeting evaluation is stored: a survey row of kind 'evaluation' (in the surveys' table),
 * carrying the evaluation itself, which stays the truth for the evaluation API.
 */
export type EvaluationSurveyRow = Survey & { readonly evaluation: Evaluation };

/** The row that stores an evaluation among the surveys. */
export function evaluationSurveyRow(evaluation: Evaluation): EvaluationSurveyRow {
  return { ...evaluationAsSurvey(evaluation, undefined), evaluation };
}

/** Whether a row of the surveys' table is a stored meeting evaluation. */
export function isEvaluationRow(row: Survey): row is EvaluationSurveyRow {
  return row.kind === 'evaluation' && 'evaluation' in row && typeof (row as { evaluation?: unknown }).evaluation === 'object';
}

/**
 * An evaluation answer as it is stored among the survey answers: the same keyed hash as key, the
 * statements' values as answers, and the comment (also an empty one) under the comment's id, so
 * it reads back exactly as it was written.
 */
export function storedEvaluationResponse(response: EvaluationResponse): SurveyResponse {
  return {
    surveyId: response.evaluationId,
    key: response.respondentHash,
    answers: { ...response.answers, ...(response.comment !== undefined ? { [EVALUATION_COMMENT_ID]: response.comment } : {}) },
    submittedAt: response.submittedAt,
  };
}

/** A stored evaluation answer read back. */
export function evaluationResponseFromStored(stored: SurveyResponse): EvaluationResponse {
  const { [EVALUATION_COMMENT_ID]: comment, ...answers } = stored.answers;
  return {
    evaluationId: stored.surveyId,
    respondentHash: stored.key,
    answers: answers as Record<string, number>,
    ...(typeof comment === 'string' ? { comment } : {}),
    submittedAt: stored.submittedAt,
  };
}
