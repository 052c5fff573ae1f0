import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type RunningApp } from './support/app.ts';
import { startConnectorStandIn, type ConnectorStandIn } from './support/connectorStandIn.ts';
import { cardAction, person, post } from './support/activities.ts';
import { install } from './support/installs.ts';
import { ManualClock } from '../bot/domain/time.ts';
import { newProfile } from '../bot/domain/user.ts';
import { nextDigestSlot } from '../bot/agreements/reminderTimes.ts';

// Friday 1 March 2024, 10:00 in Copenhagen. Sunday 10 March 2024 is the deadline the deck's example names;
// Kristi himmelfartsdag 2024 is Thursday 9 May; 2. pinsedag 2024 is Monday 20 May.
const clock = new ManualClock('2024-03-01T09:00:00Z');
let running: RunningApp;
let connector: ConnectorStandIn;
const bo = person(2, 'Bo Jensen');
const chatOfBo = `a:1personal-${bo.aadObjectId}`;

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${running.baseUrl}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
}

const task = (title: string, deadline: string) => ({ solutionId: 'sygesikring', title, type: 'Obligatorisk', startDate: '2024-03-01', deadline, responsibleRole: 'programleder' });

beforeAll(async () => {
  connector = await startConnectorStandIn({ rateLimits: false });
  running = await startTestApp({ clock, env: { DEV_USER_IS_STAFF: 'false', STAFF_USER_IDS: 'demo-kombit' } });
  const { repos } = running.app;
  await repos.solutions.upsert({ id: 'sygesikring', name: 'Sygesikring', description: '', phase: 'operation', status: 'onTrack', milestones: [] });
  await repos.users.save(newProfile(bo.aadObjectId, { name: bo.name, municipalityCode: '751' }));
  await install(repos, connector.serviceUrl, { person: bo });
  await running.app.startWorkers({ scheduler: false });
});
afterAll(async () => {
  await running.close();
  await connector.close();
});

const remindersToBo = () => connector.sent.filter((c) => c.conversationId === chatOfBo && JSON.stringify(c.activity).includes('Påmindelse om KLIK-opgave'));

describe('a KLIK reminder that falls on a weekend or a holiday goes out on the working day before', () => {
  it('a deadline on Sunday 10-03-2024: one day before (Saturday) and on the day (Sunday) both ping Friday 08-03-2024 at 9', async () => {
    const id = (await api('POST', '/api/klik-tasks', task('Indmeld kontaktperson', '2024-03-10'))).body.task.id;
    const saturday = await post(running.baseUrl, cardAction(connector.serviceUrl, bo, 'klikTaskRemind', { taskId: id, days: 1 }));
    expect(JSON.stringify(saturday.body.value)).toContain('Du får en påmindelse i vores 1:1-chat 08-03-2024 kl. 9 (frist 10-03-2024).');
    expect((await running.app.repos.jobs.get(`klikReminder:${id}:${bo.aadObjectId}`))?.value.dueAt).toBe('2024-03-08T08:00:00.000Z');
    const sunday = await post(running.baseUrl, cardAction(connector.serviceUrl, bo, 'klikTaskRemind', { taskId: id, days: 0 }));
    expect(JSON.stringify(sunday.body.value)).toContain('08-03-2024 kl. 9');

    clock.set('2024-03-08T07:59:00Z');
    await running.app.scheduler.tick();
    expect(remindersToBo()).toHaveLength(0);
    clock.set('2024-03-08T08:00:05Z');
    await running.app.scheduler.tick();
    await connector.waitFor(() => remindersToBo().length === 1, 10_000);
    expect(JSON.stringify(remindersToBo()[0]!.activity)).toContain('Påmindelse: fristen er 10-03-2024 (om 2 dage).');
  });

  it('a reminder on Kristi himmelfartsdag (Thursday 09-05-2024) goes out Wednesday 08-05-2024', async () => {
    const id = (await api('POST', '/api/klik-tasks', task('Test af integration', '2024-05-10'))).body.task.id;
    const res = await post(running.baseUrl, cardAction(connector.serviceUrl, bo, 'klikTaskRemind', { taskId: id, days: 1 }));
    expect(JSON.stringify(res.body.value)).toContain('Du får en påmindelse i vores 1:1-chat 08-05-2024 kl. 9 (frist 10-05-2024).');
    // Summer time: 09:00 in Copenhagen is 07:00 UTC.
    expect((await running.app.repos.jobs.get(`klikReminder:${id}:${bo.aadObjectId}`))?.value.dueAt).toBe('2024-05-08T07:00:00.000Z');
  });

  it('a reminder moved by a new deadline lands on a working day too', async () => {
    const id = (await api('POST', '/api/klik-tasks', task('Oprydning i brugere', '2024-04-30'))).body.task.id;
    await post(running.baseUrl, cardAction(connector.serviceUrl, bo, 'klikTaskRemind', { taskId: id, days: 7 }));
    expect((await running.app.repos.jobs.get(`klikReminder:${id}:${bo.aadObjectId}`))?.value.dueAt).toBe('2024-04-23T07:00:00.000Z');
    // New deadline Monday 17-06-2024: 7 days before is Monday 10-06, a working day.
    expect((await api('PATCH', `/api/klik-tasks/${id}`, { deadline: '2024-06-17' })).status).toBe(200);
    expect((await running.app.repos.jobs.get(`klikReminder:${id}:${bo.aadObjectId}`))?.value.dueAt).toBe('2024-06-10T07:00:00.000Z');
    // Deadline Sunday 26-05-2024: 7 days before is Sunday 19-05 (pinsedag) → Friday 17-05.
    expect((await api('PATCH', `/api/klik-tasks/${id}`, { deadline: '2024-05-26' })).status).toBe(200);
    expect((await running.app.repos.jobs.get(`klikReminder:${id}:${bo.aadObjectId}`))?.value.dueAt).toBe('2024-05-17T07:00:00.000Z');
  });
});

describe('a survey reminder set on a weekend or a holiday', () => {
  it('goes out at the same time on the working day before, and one on a working day stays', async () => {
    const created = await api('POST', '/api/surveys', {
      title: 'Erfaringer med Sygesikring',
      audience: { all: true },
      closesAt: '2024-05-31T15:00:00Z',
      reminders: ['2024-03-10T09:00:00Z', '2024-05-09T08:00:00Z', '2024-03-13T09:00:00Z'],
      questions: [{ type: 'single', text: 'Er I tilfredse?', choices: ['Ja', 'Nej'] }],
    });
    expect(created.status).toBe(201);
    const id = created.body.survey.id;
    expect((await api('POST', `/api/surveys/${id}/send`)).status).toBe(200);
    const due = async (round: string) => (await running.app.repos.jobs.get(`surveyReminder:${id}:${round}`))?.value.dueAt;
    // Sunday 10-03-2024 10:00 (CET) → Friday 08-03 10:00; Kristi himmelfartsdag 09-05 10:00 (CEST) → Wednesday 08-05 10:00.
    expect(await due('2024-03-10T09:00:00.000Z')).toBe('2024-03-08T09:00:00.000Z');
    expect(await due('2024-05-09T08:00:00.000Z')).toBe('2024-05-08T08:00:00.000Z');
    expect(await due('2024-03-13T09:00:00.000Z')).toBe('2024-03-13T09:00:00.000Z');
  });
});

describe('the weekly digest', () => {
  it('on a Monday that is a holiday (2. pinsedag 20-05-2024) comes Tuesday, in the same week', () => {
    const slot = nextDigestSlot(new ManualClock('2024-05-18T10:00:00Z'));
    expect(slot).toMatchObject({ week: '2024-W21', date: '2024-05-21', dueAt: new Date('2024-05-21T06:00:00Z') });
    expect(nextDigestSlot(new ManualClock('2024-05-21T06:00:01Z')).date).toBe('2024-05-27');
  });
});
