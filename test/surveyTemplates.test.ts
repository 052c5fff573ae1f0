import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type RunningApp } from './support/app.ts';
import { startConnectorStandIn, type ConnectorStandIn } from './support/connectorStandIn.ts';
import { cardAction, person, post, TEAM_ID, type Person } from './support/activities.ts';
import { install } from './support/installs.ts';
import { expectValidTeamsCard } from './support/cards.ts';
import { newProfile } from '../bot/domain/user.ts';
import { DEFAULT_QUESTIONS } from '../bot/domain/evaluation.ts';
import { surveyFormCard } from '../bot/surveys/surveyCards.ts';
import { parseSurvey } from '../bot/domain/survey.ts';
import { ShiftClock } from './support/shiftClock.ts';

/**
 * Issue 16, item 5: the meeting evaluation as a survey made from the built-in template, templates
 * saved from any survey, evaluations of the evaluation API listed among the surveys with their
 * results from the survey engine (three-answers rule), and the card preview the tab shows.
 */
let running: RunningApp;
let connector: ConnectorStandIn;
// Monday 23 November 2026, 11:20 in Copenhagen.
const clock = new ShiftClock('2026-11-23T10:20:00Z');
const MEETING_CHAT = '19:meeting_dGVtcGxhdGVz@thread.v2';
const CLOSES = '2026-11-23T11:00:00.000Z';
const people = [person(41, 'Anna Hansen'), person(42, 'Bo Jensen'), person(43, 'Cecilie Holm')];
const json = (value: unknown) => JSON.stringify(value);

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${running.baseUrl}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let parsed: any;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

function click(who: Person, verb: string, data: Record<string, unknown>) {
  return post(running.baseUrl, cardAction(connector.serviceUrl, who, verb, data, 'channel'));
}

beforeAll(async () => {
  connector = await startConnectorStandIn({ rateLimits: false });
  running = await startTestApp({ clock, workers: true, delivery: { refreshIntervalMs: 300 }, env: { DEV_USER_IS_STAFF: 'false', STAFF_USER_IDS: 'demo-kombit', EVALUATION_HASH_KEY: 'test-template-hash-key-0123456789' } });
  const { repos } = running.app;
  await repos.meetings.upsert({ id: 'pl-2026-11-23', date: '2026-11-23', startTime: '10:00', endTime: '11:30', title: 'Programledermøde november 2026', agenda: [] });
  for (const p of people) await repos.users.save(newProfile(p.aadObjectId, { name: p.name, municipalityCode: '101' }));
  await install(repos, connector.serviceUrl, { team: TEAM_ID });
  await install(repos, connector.serviceUrl, { groupChat: MEETING_CHAT });
});
afterAll(async () => {
  await running?.close();
  await connector?.close();
});

describe('the built-in evaluation template', () => {
  it('is listed first, with the four statements of the decks, anonymous', async () => {
    const res = await api('GET', '/api/survey-templates');
    expect(res.status).toBe(200);
    const [evaluation] = res.body.templates;
    expect(evaluation).toMatchObject({ id: 'evaluation', kind: 'evaluation', builtIn: true, anonymous: true, perMunicipality: false });
    expect(evaluation.questions.map((q: any) => q.text)).toEqual([...DEFAULT_QUESTIONS.map((q) => q.text), 'Kommentar']);
    expect((await api('GET', '/api/survey-templates', undefined, { 'x-demo-municipality': '101' })).status).toBe(403);
  });

  it('makes an anonymous evaluation survey sent to the channel and the meeting chat, answered in the card, with no results below three answers', async () => {
    const created = await api('POST', '/api/surveys', { fromTemplate: 'evaluation', title: 'Evaluering af programledermødet 23. november', closesAt: CLOSES });
    expect(created.status, json(created.body)).toBe(201);
    const survey = created.body.survey;
    expect(survey).toMatchObject({ kind: 'evaluation', templateId: 'evaluation', anonymous: true, title: 'Evaluering af programledermødet 23. november' });
    expect(survey.questions).toHaveLength(5);
    expect([...survey.audience.conversations].sort()).toEqual([MEETING_CHAT, TEAM_ID].sort());

    expect((await api('POST', `/api/surveys/${survey.id}/send`)).status).toBe(200);
    const posted = await connector.waitFor((c) => c.operation === 'sendToConversation' && c.conversationId === MEETING_CHAT && json(c.activity).includes('Dagens oplæg var relevante for mig'));
    expectValidTeamsCard(posted.activity.attachments[0].content);

    const answer = (p: Person, value: string) => click(p, 'surveyAnswer', { surveyId: survey.id, q_q1: value, q_q2: '4', q_q3: '4', q_q4: '5', q_q5: '' });
    const first = await answer(people[0]!, '5');
    expect(first.body.type, json(first.body)).toBe('application/vnd.microsoft.card.adaptive');
    expect(json(first.body.value)).toContain('Tak! Dit svar er gemt');

    const early = await api('GET', `/api/surveys/${survey.id}/results`);
    expect(early.body).toMatchObject({ responseCount: 1, resultsVisible: false });
    expect(early.body.questions[0]).toMatchObject({ answered: 1, average: null, distribution: [] });

    await answer(people[1]!, '3');
    await answer(people[2]!, '4');
    const full = await api('GET', `/api/surveys/${survey.id}/results`);
    expect(full.body).toMatchObject({ responseCount: 3, resultsVisible: true });
    expect(full.body.questions[0]).toMatchObject({ text: 'Dagens oplæg var relevante for mig', average: 4 });
  });

  it('takes "every channel and meeting chat with the app" as an audience for any survey, written into it as those chats', async () => {
    const res = await api('POST', '/api/surveys', { title: 'Tilmelding til workshop', audience: { installedChats: true }, closesAt: CLOSES, questions: [{ type: 'single', text: 'Deltager du?', choices: ['Ja', 'Nej'] }] });
    expect(res.status, json(res.body)).toBe(201);
    expect([...res.body.survey.audience.conversations].sort()).toEqual([MEETING_CHAT, TEAM_ID].sort());
    expect(res.body.survey.audience.installedChats).toBeUndefined();
  });

  it('refuses an unknown template in Danish and stores nothing', async () => {
    const before = (await running.app.repos.surveys.list()).length;
    const res = await api('POST', '/api/surveys', { fromTemplate: 'findes-ikke', closesAt: CLOSES });
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toEqual([{ field: 'fromTemplate', message: 'Skabelonen findes ikke' }]);
    expect(await running.app.repos.surveys.list()).toHaveLength(before);
  });
});

describe('templates saved from a survey', () => {
  it('keeps the questions, anonymity and audience; a new survey from it takes overrides and is checked like any other', async () => {
    const created = await api('POST', '/api/surveys', {
      title: 'Modtagere af revisionserklæringer',
      perMunicipality: true,
      audience: { all: true },
      closesAt: '2026-12-10T15:00:00.000Z',
      questions: [{ type: 'text', text: 'Hvem skal modtage erklæringen?' }, { type: 'single', text: 'Har I en DPO?', choices: ['Ja', 'Nej'] }],
    });
    expect(created.status).toBe(201);
    expect((await api('POST', `/api/surveys/${created.body.survey.id}/template`, { name: 'Revisionserklæringer' }, { 'x-demo-municipality': '101' })).status).toBe(403);
    const saved = await api('POST', `/api/surveys/${created.body.survey.id}/template`, { name: 'Revisionserklæringer' });
    expect(saved.status, json(saved.body)).toBe(201);
    expect(saved.body.template).toMatchObject({ name: 'Revisionserklæringer', kind: 'survey', builtIn: false, perMunicipality: true, audience: { all: true }, fromSurvey: created.body.survey.id });

    const listed = await api('GET', '/api/survey-templates');
    expect(listed.body.templates.map((t: any) => t.name)).toEqual(['Evaluering af programledermødet', 'Revisionserklæringer']);

    const refused = await api('POST', '/api/surveys', { fromTemplate: saved.body.template.id, closesAt: '2026-11-01T10:00:00.000Z' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.issues).toEqual([{ field: 'closesAt', message: 'Lukketidspunktet skal ligge ud i fremtiden' }]);

    const again = await api('POST', '/api/surveys', { fromTemplate: saved.body.template.id, title: 'Modtagere af revisionserklæringer 2027', closesAt: '2027-05-07T15:00:00.000Z' });
    expect(again.status, json(again.body)).toBe(201);
    expect(again.body.survey).toMatchObject({ title: 'Modtagere af revisionserklæringer 2027', perMunicipality: true, templateId: saved.body.template.id, state: 'draft' });
    expect(again.body.survey.kind).toBeUndefined();
    expect(again.body.survey.questions.map((q: any) => q.text)).toEqual(['Hvem skal modtage erklæringen?', 'Har I en DPO?']);
  });

  it('refuses a template name that is not plain text, and stores nothing', async () => {
    const [survey] = await running.app.repos.surveys.list();
    const before = (await running.app.repos.surveyTemplates.list()).length;
    const res = await api('POST', `/api/surveys/${survey!.id}/template`, { name: 'x'.repeat(101) });
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0].field).toBe('name');
    expect(await running.app.repos.surveyTemplates.list()).toHaveLength(before);
  });
});

describe('evaluations of the evaluation API among the surveys', () => {
  it('are listed by GET /api/surveys and their results come from the survey engine under the three-answers rule', async () => {
    const started = await api('POST', '/api/evaluations', { meetingId: 'pl-2026-11-23' }, { 'x-demo-user': 'demo-kombit' });
    expect(started.status, json(started.body)).toBe(201);
    const id = started.body.evaluation.id;
    const answer = (p: Person, q1: number, comment: string) => click(p, 'evaluationAnswer', { evaluationId: id, a_q1: String(q1), a_q2: '4', a_q3: '4', a_q4: '4', comment });

    await answer(people[0]!, 2, 'Godt møde');
    const listed = await api('GET', '/api/surveys');
    const entry = listed.body.surveys.find((s: any) => s.id === id);
    expect(entry).toMatchObject({ kind: 'evaluation', title: 'Evaluering: Programledermøde november 2026', anonymous: true, state: 'open', progress: { answered: 1 } });

    const one = await api('GET', `/api/surveys/${id}/results`);
    expect(one.body).toMatchObject({ surveyId: id, responseCount: 1, resultsVisible: false });
    expect(one.body.questions.at(-1)).toMatchObject({ type: 'text', text: 'Kommentar', texts: [] });
    expect((await api('GET', `/api/surveys/${id}/results?format=csv`)).status).toBe(409);

    await answer(people[1]!, 4, '=HYPERLINK("x")');
    await answer(people[2]!, 3, '');
    const three = await api('GET', `/api/surveys/${id}/results`);
    expect(three.body).toMatchObject({ responseCount: 3, resultsVisible: true });
    expect(three.body.questions[0]).toMatchObject({ text: DEFAULT_QUESTIONS[0]!.text, average: 3 });
    expect([...three.body.questions.at(-1).texts].sort()).toEqual(['=HYPERLINK("x")', 'Godt møde']);

    const csv = await api('GET', `/api/surveys/${id}/results?format=csv`);
    expect(csv.status).toBe(200);
    const lines = String(csv.body).replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe(`Nr.;1. ${DEFAULT_QUESTIONS[0]!.text};2. ${DEFAULT_QUESTIONS[1]!.text};3. ${DEFAULT_QUESTIONS[2]!.text};4. ${DEFAULT_QUESTIONS[3]!.text};5. Kommentar`);
    expect(lines).toHaveLength(4);
    expect(csv.body).not.toContain(';=HYPERLINK');

    const xlsx = await fetch(`${running.baseUrl}/api/surveys/${id}/results?format=xlsx`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');

    // The evaluation API is unchanged beside it.
    expect((await api('GET', `/api/evaluations/${id}/results`)).body.responseCount).toBe(3);

    // An evaluation is saved as a template like any survey: its statements and comment, anonymous, no audience of its own.
    const template = await api('POST', `/api/surveys/${id}/template`, { name: 'Evaluering som i november' });
    expect(template.status, json(template.body)).toBe(201);
    expect(template.body.template).toMatchObject({ kind: 'evaluation', anonymous: true, fromSurvey: id });
    expect(template.body.template.audience).toBeUndefined();
    expect(template.body.template.questions.map((q: any) => q.text)).toEqual([...DEFAULT_QUESTIONS.map((q) => q.text), 'Kommentar']);
  });
});

describe('the card preview', () => {
  const body = { title: 'Den nye programlederrolle', anonymous: true, audience: { roles: ['programleder'] }, closesAt: '2026-12-10T15:00:00.000Z', questions: [{ type: 'scale', text: 'Rollen er tydelig' }, { type: 'multi', text: 'Hvilke områder?', choices: ['KLIK', 'AI'], other: true }] };

  it('is the card the bot sends, built by the same code', async () => {
    const res = await api('POST', '/api/surveys/preview', body);
    expect(res.status, json(res.body)).toBe(200);
    expectValidTeamsCard(res.body.card);
    expect(json(res.body.card)).toContain('Den nye programlederrolle');
    expect(json(res.body.card)).toContain('Svarfrist 10. december 2026 kl. 16.00');
    const survey = { ...parseSurvey(body, clock.now()), id: 'preview', state: 'open' as const, createdAt: clock.now().toISOString(), createdBy: 'demo-kombit' };
    expect(res.body.card).toEqual(surveyFormCard({ survey, progress: { answered: 0, unit: 'persons' }, viewer: { staff: false } }));
  });

  it('names the question in Danish on a refusal, and stores nothing', async () => {
    const before = (await running.app.repos.surveys.list()).length;
    const res = await api('POST', '/api/surveys/preview', { ...body, questions: [{ type: 'single', text: 'Hvor mange timer?' }] });
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toEqual([{ field: 'questions.0.choices', message: 'Spørgsmål 1 mangler svarmuligheder' }]);
    expect(await running.app.repos.surveys.list()).toHaveLength(before);
    expect((await api('POST', '/api/surveys/preview', body, { 'x-demo-municipality': '101' })).status).toBe(403);
  });
});
