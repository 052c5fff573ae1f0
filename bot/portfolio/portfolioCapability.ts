import type { Capability, House } from '../capability.ts';
import { PortfolioService } from './portfolioService.ts';
import { portfolioAdminRoutes } from './portfolioAdminRoutes.ts';

/** The portfolio's own rows: solutions with milestones, kept by KOMBIT staff in the Administration view. */
export function portfolioCapability(house: House): Capability {
  const service = new PortfolioService({ repos: house.repos, clock: house.clock, log: house.log });
  return { name: 'portfolio', routes: portfolioAdminRoutes(service) };
}
