import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { openTestRepositories, testLog } from './support/storage.ts';
import { Scheduler } from '../bot/notifications/scheduler.ts';
import { ManualClock } from '../bot/domain/time.ts';
import type { Storage } from '../bot/storage/storage.ts';
import type { Repositories } from '../bot/storage/repositories.ts';

let storage: Storage;
let repos: Repositories;
beforeAll(async () => ({ storage, repos } = await openTestRepositories()));
afterAll(() => storage.close());

describe('the scheduler', () => {
  it('runs a due job once even when two instances tick at the same moment', async () => {
    const clock = new ManualClock('2026-11-23T08:00:00Z');
    const runs: string[] = [];
    const a = new Scheduler(repos.jobs, clock, testLog, 'a');
    const b = new Scheduler(repos.jobs, clock, testLog, 'b');
    for (const s of [a, b]) s.register('note', async (job) => void runs.push(job.id));
    await a.schedule({ id: 'note:1', kind: 'note', dueAt: new Date('2026-11-23T09:00:00Z') });
    expect(await a.tick()).toBe(0);
    clock.set('2026-11-23T09:00:01Z');
    await Promise.all([a.tick(), b.tick()]);
    expect(runs).toEqual(['note:1']);
    await a.schedule({ id: 'note:1', kind: 'note', dueAt: new Date('2026-11-23T10:00:00Z') });
    clock.set('2026-11-23T11:00:00Z');
    await Promise.all([a.tick(), b.tick()]);
    expect(runs).toEqual(['note:1']);
  });

  it('runs a coalesced job again when it was asked for while it ran, so the last change is not missed', async () => {
    const clock = new ManualClock('2026-11-23T08:00:00Z');
    const scheduler = new Scheduler(repos.jobs, clock, testLog, 'c');
    let runs = 0;
    scheduler.register('refresh', async () => {
      runs++;
      if (runs === 1) await scheduler.scheduleCoalesced({ id: 'refresh:x', kind: 'refresh' }, 3000);
    });
    await scheduler.scheduleCoalesced({ id: 'refresh:x', kind: 'refresh' }, 3000);
    await scheduler.scheduleCoalesced({ id: 'refresh:x', kind: 'refresh' }, 3000);
    await scheduler.tick();
    expect(runs).toBe(1);
    expect((await repos.jobs.get('refresh:x'))?.value).toMatchObject({ state: 'scheduled', rerun: false, dueAt: '2026-11-23T08:00:03.000Z' });
    clock.set('2026-11-23T08:00:03Z');
    await scheduler.tick();
    expect(runs).toBe(2);
    expect((await repos.jobs.get('refresh:x'))?.value.state).toBe('done');
  });

  it('never skips a job of an unknown kind silently: it is logged once, counted, and left for an instance that knows it', async () => {
    const clock = new ManualClock('2026-11-23T08:00:00Z');
    const errors: string[] = [];
    const log = pino({ level: 'error' }, { write: (line: string) => void errors.push(JSON.parse(line).msg as string) });
    const old = new Scheduler(repos.jobs, clock, log, 'old');
    await old.schedule({ id: 'survey:1', kind: 'surveyReminder', dueAt: new Date('2026-11-23T07:00:00Z') });
    expect(await old.tick()).toBe(0);
    expect(await old.tick()).toBe(0);
    expect(old.unknownJobKinds().get('surveyReminder')).toBe(2);
    expect(errors.filter((m) => m.includes('no handler here runs'))).toHaveLength(1);
    expect((await repos.jobs.get('survey:1'))?.value.state).toBe('scheduled');
    const runs: string[] = [];
    const knowing = new Scheduler(repos.jobs, clock, testLog, 'new');
    knowing.register('surveyReminder', async (job) => void runs.push(job.id));
    expect(() => knowing.register('surveyReminder', async () => undefined)).toThrow(/registered already/);
    expect(await knowing.tick()).toBe(1);
    expect(runs).toEqual(['survey:1']);
  });
});
