import { z } from 'zod';
import { isoDate } from './time.ts';
import { plainText, timeOfDay } from './validation.ts';

export const agendaItemSchema = z.object({
  time: timeOfDay.optional(),
  title: plainText(200),
  presenter: plainText(120, { min: 0 }).default(''),
});
export type AgendaItem = z.output<typeof agendaItemSchema>;

const webAddress = z.url({ protocol: /^https?$/, error: 'skal være en webadresse (https://...)' }).max(2000);

/** A Teams meeting link: the "Deltag i mødet" address Teams gives the invitation. */
const teamsJoinUrl = z
  .url({ protocol: /^https$/, hostname: /^teams\.(microsoft|live)\.com$/, error: 'skal være et Teams-mødelink (https://teams.microsoft.com/l/meetup-join/...)' })
  .max(2000)
  .refine((url) => meetingThreadOf(url) !== undefined, { error: 'skal være et Teams-mødelink (https://teams.microsoft.com/l/meetup-join/...)' });

export const newMeetingSchema = z.object({
  date: isoDate,
  startTime: timeOfDay.default('10:00'),
  endTime: timeOfDay.default('11:30'),
  title: plainText(200).default('Programledermøde'),
  agenda: z.array(agendaItemSchema).max(40).default([]),
  participantMunicipalities: z.number({ error: 'skal være et antal kommuner, fx 59' }).int({ error: 'skal være et helt antal kommuner, fx 59' }).min(0, { error: 'kan ikke være negativt' }).max(98, { error: 'kan højst være 98' }).optional(),
  participantCount: z.number({ error: 'skal være et antal deltagere, fx 75' }).int({ error: 'skal være et helt antal deltagere, fx 75' }).min(0, { error: 'kan ikke være negativt' }).max(1000, { error: 'kan højst være 1000' }).optional(),
  /** The Teams meeting's join link; the meeting chat and Teams' meeting events are matched by it. */
  joinUrl: teamsJoinUrl.optional(),
  /** The recording and the slides, sent to every program leader by "Send opfølgning". */
  recordingUrl: webAddress.optional(),
  presentationUrl: webAddress.optional(),
});
export type NewMeeting = z.output<typeof newMeetingSchema>;

/** A monthly program-leader meeting (programledermøde). */
export interface Meeting extends NewMeeting {
  readonly id: string;
}

/**
 * The thread id in a Teams join link, which Teams writes percent-encoded (`19%3ameeting_…%40thread.v2`):
 * a scheduled meeting's chat (`19:meeting_…@thread.v2`), or for a channel meeting the channel
 * (`19:…@thread.tacv2`). It is also the conversation id of the meeting's events, so a link, the
 * chat and the events all name the same Teams meeting.
 */
export function meetingThreadOf(joinUrl: string | undefined): string | undefined {
  if (!joinUrl) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(joinUrl);
  } catch {
    return undefined;
  }
  return /19:[A-Za-z0-9_=+-]+@thread\.(?:v2|tacv2|skype)/i.exec(decoded)?.[0].toLowerCase();
}

/** The day's meeting, else the next one, else the most recent. */
export function currentMeeting(meetings: readonly Meeting[], today: string): Meeting | undefined {
  const sorted = [...meetings].sort((a, b) => a.date.localeCompare(b.date) || a.startTime.localeCompare(b.startTime));
  return sorted.find((m) => m.date >= today) ?? sorted.at(-1);
}
