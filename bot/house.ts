import type { Config } from './config.ts';
import type { Logger } from './log.ts';
import type { Storage } from './storage/storage.ts';
import { createRepositories } from './storage/repositories.ts';
import { QUEUES } from './storage/tables.ts';
import type { Clock } from './domain/time.ts';
import { authenticatorFor } from './auth/authenticator.ts';
import { Conversation } from './conversation/conversation.ts';
import { createAdapter } from './teams/adapter.ts';
import { TeamsMessenger } from './teams/teamsMessenger.ts';
import { Delivery, type DeliveryOptions } from './notifications/delivery.ts';
import { RateLimiter } from './notifications/rateLimiter.ts';
import { Scheduler } from './scheduling/scheduler.ts';
import type { House } from './capability.ts';

/**
 * Builds the shared parts every capability is made from, once: repositories, the authenticator,
 * the scheduler, the delivery engine (outbox, worker, rate limiter, its own Bot Connector client
 * without the SDK's retries) and the conversation.
 */
export function buildHouse(deps: {
  readonly config: Config;
  readonly storage: Storage;
  readonly log: Logger;
  readonly clock: Clock;
  readonly delivery?: Partial<DeliveryOptions> & { readonly tenantLimitPerSecond?: number };
  readonly instanceId: string;
}): House {
  const { config, storage, log, clock } = deps;
  const repos = createRepositories(storage, log);
  const scheduler = new Scheduler(repos.jobs, clock, log, deps.instanceId);
  const delivery = new Delivery({
    repos,
    messenger: new TeamsMessenger(createAdapter(config.bot, log, { sdkRetries: false }), config.bot?.appId ?? ''),
    queue: storage.queue(QUEUES.deliveries),
    limiter: new RateLimiter(repos.rateBudget, deps.delivery?.tenantLimitPerSecond),
    scheduler,
    clock,
    log,
    options: { leaseMs: config.deliveryLeaseMs, ...deps.delivery },
  });
  const conversation = new Conversation({ repos, config, clock, log });
  return { config, storage, repos, clock, log, delivery, scheduler, conversation, authenticator: authenticatorFor(config, repos, log) };
}
