import type { Logger } from '../log.ts';
import type { Clock } from '../domain/time.ts';
import type { Repositories } from '../storage/repositories.ts';
import type { Delivery } from './delivery.ts';
import type { Scheduler } from '../scheduling/scheduler.ts';

/** What a capability's service needs to store, send to Teams and schedule (KLIK tasks, agreements, evaluations). */
export interface CapabilityDeps {
  readonly repos: Repositories;
  readonly delivery: Delivery;
  readonly scheduler: Scheduler;
  readonly clock: Clock;
  readonly log: Logger;
}
