import { EventEmitter } from 'node:events';
import { z } from 'zod';
import type { Logger } from '../log.ts';
import type { Clock } from '../domain/time.ts';
import type { Reply } from '../conversation/turn.ts';
import type { UserProfile } from '../domain/user.ts';
import type { Repositories } from '../storage/repositories.ts';
import type { Installation } from '../storage/installationRepository.ts';
import type { QueuedMessage, WorkQueue } from '../storage/workQueue.ts';
import type { Audience, DeliveryReport, Notification, OutboxEntry } from '../storage/notificationRepository.ts';
import { Stale } from '../domain/errors.ts';
import { DeliveryError, type Messenger } from './messenger.ts';
import type { RateLimiter } from './rateLimiter.ts';
import type { Scheduler } from '../scheduling/scheduler.ts';
import { jobKind, type JobSpec } from '../capability.ts';
import { TtlCache } from '../domain/ttlCache.ts';
import { FeedUnavailable, type ActivityFeed, type FeedRenderer } from './activityFeed.ts';

/** What a renderer gets: the notification, the target, and the person for a 1:1 chat. */
export interface RenderContext {
  readonly notification: Notification;
  readonly target: Installation;
  readonly profile?: UserProfile;
}
/** Builds one target's message; undefined skips the target (e.g. nothing to say to them any more). */
export type Renderer = (context: RenderContext) => Promise<Reply | undefined>;

export interface DeliveryOptions {
  /** Sends in flight at once in this instance. */
  readonly concurrency: number;
  /** How long a received queue message stays hidden from other workers. */
  readonly visibilityTimeoutSeconds: number;
  /** How long an idle worker waits before looking at the queue again (a local publish wakes it at once). */
  readonly idleMs: number;
  /** Transient failures tried before a target is given up. */
  readonly maxAttempts: number;
  /** At most one update of a shared card per this many ms. */
  readonly refreshIntervalMs: number;
  /** How long a worker owns a send it started; after a crash the send is retried when this runs out. */
  readonly leaseMs: number;
}

export const DEFAULT_DELIVERY_OPTIONS: DeliveryOptions = { concurrency: 16, visibilityTimeoutSeconds: 30, idleMs: 500, maxAttempts: 8, refreshIntervalMs: 3000, leaseMs: 30_000 };

export interface PublishRequest {
  readonly id: string;
  readonly kind: string;
  readonly subjectId: string;
  readonly audience: Audience;
  readonly payload?: Record<string, unknown>;
}

/** One target of one notification: a unit of the worker's work. */
interface QueueItem {
  readonly n: string;
  readonly t: string;
}

/** A message taken from the queue: its targets not finished yet, and those to try again later. */
interface TakenMessage {
  readonly message: QueuedMessage;
  left: number;
  readonly later: { item: QueueItem; ms: number }[];
}

/** A queue message: a few targets of one notification (`n`, target keys `t`). */
interface QueueMessage {
  readonly n: string;
  readonly t: readonly string[];
}

/**
 * Targets per queue message. A fan-out to 500 is 50 queue writes rather than 500, which would
 * compete with the first sends for storage; small enough that instances still share the work.
 */
const TARGETS_PER_MESSAGE = 10;


/** From this many people on, their 1:1 chats are found by listing the installations once rather than one query each. */
const BULK_LOOKUP_FROM = 50;

/** Longest wait for a thread's rate limit that a worker sits out while holding a claim. */
const THREAD_WAIT_IN_WORKER_MS = 1000;

/** The scheduler job that carries a notification's coalesced card refresh (see {@link Delivery.refreshCards}). */
export const refreshJobId = (notificationId: string) => `refresh:${notificationId}`;

/** Exponential backoff with full jitter, never shorter than what Teams asked for. */
export function backoffMs(attempt: number, retryAfterMs?: number): number {
  const ceiling = Math.min(60_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.max(retryAfterMs ?? 0, Math.round(ceiling / 2 + Math.random() * (ceiling / 2)));
}

/**
 * The outbox and its worker. Publishing writes one outbox row per target and one queue message
 * per row; workers (in any number of instances) take messages and walk each through a ladder:
 * cancelled, not pending, throttled, claim, send, record. The ETag-checked claim is what makes a
 * target get a notification once even with two workers holding the same message.
 */
export class Delivery {
  private readonly renderers = new Map<string, Renderer>();
  private readonly feedRenderers = new Map<string, FeedRenderer>();
  private feed: ActivityFeed | undefined;
  private readonly wake = new EventEmitter();
  private stopping = false;
  private loop?: Promise<void>;
  /** A fan-out renders the same shared card for hundreds of channels; it is built once a second, not once per target. */
  private readonly recent = new TtlCache<unknown>({ ttlMs: 1000, maxEntries: 1000, staleWhileReloading: true });

  constructor(
    private readonly deps: {
      readonly repos: Repositories;
      readonly messenger: Messenger;
      readonly queue: WorkQueue;
      readonly limiter: RateLimiter;
      readonly scheduler: Scheduler;
      readonly clock: Clock;
      readonly log: Logger;
      readonly options?: Partial<DeliveryOptions>;
    },
  ) {
    // Every idle worker and fetcher listens for a stop; that is more than the default ten.
    this.wake.setMaxListeners(0);
  }

  private get options(): DeliveryOptions {
    return { ...DEFAULT_DELIVERY_OPTIONS, ...this.deps.options };
  }

  /** The job kind that updates a notification's posted cards (see {@link refreshCards}); mounted by `bot/app.ts`. */
  readonly refreshJob: JobSpec = jobKind('refreshCards', z.object({ notificationId: z.string().min(1) }), ({ notificationId }) => this.refreshNow(notificationId));

  /**
   * Opens the 1:1 chat with a person the app is installed for when Teams has not announced it
   * (Bot Connector createConversation) and records it as an installation, so notifications reach
   * them; the chat already recorded when Teams announced it meanwhile. A refusal is a DeliveryError.
   */
  async openPersonalChat(person: { userId: string; tenantId: string; serviceUrl: string }): Promise<Installation> {
    const known = await this.deps.repos.installations.personalChatOf(person.userId);
    if (known?.active) return known;
    const installation = await this.deps.messenger.openPersonalChat(person, this.deps.clock.now());
    await this.deps.repos.installations.add(installation, false);
    return installation;
  }

  /** Sends notifications of `kind` to a person's activity feed (when one is in use) instead of their 1:1 chat. */
  registerFeedRenderer(kind: string, renderer: FeedRenderer): void {
    if (this.feedRenderers.has(kind)) throw new Error(`feed renderer for ${kind} is registered twice`);
    this.feedRenderers.set(kind, renderer);
  }

  /** The Teams activity feed, once Microsoft Graph is configured for it; without it everything goes to the chats. */
  useActivityFeed(feed: ActivityFeed): void {
    this.feed = feed;
  }

  /** Adds the renderer of one notification kind; a kind claimed twice is a start-up error. */
  registerRenderer(kind: string, renderer: Renderer): void {
    if (this.renderers.has(kind)) throw new Error(`a renderer for notification kind "${kind}" is registered already`);
    this.renderers.set(kind, renderer);
  }

  private async resolveTargets(audience: Audience): Promise<{ target: Installation; replyToActivityId?: string }[]> {
    const { installations, notifications } = this.deps.repos;
    if (audience.kind === 'threadsOf') {
      const sent = (await notifications.entries(audience.notificationId)).filter((e) => e.state === 'sent' && e.activityId);
      const targets = await Promise.all(sent.map(async (e) => ({ entry: e, target: (await installations.get(e.targetKey))?.value })));
      // A 1:1 chat has no threads: a follower gets the note there as a message of its own, which is why such notes name their subject.
      return targets.filter((x) => x.target && x.target.active).map((x) => (x.target!.conversationType === 'personal' ? { target: x.target! } : { target: x.target!, replyToActivityId: x.entry.activityId }));
    }
    if (audience.kind === 'installation') {
      const target = (await installations.get(audience.key))?.value;
      return target?.active ? [{ target }] : [];
    }
    const result: { target: Installation }[] = [];
    if (audience.kind === 'channels' || audience.kind === 'channelsAndUsers') {
      for await (const target of installations.active()) if (target.conversationType !== 'personal') result.push({ target });
    }
    if (audience.kind === 'conversations') {
      const wanted = new Set(audience.conversationIds);
      for await (const target of installations.active()) if (target.conversationType !== 'personal' && wanted.has(target.conversationId)) result.push({ target });
    }
    if (audience.kind === 'users' || audience.kind === 'channelsAndUsers') {
      const userIds = new Set(audience.userIds);
      if (userIds.size > BULK_LOOKUP_FROM) {
        // One listing instead of a query per person: a survey to a thousand people took ~50 s the other way.
        const chats = new Map<string, Installation>();
        for await (const target of installations.active()) if (target.conversationType === 'personal' && target.userId) chats.set(target.userId, target);
        for (const userId of userIds) {
          const chat = chats.get(userId);
          if (chat) result.push({ target: chat });
        }
      } else {
        for (const userId of userIds) {
          const chat = await installations.personalChatOf(userId);
          if (chat?.active) result.push({ target: chat });
        }
      }
    }
    return result;
  }

  /**
   * Publishes a notification to its audience. Publishing an id again sends nothing new; a
   * publish cut short by a crash is completed by the next call or by {@link resume}.
   */
  async publish(request: PublishRequest): Promise<{ created: boolean; targets: number }> {
    return (await this.publishMany([request]))[0]!;
  }

  /**
   * Publishes many notifications as {@link publish} does each, with a few storage requests for all
   * of them instead of several for each: an import hands over hundreds of cards at once, and after
   * a crash the restart does that again before it is ready.
   */
  async publishMany(requests: readonly PublishRequest[]): Promise<{ created: boolean; targets: number }[]> {
    // Caught before anything is stored: a notification nobody can render would fail for every target.
    for (const request of requests) if (!this.renderers.has(request.kind)) throw new Error(`no renderer for notification kind ${request.kind}`);
    const { notifications } = this.deps.repos;
    const now = this.deps.clock.now().toISOString();
    const fresh: Notification[] = requests.map((request) => ({ ...request, payload: request.payload ?? {}, state: 'preparing', targetCount: 0, createdAt: now }));
    const inserted = await notifications.createMany(fresh);
    const results: { created: boolean; targets: number }[] = [];
    const open = (
      await Promise.all(
        fresh.map(async (notification, i) => {
          if (!inserted[i]) {
            const existing = await notifications.get(notification.id);
            if (existing && existing.value.state !== 'preparing') {
              results[i] = { created: false, targets: existing.value.targetCount };
              return [];
            }
          }
          return [i];
        }),
      )
    ).flat();
    // The tasks of one import mostly share their audience: resolved once, not once per card.
    const resolved = new Map<string, ReturnType<Delivery['resolveTargets']>>();
    const targetsOf = (audience: Audience) => {
      const key = JSON.stringify(audience);
      if (!resolved.has(key)) resolved.set(key, this.resolveTargets(audience));
      return resolved.get(key)!;
    };
    const prepared = await Promise.all(
      open.map(async (i) => {
        const notification = fresh[i]!;
        const entries: OutboxEntry[] = (await targetsOf(notification.audience)).map(({ target, replyToActivityId }) => ({ notificationId: notification.id, targetKey: target.key, state: 'pending', attempts: 0, updatedAt: now, ...(replyToActivityId ? { replyToActivityId } : {}) }));
        await notifications.addEntries(notification.id, entries, inserted[i]);
        return { i, entries };
      }),
    );
    await this.enqueueAll(prepared.flatMap(({ entries }) => entries.map((e) => ({ n: e.notificationId, t: e.targetKey }))));
    await notifications.saveMany(prepared.map(({ i, entries }) => ({ ...fresh[i]!, state: 'queued', targetCount: entries.length })));
    for (const { i, entries } of prepared) results[i] = { created: true, targets: entries.length };
    if (prepared.length) this.wake.emit('work');
    return results;
  }

  /** Queues the items, a few targets of one notification per message; `delayMs` hides them that long first. */
  private async enqueueAll(items: readonly QueueItem[], delayMs = 0): Promise<void> {
    const byNotification = new Map<string, string[]>();
    for (const item of items) byNotification.set(item.n, [...(byNotification.get(item.n) ?? []), item.t]);
    const messages: QueueMessage[] = [];
    for (const [n, targets] of byNotification) {
      for (let i = 0; i < targets.length; i += TARGETS_PER_MESSAGE) messages.push({ n, t: targets.slice(i, i + TARGETS_PER_MESSAGE) });
    }
    const visibilityTimeout = delayMs > 0 ? Math.max(1, Math.ceil(delayMs / 1000)) : undefined;
    for (let i = 0; i < messages.length; i += 32) {
      await Promise.all(messages.slice(i, i + 32).map((message) => this.deps.queue.send(JSON.stringify(message), { visibilityTimeoutSeconds: visibilityTimeout })));
    }
  }

  /** Puts every unfinished entry back on the queue (after a crash, or a lost queue message); duplicates are harmless. */
  async resume(): Promise<number> {
    const { notifications } = this.deps.repos;
    for (const n of (await notifications.list()).filter((x) => x.state === 'preparing')) {
      await this.publish({ id: n.id, kind: n.kind, subjectId: n.subjectId, audience: n.audience, payload: n.payload });
    }
    const unfinished = await notifications.unfinished();
    await this.enqueueAll(unfinished.map((e) => ({ n: e.notificationId, t: e.targetKey })));
    this.wake.emit('work');
    return unfinished.length;
  }

  report(notificationId: string): Promise<DeliveryReport> {
    return this.deps.repos.notifications.report(notificationId);
  }

  /** Whether a refresh of the notification's cards is waiting to run (it will read storage after this moment), not running or done. */
  refreshPending(notificationId: string): Promise<boolean> {
    return this.deps.scheduler.isScheduled(refreshJobId(notificationId));
  }

  /** Asks for the shared cards of a notification to be updated in place, at most once per refresh interval. */
  refreshCards(notificationId: string): Promise<void> {
    return this.deps.scheduler.scheduleCoalesced({ id: refreshJobId(notificationId), kind: 'refreshCards', payload: { notificationId } }, this.options.refreshIntervalMs);
  }

  /** Re-renders every card a notification posted and updates it in Teams. */
  async refreshNow(notificationId: string): Promise<void> {
    const { notifications, installations } = this.deps.repos;
    const notification = (await notifications.get(notificationId))?.value;
    if (!notification) return;
    const renderer = this.renderers.get(notification.kind);
    if (!renderer) {
      this.deps.log.error({ notificationId, kind: notification.kind }, 'no renderer for the notification kind; its cards are not refreshed');
      return;
    }
    let transientFailures = 0;
    for (const entry of (await notifications.entries(notificationId)).filter((e) => e.state === 'sent' && e.activityId && !e.replyToActivityId)) {
      const target = (await installations.get(entry.targetKey))?.value;
      if (!target?.active) continue;
      const reply = await renderer({ notification, target, profile: await this.profileFor(target) });
      if (!reply) continue;
      await this.deps.limiter.acquire(target.conversationId, target.tenantId ?? 'default');
      try {
        await this.deps.messenger.update(target, entry.activityId!, reply);
      } catch (error) {
        const failure = error instanceof DeliveryError ? error : new DeliveryError('transient', undefined, 'Unknown');
        if (failure.kind === 'permanent') await installations.markInactive(target.key, failure.code, this.deps.clock.now());
        else transientFailures++;
        this.deps.log.warn({ err: error, notificationId, target: target.key }, 'card update failed');
      }
    }
    if (transientFailures) throw new Error(`${transientFailures} card updates failed and will be retried`);
  }

  /**
   * The value of `load` for `key`, reused for a second so a fan-out does not read or render the
   * same thing per target. An older value is still served while the next one loads: rendering a
   * task card reads 98 statuses, and every worker waiting for that would stall the fan-out.
   */
  private cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    return this.recent.get(key, load) as Promise<T>;
  }

  private async profileFor(target: Installation): Promise<UserProfile | undefined> {
    return target.conversationType === 'personal' && target.userId ? (await this.deps.repos.users.get(target.userId))?.value : undefined;
  }

  /**
   * Walks one queue message through the ladder. Returns what to do with the message:
   * delete it (done, for good or bad), or hide it for a while (retry later).
   */
  async process(item: QueueItem): Promise<{ action: 'delete' } | { action: 'delay'; ms: number }> {
    const { notifications, installations } = this.deps.repos;
    const now = () => this.deps.clock.now();
    const entryRead = await notifications.entry(item.n, item.t);
    if (!entryRead) return { action: 'delete' };
    let { value: entry, etag } = entryRead;
    const finish = async (change: Partial<OutboxEntry>) => {
      entry = { ...entry, ...change, leaseUntil: undefined, updatedAt: now().toISOString() };
      etag = await notifications.replaceEntry(entry, etag);
    };

    const notification = (await this.cached(`notification:${item.n}`, () => notifications.get(item.n)))?.value;
    if (!notification || notification.state === 'cancelled') {
      if (entry.state === 'pending') await finish({ state: 'skipped', lastError: 'Cancelled' });
      return { action: 'delete' };
    }
    if (entry.state === 'sent' || entry.state === 'failed' || entry.state === 'skipped') return { action: 'delete' };
    if (entry.state === 'sending' && entry.leaseUntil && Date.parse(entry.leaseUntil) > now().getTime()) {
      return { action: 'delay', ms: Date.parse(entry.leaseUntil) - now().getTime() };
    }
    if (entry.nextAttemptAt && Date.parse(entry.nextAttemptAt) > now().getTime()) {
      return { action: 'delay', ms: Date.parse(entry.nextAttemptAt) - now().getTime() };
    }
    const target = (await installations.get(item.t))?.value;
    if (!target || !target.active) {
      await finish({ state: 'skipped', lastError: target ? `Inactive: ${target.inactiveReason ?? ''}` : 'Uninstalled' });
      return { action: 'delete' };
    }
    const renderer = this.renderers.get(notification.kind);
    if (!renderer) throw new Error(`no renderer for notification kind ${notification.kind}`);
    const reply =
      target.conversationType === 'personal'
        ? await renderer({ notification, target, profile: await this.profileFor(target) })
        : await this.cached(`shared:${notification.id}`, () => renderer({ notification, target }));
    if (!reply) {
      await finish({ state: 'skipped', lastError: 'Nothing to send' });
      return { action: 'delete' };
    }

    // A thread that has had its fill waits in the queue, not in a worker holding a claim.
    const threadWait = this.deps.limiter.threadWait(target.conversationId);
    if (threadWait > THREAD_WAIT_IN_WORKER_MS) return { action: 'delay', ms: threadWait };
    try {
      etag = await notifications.replaceEntry({ ...entry, state: 'sending', attempts: entry.attempts + 1, leaseUntil: new Date(now().getTime() + this.options.leaseMs).toISOString(), updatedAt: now().toISOString() }, etag);
      entry = { ...entry, state: 'sending', attempts: entry.attempts + 1 };
    } catch (error) {
      // Another worker claimed it first; it will finish it.
      if (error instanceof Stale) return { action: 'delete' };
      throw error;
    }

    try {
      // A person's reminder goes to their activity feed where it can; the chat card is the fallback, never both.
      const feedRenderer = target.conversationType === 'personal' && target.userId && this.feed ? this.feedRenderers.get(notification.kind) : undefined;
      const item = feedRenderer ? await feedRenderer({ notification, target, profile: await this.profileFor(target) }) : undefined;
      if (item) {
        try {
          await this.feed!.send(target.userId!, item);
          await finish({ state: 'sent', activityId: 'activityFeed', sentAt: now().toISOString(), lastError: undefined, nextAttemptAt: undefined });
          return { action: 'delete' };
        } catch (error) {
          if (!(error instanceof FeedUnavailable)) throw error;
          this.deps.log.info({ notificationId: notification.id, status: error.status, code: error.code }, 'activity feed unavailable; sent to the 1:1 chat');
        }
      }
      // Paced after the claim, right before the send: the claim's storage round trip takes longer
      // at some times than others, and sends paced before it would reach Teams bunched together.
      await this.deps.limiter.acquire(target.conversationId, target.tenantId ?? 'default');
      const { activityId } = await this.deps.messenger.send(target, reply, entry.replyToActivityId ? { replyToActivityId: entry.replyToActivityId } : {});
      await finish({ state: 'sent', activityId, sentAt: now().toISOString(), lastError: undefined, nextAttemptAt: undefined });
      return { action: 'delete' };
    } catch (error) {
      const failure = error instanceof DeliveryError ? error : new DeliveryError('transient', undefined, 'Unknown');
      if (!(error instanceof DeliveryError)) this.deps.log.error({ err: error, item }, 'unexpected send failure');
      if (failure.kind === 'permanent') {
        // The target is marked first, so nothing reads the failure before the target is known to be gone.
        await installations.markInactive(target.key, failure.code, now());
        await finish({ state: 'failed', lastError: `${failure.status} ${failure.code}` });
        return { action: 'delete' };
      }
      if (entry.attempts >= this.options.maxAttempts) {
        await finish({ state: 'failed', lastError: `Gave up after ${entry.attempts} attempts: ${failure.status ?? ''} ${failure.code}` });
        return { action: 'delete' };
      }
      const wait = backoffMs(entry.attempts, failure.retryAfterMs);
      await finish({ state: 'pending', lastError: `${failure.status ?? ''} ${failure.code}`, nextAttemptAt: new Date(now().getTime() + wait).toISOString() });
      return { action: 'delay', ms: wait };
    }
  }

  /**
   * Starts the workers: `concurrency` of them take targets from a pool that two fetchers keep
   * filled from the queue, so a worker never waits for a whole batch to finish, whatever mix of
   * big fan-out messages and single retries the queue holds. A message is deleted once each of its
   * targets is done or queued again on a message of its own (a retry later); if the instance dies
   * first, the message comes back after its visibility timeout and the ladder skips what was done.
   */
  start(): void {
    this.stopping = false;
    const { concurrency, visibilityTimeoutSeconds, idleMs } = this.options;
    const { queue, log } = this.deps;
    const pool: { item: QueueItem; of: TakenMessage }[] = [];
    const taken = new Set<TakenMessage>();
    const changes = new EventEmitter();
    changes.setMaxListeners(0);

    const settle = async (of: TakenMessage) => {
      for (const { item, ms } of of.later) await this.enqueueAll([item], ms);
      await queue.delete(of.message);
      taken.delete(of);
    };
    const fetcher = async () => {
      while (!this.stopping) {
        if (pool.length >= concurrency) {
          await this.until(changes, 'taken');
          continue;
        }
        let fetched = 0;
        try {
          const received = await queue.receive(Math.max(1, Math.ceil((concurrency - pool.length) / 4)), visibilityTimeoutSeconds);
          for (const message of received) {
            const body = JSON.parse(message.messageText) as QueueMessage;
            const of: TakenMessage = { message, left: body.t.length, later: [] };
            taken.add(of);
            for (const t of body.t) pool.push({ item: { n: body.n, t }, of });
            fetched++;
          }
        } catch (error) {
          log.error({ err: error }, 'delivery worker could not read the queue');
        }
        if (fetched) changes.emit('added');
        else await this.until(this.wake, 'work', idleMs);
      }
    };
    const worker = async () => {
      while (!this.stopping) {
        const next = pool.shift();
        if (!next) {
          await this.until(changes, 'added', idleMs);
          continue;
        }
        changes.emit('taken');
        const { item, of } = next;
        try {
          const outcome = await this.process(item);
          if (outcome.action === 'delay') of.later.push({ item, ms: outcome.ms });
        } catch (error) {
          log.error({ err: error, item }, 'delivery of a target failed; it is tried again later');
          of.later.push({ item, ms: visibilityTimeoutSeconds * 1000 });
        }
        if (--of.left === 0) {
          // When this fails the message becomes visible again after its timeout and is tried then.
          await settle(of).catch((error: unknown) => log.error({ err: error, messageId: of.message.messageId }, 'a delivery message could not be settled'));
        }
      }
    };
    this.loop = Promise.all([fetcher(), fetcher(), ...Array.from({ length: concurrency }, worker)]).then(async () => {
      // Targets not started go back to the queue now, not after the visibility timeout.
      for (const of of taken) {
        await queue.release(of.message).catch((error: unknown) => log.warn({ err: error }, 'a delivery message could not be handed back'));
      }
    });
  }

  /** Resolves at the next `event` on `emitter`, or after `timeoutMs` when given. */
  private until(emitter: EventEmitter, event: string, timeoutMs?: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        emitter.off(event, done);
        this.wake.off('stop', done);
        resolve();
      };
      const timer = timeoutMs === undefined ? undefined : setTimeout(done, timeoutMs);
      emitter.once(event, done);
      this.wake.once('stop', done);
    });
  }

  /** Stops taking targets, waits for the sends in flight to be sent and recorded, and hands the rest back to the queue. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake.emit('stop');
    await this.loop;
  }
}
