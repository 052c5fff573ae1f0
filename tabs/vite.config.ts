import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * The tab: two pages (the tab and the configurable tab's setup page), built to `dist/tab` and
 * served by the bot's server at `/tab/`. Views other than the portfolio are split into their own
 * chunks; chart.js only loads with the Evalueringer view, teams-js only inside Teams.
 */
export default defineConfig({
  root: here('.'),
  base: '/tab/',
  publicDir: false,
  plugins: [react()],
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
