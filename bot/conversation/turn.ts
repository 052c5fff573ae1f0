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

/** A person in a Teams meeting event, with what Teams' roster says of them. */
export interface EventMember {
  /** Teams user id (29:...). */
  readonly id: string;
  readonly aadObjectId?: string;
  readonly name?: string;
  /** From Teams' roster (the event itself carries no e-mail); for placing a municipality only. */
  readonly email?: string;
  /** The sign-in name of a member (not a guest) of the tenant, as in {@link TurnInfo}. */
  readonly upn?: string;
  /** The meeting role Teams gives (Organizer, Presenter, Attendee), where it does. */
  readonly role?: string;
}

/**
 * A Teams event, free of SDK types: a meeting event activity (`application/vnd.microsoft.meetingStart`,
 * `…meetingEnd`, `…meetingParticipantJoin`, `…meetingParticipantLeave`) or the app's installation
 * in a meeting chat (`installedInMeetingChat`).
 */
export interface TeamsEvent {
  readonly name: string;
  /** The activity's `value` as Teams sent it (PascalCase for start/end); each handler parses it. */
  readonly value: unknown;
  readonly conversationId: string;
  /** The installation the conversation is, as the delivery engine addresses it. */
  readonly installationKey: string;
  /** `channelData.meeting.id`, where Teams sends it. */
  readonly meetingId?: string;
  /** For participant events: the people who joined or left. */
  readonly members: readonly EventMember[];
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
