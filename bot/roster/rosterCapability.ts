import type { Capability, House } from '../capability.ts';
import { RosterService } from './rosterService.ts';
import { rosterRoutes } from './rosterRoutes.ts';

/** The KLIK roster: its import, the coverage report, and (through `rosterAudience.ts`) delivery by role. */
export function rosterCapability(house: House): Capability {
  const { repos, clock, log } = house;
  const service = new RosterService({ repos, clock, log, graphConnected: false });
  return {
    name: 'roster',
    routes: rosterRoutes(service),
  };
}
