import type { Server } from 'restify';
import type { Config } from './config.ts';
import type { Logger } from './log.ts';
import type { Storage } from './storage/storage.ts';
import type { Clock } from './domain/time.ts';
import type { Delivery, DeliveryOptions } from './notifications/delivery.ts';
import type { Scheduler } from './scheduling/scheduler.ts';
import type { Repositories } from './storage/repositories.ts';

/** What the app is built from; tests pass in-memory storage and a manual clock. */
export interface AppDeps {
  readonly config: Config;
  readonly storage: Storage;
  readonly log: Logger;
  readonly clock?: Clock;
  /** Tuning for tests and benchmarks. */
  readonly delivery?: Partial<DeliveryOptions> & { readonly tenantLimitPerSecond?: number };
  /** Names this instance in job leases and logs. */
  readonly instanceId?: string;
}

/** The running app's parts, for the entry file and for tests. */
export interface App {
  readonly server: Server;
  readonly repos: Repositories;
  readonly delivery: Delivery;
  readonly scheduler: Scheduler;
  /** Runs the capabilities' start hooks in order, then the delivery worker and, unless `scheduler: false` (tests that tick by hand), the scheduler. */
  startWorkers(options?: { scheduler?: boolean }): Promise<void>;
  /** Faults that are answered or skipped, never silent: clicks on unknown verbs, due jobs of unknown kinds, job payloads their schema refused. */
  faults(): { unknownVerbs: ReadonlyMap<string, number>; unknownJobKinds: ReadonlyMap<string, number>; refusedJobPayloads: ReadonlyMap<string, number> };
  /** Listens on the configured host and port; resolves with the base URL. */
  listen(): Promise<string>;
  /** Stops taking requests and closes the server; storage is closed by its owner. */
  stop(): Promise<void>;
}
