import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts'],
    // Builds the tab once (only when its sources changed): the server serves it at /tab/.
    globalSetup: ['test/tab.globalSetup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file starts its own Azurite and servers on free ports, so files can run in parallel.
    fileParallelism: true,
  },
});
