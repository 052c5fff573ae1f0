/**
 * Danish (default) and English formatting of the app's dates and numbers: one module for the bot's
 * cards and the tab, free of dependencies so the tab bundles it without luxon.
 */
export type Lang = 'da' | 'en';

const MONTHS: Record<Lang, string[]> = {
  da: ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;
let copenhagenDay: Intl.DateTimeFormat | undefined;

/** The date part of a `yyyy-mm-dd` date, or the Danish calendar day of an instant (00:46 Danish time is the next day in UTC's eyes too). */
const parts = (iso: string) => {
  if (!PLAIN_DATE.test(iso) && !Number.isNaN(Date.parse(iso))) {
    copenhagenDay ??= new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' });
    const of = Object.fromEntries(copenhagenDay.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
    return { y: of.year ?? '', m: of.month ?? '', d: of.day ?? '' };
  }
  const [y, m, d] = iso.slice(0, 10).split('-');
  return { y: y ?? '', m: m ?? '', d: d ?? '' };
};

/** `2023-11-28` → 28-11-2023 (Danish) or 28/11/2023 (English); an instant is shown on its Danish calendar day. */
export function formatDate(iso: string, lang: Lang = 'da'): string {
  const { y, m, d } = parts(iso);
  return lang === 'da' ? `${d}-${m}-${y}` : `${d}/${m}/${y}`;
}

/** `2023-11-28` → "28. november 2023" / "28 November 2023". */
export function formatLongDate(iso: string, lang: Lang = 'da'): string {
  const { y, m, d } = parts(iso);
  const month = MONTHS[lang][Number(m) - 1] ?? m;
  return lang === 'da' ? `${Number(d)}. ${month} ${y}` : `${Number(d)} ${month} ${y}`;
}

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(lang: Lang, decimals: number, style: 'decimal' | 'percent' = 'decimal'): Intl.NumberFormat {
  const key = `${lang}:${decimals}:${style}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'da' ? 'da-DK' : 'en-GB', { style, minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    numberFormats.set(key, f);
  }
  return f;
}

/**
 * `value` with exactly `decimals` decimals and grouped thousands, as `Intl.NumberFormat` writes it
 * for da-DK / en-GB (it rounds the shortest decimal form of the number half away from zero), or
 * undefined where that takes more than this (negative, very large or very small numbers). Made by
 * hand because the browser's first `Intl.NumberFormat` loads its locale data: ~25 ms of the
 * portfolio's first render, which shows a driftsbidrag in every row.
 */
function plainDecimal(value: number, lang: Lang, decimals: number): string | undefined {
  const shortest = String(value);
  if (!(value >= 0) || !/^\d+(\.\d+)?$/.test(shortest) || shortest.length > 15) return undefined;
  const [whole = '0', fraction = ''] = shortest.split('.');
  let digits = whole + fraction.slice(0, decimals).padEnd(decimals, '0');
  if ((fraction[decimals] ?? '0') >= '5') digits = String(BigInt(digits) + 1n).padStart(digits.length, '0');
  const int = digits.slice(0, digits.length - decimals) || '0';
  const grouped = int.replace(/\B(?=(\d{3})+$)/g, lang === 'da' ? '.' : ',');
  return decimals ? `${grouped}${lang === 'da' ? ',' : '.'}${digits.slice(-decimals)}` : grouped;
}

/** 4.7 → "4,70" (Danish) / "4.70". */
export function formatNumber(value: number, lang: Lang = 'da', decimals = 2): string {
  return plainDecimal(value, lang, decimals) ?? numberFormat(lang, decimals).format(value);
}

/** 0.36 → "36 %" (Danish) / "36%". */
export function formatPercent(value: number, lang: Lang): string {
  return numberFormat(lang, 0, 'percent').format(value);
}

/** 4.7 → "4,70 kr." / "DKK 4.70". */
export function formatKroner(value: number, lang: Lang = 'da'): string {
  return lang === 'da' ? `${formatNumber(value, lang)} kr.` : `DKK ${formatNumber(value, lang)}`;
}

/** The time of day in Copenhagen, "10:42:13". */
export function formatClock(date: Date, lang: Lang): string {
  return date.toLocaleTimeString(lang === 'da' ? 'da-DK' : 'en-GB', { timeZone: 'Europe/Copenhagen', hour: '2-digit', minute: '2-digit', second: '2-digit' }).replace(/\./g, ':');
}

/** A driftsbidrag as amount and basis without repeating "kr.": 4,70 kr. + "pr. indbygger" (the basis is KL's Danish text). */
export function formatCost(cost: { amount: number; basis: string }, lang: Lang): { amount: string; basis: string } {
  return { amount: formatKroner(cost.amount, lang), basis: cost.basis.replace(/^kr\.?\s+/i, '') };
}
