import type { Capability, House, RouteSpec } from '../capability.ts';
import { cardAction } from '../capability.ts';
import { profileOf } from '../conversation/people.ts';
import { moveRequestSchema } from '../domain/wave.ts';
import { WaveService } from './waveService.ts';
import { WAVE_MOVE_VERB } from './waveCard.ts';

/**
 * Rollout waves and the set of municipalities a KLIK task concerns: the waves' routes, the
 * "Vi kan ikke rulle i denne bølge" form on the task card, and KOMBIT's answer to a move request.
 */
export function wavesCapability(house: House): Capability {
  const { repos, delivery, scheduler, clock, log, config } = house;
  const service = new WaveService({ repos, delivery, scheduler, clock, log });
  const routes: RouteSpec[] = [
    { method: 'get', path: '/api/waves', access: 'signedIn', handle: async () => ({ waves: await service.list() }) },
    { method: 'post', path: '/api/waves', access: 'staff', handle: async (req, res, principal) => res.send(201, { wave: await service.create(req.body, principal) }) },
    { method: 'get', path: '/api/wave-requests', access: 'staff', handle: async (_req, _res, principal) => ({ requests: await service.requests(principal) }) },
    { method: 'post', path: '/api/wave-requests/:id/answer', access: 'staff', handle: async (req, _res, principal) => service.answer(req.params.id, req.body, principal) },
  ];
  const requestMove = cardAction(
    WAVE_MOVE_VERB,
    moveRequestSchema,
    async (turn, data) => ({ kind: 'message', text: await service.requestMove((await profileOf(repos, config, turn)).profile, data) }),
    { da: 'Vælg den bølge, I kan rulle i, og skriv kort hvorfor. Intet er sendt.', en: 'Choose the wave you can roll out in and write briefly why. Nothing was sent.' },
  );
  return { name: 'waves', routes, cardActions: [requestMove] };
}
