import { DateTime } from 'luxon';
import { z } from 'zod';

/** Every date and deadline in the app is reckoned in Danish time. */
export const ZONE = 'Europe/Copenhagen';

/** The source of "now"; tests and the demo pass their own. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that tests move by hand. */
export class ManualClock implements Clock {
  private current: Date;
  constructor(start: Date | string) {
    this.current = new Date(start);
  }
  now(): Date {
    return new Date(this.current);
  }
  set(to: Date | string): void {
    this.current = new Date(to);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/**
 * A date as a Dane types it ("31-03-2026", "1.4.2026") in `yyyy-mm-dd`, unchecked; any other text
 * unchanged. Whether the day exists is left to {@link isoDate}, so "31-02-2026" is named as a wrong
 * date rather than as a wrong format.
 */
export function isoFromDanish(text: string): string {
  const danish = /^(\d{1,2})[-.](\d{1,2})[-.](\d{4})$/.exec(text.trim());
  if (!danish) return text;
  const [, d, m, y] = danish as unknown as [string, string, string, string];
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

/**
 * A calendar date (no time of day), stored as `yyyy-mm-dd` and validated as a real date. The API
 * takes `yyyy-mm-dd` and, as the Administration forms send what the person typed, `dd-mm-åååå`.
 */
export const isoDate = z.preprocess(
  (value) => (typeof value === 'string' ? isoFromDanish(value) : value),
  z
    .string({ error: 'skal være en dato (dd-mm-åååå)' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'skal være en dato på formen dd-mm-åååå, fx 31-03-2026', abort: true })
    .refine((s) => DateTime.fromISO(s, { zone: ZONE }).isValid, { error: 'er ikke en gyldig dato' }),
);

const DANISH_TIME = /^(\d{1,2})[-.](\d{1,2})[-.](\d{4})(?:\s*kl\.?\s*|\s+)(\d{1,2})[:.](\d{2})$/i;
const ISO_INSTANT = z.iso.datetime({ offset: true });
const INSTANT_FORMAT = 'skal være et tidspunkt på formen dd-mm-åååå tt:mm (dansk tid), fx 24-04-2026 12:30';

/**
 * A moment: as a Dane types it, a Danish wall-clock time ("24-04-2026 12:30", "24.4.2026 kl.
 * 12.30"), read in Danish time whatever the computer's zone, and stored as ISO 8601 with the
 * offset in force then; or ISO 8601 with an offset as it is (API clients). A day or time that does
 * not exist ("31-02-2026 12:00", "24-04-2026 25:00") is named as such.
 */
export const instant = z.string({ error: INSTANT_FORMAT }).transform((text, ctx) => {
  const trimmed = text.trim();
  const danish = DANISH_TIME.exec(trimmed);
  if (danish) {
    const [day, month, year, hour, minute] = danish.slice(1).map(Number) as [number, number, number, number, number];
    const at = DateTime.fromObject({ year, month, day, hour, minute }, { zone: ZONE });
    if (at.isValid && at.day === day) return at.toISO()!;
    ctx.addIssue({ code: 'custom', message: 'er ikke en dato og et klokkeslæt, der findes' });
    return z.NEVER;
  }
  if (ISO_INSTANT.safeParse(trimmed).success) return trimmed;
  ctx.addIssue({ code: 'custom', message: INSTANT_FORMAT });
  return z.NEVER;
});

/** The Copenhagen day last asked for, with the instants it spans, so asking again within it costs no time-zone lookup. */
let lastDay: { date: string; from: number; to: number } | undefined;

/** Today's date in Copenhagen as `yyyy-mm-dd`. */
export function todayIn(clock: Clock): string {
  const now = clock.now().getTime();
  // Lists and cards ask this once per item; a time-zone conversion each time was a hot spot in a burst of chat.
  if (lastDay && now >= lastDay.from && now < lastDay.to) return lastDay.date;
  const local = DateTime.fromMillis(now, { zone: ZONE });
  const start = local.startOf('day');
  lastDay = { date: local.toISODate()!, from: start.toMillis(), to: start.plus({ days: 1 }).toMillis() };
  return lastDay.date;
}

/** The Copenhagen calendar date of an instant (ISO string), as `yyyy-mm-dd`: 00:46 Danish time is that day, not the UTC day before. */
export function danishDateOf(instant: string): string {
  return DateTime.fromISO(instant, { zone: ZONE }).toISODate()!;
}

/** Days from one calendar date to another; calendar arithmetic, so no time zone (or daylight saving) is involved. */
function daysBetween(from: string, to: string): number {
  const utc = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
  return Math.round((utc(to) - utc(from)) / 86_400_000);
}

/** Whole calendar days from today (Copenhagen) to `date`; negative when it has passed. */
export function daysUntil(date: string, clock: Clock): number {
  return daysBetween(todayIn(clock), date);
}

/** Adds whole days to a calendar date. */
export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: ZONE }).plus({ days }).toISODate()!;
}

/** The instant a Copenhagen wall-clock time occurs, e.g. `instantAt('2024-03-31', '08:00')`. */
export function instantAt(date: string, time: string): Date {
  return DateTime.fromISO(`${date}T${time}`, { zone: ZONE }).toJSDate();
}
