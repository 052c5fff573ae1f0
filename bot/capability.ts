import type { Response } from 'restify';
import type { z } from 'zod';
import type { Config } from './config.ts';
import type { Logger } from './log.ts';
import type { Clock } from './domain/time.ts';
import type { Principal, Authenticator } from './auth/principal.ts';
import type { AppRequest } from './http/routes.ts';
import type { Storage } from './storage/storage.ts';
import type { Repositories } from './storage/repositories.ts';
import type { Job } from './storage/jobRepository.ts';
import type { ActionResult, TeamsEvent, TurnInfo } from './conversation/turn.ts';
import type { ChatCommand } from './conversation/cardActions.ts';
import type { Conversation } from './conversation/conversation.ts';
import type { Delivery, Renderer } from './notifications/delivery.ts';
import type { Scheduler } from './scheduling/scheduler.ts';
import type { FeedRenderer } from './notifications/activityFeed.ts';

/**
 * The shared infrastructure every capability is built from. A capability never builds any of
 * these itself: `bot/app.ts` does, once, and hands them to each capability's factory.
 */
export interface House {
  readonly config: Config;
  readonly storage: Storage;
  readonly repos: Repositories;
  readonly clock: Clock;
  readonly log: Logger;
  readonly delivery: Delivery;
  readonly scheduler: Scheduler;
  readonly conversation: Conversation;
  readonly authenticator: Authenticator;
}

/** Who may call a route: anyone (no token looked at), anyone signed in, or KOMBIT staff only. */
export type Access = 'public' | 'signedIn' | 'staff';

type Method = 'get' | 'post' | 'put' | 'patch' | 'del';

/** One HTTP route. The caller is authenticated (and, for `staff`, authorised) before `handle` runs. */
export type RouteSpec =
  | {
      readonly method: Method;
      readonly path: string;
      readonly access: 'public';
      /** Its value is sent as JSON with 200; it may also answer through `res` itself. */
      readonly handle: (req: AppRequest, res: Response) => Promise<unknown>;
    }
  | {
      readonly method: Method;
      readonly path: string;
      readonly access: 'signedIn' | 'staff';
      readonly handle: (req: AppRequest, res: Response, principal: Principal) => Promise<unknown>;
    };

/** One card action verb (Action.Execute) with the schema its data must meet before `handle` sees it. */
export interface CardActionSpec<S extends z.ZodType = z.ZodType> {
  readonly verb: string;
  readonly data: S;
  readonly handle: (turn: TurnInfo, data: z.infer<S>) => Promise<ActionResult>;
  /** What the clicker is told when the data does not parse; by default that the card could not be read and nothing changed. */
  readonly refusal?: { readonly da: string; readonly en: string };
}

/** One scheduled job kind with the schema its payload must meet before `run` sees it. */
export interface JobSpec<S extends z.ZodType = z.ZodType> {
  readonly kind: string;
  readonly payload: S;
  /** Must be safe to run again after a crash (sends go through the outbox). */
  readonly run: (payload: z.infer<S>, job: Job) => Promise<void>;
}

/** What a capability does with one kind of Teams event (see {@link TeamsEvent}); it must be safe to run again, since Teams repeats events. */
export interface EventHandlerSpec {
  readonly name: string;
  readonly handle: (event: TeamsEvent) => Promise<void>;
}

/**
 * A capability: everything one feature adds to the app, in one typed object. `bot/app.ts`
 * mounts a list of them; nothing is registered anywhere else.
 */
export interface Capability {
  /** A short name for logs and start-up errors, e.g. `klikTasks`. */
  readonly name: string;
  readonly routes?: readonly RouteSpec[];
  readonly cardActions?: readonly CardActionSpec[];
  /** Chat commands, tried before the built-in ones. */
  readonly commands?: readonly ChatCommand[];
  /** Renderers by notification kind: what the delivery engine sends for a notification of that kind. */
  readonly renderers?: Readonly<Record<string, Renderer>>;
  /** Feed lines by notification kind: a person gets that kind in their Teams activity feed where it is in use, else in their 1:1 chat. */
  readonly feedRenderers?: Readonly<Record<string, FeedRenderer>>;
  readonly jobs?: readonly JobSpec[];
  /** Handlers of Teams events (meeting start and end, participants, installs in a meeting chat). */
  readonly events?: readonly EventHandlerSpec[];
  /** Runs once at start, in the order the capabilities are listed, before the workers start (idempotent). */
  readonly start?: () => Promise<void>;
  /** Runs once at shutdown, after the server stops taking requests, before the workers stop. */
  readonly stop?: () => Promise<void>;
}

/** Types a card action's handler from its schema. */
export const cardAction = <S extends z.ZodType>(
  verb: string,
  data: S,
  handle: (turn: TurnInfo, data: z.infer<S>) => Promise<ActionResult>,
  refusal?: CardActionSpec['refusal'],
): CardActionSpec => ({ verb, data, handle, ...(refusal ? { refusal } : {}) }) as CardActionSpec;

/** Types a job's handler from its payload schema. */
export const jobKind = <S extends z.ZodType>(kind: string, payload: S, run: (payload: z.infer<S>, job: Job) => Promise<void>): JobSpec =>
  ({ kind, payload, run }) as JobSpec;

/** What a capability's service needs to store, send to Teams and schedule. */
export type ServiceDeps = Pick<House, 'repos' | 'delivery' | 'scheduler' | 'clock' | 'log'>;
