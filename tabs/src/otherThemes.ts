import { teamsDarkTheme, teamsHighContrastTheme } from '@fluentui/react-components';

// Its own module so that the bundler puts these tokens in a chunk loaded only when needed (themes.ts).
export const otherThemes = { dark: teamsDarkTheme, contrast: teamsHighContrastTheme };
