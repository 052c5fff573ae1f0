import { EventEmitter } from 'node:events';
import type { QueueClient } from '@azure/storage-queue';
import type { Logger } from '../log.ts';
import type { Clock } from '../domain/time.ts';
import type { Reply } from '../conversation/turn.ts';
import type { UserProfile } from '../domain/user.ts';
import type { Repositories } from '../storage/repositories.ts';
import type { Installation } from '../storage/installationRepository.ts';
import type { Audience, DeliveryReport, Notification, OutboxEntry } from '../storage/notificationRepository.ts';
import { ConcurrencyError } from '../http/errors.ts';
import { DeliveryError, type Messenger } from './messenger.ts';
import type { RateLimiter } from './rateLimiter.ts';
import type { Scheduler } from './scheduler.ts';

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

interface QueueItem {
  readonly n: string;
  readonly t: string;
}


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
  private readonly wake = new EventEmitter();
  private stopping = false;
  private loop?: Promise<void>;
  private readonly inFlight = new Set<Promise<void>>();
  /** A fan-out renders the same shared card for hundreds of channels; it is built once a second, not once per target. */
  private readonly recent = new Map<string, { at: number; value: Promise<unknown>; loading?: boolean }>();

  constructor(
    private readonly deps: {
      readonly repos: Repositories;
      readonly messenger: Messenger;
      readonly queue: QueueClient;
      readonly limiter: RateLimiter;
      readonly scheduler: Scheduler;
      readonly clock: Clock;
      readonly log: Logger;
      readonly options?: Partial<DeliveryOptions>;
    },
  ) {
    deps.scheduler.register('refreshCards', (job) => this.refreshNow(String(job.payload.notificationId)));
  }

  private get options(): DeliveryOptions {
    return { ...DEFAULT_DELIVERY_OPTIONS, ...this.deps.options };
  }

  registerRenderer(kind: string, renderer: Renderer): void {
    this.renderers.set(kind, renderer);
  }

  private async resolveTargets(audience: Audience): Promise<{ target: Installation; replyToActivityId?: string }[]> {
    const { installations, notifications } = this.deps.repos;
    if (audience.kind === 'threadsOf') {
      const sent = (await notifications.entries(audience.notificationId)).filter((e) => e.state === 'sent' && e.activityId);
      const targets = await Promise.all(sent.map(async (e) => ({ entry: e, target: (await installations.get(e.targetKey))?.value })));
      return targets.filter((x) => x.target && x.target.active && x.target.conversationType !== 'personal').map((x) => ({ target: x.target!, replyToActivityId: x.entry.activityId }));
    }
    const result: { target: Installation }[] = [];
    if (audience.kind === 'channels' || audience.kind === 'channelsAndUsers') {
      for await (const target of installations.active()) if (target.conversationType !== 'personal') result.push({ target });
    }
    if (audience.kind === 'users' || audience.kind === 'channelsAndUsers') {
      for (const userId of new Set(audience.userIds)) {
        const chat = await installations.personalChatOf(userId);
        if (chat?.active) result.push({ target: chat });
      }
    }
    return result;
  }

  /**
   * Publishes a notification to its audience. Publishing an id again sends nothing new; a
   * publish cut short by a crash is completed by the next call or by {@link resume}.
   */
  async publish(request: PublishRequest): Promise<{ created: boolean; targets: number }> {
    const { notifications } = this.deps.repos;
    const now = this.deps.clock.now().toISOString();
    const notification: Notification = { ...request, payload: request.payload ?? {}, state: 'preparing', targetCount: 0, createdAt: now };
    const created = await notifications.create(notification);
    if (!created) {
      const existing = await notifications.get(request.id);
      if (existing && existing.value.state !== 'preparing') return { created: false, targets: existing.value.targetCount };
    }
    const targets = await this.resolveTargets(request.audience);
    const entries: OutboxEntry[] = targets.map(({ target, replyToActivityId }) => ({ notificationId: request.id, targetKey: target.key, state: 'pending', attempts: 0, updatedAt: now, ...(replyToActivityId ? { replyToActivityId } : {}) }));
    await notifications.addEntries(request.id, entries);
    await this.enqueueAll(entries.map((e) => ({ n: e.notificationId, t: e.targetKey })));
    await notifications.save({ ...notification, state: 'queued', targetCount: entries.length });
    this.wake.emit('work');
    return { created: true, targets: entries.length };
  }

  private async enqueueAll(items: readonly QueueItem[]): Promise<void> {
    for (let i = 0; i < items.length; i += 32) {
      await Promise.all(items.slice(i, i + 32).map((item) => this.deps.queue.sendMessage(JSON.stringify(item))));
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

  /** Asks for the shared cards of a notification to be updated in place, at most once per refresh interval. */
  refreshCards(notificationId: string): Promise<void> {
    return this.deps.scheduler.scheduleCoalesced({ id: refreshJobId(notificationId), kind: 'refreshCards', payload: { notificationId } }, this.options.refreshIntervalMs);
  }

  /** Re-renders every card a notification posted and updates it in Teams. */
  async refreshNow(notificationId: string): Promise<void> {
    const { notifications, installations } = this.deps.repos;
    const notification = (await notifications.get(notificationId))?.value;
    const renderer = notification && this.renderers.get(notification.kind);
    if (!notification || !renderer) return;
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
    const now = Date.now();
    const hit = this.recent.get(key);
    if (hit && (now - hit.at < 1000 || hit.loading)) return hit.value as Promise<T>;
    if (this.recent.size > 1000) this.recent.clear();
    const next = load();
    if (hit) {
      hit.loading = true;
      next.then(
        () => this.recent.set(key, { at: Date.now(), value: next }),
        () => this.recent.delete(key),
      );
      return hit.value as Promise<T>;
    }
    this.recent.set(key, { at: now, value: next });
    next.catch(() => this.recent.delete(key));
    return next;
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
      if (error instanceof ConcurrencyError) return { action: 'delete' };
      throw error;
    }

    try {
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

  /** Takes one batch from the queue and works it off; returns how many messages it handled. */
  async drainOnce(): Promise<number> {
    const { queue, log } = this.deps;
    const received = await queue.receiveMessages({ numberOfMessages: 32, visibilityTimeout: this.options.visibilityTimeoutSeconds });
    const messages = received.receivedMessageItems;
    let next = 0;
    const work = async () => {
      while (next < messages.length && !this.stopping) {
        const message = messages[next++]!;
        try {
          const item = JSON.parse(message.messageText) as QueueItem;
          const outcome = await this.process(item);
          if (outcome.action === 'delete') await queue.deleteMessage(message.messageId, message.popReceipt);
          else await queue.updateMessage(message.messageId, message.popReceipt, undefined, Math.max(1, Math.ceil(outcome.ms / 1000)));
        } catch (error) {
          // The message becomes visible again after its timeout and is tried then.
          log.error({ err: error, messageId: message.messageId }, 'delivery of a queue message failed');
        }
      }
    };
    const workers = Array.from({ length: Math.min(this.options.concurrency, messages.length) }, () => {
      const p = work();
      this.inFlight.add(p);
      return p.finally(() => this.inFlight.delete(p));
    });
    await Promise.all(workers);
    return messages.length;
  }

  /** Starts the worker loop. */
  start(): void {
    this.stopping = false;
    // Two readers, so one batch is being fetched while the other is being sent: the queue round
    // trip no longer leaves the rate budget unused between batches.
    const reader = async () => {
      while (!this.stopping) {
        let handled = 0;
        try {
          handled = await this.drainOnce();
        } catch (error) {
          this.deps.log.error({ err: error }, 'delivery worker could not read the queue');
        }
        if (handled === 0 && !this.stopping) {
          await new Promise<void>((resolve) => {
            const wake = () => {
              clearTimeout(timer);
              resolve();
            };
            const timer = setTimeout(() => {
              this.wake.off('work', wake);
              resolve();
            }, this.options.idleMs);
            this.wake.once('work', wake);
          });
        }
      }
    };
    this.loop = Promise.all([reader(), reader()]).then(() => undefined);
  }

  /** Stops taking queue messages and waits for the sends in flight to be sent and recorded. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake.emit('work');
    await Promise.all([...this.inFlight]);
    await this.loop;
  }
}

