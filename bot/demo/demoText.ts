import { DateTime } from 'luxon';
import { addDays } from '../domain/time.ts';

const MONTHS = ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'];

/** How a date reference is written in the text: `{d:2025-11-18}` → "18. november 2025". */
const FORMATS: Record<string, (date: string) => string> = {
  d: (date) => `${Number(date.slice(8, 10))}. ${MONTHS[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`,
  dm: (date) => `${Number(date.slice(8, 10))}. ${MONTHS[Number(date.slice(5, 7)) - 1]}`,
  dd: (date) => `${date.slice(8, 10)}-${date.slice(5, 7)}-${date.slice(0, 4)}`,
  m: (date) => `${MONTHS[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`,
  mon: (date) => MONTHS[Number(date.slice(5, 7)) - 1]!,
  y: (date) => date.slice(0, 4),
  uge: (date) => `uge ${DateTime.fromISO(date).weekNumber}`,
};

const REFERENCE = /\{([a-z]+):(\d{4}-\d{2}-\d{2})\}/g;

/**
 * A demo text with its date references rendered after moving them by `shiftDays`, so a title or
 * description says the same date as the data it sits beside however far the demo is moved.
 * References are `{d:…}` (18. november 2025), `{dm:…}` (18. november), `{dd:…}` (18-11-2025),
 * `{m:…}` (november 2025), `{mon:…}` (november), `{y:…}` (2025) and `{uge:…}` (uge 47); an unknown
 * one stops the seeding, so a typo in the demo data cannot reach a user as braces.
 */
export function renderDemoText(text: string, shiftDays: number): string {
  const rendered = text.replace(REFERENCE, (whole, format: string, date: string) => {
    const write = FORMATS[format];
    if (!write) throw new Error(`demo text has an unknown date reference ${whole}`);
    return write(addDays(date, shiftDays));
  });
  if (/[{}]/.test(rendered)) throw new Error(`demo text has a malformed date reference: ${text}`);
  return rendered;
}
