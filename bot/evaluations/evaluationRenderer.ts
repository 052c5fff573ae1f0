import type { Renderer } from '../notifications/delivery.ts';
import type { Repositories } from '../storage/repositories.ts';
import type { AdaptiveCard } from '../conversation/turn.ts';
import type { Clock } from '../domain/time.ts';
import type { Evaluation, EvaluationResponse } from '../domain/evaluation.ts';
import type { Meeting } from '../domain/meeting.ts';
import { evaluationResults } from './evaluationResults.ts';
import { evaluationFormCard, evaluationResultsCard, withRefresh } from './evaluationCards.ts';
import type { EvaluationService } from './evaluationService.ts';

/**
 * The card everybody sees in the channel: while open, the form with the response count (and the
 * averages when staff chose live results); once closed, the final result. Always Danish: it is
 * one card for the whole channel. Only the posted card may carry `refresh`: teamsfx turns an
 * action's answer card with `refresh` into an update of the message for everyone.
 */
export function sharedEvaluationCard(evaluation: Evaluation, meeting: Meeting | undefined, responses: readonly EvaluationResponse[], now: Date, options: { refresh: boolean } = { refresh: true }): AdaptiveCard {
  const results = evaluationResults(evaluation, meeting, responses, { reveal: false });
  if (evaluation.state === 'closed') return evaluationResultsCard({ evaluation, meeting, results, lang: 'da', now });
  const card = evaluationFormCard({
    evaluation,
    meeting,
    lang: 'da',
    now,
    responseCount: results.responseCount,
    live: evaluation.showLiveResults ? results.statements : [],
    canClose: true,
    shared: true,
  });
  return options.refresh ? withRefresh(card, evaluation.id) : card;
}

/** Renders an evaluation's shared card for the delivery engine (first post and every in-place update). */
export function evaluationRenderer(service: EvaluationService, repos: Repositories, clock: Clock): Renderer {
  return async ({ notification }) => {
    const evaluation = await service.find(notification.subjectId);
    if (!evaluation) return undefined;
    const [meeting, responses] = await Promise.all([service.meeting(evaluation.meetingId), repos.evaluations.responses(evaluation.id)]);
    return { kind: 'card', card: sharedEvaluationCard(evaluation, meeting, responses, clock.now()) };
  };
}
