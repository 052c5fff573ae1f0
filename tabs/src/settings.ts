import type { Lang } from './format.ts';
import type { ThemeName } from './teams.ts';

export const VIEWS = ['portfolio', 'klik', 'agreements', 'evaluations', 'meeting', 'admin'] as const;
export type View = (typeof VIEWS)[number];

/**
 * Settings from the URL: `?view=`, `?theme=dark|contrast`, `?lang=en`, `?present=1` (Mødevisning
 * without the app's menu, for a shared screen); the tests and the configurable tab use them.
 */
export interface InitialSettings {
  readonly view?: View;
  readonly present?: boolean;
  readonly theme?: ThemeName;
  readonly lang?: Lang;
}

/** Reads the settings the page's query string gives; unknown values are left out. */
export function initialSettings(search: string): InitialSettings {
  const q = new URLSearchParams(search);
  const view = q.get('view') as View | null;
  const theme = q.get('theme');
  const lang = q.get('lang');
  return {
    ...(view && VIEWS.includes(view) ? { view } : {}),
    ...(q.get('present') === '1' || q.get('present') === 'true' ? { present: true } : {}),
    ...(theme === 'dark' || theme === 'contrast' || theme === 'default' ? { theme } : theme === 'light' ? { theme: 'default' as const } : {}),
    ...(lang === 'en' || lang === 'da' ? { lang } : {}),
  };
}

/** A view by its name (a deep link's `subEntityId`), if it is one. */
export function viewNamed(name: string | undefined): View | undefined {
  return VIEWS.find((v) => v === name);
}

/** Teams' locale decides the language: English for en-*, else Danish. */
export function languageOf(locale: string | undefined): Lang {
  return locale?.toLowerCase().startsWith('en') ? 'en' : 'da';
}
