import type { Reply } from '../conversation/turn.ts';
import type { Installation } from '../storage/installationRepository.ts';

/** Why a send failed, as the delivery engine needs to know it. */
export class DeliveryError extends Error {
  constructor(
    /** `permanent`: never retry this target (403 blocked/uninstalled, 404 conversation gone). */
    readonly kind: 'permanent' | 'transient',
    readonly status: number | undefined,
    readonly code: string,
    /** From Retry-After, when Teams said how long to wait. */
    readonly retryAfterMs?: number,
  ) {
    super(`${kind} delivery failure ${status ?? ''} ${code}`.trim());
    this.name = 'DeliveryError';
  }
}

/** Sends to Teams outside a turn (proactively). `bot/teams/` implements it over botbuilder. */
export interface Messenger {
  /** Posts a new message (or a reply in a thread) and answers the new activity's id. */
  send(target: Installation, reply: Reply, options?: { replyToActivityId?: string }): Promise<{ activityId: string }>;
  /** Replaces a message the bot sent earlier. */
  update(target: Installation, activityId: string, reply: Reply): Promise<void>;
  /**
   * Creates the 1:1 conversation with a person the app is installed for (Bot Connector `POST
   * /v3/conversations`, members `[{id: <Entra object id>}]`, `isGroup: false`, the tenant) and
   * answers its installation record, for a chat Teams did not announce.
   */
  openPersonalChat(person: { userId: string; tenantId: string; serviceUrl: string }, now: Date): Promise<Installation>;
}
