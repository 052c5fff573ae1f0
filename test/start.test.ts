import { afterAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startTs } from './support/processes.ts';

/** The real entry file, as `npm start` runs it: embedded storage on disk, demo data, no Playground. */
describe('starting the app', () => {
  let dataDir: string;
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('is healthy with demo data, prints the addresses, stops cleanly on SIGTERM and keeps its data', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'kombit-start-'));
    const env = { PORT: '0', PLAYGROUND: 'false', DATA_DIR: dataDir };
    const first = startTs('bot/index.ts', env);
    const [, baseUrl] = await first.waitForLine(/Sundhedstjek:\s+(http:\/\/127\.0\.0\.1:\d+)\/healthz/);
    expect(first.lines.join('\n')).toContain(`Fanen (portefølje): ${baseUrl}/tab/`);
    const health = await fetch(`${baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const portfolio = await (await fetch(`${baseUrl}/api/portfolio`)).json();
    expect(portfolio.solutions.length).toBeGreaterThanOrEqual(20);
    expect(portfolio.tasks.some((t: { daysLeft: number }) => t.daysLeft >= 0 && t.daysLeft <= 30)).toBe(true);
    expect(await first.kill('SIGTERM')).toBe(0);
    expect(first.lines.join('\n')).toContain('stopped cleanly');

    const second = startTs('bot/index.ts', env);
    const [, again] = await second.waitForLine(/Sundhedstjek:\s+(http:\/\/127\.0\.0\.1:\d+)\/healthz/);
    try {
      expect(second.lines.join('\n')).not.toContain('demo data loaded');
      const after = await (await fetch(`${again}/api/portfolio`)).json();
      expect(after.solutions.length).toBe(portfolio.solutions.length);
    } finally {
      await second.kill('SIGTERM');
    }
  }, 60_000);

  it('stops with a message naming LOG_LEVEL when its value is wrong', async () => {
    const child = startTs('bot/index.ts', { PORT: '0', PLAYGROUND: 'false', DEMO_DATA: 'false', LOG_LEVEL: 'bogus' });
    const line = (await child.waitForLine(/could not start/)).input;
    expect(line).toContain('LOG_LEVEL');
    expect(await child.kill('SIGTERM')).toBe(1);
    expect(child.lines.join('\n')).not.toContain('Sundhedstjek');
  });
});
