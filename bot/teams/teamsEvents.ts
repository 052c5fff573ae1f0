import type { Activity, TurnContext } from 'botbuilder';
import type { Logger } from '../log.ts';
import type { EventMember, TeamsEvent } from '../conversation/turn.ts';
import { rosterEntryFor } from './turnInfo.ts';

/** The meeting events Teams sends a bot installed in the meeting (with the manifest's RSC permissions). */
export const MEETING_EVENT_NAMES: ReadonlySet<string> = new Set([
  'application/vnd.microsoft.meetingStart',
  'application/vnd.microsoft.meetingEnd',
  'application/vnd.microsoft.meetingParticipantJoin',
  'application/vnd.microsoft.meetingParticipantLeave',
]);

/** The name of the event for the app's installation in a meeting chat. */
export const INSTALLED_IN_MEETING_CHAT = 'installedInMeetingChat';

const meetingIdOf = (a: Partial<Activity>): string | undefined => {
  const id = (a.channelData as { meeting?: { id?: unknown } } | undefined)?.meeting?.id;
  return typeof id === 'string' && id ? id : undefined;
};

/** A meeting's chat: a group chat whose id is the meeting's thread (`19:meeting_…`), or one Teams names a meeting for. */
export function isMeetingChat(a: Partial<Activity>): boolean {
  return a.conversation?.conversationType === 'groupChat' && (/^19:meeting_/i.test(a.conversation.id ?? '') || meetingIdOf(a) !== undefined);
}

interface RawMember {
  user?: { id?: unknown; name?: unknown; aadObjectId?: unknown };
  meeting?: { role?: unknown };
}

/**
 * The people of a participant event (`value.members[].user`), each with the e-mail and sign-in
 * name from Teams' roster: Teams' documented payload gives only id, name and Entra object id.
 */
async function membersOf(context: TurnContext, log: Logger): Promise<EventMember[]> {
  const raw = (context.activity.value as { members?: unknown } | undefined)?.members;
  if (!Array.isArray(raw)) return [];
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const people = (raw as RawMember[]).map((m) => ({ id: str(m?.user?.id), name: str(m?.user?.name), aadObjectId: str(m?.user?.aadObjectId), role: str(m?.meeting?.role) }));
  return Promise.all(
    people
      .filter((p): p is typeof p & { id: string } => p.id !== undefined && !p.id.startsWith('28:'))
      .map(async (p) => ({ ...p, ...(await rosterEntryFor(context, p.id, log)) })),
  );
}

/** Turns a meeting event activity, or an install in a meeting chat, into a {@link TeamsEvent}. */
export async function teamsEventOf(context: TurnContext, name: string, installationKey: string, log: Logger): Promise<TeamsEvent> {
  const a = context.activity;
  const participants = name === 'application/vnd.microsoft.meetingParticipantJoin' || name === 'application/vnd.microsoft.meetingParticipantLeave';
  const meetingId = meetingIdOf(a);
  return {
    name,
    value: a.value,
    conversationId: a.conversation?.id ?? '',
    installationKey,
    ...(meetingId ? { meetingId } : {}),
    members: participants ? await membersOf(context, log) : [],
    correlationId: a.id ?? 'no-activity-id',
  };
}
