import { z } from 'zod';
import { isoDate } from './time.ts';
import { line } from './validation.ts';

/** A time of day, 00:00–23:59 ("25:99" is no time). */
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'skal være et klokkeslæt (tt:mm)' });

export const agendaItemSchema = z.object({
  time: clockTime.optional(),
  title: line(200),
  presenter: line(120, 0).default(''),
});
export type AgendaItem = z.output<typeof agendaItemSchema>;

export const newMeetingSchema = z.object({
  date: isoDate,
  startTime: clockTime.default('10:00'),
  endTime: clockTime.default('11:30'),
  title: line(200).default('Programledermøde'),
  agenda: z.array(agendaItemSchema).max(40).default([]),
  participantMunicipalities: z.number().int().min(0).max(98).optional(),
  participantCount: z.number().int().min(0).max(1000).optional(),
});
export type NewMeeting = z.output<typeof newMeetingSchema>;

/** A monthly program-leader meeting (programledermøde). */
export interface Meeting extends NewMeeting {
  readonly id: string;
}
