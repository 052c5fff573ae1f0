import type { TableClient } from '@azure/data-tables';
import type { Logger } from '../log.ts';
import type { Storage } from './storage.ts';
import { EntityTable, type Versioned } from './entityTable.ts';
import { TABLES } from './tables.ts';
import { fromEntity, guarded } from './entities.ts';
import { Stale } from '../domain/errors.ts';

export const CONVERSATION_TYPES = ['personal', 'groupChat', 'channel'] as const;
export type ConversationType = (typeof CONVERSATION_TYPES)[number];

/** One place the bot is installed: a team (its General channel), a group chat or a person's 1:1 chat. */
export interface Installation {
  /** The key teamsfx gives the conversation reference. */
  readonly key: string;
  readonly conversationId: string;
  readonly conversationType: ConversationType;
  readonly tenantId?: string;
  readonly teamId?: string;
  /** The team's or chat's name where Teams told it (a team's name on install, a named group chat), for confirmations. */
  readonly name?: string;
  /** The person, for a 1:1 chat (their Entra object id where known, else their Teams id). */
  readonly userId?: string;
  readonly serviceUrl: string;
  /** The Bot Framework conversation reference, as botbuilder needs it to send proactively. */
  readonly reference: Record<string, unknown>;
  readonly active: boolean;
  /** Why a target stopped taking messages (403 code or 404), when inactive. */
  readonly inactiveReason?: string;
  readonly installedAt: string;
  readonly updatedAt: string;
  /** When the welcome was sent; set once, with an ETag check, so each installation is welcomed once. */
  readonly welcomedAt?: string;
}

const PARTITION = 'installation';

/** A page of installations and the token for the next one. */
export interface InstallationPage {
  readonly items: Installation[];
  readonly continuationToken?: string;
}

/**
 * Where the bot is installed. One partition, listed page by page so a store of thousands of
 * installations is never loaded at once.
 */
export class InstallationRepository {
  private readonly rows: EntityTable<Installation>;
  private readonly client: TableClient;
  constructor(storage: Storage, private readonly log: Logger) {
    this.client = storage.table(TABLES.installations);
    this.rows = new EntityTable(this.client, log, 'Installationen');
  }

  get(key: string): Promise<Versioned<Installation> | undefined> {
    return this.rows.get(PARTITION, key);
  }

  /** Records an installation; with `overwrite` false an existing one is left as it is. Returns true when written. */
  async add(installation: Installation, overwrite: boolean): Promise<boolean> {
    if (!overwrite) {
      if (await this.rows.get(PARTITION, installation.key)) return false;
    }
    await this.rows.upsert(PARTITION, installation.key, installation);
    return true;
  }

  /** Forgets an installation (uninstalled, bot removed from the team). Returns true when one was there. */
  async remove(key: string): Promise<boolean> {
    const existing = await this.rows.get(PARTITION, key);
    if (!existing) return false;
    await this.rows.delete(PARTITION, key);
    return true;
  }

  /**
   * Marks the installation as welcomed; true for the one caller that did it, false when it was
   * already welcomed or someone else got there first (install events arrive in pairs).
   */
  async claimWelcome(key: string, now: Date): Promise<boolean> {
    const existing = await this.rows.get(PARTITION, key);
    if (!existing || existing.value.welcomedAt) return false;
    try {
      await this.rows.replace(PARTITION, key, { ...existing.value, welcomedAt: now.toISOString() }, existing.etag);
      return true;
    } catch (error) {
      if (error instanceof Stale) return false;
      throw error;
    }
  }

  /** Stops sending to a target that answered 403 or 404; it stays recorded until uninstalled. */
  async markInactive(key: string, reason: string, now: Date): Promise<void> {
    const existing = await this.rows.get(PARTITION, key);
    if (!existing) return;
    await this.rows.upsert(PARTITION, key, { ...existing.value, active: false, inactiveReason: reason, updatedAt: now.toISOString() });
  }

  /** One page of installations, optionally only the active ones. */
  async listPage(pageSize = 100, continuationToken?: string, options: { activeOnly?: boolean } = {}): Promise<InstallationPage> {
    const filter = `PartitionKey eq '${PARTITION}'${options.activeOnly ? ' and active eq true' : ''}`;
    return guarded(this.log, 'Installationerne', async () => {
      const pages = this.client.listEntities({ queryOptions: { filter } }).byPage({ maxPageSize: pageSize, continuationToken });
      const next = await pages.next();
      if (next.done || !next.value) return { items: [] };
      const page = next.value;
      return { items: page.map((row) => fromEntity<Installation>(row)), continuationToken: page.continuationToken };
    });
  }

  /** Every active installation, read page by page. */
  async *active(pageSize = 100): AsyncGenerator<Installation> {
    let token: string | undefined;
    do {
      const page = await this.listPage(pageSize, token, { activeOnly: true });
      yield* page.items;
      token = page.continuationToken;
    } while (token);
  }

  /** The 1:1 chat with a person, if the bot is installed for them. */
  async personalChatOf(userId: string): Promise<Installation | undefined> {
    const filter = `PartitionKey eq '${PARTITION}' and conversationType eq 'personal' and userId eq '${userId.replace(/'/g, "''")}'`;
    for await (const row of this.client.listEntities({ queryOptions: { filter } })) return fromEntity<Installation>(row);
    return undefined;
  }
}
