import { formatDate, type Lang } from '../../format.ts';

/**
 * Danish wall-clock time in the browser, whatever the computer's own time zone: a stored moment is
 * shown as the Danish time KOMBIT typed (the server reads what is typed). Built on Intl (no luxon:
 * the server's helpers in bot/domain/time.ts would pull it into the tab).
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

/** An instant as Danish time of day: "24-04-2024 kl. 12:30" (Danish) or "24/04/2024 12:30" (English). */
export function formatDanishTime(instant: Date | string, lang: Lang): string {
  const f = fieldsAt(new Date(instant));
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = formatDate(`${f.year}-${pad(f.month)}-${pad(f.day)}`, lang);
  const time = `${pad(f.hour)}:${pad(f.minute)}`;
  return lang === 'da' ? `${date} kl. ${time}` : `${date} ${time}`;
}
