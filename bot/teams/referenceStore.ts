import type { ConversationReference } from 'botbuilder';
import type { ConversationReferenceStore, ConversationReferenceStoreAddOptions, PagedData } from '@microsoft/teamsfx';
import type { Clock } from '../domain/time.ts';
import type { Installation, InstallationRepository } from '../storage/installationRepository.ts';

/** The key an installation is stored under: teamsfx's, tenant and conversation id. */
export function referenceKey(reference: Partial<ConversationReference>): string {
  return `_${reference.conversation?.tenantId ?? ''}_${reference.conversation?.id ?? ''}`;
}

/** The installation record for a conversation reference: who and where, plus the reference itself. */
export function installationFrom(key: string, reference: Partial<ConversationReference>, now: Date): Installation {
  const conversation = reference.conversation;
  const type = conversation?.conversationType === 'personal' || conversation?.conversationType === 'groupChat' ? conversation.conversationType : 'channel';
  const name = (conversation as { name?: unknown } | undefined)?.name;
  const user = reference.user as { id?: string; aadObjectId?: string } | undefined;
  return {
    key,
    conversationId: conversation?.id ?? '',
    conversationType: type,
    tenantId: conversation?.tenantId,
    teamId: type === 'channel' ? conversation?.id?.split(';')[0] : undefined,
    ...(typeof name === 'string' && name.trim() ? { name: name.trim() } : {}),
    userId: type === 'personal' ? (user?.aadObjectId ?? user?.id) : undefined,
    serviceUrl: reference.serviceUrl ?? '',
    reference: reference as Record<string, unknown>,
    active: true,
    installedAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
}

/** How long a stored installation is taken as still stored without asking storage again. */
const KNOWN_FOR_MS = 60_000;

/**
 * teamsfx's store of notification targets, in Table Storage instead of its default local
 * file: installs, uninstalls and first messages land here through teamsfx's middleware.
 */
export class TableConversationReferenceStore implements ConversationReferenceStore {
  /**
   * Installations this instance has seen stored in the last minute. teamsfx adds the reference on
   * every message without `overwrite`, which changes nothing for a stored one; remembering them
   * saves two storage reads per chat message.
   */
  private readonly known = new Map<string, number>();

  constructor(private readonly installations: InstallationRepository, private readonly clock: Clock) {}

  async add(key: string, reference: Partial<ConversationReference>, options: ConversationReferenceStoreAddOptions): Promise<boolean> {
    const overwrite = options.overwrite ?? false;
    const seen = this.known.get(key);
    if (!overwrite && seen !== undefined && Date.now() - seen < KNOWN_FOR_MS) return false;
    const existing = await this.installations.get(key);
    if (this.known.size >= 10_000) this.known.clear();
    if (existing && !overwrite) {
      this.known.set(key, Date.now());
      return false;
    }
    const fresh = installationFrom(key, reference, this.clock.now());
    // A reinstall makes an inactive target active again, but keeps when it was first installed.
    // A later event without the name (teamsfx adds the reference on other activities too) keeps the one known.
    const record = existing ? { ...fresh, installedAt: existing.value.installedAt, welcomedAt: existing.value.welcomedAt, ...(fresh.name ?? existing.value.name ? { name: fresh.name ?? existing.value.name } : {}) } : fresh;
    const added = await this.installations.add(record, overwrite);
    this.known.set(key, Date.now());
    return added;
  }

  remove(key: string): Promise<boolean> {
    this.known.delete(key);
    return this.installations.remove(key);
  }

  async list(pageSize?: number, continuationToken?: string): Promise<PagedData<Partial<ConversationReference>>> {
    const page = await this.installations.listPage(pageSize ?? 100, continuationToken, { activeOnly: true });
    return { data: page.items.map((i) => i.reference as Partial<ConversationReference>), continuationToken: page.continuationToken };
  }
}
