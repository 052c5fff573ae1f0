import type { Evaluation, EvaluationResponse } from '../domain/evaluation.ts';
import type { Meeting } from '../domain/meeting.ts';
import type { Survey, SurveyResponse } from '../domain/survey.ts';

/** The question id of an evaluation's comment when it is read as a survey (the statements keep their own ids). */
export const EVALUATION_COMMENT_ID = 'comment';

/**
 * A meeting evaluation of the evaluation API read as a survey of kind 'evaluation': its
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
