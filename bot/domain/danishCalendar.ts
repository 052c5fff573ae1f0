import { DateTime } from 'luxon';
import { addDays, danishDateOf, instantAt, ZONE } from './time.ts';

/** Easter Sunday of a year in the Gregorian calendar (the anonymous Gregorian algorithm), as `yyyy-mm-dd`. */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const cache = new Map<number, ReadonlyMap<string, string>>();

/**
 * The days a Danish municipality is closed in a year, besides weekends, with their Danish names:
 * the public holidays (helligdage; store bededag until 2023, when it was abolished) and the three
 * days the municipal collective agreements give off (grundlovsdag, juleaftensdag, nytårsaftensdag).
 */
export function danishDaysOff(year: number): ReadonlyMap<string, string> {
  const known = cache.get(year);
  if (known) return known;
  const easter = easterSunday(year);
  const days = new Map<string, string>([
    [`${year}-01-01`, 'Nytårsdag'],
    [addDays(easter, -3), 'Skærtorsdag'],
    [addDays(easter, -2), 'Langfredag'],
    [easter, 'Påskedag'],
    [addDays(easter, 1), '2. påskedag'],
    ...(year <= 2023 ? ([[addDays(easter, 26), 'Store bededag']] as [string, string][]) : []),
    [addDays(easter, 39), 'Kristi himmelfartsdag'],
    [addDays(easter, 49), 'Pinsedag'],
    [addDays(easter, 50), '2. pinsedag'],
    [`${year}-06-05`, 'Grundlovsdag'],
    [`${year}-12-24`, 'Juleaftensdag'],
    [`${year}-12-25`, 'Juledag'],
    [`${year}-12-26`, '2. juledag'],
    [`${year}-12-31`, 'Nytårsaftensdag'],
  ]);
  cache.set(year, days);
  return days;
}

/** Whether a Danish calendar date is a working day: Monday to Friday and not a day off (see {@link danishDaysOff}). */
export function isWorkingDay(date: string): boolean {
  const d = DateTime.fromISO(date, { zone: ZONE });
  return d.weekday <= 5 && !danishDaysOff(d.year).has(date);
}

/** The date itself when it is a working day, else the last working day before it (a reminder due on a Sunday goes out on Friday). */
export function workingDayOnOrBefore(date: string): string {
  let d = date;
  while (!isWorkingDay(d)) d = addDays(d, -1);
  return d;
}

/** The date itself when it is a working day, else the first working day after it. */
export function workingDayOnOrAfter(date: string): string {
  let d = date;
  while (!isWorkingDay(d)) d = addDays(d, 1);
  return d;
}

/**
 * A reminder's instant moved off a weekend or day off: the same Danish wall-clock time on the
 * working day before. Moved no earlier than `notBefore` (a survey's opening, the moment it is
 * scheduled): a reminder before there is anything to remind of would be wrong, so it then stays.
 */
export function reminderInstantOnWorkingDay(at: Date, notBefore?: Date): Date {
  const date = danishDateOf(at.toISOString());
  const moved = workingDayOnOrBefore(date);
  if (moved === date) return at;
  const time = DateTime.fromJSDate(at, { zone: ZONE }).toFormat('HH:mm:ss');
  const instant = instantAt(moved, time);
  return notBefore && instant.getTime() <= notBefore.getTime() ? at : instant;
}
