export const LANGUAGES = ['da', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export type { Bilingual } from './labels.ts';
export { formatDaysLeft } from './text.ts';

export { formatDate, formatLongDate, formatNumber, formatKroner, formatPercent } from './format.ts';
