import { DateTime } from 'luxon';
import { ZONE } from './time.ts';

export const LANGUAGES = ['da', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export type { Bilingual } from './labels.ts';
export { formatDaysLeft } from './text.ts';

const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Formats a `yyyy-mm-dd` date: 28-11-2023 in Danish, 28/11/2023 in English. */
export function formatDate(date: string, lang: Language = 'da'): string {
  // A plain date is only rearranged: luxon's zone arithmetic cost ~0.1 ms a call (warm), and every
  // card with a meeting heading (each evaluation answer's reply) formats one.
  const plain = PLAIN_DATE.exec(date);
  if (plain && DateTime.fromObject({ year: +plain[1]!, month: +plain[2]!, day: +plain[3]! }).isValid) {
    return lang === 'da' ? `${plain[3]}-${plain[2]}-${plain[1]}` : `${plain[3]}/${plain[2]}/${plain[1]}`;
  }
  const d = DateTime.fromISO(date, { zone: ZONE });
  return lang === 'da' ? d.toFormat('dd-MM-yyyy') : d.toFormat('dd/MM/yyyy');
}

/** Formats a date in words: "28. november 2023" / "28 November 2023". */
export function formatLongDate(date: string, lang: Language = 'da'): string {
  const d = DateTime.fromISO(date, { zone: ZONE }).setLocale(lang === 'da' ? 'da' : 'en-GB');
  return lang === 'da' ? d.toFormat('d. MMMM yyyy') : d.toFormat('d MMMM yyyy');
}

/** Formats an amount with Danish decimals: 4,70. */
export function formatNumber(value: number, lang: Language = 'da', decimals = 2): string {
  return new Intl.NumberFormat(lang === 'da' ? 'da-DK' : 'en-GB', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(value);
}

/** Formats kroner: "4,70 kr." */
export function formatKroner(value: number, lang: Language = 'da'): string {
  return lang === 'da' ? `${formatNumber(value, lang)} kr.` : `DKK ${formatNumber(value, lang)}`;
}
