import { teamsLightTheme, type Theme } from '@fluentui/react-components';
import type { ThemeName } from './teams.ts';

/**
 * Fluent's Teams themes. The light one is in the first bundle; the dark and high-contrast ones
 * (about 5 KB gzipped of tokens) load only when asked for, by `?theme=` or by Teams.
 */
const loaded: Partial<Record<ThemeName, Theme>> = { default: teamsLightTheme };

/** The theme if it is loaded (always the light one), else undefined. */
export function loadedTheme(name: ThemeName): Theme | undefined {
  return loaded[name];
}

/** Loads the theme's tokens if they are not yet loaded. */
export async function loadTheme(name: ThemeName): Promise<void> {
  if (loaded[name]) return;
  const { otherThemes } = await import('./otherThemes.ts');
  Object.assign(loaded, otherThemes);
}
