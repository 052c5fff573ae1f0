import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * Writes the address of teams-js's chunk into index.html's inline script (for `__TEAMS_JS__`), so
 * that inside Teams the browser fetches it alongside the first bundle rather than after it.
 */
function teamsJsAddress(): Plugin {
  return {
    name: 'kombit-teams-js-address',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!html.includes('__TEAMS_JS__')) return html;
        const chunk = Object.values(ctx.bundle ?? {}).find((c) => c.type === 'chunk' && c.facadeModuleId?.includes('@microsoft/teams-js'));
        if (!chunk) throw new Error('teams-js has no chunk of its own: index.html cannot preload it');
        return html.replace('__TEAMS_JS__', `/tab/${chunk.fileName}`);
      },
    },
  };
}

/**
 * The tab: two pages (the tab and the configurable tab's setup page), built to `dist/tab` and
 * served by the bot's server at `/tab/`. Views other than the portfolio are split into their own
 * chunks; chart.js only loads with the Evalueringer view, teams-js only inside Teams. The view tabs
 * and the portfolio's filters load just after the first paint (src/later.ts).
 */
export default defineConfig({
  root: here('.'),
  base: '/tab/',
  publicDir: false,
  plugins: [react(), teamsJsAddress()],
  logLevel: 'warn',
  build: {
    outDir: here('../dist/tab'),
    emptyOutDir: true,
    target: 'es2022',
    assetsDir: 'assets',
    reportCompressedSize: false,
    // .vite/manifest.json: which chunks a page loads at once (npm run bench:tab sums them); not served.
    manifest: true,
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      input: { index: here('index.html'), config: here('config.html') },
      output: {
        codeSplitting: {
          groups: [
            {
              // The Fluent controls of the chunk loaded just after the first paint (src/later.ts), in
              // one file: left to itself the bundler cuts them into many small chunks (each a
              // request), as the other views share parts of them. Whole packages the first paint does
              // not use; npm run bench:tab's initial size shows if one of them slips into it.
              name: 'controls',
              test: /node_modules[\\/](tabster|@fluentui[\\/](react-(tabs|button|field|input|select|switch|label|aria|context-selector)|keyboard-keys))[\\/]/,
              includeDependenciesRecursively: false,
            },
          ],
        },
      },
    },
  },
});
