import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type RunningApp } from './support/app.ts';
import { startConnectorStandIn, type ConnectorStandIn } from './support/connectorStandIn.ts';
import { cardAction, channelMention, person, personalMessage, post, TEAM_ID } from './support/activities.ts';
import { ManualClock } from '../bot/domain/time.ts';

/**
 * Issue 19, item 5: "kommune Hedensted" from KOMBIT staff, or in a channel, shows that
 * municipality's status across KLIK tasks, agreements and surveys, and changes nobody's own
 * municipality; a program leader in a 1:1 chat still chooses their own with it.
 */
let running: RunningApp;
let connector: ConnectorStandIn;
const clock = new ManualClock('2026-11-23T09:00:00Z');
const consultant = person(900, 'Karen KOMBIT');
const leader = person(901, 'Lars Programleder');
const HEDENSTED = '766';
const AARHUS = '751';

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${running.baseUrl}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
}

/** The bot's reply to this very message (not a card the delivery engine sends meanwhile). */
async function replyTo(activity: { id: string }) {
  await post(running.baseUrl, activity);
  const reply = connector.sent.find((c) => c.operation === 'replyToActivity' && c.replyToId === activity.id);
  expect(reply).toBeDefined();
  return reply!.activity as any;
}
const cardOf = (activity: any) => activity.attachments[0].content;
const texts = (node: any): string[] => (Array.isArray(node) ? node.flatMap(texts) : node && typeof node === 'object' ? [...(typeof node.text === 'string' ? [node.text] : []), ...Object.values(node).flatMap(texts)] : []);

beforeAll(async () => {
  connector = await startConnectorStandIn({ rateLimits: false });
  // Chat users are program leaders here; the consultant and the tab's demo user are staff.
  running = await startTestApp({ clock, env: { DEV_USER_IS_STAFF: 'false', STAFF_USER_IDS: `demo-kombit,${consultant.aadObjectId}` } });
  const { repos } = running.app;
  await repos.solutions.upsert({ id: 'kp', name: 'KP', description: '', phase: 'operation', status: 'onTrack', milestones: [] });
  await repos.solutions.upsert({ id: 'gateway', name: 'Fælleskommunal Gateway', description: '', phase: 'operation', status: 'onTrack', milestones: [] });
  const newTask = { solutionId: 'kp', type: 'Obligatorisk', startDate: '2026-11-01', responsibleRole: 'programleder' };
  const owed = await api('POST', '/api/klik-tasks', { ...newTask, title: 'Bestil OCES3-certifikat til KP', deadline: '2026-11-20' });
  const started = await api('POST', '/api/klik-tasks', { ...newTask, title: 'Test KP-integrationen', deadline: '2026-12-04' });
  const finished = await api('POST', '/api/klik-tasks', { ...newTask, title: 'Udpeg KP-superbrugere', deadline: '2026-12-11' });
  const old = await api('POST', '/api/klik-tasks', { ...newTask, startDate: '2026-08-01', title: 'Gammel KP-opgave fra august', deadline: '2026-09-01' });
  expect([owed.status, started.status, finished.status, old.status]).toEqual([201, 201, 201, 201]);
  expect((await api('PUT', `/api/klik-tasks/${started.body.task.id}/statuses/${HEDENSTED}`, { status: 'started' })).status).toBe(200);
  expect((await api('PUT', `/api/klik-tasks/${finished.body.task.id}/statuses/${HEDENSTED}`, { status: 'done' })).status).toBe(200);

  const agreement = { solutionId: 'gateway', kind: 'connection', sentDate: '2026-11-16', recipients: ['KOMBIT-programledere'], signingChannel: 'addo', deadline: '2026-12-28' };
  const unsigned = await api('POST', '/api/agreements', { ...agreement, title: 'Tilslutningsaftale til Fælleskommunal Gateway' });
  const signed = await api('POST', '/api/agreements', { ...agreement, title: 'Databehandleraftale for Fælleskommunal Gateway' });
  expect([unsigned.status, signed.status]).toEqual([201, 201]);
  expect((await api('PUT', `/api/agreements/${signed.body.agreement.id}/signatures/${HEDENSTED}`, { state: 'signed', signedDate: '2026-11-18' })).status).toBe(200);

  const survey = {
    questions: [{ id: 'q1', type: 'text', text: 'Hvem skal modtage erklæringen?', required: true, long: false }],
    audience: { municipalities: [HEDENSTED, AARHUS] },
    reminders: [],
    state: 'open',
    createdAt: '2026-11-20T09:00:00.000Z',
    createdBy: 'demo-kombit',
    sentAt: '2026-11-20T09:00:00.000Z',
    closesAt: '2026-12-10T15:00:00.000Z',
  } as const;
  await repos.surveys.create({ ...survey, id: 'revision', title: 'Modtagere af revisionserklæringer', anonymous: false, perMunicipality: true, expectedMunicipalities: [HEDENSTED, AARHUS] });
  await repos.surveys.create({ ...survey, id: 'rolle', title: 'Den nye programlederrolle (anonym)', anonymous: true, perMunicipality: false, recipientCount: 2 });
  // A named survey sent to Aarhus's program leader only: not Hedensted's to answer.
  await repos.surveys.create({ ...survey, id: 'aarhus-only', title: 'Erfaringer med KP i Aarhus', anonymous: false, perMunicipality: false, audience: { municipalities: [AARHUS] }, recipientCount: 1 });
  await repos.surveys.saveRecipients('aarhus-only', [{ surveyId: 'aarhus-only', userId: 'aarhus-leader', municipalityCode: AARHUS }]);
  await repos.surveys.insertResponse({ surveyId: 'revision', key: `m-${AARHUS}`, answers: { q1: 'Økonomi' }, submittedAt: '2026-11-21T09:00:00.000Z', respondent: { userId: 'x', municipalityCode: AARHUS } });
});
afterAll(async () => {
  await running?.close();
  await connector?.close();
});
beforeEach(() => connector.reset());

describe('"kommune <navn>" as a view of one municipality', () => {
  it('shows staff what Hedensted owes across tasks, agreements and surveys, with what it has finished as counts', async () => {
    const card = cardOf(await replyTo(personalMessage(connector.serviceUrl, consultant, 'kommune Hedensted')));
    const shown = texts(card);
    expect(shown).toContain('Status for Hedensted Kommune');
    expect(shown).toContain('Pr. 23-11-2026. KLIK-opgaver med status i KLIK, hvor den er importeret, ellers som meldt i Teams.');
    expect(shown).toContain('Mangler: 2 KLIK-opgaver, 1 aftale, 1 spørgeskema.');
    expect(shown).toContain('Bestil OCES3-certifikat til KP (KP) · frist overskredet 20-11-2026');
    expect(shown).toContain('Test KP-integrationen (KP) · frist 04-12-2026');
    expect(shown).toEqual(expect.arrayContaining(['Ikke påbegyndt', 'Påbegyndt', 'Mangler', 'Ikke besvaret']));
    expect(shown).toContain('1 åben opgave er fuldført af kommunen.');
    // More than a month overdue: KLIK's to chase, not this view's.
    expect(shown.filter((line) => line.includes('Gammel KP-opgave'))).toEqual([]);
    expect(shown).toContain('Tilslutningsaftale til Fælleskommunal Gateway (Fælleskommunal Gateway) · frist 28-12-2026');
    expect(shown.filter((line) => line.includes('Databehandleraftale'))).toEqual([]);
    expect(shown).toContain('1 er underskrevet eller besvaret.');
    expect(shown).toContain('Modtagere af revisionserklæringer · frist 10-12-2026');
    // An anonymous survey never tells who has answered, and a survey Hedensted was not asked is not its to answer.
    expect(JSON.stringify(card)).not.toContain('programlederrolle');
    expect(JSON.stringify(card)).not.toContain('Erfaringer med KP i Aarhus');
    expect(card.actions.map((a: any) => a.title)).toEqual(['Vælg Hedensted som min kommune', 'Åbn porteføljen']);
    expect((await running.app.repos.users.get(consultant.aadObjectId))?.value.municipalityCode).toBeUndefined();
  });

  it('tells staff when a municipality owes nothing, and Aarhus\'s survey answer counts for Aarhus', async () => {
    const shown = texts(cardOf(await replyTo(personalMessage(connector.serviceUrl, consultant, 'kommune Aarhus'))));
    expect(shown).toContain('Status for Aarhus Kommune');
    expect(shown).toContain('Mangler: 3 KLIK-opgaver, 2 aftaler, 1 spørgeskema.');
    expect(shown).toContain('Erfaringer med KP i Aarhus · frist 10-12-2026');
    expect(shown).toContain('1 er besvaret.');
  });

  it('shows the same view in a channel to a program leader, without changing their own municipality or offering to', async () => {
    await replyTo(personalMessage(connector.serviceUrl, leader, 'kommune Aarhus'));
    expect((await running.app.repos.users.get(leader.aadObjectId))?.value.municipalityCode).toBe(AARHUS);
    connector.reset();
    await post(running.baseUrl, channelMention(connector.serviceUrl, leader, 'kommune Hedensted'));
    const replies = connector.sent.filter((c) => c.conversationId?.startsWith(TEAM_ID));
    expect(replies).toHaveLength(1);
    const card = cardOf(replies[0]!.activity);
    expect(texts(card)).toContain('Mangler: 2 KLIK-opgaver, 1 aftale, 1 spørgeskema.');
    expect(card.actions.map((a: any) => a.title)).toEqual(['Åbn porteføljen']);
    expect((await running.app.repos.users.get(leader.aadObjectId))?.value.municipalityCode).toBe(AARHUS);
  });

  it('lets a program leader in a 1:1 chat still choose their own municipality with it', async () => {
    const shown = texts(cardOf(await replyTo(personalMessage(connector.serviceUrl, leader, 'kommune Hedensted'))));
    expect(shown).toContain('Din kommune er nu Hedensted');
    expect((await running.app.repos.users.get(leader.aadObjectId))?.value.municipalityCode).toBe(HEDENSTED);
  });

  it('asks staff which one when a name fits several, and the choice shows that municipality', async () => {
    const choice = cardOf(await replyTo(personalMessage(connector.serviceUrl, consultant, 'kommune Frederiks')));
    expect(texts(choice)).toContain('Flere kommuner passer på "Frederiks". Hvilken mener du?');
    const frederiksberg = choice.actions.find((a: any) => a.title === 'Frederiksberg');
    expect(frederiksberg.verb).toBe('showMunicipality');
    const res = await post(running.baseUrl, cardAction(connector.serviceUrl, consultant, 'showMunicipality', frederiksberg.data));
    expect(texts(res.body.value)).toContain('Status for Frederiksberg Kommune');
    expect((await running.app.repos.users.get(consultant.aadObjectId))?.value.municipalityCode).toBeUndefined();
  });

  it('answers an unknown name or a forged code clearly and changes nothing', async () => {
    const unknown = texts(cardOf(await replyTo(personalMessage(connector.serviceUrl, consultant, 'kommune Atlantis'))));
    expect(unknown).toContain('Jeg kender ingen kommune, der hedder "Atlantis".');
    const forged = await post(running.baseUrl, cardAction(connector.serviceUrl, consultant, 'showMunicipality', { municipalityCode: '999' }));
    expect(forged.body).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'Vælg en kommune på listen, og prøv igen.' });
    const empty = await replyTo(personalMessage(connector.serviceUrl, consultant, 'kommune'));
    expect(empty.text).toBe('Skriv fx "kommune Hedensted" for at se én kommunes status.');
    expect((await running.app.repos.users.get(consultant.aadObjectId))?.value.municipalityCode).toBeUndefined();
  });

  it('lists "kommune [navn]" in the channel\'s help as a view of one municipality', async () => {
    await post(running.baseUrl, channelMention(connector.serviceUrl, leader, 'hjælp'));
    const help = JSON.stringify(cardOf(connector.sent.find((c) => c.conversationId?.startsWith(TEAM_ID))!.activity));
    expect(help).toContain('Vis status for én kommune, fx \\"kommune Hedensted\\"');
  });
});
