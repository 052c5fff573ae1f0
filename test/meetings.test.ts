import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../bot/app.ts';
import { startTestApp, type RunningApp } from './support/app.ts';
import { startConnectorStandIn, type ConnectorStandIn, type RecordedCall } from './support/connectorStandIn.ts';
import { botAddedToMeetingChat, cardAction, MEETING_ID, MEETING_JOIN_URL, MEETING_THREAD, meetingEvent, meetingParticipants, person, personalMessage, post, TEAM_ID, TENANT } from './support/activities.ts';
import { meetingThreadOf } from '../bot/domain/meeting.ts';
import { install } from './support/installs.ts';
import { expectValidTeamsCard } from './support/cards.ts';
import { testLog } from './support/storage.ts';
import { newProfile } from '../bot/domain/user.ts';
import { ShiftClock } from './support/shiftClock.ts';

let running: RunningApp;
let second: App;
let secondUrl: string;
let connector: ConnectorStandIn;
const clock = new ShiftClock('2026-11-23T09:55:00Z');

const MEETING = 'pl-2026-11-23';
const OTHER_THREAD = '19:meeting_ZTc2YjVmMWItOGQ0Ny00Y2JmLWIxYjAtYzQ3ZGY1ZjhhZDFk@thread.v2';
const OTHER_JOIN_URL = `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(OTHER_THREAD)}/0?context=%7b%22Tid%22%3a%22${TENANT}%22%7d`;

const organiser = person(1, 'Kirsten Lund'); // KOMBIT staff, in the roster with her kombit.dk sign-in name
const anna = person(2, 'Anna Hansen'); // København, chosen in her profile
const bo = person(3, 'Bo Jensen'); // Frederiksberg, chosen in his profile
const cecilie = person(4, 'Cecilie Holm'); // Frederiksberg too
const dorte = person(5, 'Dorte Friis'); // no profile: placed by her e-mail (balk.dk, Ballerup)
const erik = person(6, 'Erik Guest'); // an e-mail domain the app does not know
const frida = person(7, 'Frida Nielsen'); // Brøndby, chosen in her profile, not at the meeting

const roster = [
  { id: organiser.id, name: organiser.name, aadObjectId: organiser.aadObjectId, email: 'kl@kombit.dk', userPrincipalName: 'kl@kombit.dk', tenantId: TENANT },
  { id: anna.id, name: anna.name, aadObjectId: anna.aadObjectId, email: 'anna@kk.dk', userPrincipalName: 'anna_kk.dk#EXT#@kombit.onmicrosoft.com', userRole: 'guest', tenantId: TENANT },
  { id: bo.id, name: bo.name, aadObjectId: bo.aadObjectId, email: 'bo@frederiksberg.dk', userPrincipalName: 'bo_frederiksberg.dk#EXT#@kombit.onmicrosoft.com', userRole: 'guest', tenantId: TENANT },
  { id: cecilie.id, name: cecilie.name, aadObjectId: cecilie.aadObjectId, email: 'ch@frederiksberg.dk', userPrincipalName: 'ch_frederiksberg.dk#EXT#@kombit.onmicrosoft.com', userRole: 'guest', tenantId: TENANT },
  { id: dorte.id, name: dorte.name, aadObjectId: dorte.aadObjectId, email: 'df@balk.dk', userPrincipalName: 'df_balk.dk#EXT#@kombit.onmicrosoft.com', userRole: 'guest', tenantId: TENANT },
  { id: erik.id, name: erik.name, aadObjectId: erik.aadObjectId, email: 'erik@example.org', userPrincipalName: 'erik_example.org#EXT#@kombit.onmicrosoft.com', userRole: 'guest', tenantId: TENANT },
];

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${running.baseUrl}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, headers: res.headers, body: (await res.json().catch(() => undefined)) as any };
}

const cardOf = (call: RecordedCall) => call.activity.attachments[0].content;
const cardsIn = (conversationId: string) => connector.sent.filter((c) => c.conversationId === conversationId && c.operation === 'sendToConversation' && c.activity?.attachments?.length);
const cardsWith = (conversationId: string, text: string) => cardsIn(conversationId).filter((c) => JSON.stringify(cardOf(c)).includes(text));
const personalChat = (p: typeof anna) => `a:1personal-${p.aadObjectId}`;

beforeAll(async () => {
  connector = await startConnectorStandIn({ rateLimits: false });
  const env = { DEV_USER_IS_STAFF: 'false', STAFF_USER_IDS: 'demo-kombit', EVALUATION_HASH_KEY: 'test-evaluation-hash-key-0123456789' };
  running = await startTestApp({ clock, workers: true, env });
  // A second instance of the app on the same storage: Teams may hand the same event to either.
  second = createApp({ config: running.config, storage: running.storage, log: testLog, clock, delivery: { idleMs: 50 } });
  secondUrl = await second.listen();
  await second.startWorkers();
  const { repos } = running.app;
  connector.setMembers(MEETING_THREAD, roster);
  await repos.meetings.upsert({
    id: MEETING,
    date: '2026-11-23',
    startTime: '10:00',
    endTime: '11:30',
    title: 'Programledermøde november 2026',
    agenda: [
      { time: '10:00', title: 'Velkomst og nyt fra KOMBIT', presenter: 'Kirsten Lund' },
      { time: '10:20', title: 'Status på Digital Post 2.0', presenter: '' },
    ],
  });
  await repos.meetings.upsert({ id: 'pl-2026-10-26', date: '2026-10-26', startTime: '10:00', endTime: '11:30', title: 'Programledermøde oktober 2026', agenda: [], joinUrl: MEETING_JOIN_URL });
  for (const [p, code] of [[anna, '101'], [bo, '147'], [cecilie, '147'], [frida, '153']] as const) {
    await repos.users.save(newProfile(p.aadObjectId, { name: p.name, municipalityCode: code }));
    await install(repos, connector.serviceUrl, { person: p });
  }
});
afterAll(async () => {
  await second?.stop();
  await running?.close();
  await connector?.close();
});

describe('a meeting knows its Teams meeting', () => {
  it('refuses a join link that is not a Teams meeting link, in Danish, and changes nothing', async () => {
    const before = await api('GET', `/api/meetings/${MEETING}`);
    const res = await api('PATCH', `/api/meetings/${MEETING}`, { joinUrl: 'https://zoom.us/j/123456' }, { 'if-match': before.headers.get('etag')! });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('skal være et Teams-mødelink');
    expect((await api('GET', `/api/meetings/${MEETING}`)).body.meeting.joinUrl).toBeUndefined();
  });

  it('takes the Teams join link and shows it with the meeting', async () => {
    const before = await api('GET', `/api/meetings/${MEETING}`);
    const res = await api('PATCH', `/api/meetings/${MEETING}`, { joinUrl: MEETING_JOIN_URL }, { 'if-match': before.headers.get('etag')! });
    expect(res.status).toBe(200);
    const list = await api('GET', '/api/meetings');
    expect(list.body.meetings.find((m: { id: string }) => m.id === MEETING).joinUrl).toBe(MEETING_JOIN_URL);
  });
});

describe('meeting start', () => {
  it('does nothing for a Teams meeting that is no program-leader meeting of today', async () => {
    await post(running.baseUrl, botAddedToMeetingChat(connector.serviceUrl, organiser, OTHER_THREAD));
    const res = await post(running.baseUrl, meetingEvent(connector.serviceUrl, 'start', { joinUrl: OTHER_JOIN_URL, thread: OTHER_THREAD, title: 'Fredagsbar' }));
    expect(res.status).toBe(200);
    // The agenda is handed to the delivery engine before Teams is answered: nothing was handed over for that chat.
    const handedOver = (await running.app.repos.notifications.list()).filter((n) => JSON.stringify(n.audience).includes(OTHER_THREAD));
    expect(handedOver).toEqual([]);
    expect(cardsWith(OTHER_THREAD, 'Mødet er begyndt')).toEqual([]);
  });

  it('posts today\'s agenda with the way to Mødevisning in the meeting chat once, however often and to whichever instance Teams sends the event', async () => {
    expect((await post(running.baseUrl, botAddedToMeetingChat(connector.serviceUrl, organiser))).status).toBe(200);
    const start = meetingEvent(connector.serviceUrl, 'start');
    const answers = await Promise.all([post(running.baseUrl, start), post(secondUrl, start), post(running.baseUrl, { ...start, id: 'repeated-start' })]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    await expect.poll(() => cardsWith(MEETING_THREAD, 'Mødet er begyndt').length, { timeout: 10_000 }).toBe(1);
    const card = cardOf(cardsWith(MEETING_THREAD, 'Mødet er begyndt')[0]!);
    expectValidTeamsCard(card);
    const text = JSON.stringify(card);
    expect(text).toContain('Programledermøde november 2026');
    expect(text).toContain('23. november 2026, 10:00–11:30');
    expect(text).toContain('Velkomst og nyt fra KOMBIT');
    expect(text).toContain('Status på Digital Post 2.0');
    expect(card.actions).toEqual([
      expect.objectContaining({ type: 'Action.Execute', title: 'Stil et spørgsmål', verb: 'meetingQuestion', data: { kind: 'question', meetingId: MEETING } }),
      expect.objectContaining({ type: 'Action.Execute', title: 'Foreslå en idé', verb: 'meetingQuestion', data: { kind: 'idea', meetingId: MEETING } }),
      expect.objectContaining({ type: 'Action.OpenUrl', title: 'Åbn Mødevisning', url: expect.stringContaining('view=meeting') }),
    ]);
    expect(card.body.at(-1)).toMatchObject({ type: 'Input.Text', id: 'questionText', label: 'Spørgsmål til mødet eller idé til et kommende møde' });
    // Another start of the same meeting (Teams repeats events) posts nothing more.
    expect((await post(secondUrl, { ...start, id: 'late-repeat' })).status).toBe(200);
    expect(cardsWith(MEETING_THREAD, 'Mødet er begyndt')).toHaveLength(1);
  });
});

describe('attendance by municipality', () => {
  it('counts the people who joined by municipality, KOMBIT staff apart, and names the municipalities that were not there', async () => {
    const join = (people: (typeof anna)[], url = running.baseUrl) => post(url, meetingParticipants(connector.serviceUrl, 'join', people));
    expect((await join([organiser, anna])).status).toBe(200);
    expect((await join([bo, cecilie], secondUrl)).status).toBe(200);
    await join([dorte, erik]);
    // Leaving and joining again, and a repeated event, count each person once.
    await post(running.baseUrl, meetingParticipants(connector.serviceUrl, 'leave', [anna]));
    await join([anna], secondUrl);
    await join([bo]);

    const res = await api('GET', `/api/meetings/${MEETING}/attendance`);
    expect(res.status).toBe(200);
    const a = res.body.attendance;
    expect(a.headline).toBe('3 kommuner (4 deltagere)');
    expect(a.municipalities).toEqual([
      { code: '151', name: 'Ballerup', participants: 1 },
      { code: '147', name: 'Frederiksberg', participants: 2 },
      { code: '101', name: 'København', participants: 1 },
    ]);
    expect(a.kombitCount).toBe(1);
    expect(a.unplacedCount).toBe(1);
    expect(a.absent).toHaveLength(95);
    expect(a.absent.map((m: { name: string }) => m.name)).toContain('Brøndby');
    expect(a.absent.map((m: { name: string }) => m.name)).not.toContain('København');
  });

  it('answers an unknown meeting with a Danish 404', async () => {
    const res = await api('GET', '/api/meetings/pl-1999-01-01/attendance');
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.body)).toContain('Mødet');
  });
});

describe('meeting end', () => {
  it('starts the evaluation and posts its card in the meeting chat once, with two instances and a repeated event, and fills in the participant figures', async () => {
    const end = meetingEvent(connector.serviceUrl, 'end');
    const answers = await Promise.all([post(running.baseUrl, end), post(secondUrl, end), post(secondUrl, { ...end, id: 'repeated-end' })]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const FORM = 'Hvor enig eller uenig er du i følgende udsagn?';
    await expect.poll(() => cardsWith(MEETING_THREAD, FORM).length, { timeout: 10_000 }).toBe(1);
    const evaluations = (await running.app.repos.evaluations.list()).filter((e) => e.meetingId === MEETING);
    expect(evaluations.map((e) => e.state)).toEqual(['open']);
    const form = cardOf(cardsWith(MEETING_THREAD, FORM)[0]!);
    expectValidTeamsCard(form);
    expect(JSON.stringify(form)).toContain('Programledermøde november 2026');
    // A late repeat of the end starts nothing new.
    expect((await post(running.baseUrl, { ...end, id: 'late-end' })).status).toBe(200);
    expect((await running.app.repos.evaluations.list()).filter((e) => e.meetingId === MEETING)).toHaveLength(1);
    expect(cardsWith(MEETING_THREAD, FORM)).toHaveLength(1);
    const meeting = (await api('GET', `/api/meetings/${MEETING}`)).body.meeting;
    expect([meeting.participantMunicipalities, meeting.participantCount]).toEqual([3, 4]);
  });
});

describe('a meeting without a Teams link', () => {
  const SECOND = 'pl-2026-11-23-2';
  const THIRD_THREAD = '19:meeting_OGQ1ZjAzZGQtMWI0Ny00ZjMxLWE2ZDAtZDk4YzE1ZTk0NzQy@thread.v2';
  const FORM = 'Hvor enig eller uenig er du i følgende udsagn?';

  it('is the meeting of the day for a meeting chat the app is installed in, and gets no second evaluation when staff started one before the end', async () => {
    await running.app.repos.meetings.upsert({ id: SECOND, date: '2026-11-23', startTime: '13:00', endTime: '14:00', title: 'Ekstra programledermøde om VALG', agenda: [{ title: 'Status fra projekt VALG', presenter: 'Søren Stauning' }] });
    connector.setMembers(THIRD_THREAD, roster);
    expect((await post(running.baseUrl, botAddedToMeetingChat(connector.serviceUrl, organiser, THIRD_THREAD))).status).toBe(200);
    const thirdJoinUrl = `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(THIRD_THREAD)}/0`;
    expect((await post(secondUrl, meetingEvent(connector.serviceUrl, 'start', { joinUrl: thirdJoinUrl, thread: THIRD_THREAD }))).status).toBe(200);
    await expect.poll(() => cardsWith(THIRD_THREAD, 'Ekstra programledermøde om VALG').length, { timeout: 10_000 }).toBe(1);
    expect(JSON.stringify(cardOf(cardsWith(THIRD_THREAD, 'Ekstra programledermøde om VALG')[0]!))).toContain('Mødet er begyndt');

    const started = await api('POST', '/api/evaluations', { meetingId: SECOND });
    expect(started.status).toBe(201);
    await expect.poll(() => cardsWith(THIRD_THREAD, FORM).length, { timeout: 10_000 }).toBe(1);
    const end = meetingEvent(connector.serviceUrl, 'end', { joinUrl: thirdJoinUrl, thread: THIRD_THREAD });
    expect((await Promise.all([post(running.baseUrl, end), post(secondUrl, end)])).map((a) => a.status)).toEqual([200, 200]);
    expect((await running.app.repos.evaluations.list()).filter((e) => e.meetingId === SECOND)).toHaveLength(1);
    expect(cardsWith(THIRD_THREAD, FORM)).toHaveLength(1);
  });
});

describe('a channel meeting', () => {
  it('is found by its link (the channel thread) and gets its agenda in the channel', async () => {
    const channelLink = `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(TEAM_ID)}/1700000000555?context=%7b%22Tid%22%3a%22${TENANT}%22%7d`;
    expect(meetingThreadOf(channelLink)).toBe(TEAM_ID.toLowerCase());
    expect(meetingThreadOf('https://zoom.us/j/123456')).toBeUndefined();
    await running.app.repos.meetings.upsert({ id: 'pl-2026-11-23-3', date: '2026-11-23', startTime: '15:00', endTime: '15:30', title: 'Kanalmøde om Digital Post', agenda: [], joinUrl: channelLink });
    await install(running.app.repos, connector.serviceUrl, { team: TEAM_ID });
    const start = meetingEvent(connector.serviceUrl, 'start', { joinUrl: channelLink, thread: `${TEAM_ID};messageid=1700000000555` });
    const event = { ...start, conversation: { isGroup: true, conversationType: 'channel', tenantId: TENANT, id: `${TEAM_ID};messageid=1700000000555` }, channelData: { ...start.channelData, team: { id: TEAM_ID }, channel: { id: TEAM_ID } } };
    expect((await post(running.baseUrl, event)).status).toBe(200);
    await expect.poll(() => connector.sent.filter((c) => c.conversationId?.startsWith(TEAM_ID) && JSON.stringify(c.activity ?? {}).includes('Kanalmøde om Digital Post')).length, { timeout: 10_000 }).toBe(1);
  });
});

describe('follow-up', () => {
  it('refuses "Send opfølgning" before the recording or the slides are added, in Danish, and sends nothing', async () => {
    const before = connector.sent.length;
    const res = await api('POST', `/api/meetings/${MEETING}/follow-up`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('Tilføj link til optagelsen eller præsentationen');
    expect(connector.sent.length).toBe(before);
  });

  it('is for KOMBIT staff only', async () => {
    const res = await api('POST', `/api/meetings/${MEETING}/follow-up`, undefined, { 'x-demo-municipality': '101' });
    expect(res.status).toBe(403);
  });

  it('sends every program leader the links and the agenda once, and "I var ikke med" only to the municipalities that were absent', async () => {
    const before = await api('GET', `/api/meetings/${MEETING}`);
    const links = { recordingUrl: 'https://kombit.sharepoint.com/optagelse-november.mp4', presentationUrl: 'https://kombit.sharepoint.com/praesentation-november.pdf' };
    expect((await api('PATCH', `/api/meetings/${MEETING}`, links, { 'if-match': before.headers.get('etag')! })).status).toBe(200);

    const res = await api('POST', `/api/meetings/${MEETING}/follow-up`);
    expect(res.status).toBe(200);
    expect(res.body.targets).toBe(4);
    for (const p of [anna, bo, cecilie, frida]) await expect.poll(() => cardsWith(personalChat(p), 'Opfølgning på programledermødet').length, { timeout: 10_000 }).toBe(1);
    const cardFor = (p: typeof anna) => cardOf(cardsWith(personalChat(p), 'Opfølgning på programledermødet')[0]!);
    expectValidTeamsCard(cardFor(frida));
    expect(JSON.stringify(cardFor(frida))).toContain('I var ikke med – her er optagelsen.');
    for (const p of [anna, bo, cecilie]) expect(JSON.stringify(cardFor(p))).not.toContain('I var ikke med');
    expect(cardFor(anna).actions.map((a: { title: string; url?: string; verb?: string }) => [a.title, a.url ?? a.verb])).toEqual([
      ['Stil et spørgsmål', 'meetingQuestion'],
      ['Foreslå en idé', 'meetingQuestion'],
      ['Se optagelsen', links.recordingUrl],
      ['Se præsentationen', links.presentationUrl],
    ]);
    expect(JSON.stringify(cardFor(anna))).toContain('Velkomst og nyt fra KOMBIT');

    const report = await api('GET', `/api/notifications/${res.body.notificationId}/report`);
    expect(report.status).toBe(200);
    // Pressing it again sends nothing twice.
    const again = await api('POST', `/api/meetings/${MEETING}/follow-up`);
    expect(again.body.created).toBe(false);
    for (const p of [anna, bo, cecilie, frida]) expect(cardsWith(personalChat(p), 'Opfølgning på programledermødet')).toHaveLength(1);
  });
});

describe('questions and ideas', () => {
  const said = (p: typeof anna) => connector.sent.filter((c) => c.conversationId === personalChat(p) && typeof c.activity?.text === 'string').map((c) => c.activity.text as string);

  it('takes a question and an idea from program leaders in chat, once per message, and explains in Danish when the text is missing', async () => {
    const question = personalMessage(connector.serviceUrl, anna, 'spørgsmål Hvornår kan vi teste FLIS 2.0?');
    expect((await post(running.baseUrl, question)).status).toBe(200);
    // Teams delivering the same message again stores nothing new.
    expect((await post(secondUrl, question)).status).toBe(200);
    await expect.poll(() => said(anna).filter((x) => x.startsWith('Tak for dit spørgsmål')).length).toBe(2);

    const before = (await running.app.repos.meetingQuestions.list()).length;
    await post(running.baseUrl, personalMessage(connector.serviceUrl, bo, 'idé'));
    await expect.poll(() => said(bo).some((x) => x.startsWith('Skriv din idé efter ordet'))).toBe(true);
    expect(await running.app.repos.meetingQuestions.list()).toHaveLength(before);

    await post(running.baseUrl, personalMessage(connector.serviceUrl, bo, 'Idé: Et oplæg om kunstig intelligens i kommunerne'));
    await expect.poll(() => said(bo).some((x) => x.startsWith('Tak for din idé'))).toBe(true);
  });

  it('lists them for staff with name, municipality and meeting, and for nobody else', async () => {
    expect((await api('GET', '/api/meeting-questions', undefined, { 'x-demo-municipality': '101' })).status).toBe(403);
    const res = await api('GET', '/api/meeting-questions');
    expect(res.status).toBe(200);
    const rows = res.body.questions.map((q: any) => [q.kind, q.text, q.askedBy.name, q.municipalityName, q.meetingTitle ?? null, q.state]);
    expect(rows).toEqual(
      expect.arrayContaining([
        ['question', 'Hvornår kan vi teste FLIS 2.0?', 'Anna Hansen', 'København', 'Programledermøde november 2026 (23-11-2026)', 'new'],
        ['idea', 'Et oplæg om kunstig intelligens i kommunerne', 'Bo Jensen', 'Frederiksberg', null, 'new'],
      ]),
    );
    expect(rows).toHaveLength(2);
  });

  it('tells the asker the answer, or which meeting\'s agenda their idea is on, in their 1:1 chat; a second answer is refused in Danish', async () => {
    const questions = (await api('GET', '/api/meeting-questions')).body.questions as { id: string; kind: string }[];
    const question = questions.find((q) => q.kind === 'question')!;
    const idea = questions.find((q) => q.kind === 'idea')!;

    const answered = await api('POST', `/api/meeting-questions/${question.id}/answer`, { answer: 'Testmiljøet åbner 1. december.' });
    expect(answered.status).toBe(200);
    await expect.poll(() => said(anna).find((x) => x.startsWith('Svar på dit spørgsmål')), { timeout: 10_000 }).toBe('Svar på dit spørgsmål "Hvornår kan vi teste FLIS 2.0?":\n\nTestmiljøet åbner 1. december.');
    const again = await api('POST', `/api/meeting-questions/${question.id}/agenda`, { meetingId: MEETING });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe('Spørgsmålet er allerede besvaret eller sat på dagsordenen. Intet er ændret.');

    expect((await api('POST', `/api/meeting-questions/${idea.id}/agenda`, { meetingId: 'pl-1999-01-01' })).status).toBe(404);
    const onAgenda = await api('POST', `/api/meeting-questions/${idea.id}/agenda`, { meetingId: MEETING });
    expect(onAgenda.status).toBe(200);
    await expect.poll(() => said(bo).find((x) => x.startsWith('Din idé')), { timeout: 10_000 }).toBe('Din idé "Et oplæg om kunstig intelligens i kommunerne" er sat på dagsordenen for Programledermøde november 2026 23-11-2026.');
    const states = (await api('GET', '/api/meeting-questions')).body.questions.map((q: any) => [q.kind, q.state, q.answer ?? q.agendaMeetingTitle]);
    expect(states).toEqual(expect.arrayContaining([['question', 'answered', 'Testmiljøet åbner 1. december.'], ['idea', 'onAgenda', 'Programledermøde november 2026 (23-11-2026)']]));
  });
});

describe('questions and ideas from the meeting cards', () => {
  const said = (p: typeof anna) => connector.sent.filter((c) => c.conversationId === personalChat(p) && typeof c.activity?.text === 'string').map((c) => c.activity.text as string);
  /** Action.Execute on the agenda card in the meeting chat, as Teams sends it: the card's input merged into `action.data`. */
  const clickInMeetingChat = (p: typeof anna, data: Record<string, unknown>) => {
    const invoke = cardAction(connector.serviceUrl, p, 'meetingQuestion', data);
    return { ...invoke, conversation: { isGroup: true, conversationType: 'groupChat', tenantId: TENANT, id: MEETING_THREAD }, channelData: { tenant: { id: TENANT }, source: { name: 'message' }, meeting: { id: MEETING_ID } } };
  };
  const stored = async () => (await running.app.repos.meetingQuestions.list()).length;

  it('takes a question written on the agenda card in the meeting chat, answers the clicker alone, and staff see it with name, municipality and meeting', async () => {
    const res = await post(running.baseUrl, clickInMeetingChat(cecilie, { kind: 'question', meetingId: MEETING, questionText: 'Kommer slides om Digital Post 2.0 også ud?' }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'Tak for dit spørgsmål. Det er sendt til KOMBIT, og du får svaret i din chat med mig.' });
    const rows = (await api('GET', '/api/meeting-questions')).body.questions as any[];
    const row = rows.find((q) => q.text === 'Kommer slides om Digital Post 2.0 også ud?');
    expect([row.kind, row.askedBy.name, row.municipalityName, row.meetingTitle, row.state]).toEqual(['question', 'Cecilie Holm', 'Frederiksberg', 'Programledermøde november 2026 (23-11-2026)', 'new']);

    expect((await api('POST', `/api/meeting-questions/${row.id}/answer`, { answer: 'Ja, de kommer med opfølgningen.' })).status).toBe(200);
    await expect.poll(() => said(cecilie).find((x) => x.startsWith('Svar på dit spørgsmål')), { timeout: 10_000 }).toBe('Svar på dit spørgsmål "Kommer slides om Digital Post 2.0 også ud?":\n\nJa, de kommer med opfølgningen.');
  });

  it('takes an idea from the follow-up card in the 1:1 chat, for a coming meeting', async () => {
    const res = await post(running.baseUrl, cardAction(connector.serviceUrl, frida, 'meetingQuestion', { kind: 'idea', meetingId: MEETING, questionText: 'Et oplæg om OS2-samarbejdet' }));
    expect(res.body.value).toBe('Tak for din idé. Den er sendt til KOMBIT, og du får besked i din chat med mig, når den er sat på dagsordenen.');
    const row = ((await api('GET', '/api/meeting-questions')).body.questions as any[]).find((q) => q.text === 'Et oplæg om OS2-samarbejdet');
    expect([row.kind, row.askedBy.name, row.municipalityName, row.meetingId ?? null]).toEqual(['idea', 'Frida Nielsen', 'Brøndby', null]);
  });

  it('answers an empty field, an unknown meeting and a forged card in Danish, and stores nothing', async () => {
    const before = await stored();
    const empty = await post(running.baseUrl, clickInMeetingChat(bo, { kind: 'question', meetingId: MEETING, questionText: '  ' }));
    expect(empty.body.value).toBe('Skriv dit spørgsmål i feltet på kortet (3 til 1000 tegn), og tryk igen. Intet er sendt.');
    // An empty field may come as an empty string or not at all (clients differ): both are answered the same.
    const untouched = await post(running.baseUrl, clickInMeetingChat(bo, { kind: 'idea', meetingId: MEETING }));
    expect(untouched.body.value).toBe('Skriv din idé i feltet på kortet (3 til 1000 tegn), og tryk igen. Intet er sendt.');
    const gone = await post(running.baseUrl, clickInMeetingChat(bo, { kind: 'question', meetingId: 'pl-1999-01-01', questionText: 'Hvornår er næste møde?' }));
    expect(gone.body.value).toBe('Mødet findes ikke længere. Intet er sendt.');
    const forged = await post(running.baseUrl, clickInMeetingChat(bo, { kind: 'complaint', meetingId: MEETING, questionText: 'Hvornår er næste møde?' }));
    expect(forged.body.value).toContain('Kortet kunne ikke læses');
    expect(await stored()).toBe(before);
  });
});
