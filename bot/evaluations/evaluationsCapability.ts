import type { Capability, House } from '../capability.ts';
import { DEFAULT_DELIVERY_OPTIONS } from '../notifications/delivery.ts';
import { EvaluationService } from './evaluationService.ts';
import type { SurveyService } from '../surveys/surveyService.ts';
import { evaluationRoutes } from './evaluationRoutes.ts';
import { evaluationActions } from './evaluationActions.ts';
import { evaluationCommands } from './evaluationCommands.ts';
import { evaluationRenderer } from './evaluationRenderer.ts';

/**
 * Meeting evaluations: started by staff (chat or API), answered in the card, closed on time,
 * results with the three-answers rule; started, answered and closed by the survey engine of
 * `surveys` (the surveys capability's service), of which an evaluation is one kind.
 */
export function evaluationsCapability(house: House, options: { refreshIntervalMs?: number; surveys?: SurveyService } = {}): Capability & { readonly service: EvaluationService } {
  const { repos, delivery, scheduler, clock, log, config } = house;
  const service = new EvaluationService({
    repos,
    delivery,
    scheduler,
    clock,
    log,
    hashKey: config.evaluationHashKey,
    refreshIntervalMs: options.refreshIntervalMs ?? DEFAULT_DELIVERY_OPTIONS.refreshIntervalMs,
    ...(options.surveys ? { surveys: options.surveys } : {}),
  });
  const commands = evaluationCommands({ repos, config, clock, service });
  return {
    name: 'evaluations',
    // The meetings capability starts an evaluation at a meeting's end through this same service.
    service,
    routes: evaluationRoutes(service, repos),
    cardActions: [...evaluationActions({ repos, config, clock, log, service }), ...commands.cardActions],
    commands: commands.commands,
    renderers: { evaluation: evaluationRenderer(service, repos, clock) },
    jobs: service.jobs,
    // Evaluations are stored as surveys now; those stored before in tables of their own are copied over once.
    start: async () => {
      const copied = await repos.evaluations.migrateEarlierTables();
      if (copied) log.info({ copied }, 'evaluations copied to the survey tables');
    },
    // The survey engine's card updates still waiting for their interval are sent before the delivery worker stops (by the surveys capability when it is shared).
    stop: () => service.stop(),
  };
}
