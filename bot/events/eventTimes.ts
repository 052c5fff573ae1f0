import { DateTime } from 'luxon';
import { ZONE } from '../domain/time.ts';
import { formatDate } from '../domain/language.ts';

/** The Danish wall-clock time of an instant, "09:30", whatever the server's zone. */
export function clockTime(instant: string): string {
  return DateTime.fromISO(instant, { zone: ZONE }).toFormat('HH:mm');
}

/** "19-09-2026 kl. 09:30–15:30", or with both days when it runs over more than one. */
export function eventPeriod(startsAt: string, endsAt: string): string {
  const sameDay = formatDate(startsAt) === formatDate(endsAt);
  return sameDay ? `${formatDate(startsAt)} kl. ${clockTime(startsAt)}–${clockTime(endsAt)}` : `${formatDate(startsAt)} kl. ${clockTime(startsAt)} – ${formatDate(endsAt)} kl. ${clockTime(endsAt)}`;
}
