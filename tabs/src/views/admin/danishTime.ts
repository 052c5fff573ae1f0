import { formatDate, type Lang } from '../../format.ts';

/**
 * Danish wall-clock time in the browser, whatever the computer's own time zone: KOMBIT means
 * Danish time when it types a time of day. Built on Intl (no luxon: the server's helpers in
 * bot/domain/time.ts would pull it into the tab).
 */
const ZONE = 'Europe/Copenhagen';

const wallClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** The Copenhagen calendar fields of an instant. */
function fieldsAt(instant: Date): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number> {
  const parts = Object.fromEntries(wallClock.formatToParts(instant).map((p) => [p.type, p.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second) };
}

/** How many milliseconds Copenhagen is ahead of UTC at `instant` (one or two hours). */
function offsetAt(instant: number): number {
  const f = fieldsAt(new Date(instant));
  return Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a Danish wall-clock time occurs: `2024-04-24T12:30` (a datetime-local input's value)
 * → 10:30 UTC (summer time). Undefined when the text is not such a time.
 */
export function danishTimeToInstant(local: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  if (Number.isNaN(wall)) return undefined;
  // The offset is read at a first guess, then again at the instant it gives: near a change to or
  // from summer time the two differ, and the second is the one in force at that wall time.
  const guess = wall - offsetAt(wall);
  return new Date(wall - offsetAt(guess));
}

/** An instant as Danish time of day: "24-04-2024 kl. 12:30" (Danish) or "24/04/2024 12:30" (English). */
export function formatDanishTime(instant: Date | string, lang: Lang): string {
  const f = fieldsAt(new Date(instant));
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = formatDate(`${f.year}-${pad(f.month)}-${pad(f.day)}`, lang);
  const time = `${pad(f.hour)}:${pad(f.minute)}`;
  return lang === 'da' ? `${date} kl. ${time}` : `${date} ${time}`;
}
