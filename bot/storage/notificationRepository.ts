import type { TableClient } from '@azure/data-tables';
import type { Logger } from '../log.ts';
import type { Storage } from './storage.ts';
import { EntityTable, type Versioned } from './entityTable.ts';
import { TABLES } from './tables.ts';
import { fromEntity, guarded } from './entities.ts';
import { AlreadyExists } from '../domain/errors.ts';

/** Who a notification goes to, resolved to targets when it is published. */
export type Audience =
  /** Every active team channel and group chat where the app is installed. */
  | { readonly kind: 'channels' }
  /** These people's 1:1 chats (profile ids), where the app is installed for them. */
  | { readonly kind: 'users'; readonly userIds: readonly string[] }
  /** Channels plus the 1:1 chats of these people. */
  | { readonly kind: 'channelsAndUsers'; readonly userIds: readonly string[] }
  /** These channels and group chats only (Teams conversation ids), where the app is installed. */
  | { readonly kind: 'conversations'; readonly conversationIds: readonly string[] }
  /** A reply in the thread of each card an earlier notification posted; in a 1:1 chat (no threads) a message of its own. */
  | { readonly kind: 'threadsOf'; readonly notificationId: string }
  /** One installation, by its key: a meeting's own chat. */
  | { readonly kind: 'installation'; readonly key: string };

/** A message to many targets: what to render, for whom, and whether it was cancelled. */
export interface Notification {
  /** Deterministic, e.g. `klikTask:<id>`: publishing the same id twice sends nothing twice. */
  readonly id: string;
  /** Which renderer builds each target's message. */
  readonly kind: string;
  readonly subjectId: string;
  readonly audience: Audience;
  readonly payload: Record<string, unknown>;
  readonly state: 'preparing' | 'queued' | 'cancelled';
  readonly targetCount: number;
  readonly createdAt: string;
}

export const OUTBOX_STATES = ['pending', 'sending', 'sent', 'failed', 'skipped'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/** One notification for one target: the unit of delivery. */
export interface OutboxEntry {
  readonly notificationId: string;
  readonly targetKey: string;
  readonly state: OutboxState;
  readonly attempts: number;
  /** Until when a worker owns a `sending` entry. */
  readonly leaseUntil?: string;
  readonly nextAttemptAt?: string;
  /** The Teams activity id once sent, so the card can be updated in place. */
  readonly activityId?: string;
  /** For thread replies: the root activity to reply to. */
  readonly replyToActivityId?: string;
  readonly lastError?: string;
  readonly sentAt?: string;
  readonly updatedAt: string;
}

export interface DeliveryReport {
  readonly notificationId: string;
  readonly total: number;
  readonly sent: number;
  readonly pending: number;
  readonly failed: number;
  readonly skipped: number;
}

/**
 * Someone who reported on a notification's card ("Vi har underskrevet", "Vi er i gang"): the
 * shared card shows their municipality's answer and asks Teams to refresh it into their own view.
 */
export interface CardReporter {
  /** Teams user id (29:…), as Teams expects it in a card's `refresh.userIds`. */
  readonly teamsUserId: string;
  readonly municipalityCode: string;
  /** When they last reported (ISO instant). */
  readonly at: string;
}

const PARTITION = 'notification';
/** The reporters of a notification's card live beside the notifications, one partition per notification. */
const reportersPartition = (notificationId: string) => `reporters:${notificationId}`;

/** Notifications (one partition) and their outbox (one partition per notification, one row per target). */
export class NotificationRepository {
  private readonly notifications: EntityTable<Notification>;
  private readonly outbox: EntityTable<OutboxEntry>;
  private readonly reporterRows: EntityTable<CardReporter>;
  private readonly outboxClient: TableClient;
  constructor(storage: Storage, private readonly log: Logger) {
    this.notifications = new EntityTable(storage.table(TABLES.notifications), log, 'Beskeden');
    this.reporterRows = new EntityTable(storage.table(TABLES.notifications), log, 'Kortets indberetninger');
    this.outboxClient = storage.table(TABLES.outbox);
    this.outbox = new EntityTable(this.outboxClient, log, 'Afsendelsen');
  }

  get(id: string): Promise<Versioned<Notification> | undefined> {
    return this.notifications.get(PARTITION, id);
  }
  /** Creates the notification; false when it already exists (published before). */
  async create(notification: Notification): Promise<boolean> {
    try {
      await this.notifications.insert(PARTITION, notification.id, notification);
      return true;
    } catch (error) {
      if (error instanceof AlreadyExists) return false;
      throw error;
    }
  }
  /** Creates many notifications, in transactions of up to 100; for each, false when it already exists (published before). */
  async createMany(notifications: readonly Notification[]): Promise<boolean[]> {
    const outcomes = await this.notifications.insertEach(PARTITION, notifications.map((n) => ({ rk: n.id, value: n })));
    return outcomes.map((o) => {
      if (o.status === 'fulfilled') return true;
      if (o.reason instanceof AlreadyExists) return false;
      throw o.reason;
    });
  }
  save(notification: Notification): Promise<string> {
    return this.notifications.upsert(PARTITION, notification.id, notification);
  }
  /** Writes many notifications, in transactions of up to 100. */
  async saveMany(notifications: readonly Notification[]): Promise<void> {
    await this.notifications.upsertMany(PARTITION, notifications.map((n) => ({ rk: n.id, value: n })));
  }
  async list(): Promise<Notification[]> {
    return (await this.notifications.list(PARTITION)).map((r) => r.value);
  }

  /** Records (or moves to now) a person's report on the notification's card. */
  addReporter(notificationId: string, reporter: CardReporter): Promise<string> {
    return this.reporterRows.upsert(reportersPartition(notificationId), reporter.teamsUserId, reporter);
  }
  /** The people who reported on the card, the latest first. */
  async reporters(notificationId: string): Promise<CardReporter[]> {
    return (await this.reporterRows.list(reportersPartition(notificationId))).map((r) => r.value).sort((a, b) => b.at.localeCompare(a.at));
  }

  entry(notificationId: string, targetKey: string): Promise<Versioned<OutboxEntry> | undefined> {
    return this.outbox.get(notificationId, targetKey);
  }
  async entries(notificationId: string): Promise<OutboxEntry[]> {
    return (await this.outbox.list(notificationId)).map((r) => r.value);
  }
  /**
   * Writes the outbox rows of a notification in transactions of at most 100; existing rows are kept.
   * `isNew`: the notification was created just now, so it has no rows yet to look for.
   */
  async addEntries(notificationId: string, entries: readonly OutboxEntry[], isNew = false): Promise<void> {
    const existing = new Set(isNew ? [] : (await this.entries(notificationId)).map((e) => e.targetKey));
    const fresh = entries.filter((e) => !existing.has(e.targetKey));
    if (fresh.length) await this.outbox.upsertMany(notificationId, fresh.map((e) => ({ rk: e.targetKey, value: e })));
  }
  /** Changes an entry only if nobody else did since it was read (the claim that makes each send happen once). */
  replaceEntry(entry: OutboxEntry, etag: string): Promise<string> {
    return this.outbox.replace(entry.notificationId, entry.targetKey, entry, etag);
  }

  /** Counts an outbox partition by state. */
  async report(notificationId: string): Promise<DeliveryReport> {
    const entries = await this.entries(notificationId);
    const count = (...states: OutboxState[]) => entries.filter((e) => states.includes(e.state)).length;
    return { notificationId, total: entries.length, sent: count('sent'), pending: count('pending', 'sending'), failed: count('failed'), skipped: count('skipped') };
  }

  /** Entries not finished (pending, or sending with an expired lease), across all notifications: what a restart must resume. */
  async unfinished(): Promise<OutboxEntry[]> {
    return guarded(this.log, 'Afsendelserne', async () => {
      const rows: OutboxEntry[] = [];
      for await (const row of this.outboxClient.listEntities({ queryOptions: { filter: "state eq 'pending' or state eq 'sending'" } })) rows.push(fromEntity<OutboxEntry>(row));
      return rows;
    });
  }
}
