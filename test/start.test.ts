import { afterAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startCommand, startTs } from './support/processes.ts';

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

/** `npm start` as App Service and process managers stop it: SIGTERM to the npm process itself. */
describe('npm start', () => {
  let dataDir: string;
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('stops on SIGTERM to the npm process: the port is freed and what was written is kept', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'kombit-npm-start-'));
    const env = { PORT: '0', PLAYGROUND: 'false', DATA_DIR: dataDir, DEMO_DATA: 'false' };
    const npm = startCommand('npm', ['start'], env);
    const [, baseUrl] = await npm.waitForLine(/Sundhedstjek:\s+(http:\/\/127\.0\.0\.1:\d+)\/healthz/);
    const meeting = { date: '2026-11-23', title: 'Programledermøde november 2026', agenda: [{ time: '10:00', title: 'Velkomst', presenter: 'KOMBIT' }] };
    const created = await fetch(`${baseUrl}/api/meetings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(meeting) });
    expect(created.status).toBe(201);

    expect(await npm.kill('SIGTERM')).toBe(0);
    // Nothing listens any more: the app went down with npm instead of being left serving.
    await expect(fetch(`${baseUrl}/healthz`)).rejects.toThrow();
    expect(npm.lines.join('\n')).toContain('stopped cleanly');

    const again = startTs('bot/index.ts', env);
    try {
      const [, url] = await again.waitForLine(/Sundhedstjek:\s+(http:\/\/127\.0\.0\.1:\d+)\/healthz/);
      const kept = await fetch(`${url}/api/meetings/pl-2026-11-23`);
      expect(kept.status).toBe(200);
      expect((await kept.json()).meeting.title).toBe('Programledermøde november 2026');
    } finally {
      await again.kill('SIGTERM');
    }
  }, 90_000);
});
