import type { Language } from '../domain/language.ts';
import type { ConversationType } from '../storage/installationRepository.ts';

/** What the conversation logic needs to know about an incoming turn, free of any SDK types. */
export interface TurnInfo {
  readonly user: {
    /** Teams user id (29:...). */
    readonly id: string;
    /** Entra object id, when Teams sends it. */
    readonly aadObjectId?: string;
    readonly name?: string;
    /** For showing and for guessing the municipality only: Teams' `email` is not verified, so it never decides a role. */
    readonly email?: string;
    /**
     * The sign-in name (UPN) of a member of KOMBIT's tenant, from Teams' roster; undefined for a
     * guest (whose UPN is `name_domain#EXT#@…`) or when Teams will not say. Staff by domain is read from this.
     */
    readonly upn?: string;
  };
  readonly conversation: {
    readonly id: string;
    readonly type: ConversationType;
    readonly tenantId?: string;
    readonly teamId?: string;
  };
  readonly locale?: string;
  readonly correlationId: string;
}

/** A reply: plain text or an Adaptive Card. */
export type Reply = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'card'; readonly card: AdaptiveCard };

/** An Adaptive Card as JSON. */
export type AdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard' };

/** What answers an Action.Execute: a card that replaces the clicked one for the clicker, or a short message. */
export type ActionResult = { readonly kind: 'card'; readonly card: AdaptiveCard } | { readonly kind: 'message'; readonly text: string };

export const text = (t: string): Reply => ({ kind: 'text', text: t });
export const card = (c: AdaptiveCard): Reply => ({ kind: 'card', card: c });

/** The user's id as profiles store it: the Entra object id where Teams sends one. */
export function profileIdOf(turn: TurnInfo): string {
  return turn.user.aadObjectId ?? turn.user.id;
}

export type { Language };
