import { afterAll, describe, expect, it } from 'vitest';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { pino } from 'pino';
import { launchPlayground } from '../bot/local/playground.ts';
import { startTs } from './support/processes.ts';

/** The PATH of this machine without the folders that hold a browser opener: a headless host. */
function pathWithoutOpener(): string {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((dir) => {
      try {
        accessSync(path.join(dir, 'xdg-open'), constants.X_OK);
        return false;
      } catch {
        return true;
      }
    })
    .join(path.delimiter);
}

/** Playground start on a host without xdg-open (a dev container, Codespaces, WSL without xdg-utils, a server). */
describe('the Agents Playground on a host without a browser opener', () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('npm start keeps the Playground up, prints its address, and it still answers 10 s later', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kombit-headless-'));
    dirs.push(dataDir);
    const app = startTs('bot/index.ts', { PORT: '0', PLAYGROUND: 'true', PLAYGROUND_PORT: '0', DEMO_DATA: 'false', DATA_DIR: dataDir, PATH: pathWithoutOpener(), DISPLAY: ':0' });
    try {
      const [, url, hint] = await app.waitForLine(/Agents Playground:\s+(http:\/\/127\.0\.0\.1:\d+)\s+\((.*)\)/);
      expect(hint).toBe('åbn adressen i en browser og chat med botten');
      // The crash came right after "Listening"; watch for as long as the issue asks.
      await delay(10_000);
      expect(app.process.exitCode).toBeNull();
      expect(app.lines.join('\n')).not.toContain('Agents Playground stopped');
      const page = await fetch(url!);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<html/i);
    } finally {
      expect(await app.kill('SIGTERM')).toBe(0);
    }
  }, 60_000);

  it('survives an opener that cannot start, even when asked to open a browser', async () => {
    const warnings: string[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line).msg as string) });
    const savedPath = process.env.PATH;
    process.env.PATH = pathWithoutOpener();
    const playground = await launchPlayground('http://127.0.0.1:9/api/messages', { port: 0, openBrowser: true }, log).finally(() => {
      process.env.PATH = savedPath;
    });
    try {
      await expect.poll(() => warnings.join('\n'), { timeout: 15_000 }).toMatch(/Kunne ikke åbne en browser/);
      expect((await fetch(playground.url)).status).toBe(200);
    } finally {
      await playground.stop();
    }
  }, 60_000);
});
