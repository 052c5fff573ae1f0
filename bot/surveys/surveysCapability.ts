import type { Capability, House } from '../capability.ts';
import { DEFAULT_DELIVERY_OPTIONS } from '../notifications/delivery.ts';
import { SurveyService, SURVEY_KIND, SURVEY_REMINDER_KIND } from './surveyService.ts';
import { surveyRoutes } from './surveyRoutes.ts';
import { surveyActions } from './surveyActions.ts';
import { surveyRenderer, surveyReminderRenderer } from './surveyRenderer.ts';

/** Surveys: any question to any audience, answered in the card, reminders only to those who have not answered, results with the three-answers rule. */
export function surveysCapability(house: House, options: { refreshIntervalMs?: number } = {}): Capability & { readonly service: SurveyService } {
  const { repos, delivery, scheduler, clock, log, config } = house;
  const service = new SurveyService({
    repos,
    delivery,
    scheduler,
    clock,
    log,
    hashKey: config.evaluationHashKey,
    refreshIntervalMs: options.refreshIntervalMs ?? DEFAULT_DELIVERY_OPTIONS.refreshIntervalMs,
  });
  return {
    name: 'surveys',
    // The evaluations capability starts, answers and closes meeting evaluations through this same engine.
    service,
    routes: surveyRoutes(service),
    cardActions: surveyActions({ repos, config, clock, log, service }),
    renderers: { [SURVEY_KIND]: surveyRenderer(service, clock), [SURVEY_REMINDER_KIND]: surveyReminderRenderer(service, clock) },
    jobs: service.jobs,
    // Card updates still waiting for their interval are sent before the delivery worker stops.
    stop: () => service.stop(),
  };
}
