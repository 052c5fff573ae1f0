import type { Config } from '../config.ts';
import type { Renderer } from '../notifications/delivery.ts';
import type { Repositories } from '../storage/repositories.ts';
import { meetingAgendaCard, meetingFollowUpCard } from './meetingCards.ts';

/** The agenda card in the meeting chat, from the meeting as it is when the card is sent. */
export function meetingAgendaRenderer(repos: Repositories, config: Config): Renderer {
  return async ({ notification }) => {
    const meeting = (await repos.meetings.get(notification.subjectId))?.value;
    return meeting ? { kind: 'card', card: meetingAgendaCard(meeting, config) } : undefined;
  };
}

/** The follow-up in each program leader's 1:1 chat, in their language; "I var ikke med" for the municipalities that were absent. */
export function meetingFollowUpRenderer(repos: Repositories): Renderer {
  return async ({ notification, profile }) => {
    const meeting = (await repos.meetings.get(notification.subjectId))?.value;
    if (!meeting) return undefined;
    const absent = Array.isArray(notification.payload.absent) ? (notification.payload.absent as unknown[]) : [];
    const wasAbsent = Boolean(profile?.municipalityCode && absent.includes(profile.municipalityCode));
    return { kind: 'card', card: meetingFollowUpCard(meeting, profile?.language ?? 'da', wasAbsent) };
  };
}
