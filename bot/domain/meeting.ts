import { z } from 'zod';
import { isoDate } from './time.ts';

export const agendaItemSchema = z.object({
  time: z.string().regex(/^\d{2}:\d{2}$/, { error: 'skal være et klokkeslæt (tt:mm)' }).optional(),
  title: z.string().trim().min(1).max(200),
  presenter: z.string().trim().max(120).default(''),
});
export type AgendaItem = z.output<typeof agendaItemSchema>;

export const newMeetingSchema = z.object({
  date: isoDate,
  startTime: z.string().regex(/^\d{2}:\d{2}$/, { error: 'skal være et klokkeslæt (tt:mm)' }).default('10:00'),
  endTime: z.string().regex(/^\d{2}:\d{2}$/, { error: 'skal være et klokkeslæt (tt:mm)' }).default('11:30'),
  title: z.string().trim().min(1).max(200).default('Programledermøde'),
  agenda: z.array(agendaItemSchema).max(40).default([]),
  participantMunicipalities: z.number().int().min(0).max(98).optional(),
  participantCount: z.number().int().min(0).max(1000).optional(),
});
export type NewMeeting = z.output<typeof newMeetingSchema>;

/** A monthly program-leader meeting (programledermøde). */
export interface Meeting extends NewMeeting {
  readonly id: string;
}
