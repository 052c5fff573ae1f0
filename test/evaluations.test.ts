import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type RunningApp } from './support/app.ts';
import { startConnectorStandIn, type ConnectorStandIn, type RecordedCall } from './support/connectorStandIn.ts';
import { cardAction, channelMention, person, post, TEAM_ID, TENANT } from './support/activities.ts';
import { install } from './support/installs.ts';
import { expectValidTeamsCard } from './support/cards.ts';
import { newProfile } from '../bot/domain/user.ts';
import { respondentHash } from '../bot/domain/anonymity.ts';
import { EvaluationService, evaluationNotificationId } from '../bot/evaluations/evaluationService.ts';
import { testLog } from './support/storage.ts';
import { parseStartArgs } from '../bot/evaluations/evaluationCommands.ts';
import { evaluationFormCard, evaluationResultsCard, evaluationThanksCard } from '../bot/evaluations/evaluationCards.ts';
import { evaluationResults } from '../bot/evaluations/evaluationResults.ts';
import { DEFAULT_QUESTIONS } from '../bot/domain/evaluation.ts';
import { ShiftClock } from './support/shiftClock.ts';

let running: RunningApp;
let connector: ConnectorStandIn;
// 11:20 in Copenhagen: the last minutes of the meeting.
const clock = new ShiftClock('2026-11-23T10:20:00Z');
const HASH_KEY = 'test-evaluation-hash-key-0123456789';
const MEETING_CHAT = '19:meeting_NjQ0ZTFhOWEtZjE5Ni00@thread.v2';

const anna = person(1, 'Anna Hansen'); // program leader
const bo = person(2, 'Bo Jensen'); // program leader
const cecilie = person(3, 'Cecilie Holm'); // program leader
const dan = person(4, 'Dan Madsen'); // program leader on an old client (Action.Submit)
const emma = person(5, 'Emma Smith'); // program leader who reads English
const kirsten = person(10, 'Kirsten Lund'); // KOMBIT staff, known by her kombit.dk e-mail

const allAnswers = (a: number[], comment?: string) => ({ a_q1: String(a[0]), a_q2: String(a[1]), a_q3: String(a[2]), a_q4: String(a[3]), ...(comment !== undefined ? { comment } : {}) });

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${running.baseUrl}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, headers: res.headers, body: (await res.json().catch(() => undefined)) as any };
}

/** Sends an Action.Execute from the channel card, as Teams does. */
function click(who: typeof anna, verb: string, data: Record<string, unknown>) {
  return post(running.baseUrl, cardAction(connector.serviceUrl, who, verb, data, 'channel'));
}

/** The card of an invoke response; fails unless it is a card. */
function invokeCard(res: { body: any }) {
  expect(res.body.type, JSON.stringify(res.body)).toBe('application/vnd.microsoft.card.adaptive');
  expectValidTeamsCard(res.body.value);
  return res.body.value;
}

const cardOf = (call: RecordedCall) => call.activity.attachments[0].content;
const postsTo = (conversationId: string) => connector.sent.filter((c) => c.conversationId === conversationId && c.operation === 'sendToConversation');

/** Waits for a send or in-place update of a card in a conversation that contains `text`. */
function cardUpdateWith(conversationId: string, text: string, timeoutMs = 10_000) {
  return connector.waitFor((c) => (c.operation === 'updateActivity' || c.operation === 'sendToConversation') && c.conversationId === conversationId && JSON.stringify(c.activity ?? {}).includes(text), timeoutMs);
}

beforeAll(async () => {
  connector = await startConnectorStandIn({ rateLimits: false });
  running = await startTestApp({
    clock,
    workers: true,
    delivery: { refreshIntervalMs: 300 },
    env: { DEV_USER_IS_STAFF: 'false', STAFF_USER_IDS: 'demo-kombit', EVALUATION_HASH_KEY: HASH_KEY },
  });
  const { repos } = running.app;
  // Teams' roster gives Kirsten's e-mail when the bot looks her up in the team.
  connector.setMembers(TEAM_ID, [{ id: kirsten.id, name: kirsten.name, aadObjectId: kirsten.aadObjectId, email: 'kirsten.lund@kombit.dk', userPrincipalName: 'kirsten.lund@kombit.dk', tenantId: TENANT }]);
  await repos.meetings.upsert({ id: 'pl-2026-10-26', date: '2026-10-26', startTime: '10:00', endTime: '11:30', title: 'Programledermøde oktober 2026', agenda: [], participantCount: 61 });
  await repos.meetings.upsert({ id: 'pl-2026-11-23', date: '2026-11-23', startTime: '10:00', endTime: '11:30', title: 'Programledermøde november 2026', agenda: [], participantCount: 75 });
  await repos.users.save(newProfile(emma.aadObjectId, { name: emma.name, language: 'en' }));
  const url = connector.serviceUrl;
  await install(repos, url, { team: TEAM_ID });
  await install(repos, url, { groupChat: MEETING_CHAT });
  await install(repos, url, { person: anna });
});
afterAll(async () => {
  await running?.close();
  await connector?.close();
});

let evaluationId: string;

describe('starting an evaluation', () => {
  it('refuses a program leader who types "evaluering start" in the channel, in Danish, and starts nothing', async () => {
    const res = await post(running.baseUrl, channelMention(connector.serviceUrl, anna, 'evaluering start'));
    expect(res.status).toBe(200);
    const reply = connector.sent.find((c) => c.conversationId?.startsWith(`${TEAM_ID};`));
    expect(reply?.activity.text).toBe('Kun KOMBIT-medarbejdere kan starte en evaluering. Evalueringskortet kommer her i kanalen, når mødet skal evalueres.');
    expect(await running.app.repos.evaluations.list()).toEqual([]);
  });

  it('does not take a guest or an unverified e-mail for KOMBIT staff, whatever the e-mail says', async () => {
    const guest = person(11, 'Gæst Med KOMBIT-mail');
    const unverified = person(12, 'Falsk Adresse');
    connector.setMembers(TEAM_ID, [
      { id: kirsten.id, name: kirsten.name, aadObjectId: kirsten.aadObjectId, email: 'kirsten.lund@kombit.dk', userPrincipalName: 'kirsten.lund@kombit.dk', tenantId: TENANT },
      { id: guest.id, name: guest.name, aadObjectId: guest.aadObjectId, email: 'mv@kombit.dk', userPrincipalName: 'mv_kombit.dk#EXT#@kombitpl.onmicrosoft.com', userRole: 'guest', tenantId: TENANT },
      { id: unverified.id, name: unverified.name, aadObjectId: unverified.aadObjectId, email: 'boss@kombit.dk', userPrincipalName: 'falsk@hedensted.dk', tenantId: TENANT },
    ]);
    for (const who of [guest, unverified]) {
      const before = connector.sent.length;
      await post(running.baseUrl, channelMention(connector.serviceUrl, who, 'evaluering start'));
      const reply = connector.sent.slice(before).find((c) => c.conversationId?.startsWith(`${TEAM_ID};`));
      expect(reply?.activity.text, who.name).toBe('Kun KOMBIT-medarbejdere kan starte en evaluering. Evalueringskortet kommer her i kanalen, når mødet skal evalueres.');
    }
    expect(await running.app.repos.evaluations.list()).toEqual([]);
  });

  it('shows a program leader no staff commands in "hjælp"', async () => {
    const before = connector.sent.length;
    await post(running.baseUrl, channelMention(connector.serviceUrl, anna, 'hjælp'));
    const help = JSON.stringify(connector.sent.slice(before).find((c) => c.conversationId?.startsWith(`${TEAM_ID};`))?.activity);
    expect(help).toContain('stop påmindelser');
    expect(help).not.toContain('evaluering start');
  });

  it('refuses a program leader over the API (403) and an unknown meeting (400), and starts nothing', async () => {
    const leader = await api('POST', '/api/evaluations', { meetingId: 'pl-2026-11-23' }, { 'x-demo-municipality': '173' });
    expect(leader.status).toBe(403);
    expect(leader.body.error.message).toBe('Kun KOMBIT-medarbejdere kan gøre dette.');
    const unknown = await api('POST', '/api/evaluations', { meetingId: 'pl-1999-01-01', closesAt: '2020-01-01T10:00:00Z' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.issues).toEqual([{ field: 'closesAt', message: 'skal ligge ud i fremtiden' }]);
    const unknownMeeting = await api('POST', '/api/evaluations', { meetingId: 'pl-1999-01-01' });
    expect(unknownMeeting.body.error.issues).toEqual([{ field: 'meetingId', message: 'er ikke et kendt møde' }]);
    expect(await running.app.repos.evaluations.list()).toEqual([]);
  });

  it('starts from the channel for today\'s meeting (staff by e-mail): one card in the channel and one in the meeting chat, none in 1:1 chats', async () => {
    await post(running.baseUrl, channelMention(connector.serviceUrl, kirsten, 'Evaluering start'));
    const reply = connector.sent.find((c) => c.conversationId?.startsWith(`${TEAM_ID};`) && String(c.activity?.text).startsWith('Evalueringen af'));
    expect(reply?.activity.text).toBe('Evalueringen af Programledermøde november 2026 (23-11-2026) er startet og sendt til kanalen og mødechatten. Luk den med "evaluering luk" eller knappen Luk evaluering på kortet.');
    const [evaluation] = await running.app.repos.evaluations.list();
    evaluationId = evaluation!.id;
    expect(evaluation).toMatchObject({ id: 'eval-pl-2026-11-23', meetingId: 'pl-2026-11-23', state: 'open', allowComment: true, showLiveResults: false });

    const channelPost = await cardUpdateWith(TEAM_ID, 'Hvor enig eller uenig er du i følgende udsagn?');
    await cardUpdateWith(MEETING_CHAT, 'Hvor enig eller uenig er du i følgende udsagn?');
    const card = cardOf(channelPost);
    expectValidTeamsCard(card);
    const choiceSets = card.body.filter((e: any) => e.type === 'Input.ChoiceSet');
    expect(choiceSets.map((c: any) => c.label)).toEqual([
      '1. Dagens oplæg var relevante for mig',
      '2. Der var god vekslen mellem oplæg, dialog og involvering',
      '3. Programledermødet understøtter mig i at løse opgaver relateret til KOMBIT',
      '4. Dagens programledermøde har skabt værdi for mig',
    ]);
    for (const set of choiceSets) {
      expect(set).toMatchObject({ style: 'expanded', isRequired: true });
      expect(set.choices.map((c: any) => c.title)).toEqual(['Helt uenig', 'Uenig', 'Hverken enig eller uenig', 'Enig', 'Helt enig']);
    }
    expect(card.body.some((e: any) => e.type === 'Input.Text' && e.id === 'comment')).toBe(true);
    expect(card.actions[0]).toMatchObject({ type: 'Action.Execute', title: 'Send', verb: 'evaluationAnswer', data: { evaluationId }, fallback: { type: 'Action.Submit' } });
    expect(card.refresh.action).toMatchObject({ verb: 'evaluationView', data: { evaluationId } });
    expect(JSON.stringify(card)).toContain('Ingen har svaret endnu.');
    expect(postsTo(`a:1personal-${anna.aadObjectId}`)).toHaveLength(0);
  });

  it('refuses a second evaluation of the same meeting while the first is open', async () => {
    const again = await api('POST', '/api/evaluations', { meetingId: 'pl-2026-11-23' });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe('Der er allerede en åben evaluering af dette møde. Luk den, før du starter en ny.');
    expect(postsTo(TEAM_ID)).toHaveLength(1);
  });
});

describe('answering in the card', () => {
  it('stores a vote from one click and answers with the clicker\'s own "Tak! Dit svar er gemt" view', async () => {
    const res = await click(anna, 'evaluationAnswer', { evaluationId, ...allAnswers([4, 5, 3, 4], 'Godt med status på KLIK 2.0.') });
    const view = invokeCard(res);
    const json = JSON.stringify(view);
    expect(json).toContain('Tak! Dit svar er gemt');
    const answers = view.body.find((e: any) => e.type === 'Container').items.filter((e: any) => e.type === 'Container').map((c: any) => c.items.map((i: any) => i.text));
    expect(answers).toEqual([
      ['1. Dagens oplæg var relevante for mig', 'Enig'],
      ['2. Der var god vekslen mellem oplæg, dialog og involvering', 'Helt enig'],
      ['3. Programledermødet understøtter mig i at løse opgaver relateret til KOMBIT', 'Hverken enig eller uenig'],
      ['4. Dagens programledermøde har skabt værdi for mig', 'Enig'],
    ]);
    expect(json).toContain('Helt enig');
    expect(json).toContain('Godt med status på KLIK 2.0.');
    expect(view.actions[0]).toMatchObject({ title: 'Ret mit svar', verb: 'evaluationEdit' });
    expect(json).not.toContain('Luk evaluering'); // only staff get the close button in their own view

    const rows = await running.app.repos.evaluations.responses(evaluationId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ respondentHash: respondentHash(HASH_KEY, evaluationId, anna.aadObjectId), answers: { q1: 4, q2: 5, q3: 3, q4: 4 }, comment: 'Godt med status på KLIK 2.0.' });
    const stored = JSON.stringify(rows);
    for (const secret of [anna.name, anna.id, anna.aadObjectId]) expect(stored).not.toContain(secret);
  });

  it('updates the shared cards in place with the number of responses (no averages unless chosen)', async () => {
    const update = await cardUpdateWith(TEAM_ID, '1 af 75 deltagere har svaret (1\u00a0%).');
    expect(update.operation).toBe('updateActivity');
    expect(update.activityId).toBe(postsTo(TEAM_ID)[0]!.activityId);
    expectValidTeamsCard(cardOf(update));
    expect(JSON.stringify(cardOf(update))).not.toContain('Gennemsnit');
    await cardUpdateWith(MEETING_CHAT, '1 af 75 deltagere har svaret');
  });

  it('replaces the earlier answer when the same person answers again', async () => {
    const view = invokeCard(await click(anna, 'evaluationAnswer', { evaluationId, ...allAnswers([2, 3, 4, 5], '') }));
    expect(JSON.stringify(view)).toContain('Dit tidligere svar er erstattet af dette.');
    const rows = await running.app.repos.evaluations.responses(evaluationId);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.answers).toEqual({ q1: 2, q2: 3, q3: 4, q4: 5 });
    expect(rows[0]!.comment).toBeUndefined();
  });

  it('"Ret mit svar" brings back the form with the stored answer chosen', async () => {
    await click(anna, 'evaluationAnswer', { evaluationId, ...allAnswers([2, 3, 4, 5], 'Mere tid til dialog; gerne i grupper') });
    const form = invokeCard(await click(anna, 'evaluationEdit', { evaluationId }));
    const values = Object.fromEntries(form.body.filter((e: any) => e.type?.startsWith('Input.')).map((e: any) => [e.id, e.value]));
    expect(values).toEqual({ a_q1: '2', a_q2: '3', a_q3: '4', a_q4: '5', comment: 'Mere tid til dialog; gerne i grupper' });
    expect(form.refresh).toBeUndefined(); // a person's own form must not refresh itself away while they edit
  });

  it('sends a missing answer back with a Danish message and the inputs kept, and stores nothing', async () => {
    const form = invokeCard(await click(bo, 'evaluationAnswer', { evaluationId, a_q1: '4', a_q2: '', a_q3: '5', comment: 'Fint møde' }));
    const json = JSON.stringify(form);
    expect(json).toContain('Dit svar er ikke gemt endnu');
    expect(json).toContain('Du mangler at svare på udsagn 2 og 4.');
    const values = Object.fromEntries(form.body.filter((e: any) => e.type?.startsWith('Input.')).map((e: any) => [e.id, e.value]));
    expect(values).toEqual({ a_q1: '4', a_q2: '', a_q3: '5', a_q4: '', comment: 'Fint møde' });
    expect(await running.app.repos.evaluations.response(evaluationId, respondentHash(HASH_KEY, evaluationId, bo.aadObjectId))).toBeUndefined();
  });

  it('refuses an answer off the scale with a message in the card, and stores nothing', async () => {
    const form = invokeCard(await click(bo, 'evaluationAnswer', { evaluationId, ...allAnswers([7, 4, 4, 0]) }));
    expect(JSON.stringify(form)).toContain('Svarene på udsagn 1 og 4 ligger uden for skalaen. Vælg et svar fra Helt uenig til Helt enig.');
    expect(await running.app.repos.evaluations.responses(evaluationId)).toHaveLength(1);
  });

  it('refuses a tampered payload (unknown statement, not a number, huge comment, no id) with a clear message, and stores nothing', async () => {
    const forged = [
      { evaluationId, ...allAnswers([4, 4, 4, 4]), a_q9: '5' },
      { evaluationId, ...allAnswers([4, 4, 4, 4]), a_q2: 'fem' },
      { evaluationId, ...allAnswers([4, 4, 4, 4]), a_q3: ['4'] },
      { evaluationId, ...allAnswers([4, 4, 4, 4]), comment: 'x'.repeat(20_000) },
      { evaluationId: { $ne: '' }, ...allAnswers([4, 4, 4, 4]) },
    ];
    for (const data of forged) {
      const res = await click(bo, 'evaluationAnswer', data);
      expect(res.body).toMatchObject({ type: 'application/vnd.microsoft.activity.message', value: 'Kortet kunne ikke læses, så dit svar er ikke gemt. Svar i kortet i kanalen, og prøv igen.' });
    }
    expect(await running.app.repos.evaluations.responses(evaluationId)).toHaveLength(1);
  });

  it('refuses an answer to an unknown evaluation', async () => {
    const res = await click(bo, 'evaluationAnswer', { evaluationId: 'eval-findes-ikke', ...allAnswers([4, 4, 4, 4]) });
    expect(res.body.value).toBe('Evalueringen findes ikke længere, så dit svar er ikke gemt.');
  });

  it('keeps one answer per person when the same person sends twice at the same moment, and the later one wins', async () => {
    const [first, second] = await Promise.all([
      click(cecilie, 'evaluationAnswer', { evaluationId, ...allAnswers([1, 1, 1, 1]) }),
      click(cecilie, 'evaluationAnswer', { evaluationId, ...allAnswers([5, 5, 5, 5]) }),
    ]);
    invokeCard(first);
    invokeCard(second);
    const hash = respondentHash(HASH_KEY, evaluationId, cecilie.aadObjectId);
    const stored = (await running.app.repos.evaluations.response(evaluationId, hash))!.value;
    expect([1, 5]).toContain(stored.answers.q1);

    // Whatever order they reach storage in, an answer received earlier never replaces a later one.
    const { repos, delivery, scheduler } = running.app;
    const evaluations = new EvaluationService({ repos, delivery, scheduler, clock, log: testLog, hashKey: HASH_KEY, refreshIntervalMs: 3000 });
    const evaluation = (await evaluations.find(evaluationId))!;
    const newer = await evaluations.submit(evaluation, cecilie.aadObjectId, { q1: 3, q2: 3, q3: 3, q4: 3 }, undefined, clock.now().toISOString());
    expect(newer).toMatchObject({ replaced: true, superseded: false });
    const late = await evaluations.submit(evaluation, cecilie.aadObjectId, { q1: 1, q2: 1, q3: 1, q4: 1 }, undefined, '2026-11-23T10:00:00.000Z');
    expect(late.superseded).toBe(true);
    expect((await running.app.repos.evaluations.response(evaluationId, hash))!.value.answers).toEqual({ q1: 3, q2: 3, q3: 3, q4: 3 });
    expect(await running.app.repos.evaluations.responses(evaluationId)).toHaveLength(2);
  });

  it('answers in English for a person who chose English', async () => {
    const view = invokeCard(await click(emma, 'evaluationAnswer', { evaluationId, ...allAnswers([5, 4, 4, 5]) }));
    expect(JSON.stringify(view)).toContain('Thank you! Your answer has been saved');
    expect(JSON.stringify(view)).toContain('Strongly agree');
  });

  it('takes an answer from an old client (Action.Submit) and does not show it in the channel reply', async () => {
    const submit: any = { ...channelMention(connector.serviceUrl, dan, 'x'), text: undefined, entities: [], value: { verb: 'evaluationAnswer', evaluationId, fallback: true, ...allAnswers([3, 3, 2, 3], 'Hemmelig kommentar') } };
    await post(running.baseUrl, submit);
    const reply = await connector.waitFor((c) => c.conversationId?.startsWith(`${TEAM_ID};`) === true && String(c.activity?.text).startsWith('Tak!'));
    expect(reply.activity.text).toBe('Tak! Dit svar er gemt. Du kan rette det ved at svare igen i kortet.');
    expect(JSON.stringify(reply.activity)).not.toContain('Hemmelig');
    expect(await running.app.repos.evaluations.response(evaluationId, respondentHash(HASH_KEY, evaluationId, dan.aadObjectId))).toBeDefined();
  });

  it('turns the shared card into each person\'s own view on refresh: their answer, or the form with the count', async () => {
    const updatesBefore = connector.updates.length;
    const own = invokeCard(await click(anna, 'evaluationView', { evaluationId }));
    expect(JSON.stringify(own)).toContain('Tak! Dit svar er gemt');
    const fresh = invokeCard(await click(bo, 'evaluationView', { evaluationId }));
    expect(JSON.stringify(fresh)).toContain('4 af 75 deltagere har svaret (5\u00a0%).');
    // An answer card with `refresh` would make teamsfx update the message for everyone: none may carry it.
    expect(fresh.refresh).toBeUndefined();
    const again = invokeCard(await click(anna, 'evaluationView', { evaluationId }));
    expect(JSON.stringify(again)).toContain('Tak! Dit svar er gemt');
    expect(connector.updates.slice(updatesBefore).filter((u) => JSON.stringify(u.activity).includes('Tak!'))).toEqual([]);
    await cardUpdateWith(TEAM_ID, '4 af 75 deltagere har svaret (5\u00a0%).');
  });

  it('keeps averages and comments of an open evaluation from program leaders (no live results), not from staff', async () => {
    const leader = await api('GET', `/api/evaluations/${evaluationId}/results`, undefined, { 'x-demo-municipality': '173' });
    expect(leader.body).toMatchObject({ state: 'open', responseCount: 4, resultsVisible: false, comments: [] });
    expect(leader.body.statements[0]).toMatchObject({ average: null, distribution: [] });
    const staff = await api('GET', `/api/evaluations/${evaluationId}/results`);
    expect(staff.body).toMatchObject({ resultsVisible: true });
    expect(staff.body.statements[0].average).not.toBeNull();
  });
});

describe('closing', () => {
  it('refuses "Luk evaluering" from a program leader and keeps it open', async () => {
    const res = await click(anna, 'evaluationClose', { evaluationId });
    expect(res.body.value).toBe('Kun KOMBIT-medarbejdere kan lukke evalueringen. Du kan stadig svare eller rette dit svar.');
    expect((await running.app.repos.evaluations.get(evaluationId))!.value.state).toBe('open');
  });

  it('closes from the card for staff: the clicker sees the result and the shared cards become the final result', async () => {
    const view = invokeCard(await click(kirsten, 'evaluationClose', { evaluationId }));
    const json = JSON.stringify(view);
    expect(json).toContain('Evalueringen er lukket. Kortet i kanalen viser nu resultatet for alle.');
    expect(json).toContain('Resultat af evalueringen');
    expect((await running.app.repos.evaluations.get(evaluationId))!.value.state).toBe('closed');

    for (const conversation of [TEAM_ID, MEETING_CHAT]) {
      const final = cardOf(await cardUpdateWith(conversation, 'Resultat af evalueringen'));
      expectValidTeamsCard(final);
      const text = JSON.stringify(final);
      expect(text).toContain('4 af 75 deltagere svarede (5\u00a0%).');
      // anna 2, cecilie 3, dan 3, emma 5 on statement 1
      expect(text).toContain('Gennemsnit 3,3 af 5 · 4 svar');
      expect(text).toContain('Helt uenig 0 · Uenig 1 · Hverken enig eller uenig 2 · Enig 0 · Helt enig 1');
      expect(text).toContain('“Mere tid til dialog; gerne i grupper”');
      expect(text).toContain('“Hemmelig kommentar”');
      expect(text).not.toContain('Input.ChoiceSet');
      expect(final.actions ?? []).toEqual([]);
      for (const name of [anna.name, dan.name, cecilie.name]) expect(text).not.toContain(name);
    }
  });

  it('does not store an answer after closing, and shows the result instead', async () => {
    const view = invokeCard(await click(bo, 'evaluationAnswer', { evaluationId, ...allAnswers([5, 5, 5, 5]) }));
    expect(JSON.stringify(view)).toContain('Evalueringen er lukket, så dit svar er ikke gemt. Her er resultatet.');
    expect(await running.app.repos.evaluations.responses(evaluationId)).toHaveLength(4);
  });

  it('answers "evaluering luk" with nothing open', async () => {
    await post(running.baseUrl, channelMention(connector.serviceUrl, kirsten, 'evaluering luk'));
    const reply = await connector.waitFor((c) => c.conversationId?.startsWith(`${TEAM_ID};`) === true && String(c.activity?.text).includes('ingen åben evaluering'));
    expect(reply.activity.text).toBe('Der er ingen åben evaluering at lukke.');
  });
});

describe('results', () => {
  it('gives the results as JSON: count, rate, per statement average and distribution, comments without names or hashes', async () => {
    const res = await api('GET', `/api/evaluations/${evaluationId}/results`, undefined, { 'x-demo-municipality': '173' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ evaluationId, state: 'closed', responseCount: 4, participantCount: 75, resultsVisible: true, meeting: { id: 'pl-2026-11-23', title: 'Programledermøde november 2026', date: '2026-11-23' } });
    expect(res.body.responseRate).toBeCloseTo(4 / 75, 5);
    expect(res.body.statements[0]).toEqual({ questionId: 'q1', text: 'Dagens oplæg var relevante for mig', answered: 4, average: 3.25, distribution: [0, 1, 2, 0, 1] });
    expect([...res.body.comments].sort()).toEqual(['Hemmelig kommentar', 'Mere tid til dialog; gerne i grupper']);
    const json = JSON.stringify(res.body);
    const rows = await running.app.repos.evaluations.responses(evaluationId);
    for (const secret of [...rows.map((r) => r.respondentHash), anna.aadObjectId, anna.name, 'submittedAt']) expect(json).not.toContain(secret);
  });

  it('exports the responses as CSV for Excel: BOM, semicolons, one row per response, no ids or hashes', async () => {
    const res = await fetch(`${running.baseUrl}/api/evaluations/${evaluationId}/results.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="evaluering-pl-2026-11-23.csv"');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('Møde;Dato;Svar nr.;1. Dagens oplæg var relevante for mig;2. Der var god vekslen mellem oplæg, dialog og involvering;3. Programledermødet understøtter mig i at løse opgaver relateret til KOMBIT;4. Dagens programledermøde har skabt værdi for mig;Kommentar');
    expect(lines).toHaveLength(5);
    expect(lines.find((l) => l.includes('Mere tid'))).toMatch(/^Programledermøde november 2026;23-11-2026;[1-4];2;3;4;5;"Mere tid til dialog; gerne i grupper"$/);
    const rows = await running.app.repos.evaluations.responses(evaluationId);
    for (const r of rows) expect(lines.join('\n')).not.toContain(r.respondentHash);
  });

  it('exports the aggregated results with Danish decimal commas (?view=summary)', async () => {
    const res = await fetch(`${running.baseUrl}/api/evaluations/${evaluationId}/results.csv?view=summary`);
    const lines = (await res.text()).replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('Møde;Dato;Besvarelser;Deltagere;Svarprocent;Udsagn;Antal svar;Gennemsnit;Helt uenig;Uenig;Hverken enig eller uenig;Enig;Helt enig');
    expect(lines[1]).toBe('Programledermøde november 2026;23-11-2026;4;75;5,3;1. Dagens oplæg var relevante for mig;4;3,25;0;1;2;0;1');
  });

  it('refuses the CSV to a program leader', async () => {
    const res = await api('GET', `/api/evaluations/${evaluationId}/results.csv`, undefined, { 'x-demo-municipality': '173' });
    expect(res.status).toBe(403);
  });

  it('lists evaluations per meeting with their response counts', async () => {
    const res = await api('GET', '/api/evaluations?meetingId=pl-2026-11-23');
    expect(res.body.evaluations).toEqual([expect.objectContaining({ id: evaluationId, state: 'closed', responseCount: 4 })]);
  });
});

describe('an evaluation with its own statements, live results and a closing time', () => {
  let liveId: string;

  it('starts from the API with the statements given as texts, and shows averages as answers arrive', async () => {
    const closesAt = new Date(clock.now().getTime() + 10 * 60_000).toISOString();
    const res = await api('POST', '/api/evaluations', { meetingId: 'pl-2026-10-26', questions: ['Oplæggene var relevante', 'Der var tid til spørgsmål'], showLiveResults: true, allowComment: false, closesAt });
    expect(res.status).toBe(201);
    liveId = res.body.evaluation.id;
    expect(res.body).toMatchObject({ notificationId: evaluationNotificationId(liveId), targets: 2, evaluation: { questions: [{ id: 'q1', text: 'Oplæggene var relevante' }, { id: 'q2', text: 'Der var tid til spørgsmål' }], closesAt } });
    const posted = cardOf(await cardUpdateWith(TEAM_ID, '1. Oplæggene var relevante'));
    expectValidTeamsCard(posted);
    expect(JSON.stringify(posted)).toContain('Evalueringen lukker kl. 11:30.');
    expect(posted.body.some((e: any) => e.id === 'comment')).toBe(false);

    invokeCard(await click(bo, 'evaluationAnswer', { evaluationId: liveId, a_q1: '4', a_q2: '2' }));
    invokeCard(await click(anna, 'evaluationAnswer', { evaluationId: liveId, a_q1: '5', a_q2: '3' }));
    // Two answers: counts only, on the card and on the meeting screen (the anonymity rule).
    const two = cardOf(await cardUpdateWith(TEAM_ID, '2 af 61 deltagere har svaret'));
    expectValidTeamsCard(two);
    expect(JSON.stringify(two)).not.toContain('Gennemsnit indtil nu');
    const screen = await api('GET', '/api/meeting-view', undefined, { 'x-demo-municipality': '173' });
    expect(screen.body.evaluation).toMatchObject({ id: liveId, responseCount: 2, hidden: 'tooFew', summary: null, comments: [] });

    invokeCard(await click(cecilie, 'evaluationAnswer', { evaluationId: liveId, a_q1: '5', a_q2: '4' }));
    const live = cardOf(await cardUpdateWith(TEAM_ID, '3 af 61 deltagere har svaret'));
    expectValidTeamsCard(live);
    expect(JSON.stringify(live)).toContain('Gennemsnit indtil nu');
    expect(JSON.stringify(live)).toContain('"text":"4,7"');
  });

  it('closes by itself at the closing time and shows the final result', async () => {
    clock.advance(11 * 60_000);
    const final = cardOf(await cardUpdateWith(TEAM_ID, 'Gennemsnit 4,7 af 5 · 3 svar', 15_000));
    expectValidTeamsCard(final);
    expect((await running.app.repos.evaluations.get(liveId))!.value).toMatchObject({ state: 'closed' });
  });
});

describe('a closed evaluation with two answers (the anonymity rule)', () => {
  let fewId: string;

  beforeAll(async () => {
    await running.app.repos.meetings.upsert({ id: 'pl-2026-09-28', date: '2026-09-28', startTime: '10:00', endTime: '11:30', title: 'Programledermøde september 2026', agenda: [], participantCount: 40 });
    fewId = (await api('POST', '/api/evaluations', { meetingId: 'pl-2026-09-28' })).body.evaluation.id;
    invokeCard(await click(anna, 'evaluationAnswer', { evaluationId: fewId, ...allAnswers([1, 2, 3, 4], 'Kun to svarede') }));
    invokeCard(await click(bo, 'evaluationAnswer', { evaluationId: fewId, ...allAnswers([5, 5, 5, 5]) }));
    expect((await api('POST', `/api/evaluations/${fewId}/close`)).status).toBe(200);
  });

  it('gives counts only in the results API, to staff and program leaders alike', async () => {
    for (const headers of [{}, { 'x-demo-municipality': '173' }] as Record<string, string>[]) {
      const res = await api('GET', `/api/evaluations/${fewId}/results`, undefined, headers);
      expect(res.body).toMatchObject({ state: 'closed', responseCount: 2, resultsVisible: false, hidden: 'tooFew', comments: [] });
      expect(res.body.statements.map((s: any) => [s.answered, s.average, s.distribution])).toEqual(Array(4).fill([2, null, []]));
    }
    const tab = (await api('GET', '/api/evaluation-results')).body.evaluations.find((e: any) => e.id === fewId);
    expect(tab).toMatchObject({ responseCount: 2, hidden: 'tooFew', summary: null, comments: [] });
  });

  it('shows counts only on the closed card', async () => {
    const closed = cardOf(await connector.waitFor((c) => c.conversationId === TEAM_ID && JSON.stringify(c.activity ?? {}).includes('Programledermøde september 2026') && JSON.stringify(c.activity ?? {}).includes('Resultat af evalueringen')));
    expectValidTeamsCard(closed);
    const text = JSON.stringify(closed);
    expect(text).toContain('2 af 40 deltagere svarede');
    expect(text).toContain('Vises først ved mindst 3 svar, så ingen kan genkendes.');
    expect(text).not.toContain('Gennemsnit');
    expect(text).not.toContain('Kun to svarede');
    expect(text).not.toContain('■');
  });

  it('exports no single answers and a summary with counts only', async () => {
    const rows = await fetch(`${running.baseUrl}/api/evaluations/${fewId}/results.csv`);
    expect(rows.status).toBe(409);
    expect(((await rows.json()) as any).error.message).toContain('når mindst 3 har svaret');
    const summary = (await (await fetch(`${running.baseUrl}/api/evaluations/${fewId}/results.csv?view=summary`)).text()).replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(summary[1]).toBe('Programledermøde september 2026;28-09-2026;2;40;5,0;1. Dagens oplæg var relevante for mig;2;;;;;;');
    expect(summary.join('\n')).not.toContain('Kun to svarede');
  });
});

describe('answers arriving together, and a close by another instance', () => {
  let rushId: string;
  const everyone = [anna, bo, cecilie, emma, person(6, 'Frede Olsen'), person(7, 'Gitte Berg')];

  it('stores every one of many answers sent at the same moment, one of them a second answer', async () => {
    const res = await api('POST', '/api/evaluations', { meetingId: 'pl-2026-10-26' });
    expect(res.status).toBe(201);
    rushId = res.body.evaluation.id;
    invokeCard(await click(anna, 'evaluationAnswer', { evaluationId: rushId, ...allAnswers([1, 1, 1, 1]) }));

    const views = await Promise.all(everyone.map((who, i) => click(who, 'evaluationAnswer', { evaluationId: rushId, ...allAnswers([1 + (i % 5), 2, 3, 4]) })));
    for (const view of views) expect(JSON.stringify(invokeCard(view))).toMatch(/Tak! Dit svar er gemt|Thank you! Your answer has been saved/);
    expect(JSON.stringify(views[0]!.body.value)).toContain('Dit tidligere svar er erstattet af dette.');
    const stored = await running.app.repos.evaluations.responses(rushId);
    expect(stored).toHaveLength(everyone.length);
    expect(stored.map((r) => r.answers.q1).sort()).toEqual([1, 2, 3, 4, 5, 1].sort());
  });

  it('refuses answers once another instance has closed the evaluation, though this one read it open a moment ago', async () => {
    // Another instance closes it: straight in storage, so this instance's own close path never runs.
    const current = (await running.app.repos.evaluations.get(rushId))!;
    await running.app.repos.evaluations.replace({ ...current.value, state: 'closed', closedAt: clock.now().toISOString() }, current.etag);

    const late = [dan, person(8, 'Hans Berg'), person(9, 'Ida Krag')];
    const views = await Promise.all(late.map((who) => click(who, 'evaluationAnswer', { evaluationId: rushId, ...allAnswers([5, 5, 5, 5]) })));
    for (const view of views) {
      const card = JSON.stringify(invokeCard(view));
      expect(card).toContain('Evalueringen er lukket, så dit svar er ikke gemt. Her er resultatet.');
      expect(card).toContain('Resultat af evalueringen');
    }
    expect(await running.app.repos.evaluations.responses(rushId)).toHaveLength(everyone.length);
  });
});

describe('"evaluering start" and "evaluering luk" pick the meeting and evaluation meant', () => {
  /** Kirsten types in the channel; returns the bot's reply there (text, or the card's text). */
  async function say(text: string): Promise<string> {
    const before = connector.sent.length;
    await post(running.baseUrl, channelMention(connector.serviceUrl, kirsten, text));
    const reply = connector.sent.slice(before).find((c) => c.conversationId?.startsWith(`${TEAM_ID};`));
    return reply?.activity.text ?? JSON.stringify(reply?.activity.attachments?.[0]?.content ?? {});
  }

  it('does not start a second evaluation of a meeting evaluated before, unless told "igen"', async () => {
    const evaluated = (await running.app.repos.evaluations.list()).filter((e) => e.meetingId === 'pl-2026-10-26');
    expect(await say('evaluering start 26-10-2026')).toMatch(/^Programledermøde oktober 2026 \(26-10-2026\) er allerede evalueret \(\d+ svar, lukket 23-11-2026\)\. Der er ikke startet en ny evaluering\. Vil du evaluere mødet igen, så skriv "evaluering start pl-2026-10-26 igen"\.$/);
    expect((await running.app.repos.evaluations.list()).filter((e) => e.meetingId === 'pl-2026-10-26')).toHaveLength(evaluated.length);
  });

  it('without a named meeting and none today, offers the latest and coming meetings and starts nothing', async () => {
    const count = (await running.app.repos.evaluations.list()).length;
    clock.advance(2 * 86_400_000); // Wednesday 25-11-2026: no meeting that day
    try {
      await running.app.repos.meetings.upsert({ id: 'pl-2026-12-14', date: '2026-12-14', startTime: '10:00', endTime: '11:30', title: 'Programledermøde december 2026', agenda: [], participantCount: 0 });
      const card = await say('evaluering start');
      expect(card).toContain('Der er intet programledermøde i dag. Hvilket møde vil du evaluere?');
      for (const name of ['Programledermøde oktober 2026 (26-10-2026)', 'Programledermøde november 2026 (23-11-2026)', 'Programledermøde december 2026 (14-12-2026)']) expect(card).toContain(name);
      expect(card).toContain('"verb":"evaluationStartFor"');
      expect(await running.app.repos.evaluations.list()).toHaveLength(count);
    } finally {
      clock.advance(-2 * 86_400_000);
    }
  });

  it('"luk" closes the evaluation the person started, not another open one, and says which', async () => {
    expect(await say('evaluering start 26-10-2026 igen')).toMatch(/^Evalueringen af Programledermøde oktober 2026 \(26-10-2026\) er startet og sendt til kanalen og mødechatten\./);
    const mine = (await running.app.repos.evaluations.list()).find((e) => e.meetingId === 'pl-2026-10-26' && e.state === 'open')!;
    // A colleague starts the December meeting's evaluation after it (over the API, as the tab does).
    const other = await api('POST', '/api/evaluations', { meetingId: 'pl-2026-12-14' });
    expect(other.status).toBe(201);
    expect(await say('evaluering luk')).toMatch(/^Evalueringen af Programledermøde oktober 2026 \(26-10-2026\) er lukket med 0 svar\./);
    expect((await running.app.repos.evaluations.get(mine.id))!.value.state).toBe('closed');
    expect((await running.app.repos.evaluations.get(other.body.evaluation.id))!.value.state).toBe('open');
    expect(await say('evaluering luk 14-12-2026')).toMatch(/^Evalueringen af Programledermøde december 2026 \(14-12-2026\) er lukket/);
  });
});

describe('reading "evaluering start"', () => {
  it('understands a meeting, minutes and "løbende"', () => {
    expect(parseStartArgs('')).toEqual({ meetingRef: undefined, minutes: undefined, live: false });
    expect(parseStartArgs('15 min løbende')).toEqual({ meetingRef: undefined, minutes: 15, live: true });
    expect(parseStartArgs('pl-2026-11-23 10min')).toEqual({ meetingRef: 'pl-2026-11-23', minutes: 10, live: false });
    expect(parseStartArgs('i morgen tidlig')).toBeUndefined();
  });
});

describe('cards at the edges', () => {
  const meeting = { id: 'pl-2026-11-23', date: '2026-11-23', startTime: '10:00', endTime: '11:30', title: 'Programledermøde november 2026', agenda: [], participantCount: 75 };
  const base = { id: 'eval-x', meetingId: meeting.id, allowComment: true, showLiveResults: true, startedAt: '2026-11-23T10:20:00Z' };

  it('shows a closed evaluation nobody answered', () => {
    const evaluation = { ...base, questions: [...DEFAULT_QUESTIONS], state: 'closed' as const, closedAt: '2026-11-23T10:45:00Z' };
    const card = evaluationResultsCard({ evaluation, meeting, results: evaluationResults(evaluation, meeting, [], { reveal: true }), lang: 'da', now: new Date('2026-11-23T11:00:00Z') });
    expectValidTeamsCard(card);
    expect(JSON.stringify(card)).toContain('Ingen nåede at svare.');
    expect(JSON.stringify(card)).toContain('Ingen svar');
  });

  it('shows a comment as the text it is: a markdown link or bold is never rendered as such', () => {
    const evaluation = { ...base, questions: [...DEFAULT_QUESTIONS], state: 'closed' as const, closedAt: '2026-11-23T10:45:00Z' };
    const link = '[Klik her](https://evil.example/login)';
    const responses = ['**Vigtigt**', link, 'Godt møde'].map((comment, i) => ({ evaluationId: 'eval-x', respondentHash: `h${i}`, answers: { q1: 4, q2: 4, q3: 4, q4: 4 }, comment, submittedAt: '2026-11-23T10:30:00Z' }));
    const results = evaluationResults(evaluation, meeting, responses, { reveal: true });
    const card = evaluationResultsCard({ evaluation, meeting, results, lang: 'da', now: new Date('2026-11-23T11:00:00Z') });
    expectValidTeamsCard(card);
    // Every place the comment text stands is a TextRun, which Teams never reads as markdown.
    const holders: string[] = [];
    const visit = (node: unknown, parentType?: string): void => {
      if (Array.isArray(node)) return node.forEach((n) => visit(n, parentType));
      if (!node || typeof node !== 'object') return;
      const element = node as { type?: string; text?: unknown };
      if (typeof element.text === 'string' && element.text.includes('evil.example')) holders.push(element.type ?? '?');
      for (const value of Object.values(element)) visit(value, element.type);
    };
    visit(card);
    expect(holders).toEqual(['TextRun']);
    const thanks = evaluationThanksCard({ evaluation: { ...evaluation, state: 'open' as const }, meeting, lang: 'da', response: responses[1]!, canClose: false });
    holders.length = 0;
    visit(thanks);
    expect(holders).toEqual(['TextRun']);
  });

  it('stays under Teams\' size limit with ten long statements and hundreds of long comments', () => {
    const questions = Array.from({ length: 10 }, (_, i) => ({ id: `q${i + 1}`, text: `Udsagn ${i + 1}: ${'æøå '.repeat(74)}`.slice(0, 300) }));
    const evaluation = { ...base, questions, state: 'closed' as const, closedAt: '2026-11-23T10:45:00Z' };
    const responses = Array.from({ length: 300 }, (_, i) => ({
      evaluationId: 'eval-x',
      respondentHash: `h${i}`,
      answers: Object.fromEntries(questions.map((q, k) => [q.id, 1 + ((i + k) % 5)])),
      comment: `Kommentar ${i}: ${'mere dialog '.repeat(80)}`.slice(0, 1000),
      submittedAt: '2026-11-23T10:30:00Z',
    }));
    const results = evaluationResults(evaluation, meeting, responses, { reveal: true });
    const final = evaluationResultsCard({ evaluation, meeting, results, lang: 'da', now: new Date('2026-11-23T11:00:00Z') });
    expectValidTeamsCard(final);
    expect(JSON.stringify(final)).toContain('… og 275 kommentarer mere i fanen og i CSV-filen.');
    const open = { ...evaluation, state: 'open' as const };
    expectValidTeamsCard(evaluationFormCard({ evaluation: open, meeting, lang: 'da', now: new Date(), responseCount: 300, live: results.statements, canClose: true, shared: true }));
    expectValidTeamsCard(evaluationThanksCard({ evaluation: open, meeting, lang: 'da', response: responses[0]!, canClose: true }));
  });
});
