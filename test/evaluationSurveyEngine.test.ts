import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type RunningApp } from './support/app.ts';
import { openTestStorage } from './support/storage.ts';
import { startConnectorStandIn, type ConnectorStandIn } from './support/connectorStandIn.ts';
import { cardAction, person, post, TEAM_ID } from './support/activities.ts';
import { install } from './support/installs.ts';
import { expectValidTeamsCard } from './support/cards.ts';
import { ShiftClock } from './support/shiftClock.ts';
import type { Storage } from '../bot/storage/storage.ts';

/**
 * Issue 16, item 5: the meeting evaluation runs on the survey engine. Its closing time is the
 * engine's close job, which survives a restart; a close job scheduled before evaluations became
 * surveys still closes them; and the survey API still leaves evaluations to the evaluation API.
 */
let storage: Storage;
let connector: ConnectorStandIn;
let running: RunningApp | undefined;
// 11:20 in Copenhagen, the last minutes of the meeting.
const clock = new ShiftClock('2026-11-23T10:20:00Z');
const ENV = { DEV_USER_IS_STAFF: 'false', STAFF_USER_IDS: 'demo-kombit', EVALUATION_HASH_KEY: 'test-evaluation-hash-key-0123456789' };
const anna = person(1, 'Anna Hansen');
const bo = person(2, 'Bo Jensen');
const cecilie = person(3, 'Cecilie Holm');

async function api(app: RunningApp, method: string, path: string, body?: unknown) {
  const res = await fetch(`${app.baseUrl}${path}`, { method, headers: { 'content-type': 'application/json', 'x-demo-user': 'demo-kombit' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
}

function click(app: RunningApp, who: typeof anna, verb: string, data: Record<string, unknown>) {
  return post(app.baseUrl, cardAction(connector.serviceUrl, who, verb, data, 'channel'));
}

/** Waits for a send or in-place update of the team channel's card that contains `text`. */
function channelCardWith(text: string, timeoutMs = 15_000) {
  return connector.waitFor((c) => (c.operation === 'updateActivity' || c.operation === 'sendToConversation') && c.conversationId === TEAM_ID && JSON.stringify(c.activity ?? {}).includes(text), timeoutMs);
}

beforeAll(async () => {
  storage = await openTestStorage();
  connector = await startConnectorStandIn({ rateLimits: false });
});
afterAll(async () => {
  await running?.app.stop();
  await connector?.close();
  await storage?.close();
});

describe('the meeting evaluation on the survey engine', () => {
  let evaluationId: string;

  it('closes at its closing time by the survey engine after a restart, and the shared card becomes the result', async () => {
    // The first instance starts the evaluation and takes the answers; it stops before the closing time.
    const first = await startTestApp({ storage, clock, env: ENV, delivery: { refreshIntervalMs: 300 } });
    try {
      await first.app.startWorkers({ scheduler: false });
      await first.app.repos.meetings.upsert({ id: 'pl-2026-11-23', date: '2026-11-23', startTime: '10:00', endTime: '11:30', title: 'Programledermøde november 2026', agenda: [], participantCount: 75 });
      await install(first.app.repos, connector.serviceUrl, { team: TEAM_ID });
      const closesAt = new Date(clock.now().getTime() + 10 * 60_000).toISOString();
      const started = await api(first, 'POST', '/api/evaluations', { meetingId: 'pl-2026-11-23', questions: ['Oplæggene var relevante'], allowComment: false, closesAt });
      expect(started.status).toBe(201);
      evaluationId = started.body.evaluation.id;
      await channelCardWith('1. Oplæggene var relevante');
      for (const [who, value] of [[anna, '5'], [bo, '4'], [cecilie, '5']] as const) {
        const res = await click(first, who, 'evaluationAnswer', { evaluationId, a_q1: value });
        expect(JSON.stringify(res.body)).toContain('Tak! Dit svar er gemt');
      }
      // The survey engine counts them as answers to a survey of kind 'evaluation'.
      const listed = await api(first, 'GET', '/api/surveys');
      expect(listed.body.surveys.find((s: any) => s.id === evaluationId)).toMatchObject({ kind: 'evaluation', state: 'open', progress: { answered: 3 } });
    } finally {
      await first.app.stop();
    }

    clock.advance(11 * 60_000);
    const second = await startTestApp({ storage, clock, env: ENV, delivery: { refreshIntervalMs: 300 } });
    running = second;
    await second.app.startWorkers();
    const final = (await channelCardWith('Gennemsnit 4,7 af 5 · 3 svar')).activity.attachments[0].content;
    expectValidTeamsCard(final);
    expect((await api(second, 'GET', `/api/evaluations/${evaluationId}`)).body).toMatchObject({ evaluation: { state: 'closed' } });
    const survey = (await api(second, 'GET', '/api/surveys')).body.surveys.find((s: any) => s.id === evaluationId);
    expect(survey).toMatchObject({ state: 'closed', progress: { answered: 3 } });

    // An answer after the close is refused in the card, and nothing is stored.
    const late = await click(second, person(4, 'Dan Madsen'), 'evaluationAnswer', { evaluationId, a_q1: '1' });
    expect(JSON.stringify(late.body)).toContain('Evalueringen er lukket, så dit svar er ikke gemt.');
    expect(await second.app.repos.evaluations.responses(evaluationId)).toHaveLength(3);
  });

  it('still closes an evaluation by a close job scheduled before evaluations became surveys', async () => {
    const app = running!;
    await app.app.repos.meetings.upsert({ id: 'pl-2026-12-14', date: '2026-12-14', startTime: '10:00', endTime: '11:30', title: 'Programledermøde december 2026', agenda: [], participantCount: 70 });
    const started = await api(app, 'POST', '/api/evaluations', { meetingId: 'pl-2026-12-14', questions: ['Dagsordenen var klar'], allowComment: false });
    expect(started.status).toBe(201);
    const id = started.body.evaluation.id;
    await channelCardWith('1. Dagsordenen var klar');
    // The job an earlier version scheduled for the closing time, as it is stored.
    await app.app.scheduler.schedule({ id: `evaluationClose:${id}`, kind: 'evaluationClose', dueAt: clock.now(), payload: { evaluationId: id } });
    await expect.poll(async () => (await app.app.repos.evaluations.get(id))?.value.state, { timeout: 10_000 }).toBe('closed');
    const closed = await click(app, anna, 'evaluationAnswer', { evaluationId: id, a_q1: '4' });
    expect(JSON.stringify(closed.body)).toContain('Evalueringen er lukket, så dit svar er ikke gemt.');
    expect(await app.app.repos.evaluations.responses(id)).toEqual([]);
  });

  it('leaves closing an evaluation to the evaluation API: the survey API does not find it, and it stays open', async () => {
    const app = running!;
    await app.app.repos.meetings.upsert({ id: 'pl-2027-01-25', date: '2027-01-25', startTime: '10:00', endTime: '11:30', title: 'Programledermøde januar 2027', agenda: [], participantCount: 70 });
    const id = (await api(app, 'POST', '/api/evaluations', { meetingId: 'pl-2027-01-25' })).body.evaluation.id;
    const refused = await api(app, 'POST', `/api/surveys/${id}/close`);
    expect(refused.status).toBe(404);
    expect(refused.body.error.message).toContain('Spørgeskemaet');
    expect((await app.app.repos.evaluations.get(id))?.value.state).toBe('open');
    const closed = await api(app, 'POST', `/api/evaluations/${id}/close`);
    expect(closed.status).toBe(200);
    expect((await app.app.repos.evaluations.get(id))?.value.state).toBe('closed');
  });
});
