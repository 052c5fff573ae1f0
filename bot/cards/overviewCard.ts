import type { AdaptiveCard } from '../conversation/turn.ts';
import type { Language } from '../domain/language.ts';
import { CardTemplate, renderCard } from './render.ts';
import { t } from './strings.ts';

const OVERVIEW_TEMPLATE = new CardTemplate(new URL('./overviewCard.json', import.meta.url));

/** One line of an overview section: text, a detail line and a badge (e.g. "om 5 dage"). */
export interface OverviewItem {
  readonly text: string;
  readonly detail: string;
  readonly badge: string;
  readonly badgeColor: 'Default' | 'Good' | 'Warning' | 'Attention';
}

/** A titled list in an overview card; `more` says how many were left out. */
export interface OverviewSection {
  readonly heading: string;
  readonly color: 'Default' | 'Warning' | 'Attention';
  readonly items: readonly OverviewItem[];
  readonly more: string;
}

/** The channel summary of a reminder day and the weekly digest share one card layout. */
export function overviewCard(data: { heading?: string; title: string; subtitle?: string; sections: readonly OverviewSection[]; meetingHeading?: string; meeting?: string; footer?: string }): AdaptiveCard {
  return renderCard(OVERVIEW_TEMPLATE, {
    heading: data.heading ?? '',
    title: data.title,
    subtitle: data.subtitle ?? '',
    sections: data.sections.filter((s) => s.items.length > 0),
    meetingHeading: data.meetingHeading ?? '',
    meeting: data.meeting ?? '',
    footer: data.footer ?? '',
    tabUrl: '',
    openTab: '',
  });
}

/** Caps a section at `max` items and says how many more there are and which command lists them all. */
export function section(heading: string, color: OverviewSection['color'], items: readonly OverviewItem[], lang: Language, command: { da: string; en: string }, max = 6): OverviewSection {
  const rest = items.length - max;
  return {
    heading,
    color,
    items: items.slice(0, max),
    more: rest > 0 ? t(lang, `… og ${rest} flere. Skriv "${command.da}" til mig for at se dem alle.`, `… and ${rest} more. Type "${command.en}" to me to see them all.`) : '',
  };
}
