import { z } from 'zod';
import { isoDate } from './time.ts';
import { plainText, timeOfDay } from './validation.ts';

export const agendaItemSchema = z.object({
  time: timeOfDay.optional(),
  title: plainText(200),
  presenter: plainText(120, { min: 0 }).default(''),
});
export type AgendaItem = z.output<typeof agendaItemSchema>;

export const newMeetingSchema = z.object({
  date: isoDate,
  startTime: timeOfDay.default('10:00'),
  endTime: timeOfDay.default('11:30'),
  title: plainText(200).default('Programledermøde'),
  agenda: z.array(agendaItemSchema).max(40).default([]),
  participantMunicipalities: z.number({ error: 'skal være et antal kommuner, fx 59' }).int({ error: 'skal være et helt antal kommuner, fx 59' }).min(0, { error: 'kan ikke være negativt' }).max(98, { error: 'kan højst være 98' }).optional(),
  participantCount: z.number({ error: 'skal være et antal deltagere, fx 75' }).int({ error: 'skal være et helt antal deltagere, fx 75' }).min(0, { error: 'kan ikke være negativt' }).max(1000, { error: 'kan højst være 1000' }).optional(),
});
export type NewMeeting = z.output<typeof newMeetingSchema>;

/** A monthly program-leader meeting (programledermøde). */
export interface Meeting extends NewMeeting {
  readonly id: string;
}
