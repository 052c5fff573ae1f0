import type { Capability, House } from '../capability.ts';
import { textRenderer } from './textRenderer.ts';

/** What the delivery engine itself contributes: plain text notes, the shared cards' refresh job, and the delivery report (staff). */
export function deliveryCapability(house: House): Capability {
  const { delivery } = house;
  return {
    name: 'delivery',
    routes: [{ method: 'get', path: '/api/notifications/:id/report', access: 'staff', handle: async (req) => delivery.report(req.params.id) }],
    renderers: { text: textRenderer },
    jobs: [delivery.refreshJob],
  };
}
