import { DateTime } from 'luxon';
import type { Agreement } from '../domain/agreement.ts';
import { addDays, instantAt, todayIn, ZONE, type Clock } from '../domain/time.ts';
import { workingDayOnOrAfter, workingDayOnOrBefore } from '../domain/danishCalendar.ts';

/** Days before the deadline that program leaders of missing municipalities are reminded. */
export const REMINDER_OFFSETS = [14, 7, 1, 0] as const;
/** Danish wall-clock time of every agreement reminder: the start of a working morning. */
export const REMINDER_TIME = '09:00';
/** Danish wall-clock time of the Monday digest: before the reminders, so the channel hears first. */
export const DIGEST_TIME = '08:00';

/** Which reminder a job or notification is: a number of days before the deadline, or a weekly overdue one. */
export type ReminderSlotKind = `${(typeof REMINDER_OFFSETS)[number]}` | 'overdue';

/** One timed reminder of one agreement. */
export interface ReminderSlot {
  readonly id: string;
  /** The Danish calendar day it is sent. */
  readonly date: string;
  readonly dueAt: Date;
  readonly slot: ReminderSlotKind;
}

/** Every reminder job of an agreement starts with this, whatever its deadline. */
export const reminderJobPrefix = (agreementId: string): string => `agreementReminder:${agreementId}:`;

/**
 * The deadline is part of the id: a job scheduled for an old deadline can be told apart (and
 * cancelled), and a reminder that ran for the old deadline does not block one for the new.
 */
export function reminderJobId(agreementId: string, deadline: string, slot: ReminderSlotKind, date: string): string {
  return `${reminderJobPrefix(agreementId)}${deadline}:${slot === 'overdue' ? `overdue-${date}` : slot}`;
}

/** One person's reminder about one agreement on one day: the id that keeps it from being sent twice. */
export const reminderNotificationId = (agreementId: string, date: string, userId: string): string => `agreementReminder:${agreementId}:${date}:${userId}`;

/** The channel summary of a reminder day: one per day, whichever agreement's job gets there first. */
export const summaryNotificationId = (date: string): string => `agreementSummary:${date}`;

/** The first Monday strictly after `date`. */
export function mondayAfter(date: string): string {
  const d = DateTime.fromISO(date, { zone: ZONE });
  return d.plus({ days: 8 - d.weekday }).toISODate()!;
}

/**
 * The day a week's overdue reminder goes out: its Monday, or the first working day after when
 * that Monday is a holiday (2. påskedag, 2. pinsedag, …). After, not before: moved back it could
 * fall before the deadline it chases.
 */
export function overdueDayOfWeek(monday: string): string {
  return workingDayOnOrAfter(monday);
}

/** The overdue reminder day of the week after the one `date` is in. */
export function nextWeeksOverdueDate(date: string): string {
  return overdueDayOfWeek(addDays(mondayOf(date), 7));
}

/**
 * The next weekly overdue reminder day: Mondays after the deadline (moved to the next working
 * day when a holiday), the first whose 09:00 has not passed. Mondays, so that all overdue
 * agreements are chased together, right after the digest.
 */
export function nextOverdueDate(deadline: string, now: Date): string {
  let monday = mondayAfter(deadline);
  const today = DateTime.fromJSDate(now, { zone: ZONE }).toISODate()!;
  if (monday < today) monday = addDays(monday, Math.floor(DateTime.fromISO(today, { zone: ZONE }).diff(DateTime.fromISO(monday, { zone: ZONE }), 'days').days / 7) * 7);
  while (instantAt(overdueDayOfWeek(monday), REMINDER_TIME).getTime() < now.getTime()) monday = addDays(monday, 7);
  return overdueDayOfWeek(monday);
}

/**
 * The reminders still to come for an agreement as it is now: D-14, D-7, D-1 and D-0 at 09:00
 * Danish time, then the next weekly overdue one. A reminder that falls on a weekend or a day off
 * goes out on the working day before (a deadline on a Sunday is reminded on Friday, once). None
 * for a closed agreement or one without a deadline ("hurtigst muligt"). Days before the agreement
 * is sent, and days already past, are left out: scheduling late must not send a burst of stale
 * reminders.
 */
export function reminderSlots(agreement: Agreement, now: Date): ReminderSlot[] {
  const { deadline } = agreement;
  if (agreement.closed || !deadline) return [];
  const slots: ReminderSlot[] = [];
  for (const offset of REMINDER_OFFSETS) {
    const date = workingDayOnOrBefore(addDays(deadline, -offset));
    if (slots.some((s) => s.date === date)) continue;
    if (agreement.sentDate && date < agreement.sentDate) continue;
    const dueAt = instantAt(date, REMINDER_TIME);
    if (dueAt.getTime() < now.getTime()) continue;
    const slot = String(offset) as ReminderSlotKind;
    slots.push({ id: reminderJobId(agreement.id, deadline, slot, date), date, dueAt, slot });
  }
  const overdue = nextOverdueDate(deadline, now);
  slots.push({ id: reminderJobId(agreement.id, deadline, 'overdue', overdue), date: overdue, dueAt: instantAt(overdue, REMINDER_TIME), slot: 'overdue' });
  return slots;
}

/** The ISO week of a Danish date, as in job ids: `2026-W48`. */
export function isoWeekOf(date: string): string {
  const d = DateTime.fromISO(date, { zone: ZONE });
  return `${d.weekYear}-W${String(d.weekNumber).padStart(2, '0')}`;
}

/** The Monday of the ISO week a date is in. */
export function mondayOf(date: string): string {
  const d = DateTime.fromISO(date, { zone: ZONE });
  return d.minus({ days: d.weekday - 1 }).toISODate()!;
}

/** The weekly digest job of one ISO week: one id per week, so a week's digest is sent once. */
export const digestJobId = (week: string): string => `weeklyDigest:${week}`;

/**
 * The day a week's digest goes out: its Monday, or the first working day after when that Monday
 * is a holiday (2. påskedag, 2. pinsedag). After, not before as reminders move: moved back it
 * would land in the week before and speak of "this week" too early.
 */
export function digestDayOfWeek(monday: string): string {
  return workingDayOnOrAfter(monday);
}

/** The next digest: this week's digest day 08:00 if it is still to come, else next week's. */
export function nextDigestSlot(clock: Clock): { id: string; week: string; date: string; dueAt: Date } {
  let date = digestDayOfWeek(mondayOf(todayIn(clock)));
  if (instantAt(date, DIGEST_TIME).getTime() < clock.now().getTime()) date = digestDayOfWeek(addDays(mondayOf(date), 7));
  const week = isoWeekOf(date);
  return { id: digestJobId(week), week, date, dueAt: instantAt(date, DIGEST_TIME) };
}
