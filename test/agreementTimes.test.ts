import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../bot/domain/time.ts';
import { isoWeekOf, mondayAfter, nextDigestSlot, nextOverdueDate, nextWeeksOverdueDate, reminderSlots } from '../bot/agreements/reminderTimes.ts';
import { danishDaysOff, easterSunday, isWorkingDay } from '../bot/domain/danishCalendar.ts';
import type { Agreement } from '../bot/domain/agreement.ts';
import { openTestRepositories } from './support/storage.ts';
import type { Storage } from '../bot/storage/storage.ts';
import type { Repositories } from '../bot/storage/repositories.ts';

const agreement = (fields: Partial<Agreement>): Agreement => ({
  id: 'agr-1', solutionId: 'gateway', kind: 'connection', title: 'T', recipients: [], signingChannel: 'addo', deadline: '2027-04-01',
  showMissingList: false, closed: false, createdAt: '', updatedAt: '', ...fields,
});

describe('reminder times', () => {
  it('puts every reminder at 09:00 Danish time, whatever the UTC offset that day', () => {
    const slots = reminderSlots(agreement({}), new Date('2027-03-01T00:00:00Z'));
    expect(slots.map((s) => [s.slot, s.date, s.dueAt.toISOString()])).toEqual([
      ['14', '2027-03-18', '2027-03-18T08:00:00.000Z'],
      ['7', '2027-03-24', '2027-03-24T08:00:00.000Z'], // 25-03-2027 is skærtorsdag: the working day before
      ['1', '2027-03-31', '2027-03-31T07:00:00.000Z'],
      ['0', '2027-04-01', '2027-04-01T07:00:00.000Z'],
      ['overdue', '2027-04-05', '2027-04-05T07:00:00.000Z'],
    ]);
  });

  it('leaves out days already past and days before the agreement is sent; none for "hurtigst muligt" or closed', () => {
    expect(reminderSlots(agreement({}), new Date('2027-03-25T08:00:01Z')).map((s) => s.slot)).toEqual(['1', '0', 'overdue']);
    expect(reminderSlots(agreement({ sentDate: '2027-03-28' }), new Date('2027-03-01T00:00:00Z')).map((s) => s.slot)).toEqual(['1', '0', 'overdue']);
    expect(reminderSlots(agreement({ deadline: null }), new Date('2027-03-01T00:00:00Z'))).toEqual([]);
    expect(reminderSlots(agreement({ closed: true }), new Date('2027-03-01T00:00:00Z'))).toEqual([]);
  });

  it('chases overdue agreements on the Mondays after the deadline', () => {
    expect(mondayAfter('2027-04-04')).toBe('2027-04-05'); // a Sunday deadline: the next day
    expect(mondayAfter('2027-04-05')).toBe('2027-04-12'); // a Monday deadline: a week later
    expect(nextOverdueDate('2023-04-28', new Date('2026-11-23T07:59:00Z'))).toBe('2026-11-23'); // before 09:00 that Monday
    expect(nextOverdueDate('2023-04-28', new Date('2026-11-23T08:00:01Z'))).toBe('2026-11-30');
    expect(nextOverdueDate('2023-04-28', new Date('2026-11-25T12:00:00Z'))).toBe('2026-11-30');
  });

  it('names digest weeks by ISO week, across the turn of the year, at 08:00 Danish time', () => {
    expect(isoWeekOf('2026-11-23')).toBe('2026-W48');
    expect(isoWeekOf('2026-12-28')).toBe('2026-W53');
    expect(isoWeekOf('2027-01-04')).toBe('2027-W01');
    expect(nextDigestSlot(new ManualClock('2026-11-23T06:59:00Z'))).toMatchObject({ id: 'weeklyDigest:2026-W48', date: '2026-11-23' });
    expect(nextDigestSlot(new ManualClock('2026-11-23T07:00:01Z'))).toMatchObject({ id: 'weeklyDigest:2026-W49', date: '2026-11-30' });
    // Summer time, and Monday 29-03-2027 is 2. påskedag: the week's digest comes Tuesday.
    expect(nextDigestSlot(new ManualClock('2027-03-28T12:00:00Z'))).toMatchObject({ id: 'weeklyDigest:2027-W13', date: '2027-03-30', dueAt: new Date('2027-03-30T06:00:00.000Z') });
  });
});

describe('jobs by id prefix', () => {
  let storage: Storage;
  let repos: Repositories;
  beforeAll(async () => ({ storage, repos } = await openTestRepositories()));
  afterAll(() => storage.close());

  it('reads exactly the jobs whose id starts with the prefix', async () => {
    for (const id of ['agreementReminder:agr-1:2027-04-01:14', 'agreementReminder:agr-1:2027-04-01:overdue-2027-04-05', 'agreementReminder:agr-10:2027-04-01:14', 'agreementReminder:agr-1', 'agreementSend:agr-1']) {
      await repos.jobs.insert({ id, kind: 'k', dueAt: '2027-01-01T00:00:00.000Z', payload: {}, state: 'scheduled', attempts: 0 });
    }
    expect((await repos.jobs.listByPrefix('agreementReminder:agr-1:')).map((j) => j.value.id).sort()).toEqual(['agreementReminder:agr-1:2027-04-01:14', 'agreementReminder:agr-1:2027-04-01:overdue-2027-04-05']);
  });
});

describe('reminders on Danish working days', () => {
  it('knows Easter and the days off that follow from it', () => {
    expect(['2024', '2025', '2026', '2027'].map((y) => easterSunday(Number(y)))).toEqual(['2024-03-31', '2025-04-20', '2026-04-05', '2027-03-28']);
    expect([...danishDaysOff(2026).entries()].filter(([d]) => d.startsWith('2026-05'))).toEqual([['2026-05-14', 'Kristi himmelfartsdag'], ['2026-05-24', 'Pinsedag'], ['2026-05-25', '2. pinsedag']]);
    expect(danishDaysOff(2023).get('2023-05-05')).toBe('Store bededag');
    expect([...danishDaysOff(2024).values()]).not.toContain('Store bededag');
    expect(['2026-12-24', '2026-12-31', '2026-06-05', '2027-01-01', '2026-11-28', '2026-11-29'].filter(isWorkingDay)).toEqual([]);
    expect(isWorkingDay('2026-11-30')).toBe(true);
  });

  it('moves a reminder from a Saturday, Sunday or holiday to the working day before, once per day', () => {
    // A deadline on Sunday 10-03-2024 was pinged on Saturday and Sunday at 09:00.
    const sunday = reminderSlots(agreement({ deadline: '2024-03-10' }), new Date('2024-02-01T00:00:00Z'));
    expect(sunday.map((s) => [s.slot, s.date])).toEqual([['14', '2024-02-23'], ['7', '2024-03-01'], ['1', '2024-03-08'], ['overdue', '2024-03-11']]);
    expect(sunday.every((s) => isWorkingDay(s.date))).toBe(true);
    // Christmas: D-0 on 2. juledag (Saturday 26-12-2026) and D-1 on juledag go out on 23-12.
    const christmas = reminderSlots(agreement({ deadline: '2026-12-26' }), new Date('2026-12-01T00:00:00Z'));
    expect(christmas.map((s) => [s.slot, s.date])).toEqual([['14', '2026-12-11'], ['7', '2026-12-18'], ['1', '2026-12-23'], ['overdue', '2026-12-28']]);
  });

  it('chases overdue agreements on the Tuesday when the Monday is a holiday, then Mondays again', () => {
    // 2. påskedag 06-04-2026 and 2. pinsedag 25-05-2026.
    expect(nextOverdueDate('2026-04-01', new Date('2026-04-02T00:00:00Z'))).toBe('2026-04-07');
    expect(nextWeeksOverdueDate('2026-04-07')).toBe('2026-04-13');
    expect(nextWeeksOverdueDate('2026-05-18')).toBe('2026-05-26');
    expect(nextOverdueDate('2026-05-20', new Date('2026-05-25T12:00:00Z'))).toBe('2026-05-26');
  });
});
