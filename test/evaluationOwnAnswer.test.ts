import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type RunningApp } from './support/app.ts';
import { startConnectorStandIn, type ConnectorStandIn } from './support/connectorStandIn.ts';
import { cardAction, person, post, TEAM_ID, type Person } from './support/activities.ts';
import { install } from './support/installs.ts';
import { expectValidTeamsCard } from './support/cards.ts';
import { respondentHash } from '../bot/domain/anonymity.ts';
import { ShiftClock } from './support/shiftClock.ts';

/**
 * "Ret mit svar" after the shared card has been updated (issue 18, item 3). In a channel or
 * meeting chat of more than 60 members Teams does not refresh a card into each person's own view,
 * so every update of the shared card (a new answer count) puts the shared form back in front of
 * people who have answered, and a pre-filled form someone had opened is replaced by the empty
 * one. The shared card must still lead to the person's stored answer in one click, without
 * naming who answered.
 */

const HASH_KEY = 'own-answer-test-hash-key-0123456789';
const anna = person(21, 'Anna Hansen');
const bo = person(22, 'Bo Jensen');
const cecilie = person(23, 'Cecilie Holm');

let running: RunningApp;
let connector: ConnectorStandIn;
let evaluationId: string;
let sharedActivityId: string;

/** Every input of a card with its value as the card shows it. */
function inputsOf(card: any): Record<string, string> {
  const found: Record<string, string> = {};
  const visit = (node: any): void => {
    if (!node || typeof node !== 'object') return;
    if (typeof node.type === 'string' && node.type.startsWith('Input.') && typeof node.id === 'string') found[node.id] = node.value ?? '';
    if (Array.isArray(node)) node.forEach(visit);
    else for (const key of ['body', 'items', 'columns']) if (node[key]) visit(node[key]);
  };
  visit(card.body);
  return found;
}

/**
 * Presses a button on a card as a Teams client does: the action's data plus the card's inputs
 * (after the person's own choices), unless the action says `associatedInputs: none`; with inputs,
 * the client refuses to send while a required input is empty, so this throws then.
 */
function press(card: any, title: string, who: Person, choices: Record<string, string> = {}) {
  const action = card.actions?.find((a: any) => a.title === title);
  if (!action) throw new Error(`no button "${title}" on the card: ${card.actions?.map((a: any) => a.title).join(', ')}`);
  expect(action.type).toBe('Action.Execute');
  let inputs: Record<string, string> = {};
  if (action.associatedInputs !== 'none') {
    inputs = { ...inputsOf(card), ...choices };
    const required = (card.body as any[]).filter((e) => e.isRequired && !inputs[e.id]);
    if (required.length) throw new Error(`Teams would not send "${title}": ${required.map((e) => e.id).join(', ')} not chosen`);
  }
  return post(running.baseUrl, cardAction(connector.serviceUrl, who, action.verb, { ...action.data, ...inputs }, 'channel'));
}

function invokeCard(res: { body: any }) {
  expect(res.body?.type, JSON.stringify(res.body)).toBe('application/vnd.microsoft.card.adaptive');
  expectValidTeamsCard(res.body.value);
  return res.body.value;
}

/** The channel's evaluation card as everybody in a big channel sees it now (after in-place updates). */
const sharedCardNow = () => connector.getActivity(TEAM_ID, sharedActivityId).attachments[0].content;

const answers = (a: number[]) => ({ a_q1: String(a[0]), a_q2: String(a[1]), a_q3: String(a[2]), a_q4: String(a[3]) });

beforeAll(async () => {
  connector = await startConnectorStandIn({ rateLimits: false });
  running = await startTestApp({
    clock: new ShiftClock('2026-11-23T10:20:00Z'),
    workers: true,
    delivery: { refreshIntervalMs: 200 },
    env: { DEV_USER_IS_STAFF: 'true', EVALUATION_HASH_KEY: HASH_KEY },
  });
  const { repos } = running.app;
  await repos.meetings.upsert({ id: 'pl-2026-11-23', date: '2026-11-23', startTime: '10:00', endTime: '11:30', title: 'Programledermøde november 2026', agenda: [], participantCount: 75 });
  await install(repos, connector.serviceUrl, { team: TEAM_ID });

  const started = await fetch(`${running.baseUrl}/api/evaluations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ meetingId: 'pl-2026-11-23' }) });
  expect(started.status).toBe(201);
  evaluationId = ((await started.json()) as any).evaluation.id;
  const posted = await connector.waitFor((c) => c.operation === 'sendToConversation' && c.conversationId === TEAM_ID, 10_000);
  sharedActivityId = posted.activityId!;
});
afterAll(async () => {
  await running?.close();
  await connector?.close();
});

describe('"Ret mit svar" once the shared card has replaced a person\'s own view', () => {
  it('brings back the stored answer from the updated shared card, and one changed statement is one click and Send', async () => {
    const thanks = invokeCard(await press(sharedCardNow(), 'Send', anna, { ...answers([4, 5, 3, 4]), comment: 'Mere tid til dialog' }));
    expect(JSON.stringify(thanks)).toContain('Tak! Dit svar er gemt');
    invokeCard(await press(sharedCardNow(), 'Send', bo, answers([2, 2, 2, 2])));

    // Bo's answer updates the shared card in place: in a channel of 75 that is what Anna sees now, instead of her thanks view.
    await connector.waitFor((c) => c.operation === 'updateActivity' && c.activityId === sharedActivityId && JSON.stringify(c.activity).includes('2 af 75 deltagere har svaret'), 10_000);
    const shared = sharedCardNow();
    expectValidTeamsCard(shared);
    expect(Object.values(inputsOf(shared)).every((v) => v === '')).toBe(true);
    // One card for everybody: nobody's id or answer hash is on it.
    const json = JSON.stringify(shared);
    for (const who of [anna, bo]) for (const secret of [who.id, who.aadObjectId, who.name, respondentHash(HASH_KEY, evaluationId, who.aadObjectId)]) expect(json).not.toContain(secret);

    const form = invokeCard(await press(shared, 'Ret mit svar', anna));
    expect(inputsOf(form)).toEqual({ a_q1: '4', a_q2: '5', a_q3: '3', a_q4: '4', comment: 'Mere tid til dialog' });
    expect(form.refresh).toBeUndefined();

    const changed = invokeCard(await press(form, 'Send', anna, { a_q3: '5' }));
    expect(JSON.stringify(changed)).toContain('Dit tidligere svar er erstattet af dette.');
    const stored = (await running.app.repos.evaluations.response(evaluationId, respondentHash(HASH_KEY, evaluationId, anna.aadObjectId)))!.value;
    expect(stored).toMatchObject({ answers: { q1: 4, q2: 5, q3: 5, q4: 4 }, comment: 'Mere tid til dialog' });
  });

  it('gives someone who has not answered the empty form and says so', async () => {
    const form = invokeCard(await press(sharedCardNow(), 'Ret mit svar', cecilie));
    expect(inputsOf(form)).toEqual({ a_q1: '', a_q2: '', a_q3: '', a_q4: '', comment: '' });
    expect(JSON.stringify(form)).toContain('Du har ikke svaret endnu.');
    expect(await running.app.repos.evaluations.response(evaluationId, respondentHash(HASH_KEY, evaluationId, cecilie.aadObjectId))).toBeUndefined();
  });
});
