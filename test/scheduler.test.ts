import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { openTestRepositories, testLog } from './support/storage.ts';
import { z } from 'zod';
import { Scheduler } from '../bot/scheduling/scheduler.ts';
import { jobKind } from '../bot/capability.ts';
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
    for (const s of [a, b]) s.register(jobKind('note', z.object({}), async (_payload, job) => void runs.push(job.id)));
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
    scheduler.register(jobKind('refresh', z.object({}), async () => {
      runs++;
      if (runs === 1) await scheduler.scheduleCoalesced({ id: 'refresh:x', kind: 'refresh' }, 3000);
    }));
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

  it('runs a repeatable job again when it reschedules itself while it runs, instead of dropping the request as "already ran"', async () => {
    const clock = new ManualClock('2026-11-23T08:00:00Z');
    const scheduler = new Scheduler(repos.jobs, clock, testLog, 'r');
    const runs: string[] = [];
    // As an import recovery does: finds the import still owned until 08:00:05 and asks to look again then.
    scheduler.register(jobKind('check', z.object({ round: z.number().optional() }), async (_payload, job) => {
      runs.push(clock.now().toISOString());
      if (runs.length === 1) await scheduler.schedule({ id: job.id, kind: 'check', dueAt: new Date('2026-11-23T08:00:05Z'), payload: { round: 2 } }, { repeatable: true });
    }));
    await scheduler.schedule({ id: 'check:import-1', kind: 'check', dueAt: new Date('2026-11-23T08:00:00Z') }, { repeatable: true });
    expect(await scheduler.tick()).toBe(1);
    expect((await repos.jobs.get('check:import-1'))?.value).toMatchObject({ state: 'scheduled', dueAt: '2026-11-23T08:00:05.000Z', payload: { round: 2 }, rerun: false });
    clock.set('2026-11-23T08:00:04Z');
    expect(await scheduler.tick()).toBe(0);
    clock.set('2026-11-23T08:00:05Z');
    expect(await scheduler.tick()).toBe(1);
    expect(runs).toEqual(['2026-11-23T08:00:00.000Z', '2026-11-23T08:00:05.000Z']);
    expect((await repos.jobs.get('check:import-1'))?.value.state).toBe('done');
    // Once done, a repeatable job can be asked for again; an ordinary job that ran stays done (nothing is sent twice).
    await scheduler.schedule({ id: 'check:import-1', kind: 'check', dueAt: new Date('2026-11-23T08:01:00Z') }, { repeatable: true });
    clock.set('2026-11-23T08:01:00Z');
    expect(await scheduler.tick()).toBe(1);
    expect(runs).toHaveLength(3);
    await scheduler.schedule({ id: 'check:import-1', kind: 'check', dueAt: new Date('2026-11-23T08:02:00Z') });
    clock.set('2026-11-23T08:02:00Z');
    expect(await scheduler.tick()).toBe(0);
    expect(runs).toHaveLength(3);
  });

  it('keeps a repeatable job\'s request to run again when the run that asked then fails: it runs at the later of the retry and the time asked for', async () => {
    const clock = new ManualClock('2026-11-23T08:00:00Z');
    const scheduler = new Scheduler(repos.jobs, clock, testLog, 'f');
    let runs = 0;
    scheduler.register(jobKind('flaky', z.object({}), async (_payload, job) => {
      runs++;
      if (runs > 1) return;
      await scheduler.schedule({ id: job.id, kind: 'flaky', dueAt: new Date('2026-11-23T08:00:30Z') }, { repeatable: true });
      throw new Error('storage was away');
    }));
    await scheduler.schedule({ id: 'flaky:1', kind: 'flaky', dueAt: new Date('2026-11-23T08:00:00Z') }, { repeatable: true });
    await scheduler.tick();
    expect((await repos.jobs.get('flaky:1'))?.value).toMatchObject({ state: 'scheduled', dueAt: '2026-11-23T08:00:30.000Z', rerun: false, lastError: 'storage was away' });
    clock.set('2026-11-23T08:00:30Z');
    expect(await scheduler.tick()).toBe(1);
    expect(runs).toBe(2);
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
    knowing.register(jobKind('surveyReminder', z.object({}), async (_payload, job) => void runs.push(job.id)));
    expect(() => knowing.register(jobKind('surveyReminder', z.object({}), async () => undefined))).toThrow(/registered already/);
    expect(await knowing.tick()).toBe(1);
    expect(runs).toEqual(['survey:1']);
  });

  it('parses a job\'s payload with its kind\'s schema: a payload it refuses is logged, counted and not run or retried', async () => {
    const clock = new ManualClock('2026-11-23T08:00:00Z');
    const errors: string[] = [];
    const log = pino({ level: 'error' }, { write: (line: string) => void errors.push(JSON.parse(line).msg as string) });
    const scheduler = new Scheduler(repos.jobs, clock, log, 'parsing');
    const seen: number[] = [];
    scheduler.register(jobKind('countdown', z.object({ days: z.number().int() }), async ({ days }) => void seen.push(days)));
    await scheduler.schedule({ id: 'countdown:good', kind: 'countdown', dueAt: new Date('2026-11-23T07:00:00Z'), payload: { days: 3 } });
    await scheduler.schedule({ id: 'countdown:bad', kind: 'countdown', dueAt: new Date('2026-11-23T07:00:00Z'), payload: { days: 'tre' } });
    await scheduler.tick();
    expect(seen).toEqual([3]);
    expect(scheduler.refusedJobPayloads().get('countdown')).toBe(1);
    expect(errors.some((m) => m.includes('payload refused'))).toBe(true);
    expect((await repos.jobs.get('countdown:bad'))?.value).toMatchObject({ state: 'done', lastError: 'payload refused' });
    clock.set('2026-11-24T08:00:00Z');
    await scheduler.tick();
    expect(seen).toEqual([3]);
  });

  it('runs each kind in its own lane: a backlog of slow card refreshes does not hold up an import\'s recovery', async () => {
    const clock = new ManualClock('2026-11-23T08:00:00Z');
    const scheduler = new Scheduler(repos.jobs, clock, testLog, 'lanes');
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const order: string[] = [];
    scheduler.register(jobKind('slowRefresh', z.object({}), async (_p, job) => {
      await gate;
      order.push(job.id);
    }));
    scheduler.register(jobKind('recovery', z.object({}), async (_p, job) => void order.push(job.id)));
    for (let i = 1; i <= 3; i++) await scheduler.schedule({ id: `slowRefresh:${i}`, kind: 'slowRefresh', dueAt: new Date(`2026-11-23T07:0${i}:00Z`) });
    await scheduler.schedule({ id: 'recovery:1', kind: 'recovery', dueAt: new Date('2026-11-23T07:30:00Z') });
    const tick = scheduler.tick();
    await expect.poll(() => order).toEqual(['recovery:1']);
    open();
    expect(await tick).toBe(4);
    // Within a kind, the order they fell due in.
    expect(order).toEqual(['recovery:1', 'slowRefresh:1', 'slowRefresh:2', 'slowRefresh:3']);
  });
});
