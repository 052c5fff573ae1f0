import { buildTab } from '../tabs/build.ts';

/**
 * vitest globalSetup (`test/vitest.config.ts`: `globalSetup: ['test/tab.globalSetup.ts']`): builds
 * the tab into dist/tab once before the test files run, and only when its sources changed since
 * the last build, so the server and browser tests serve the current tab.
 */
export async function setup(): Promise<void> {
  const result = await buildTab({ ifStale: true, quiet: true });
  if (result.built) process.stdout.write(`Built the tab for the tests in ${(result.ms / 1000).toFixed(1)} s\n`);
}
