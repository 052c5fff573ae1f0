import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { startTestApp, type RunningApp } from './support/app.ts';
import { startConnectorStandIn, type ConnectorStandIn, type RecordedCall } from './support/connectorStandIn.ts';
import { cardAction, personalMessage, person, post, TEAM_ID, type Person } from './support/activities.ts';
import { install } from './support/installs.ts';
import { expectValidTeamsCard } from './support/cards.ts';
import { newProfile } from '../bot/domain/user.ts';
import { parseSurvey, type Survey } from '../bot/domain/survey.ts';
import { surveyAnsweredCard, surveyFormCard } from '../bot/surveys/surveyCards.ts';
import { MAX_CARD_BYTES } from '../bot/cards/render.ts';
import { ShiftClock } from './support/shiftClock.ts';

let running: RunningApp;
let connector: ConnectorStandIn;
// Tuesday 1 December 2026, 10:00 in Copenhagen.
const clock = new ShiftClock('2026-12-01T09:00:00Z');
const HASH_KEY = 'test-survey-hash-key-0123456789';
const MEETING_CHAT = '19:meeting_c3VydmV5LW1vZGU@thread.v2';
const CLOSES = '2026-12-10T15:00:00.000Z';

const anna = person(21, 'Anna Hansen'); // København
const bo = person(22, 'Bo Jensen'); // København
const cecilie = person(23, 'Cecilie Holm'); // Frederiksberg
const dan = person(24, 'Dan Madsen'); // Ballerup
const kirsten = person(30, 'Kirsten Lund'); // KOMBIT staff
const leaders: [Person, string][] = [
  [anna, '101'],
  [bo, '101'],
  [cecilie, '147'],
  [dan, '151'],
];

const chatOf = (p: Person) => `a:1personal-${p.aadObjectId}`;
const cardOf = (call: RecordedCall) => call.activity.attachments[0].content;
const json = (value: unknown) => JSON.stringify(value);

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${running.baseUrl}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  const buffer = Buffer.from(await res.arrayBuffer());
  let parsed: any;
  try {
    parsed = JSON.parse(buffer.toString('utf8'));
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed, raw: buffer };
}

function click(who: Person, verb: string, data: Record<string, unknown>, where: 'personal' | 'channel' = 'personal') {
  return post(running.baseUrl, cardAction(connector.serviceUrl, who, verb, data, where));
}

function invokeCard(res: { body: any }) {
  expect(res.body.type, json(res.body)).toBe('application/vnd.microsoft.card.adaptive');
  expectValidTeamsCard(res.body.value);
  return res.body.value;
}
const invokeMessage = (res: { body: any }) => {
  expect(res.body.type, json(res.body)).toBe('application/vnd.microsoft.activity.message');
  return res.body.value as string;
};

/** A card sent to, or updated in, a conversation that contains `text`. */
function cardIn(conversationId: string, text: string, timeoutMs = 10_000) {
  return connector.waitFor((c) => (c.operation === 'updateActivity' || c.operation === 'sendToConversation') && c.conversationId === conversationId && json(c.activity ?? {}).includes(text), timeoutMs);
}

const FOUR_TYPES = [
  { type: 'scale', text: 'Rollen som programleder er tydelig i min kommune' },
  { type: 'single', text: 'Hvor mange timer om ugen bruger du på rollen?', choices: ['Under 2', '2-5', 'Over 5'] },
  { type: 'multi', text: 'Hvilke områder vil du have støtte til?', choices: ['KLIK', 'AI', 'Kontrakter'], other: true },
  { type: 'text', text: 'Hvad mangler du?', long: true },
];

async function createAndSend(body: Record<string, unknown>): Promise<Survey> {
  const created = await api('POST', '/api/surveys', { closesAt: CLOSES, ...body });
  expect(created.status, json(created.body)).toBe(201);
  const sent = await api('POST', `/api/surveys/${created.body.survey.id}/send`);
  expect(sent.status, json(sent.body)).toBe(200);
  return sent.body.survey;
}

beforeAll(async () => {
  connector = await startConnectorStandIn({ rateLimits: false });
  running = await startTestApp({ clock, workers: true, delivery: { refreshIntervalMs: 300 }, env: { DEV_USER_IS_STAFF: 'false', STAFF_USER_IDS: 'demo-kombit', EVALUATION_HASH_KEY: HASH_KEY } });
  const { repos } = running.app;
  for (const [p, code] of leaders) {
    await repos.users.save(newProfile(p.aadObjectId, { name: p.name, municipalityCode: code }));
    await install(repos, connector.serviceUrl, { person: p });
  }
  await repos.users.save(newProfile(kirsten.aadObjectId, { name: kirsten.name, role: 'kombit' }));
  await install(repos, connector.serviceUrl, { person: kirsten });
  await install(repos, connector.serviceUrl, { team: TEAM_ID });
  await install(repos, connector.serviceUrl, { groupChat: MEETING_CHAT });
});
afterAll(async () => {
  await running?.close();
  await connector?.close();
});

describe('survey definitions', () => {
  it('refuses a survey in Danish naming the question, and stores nothing', async () => {
    const res = await api('POST', '/api/surveys', {
      title: 'Den nye programlederrolle',
      audience: { all: true },
      closesAt: CLOSES,
      questions: [{ type: 'scale', text: 'Rollen er tydelig' }, { type: 'text', text: 'Hvad mangler du?' }, { type: 'single', text: 'Hvor mange timer?' }, { type: 'multi', text: 'Hvilke?', choices: ['KLIK'] }, { type: 'rating', text: 'Stjerner' }],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toEqual([
      { field: 'questions.2.choices', message: 'Spørgsmål 3 mangler svarmuligheder' },
      { field: 'questions.3.choices', message: 'Spørgsmål 4 skal have mindst 2 svarmuligheder' },
      { field: 'questions.4.type', message: 'Spørgsmål 5 har en ukendt type (skal være scale, single, multi eller text)' },
    ]);
    expect(await running.app.repos.surveys.list()).toEqual([]);
  });

  it('refuses a survey without audience, an anonymous one-per-municipality survey, and a closing time in the past', async () => {
    const res = await api('POST', '/api/surveys', { title: 'x', audience: {}, closesAt: CLOSES, questions: FOUR_TYPES });
    expect(res.body.error.issues).toEqual([{ field: 'audience', message: 'Modtagere mangler: vælg alle programledere, roller, kommuner, regioner eller samtaler' }]);
    const both = await api('POST', '/api/surveys', { title: 'x', anonymous: true, perMunicipality: true, audience: { all: true }, closesAt: '2026-11-30T10:00:00Z', questions: FOUR_TYPES });
    expect(both.body.error.issues.map((i: any) => i.message)).toEqual([
      'Lukketidspunktet skal ligge ud i fremtiden',
      'Et anonymt spørgeskema kan ikke have ét svar pr. kommune: kommunens programledere ser, hvem der har svaret',
    ]);
    const chat = await api('POST', '/api/surveys', { title: 'x', audience: { conversations: ['19:unknown@thread.v2'] }, closesAt: CLOSES, questions: FOUR_TYPES });
    expect(chat.body.error.issues).toEqual([{ field: 'audience.conversations', message: 'Appen er ikke installeret i samtalen 19:unknown@thread.v2' }]);
    expect(await running.app.repos.surveys.list()).toEqual([]);
  });

  it('lets only KOMBIT staff write surveys (403 for a program leader)', async () => {
    const res = await api('POST', '/api/surveys', { title: 'x', audience: { all: true }, closesAt: CLOSES, questions: FOUR_TYPES }, { 'x-demo-municipality': '101' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('Kun KOMBIT-medarbejdere kan gøre dette.');
    expect((await api('GET', '/api/surveys', undefined, { 'x-demo-municipality': '101' })).status).toBe(403);
  });

  it('creates a draft, changes it with PATCH (checked again, nothing stored on a refusal) and lists it', async () => {
    const created = await api('POST', '/api/surveys', { title: 'Udkast', audience: { roles: ['programleder'] }, closesAt: CLOSES, questions: FOUR_TYPES });
    expect(created.status).toBe(201);
    const { id } = created.body.survey;
    expect(created.body.survey).toMatchObject({ state: 'draft', anonymous: false, perMunicipality: false, questions: [{ id: 'q1', required: true, scale: 'agree' }, { id: 'q2' }, { id: 'q3', other: true }, { id: 'q4', required: false, long: true }] });
    const bad = await api('PATCH', `/api/surveys/${id}`, { questions: [{ type: 'single', text: 'Et valg', choices: ['A', 'a'] }] });
    expect(bad.body.error.issues).toEqual([{ field: 'questions.0.choices', message: 'Spørgsmål 1 har svarmuligheden »a« to gange' }]);
    const patched = await api('PATCH', `/api/surveys/${id}`, { title: 'Den nye programlederrolle' });
    expect(patched.status).toBe(200);
    expect(patched.body.survey).toMatchObject({ title: 'Den nye programlederrolle', questions: [{ text: FOUR_TYPES[0]!.text }, {}, {}, {}] });
    const listed = await api('GET', '/api/surveys');
    expect(listed.body.surveys.map((s: Survey) => [s.id, s.title, s.state])).toEqual([[id, 'Den nye programlederrolle', 'draft']]);
  });

  it('keeps a 15-question survey of long questions under Teams\' 28 KB card limit, as form and as answer', () => {
    const long = (n: number, what: string) => `${n}. ${what} `.padEnd(300, 'abcdefghij ').slice(0, 300);
    const questions = Array.from({ length: 15 }, (_, i) =>
      i % 4 === 0
        ? { type: 'scale', text: long(i + 1, 'Hvor enig er du') }
        : i % 4 === 1
          ? { type: 'single', text: long(i + 1, 'Vælg ét'), choices: Array.from({ length: 6 }, (_, c) => `Valg ${c + 1} `.padEnd(60, 'x')), other: true }
          : i % 4 === 2
            ? { type: 'multi', text: long(i + 1, 'Vælg flere'), choices: Array.from({ length: 6 }, (_, c) => `Mulighed ${c + 1} `.padEnd(60, 'y')) }
            : { type: 'text', text: long(i + 1, 'Skriv'), long: true },
    );
    const parsed = parseSurvey({ title: 'T'.repeat(150), intro: 'I'.repeat(1000), audience: { all: true }, closesAt: CLOSES, questions }, clock.now());
    const survey: Survey = { ...parsed, id: 'survey-size', state: 'open', createdAt: '2026-12-01T09:00:00.000Z', createdBy: 'demo-kombit', recipientCount: 98 };
    const form = surveyFormCard({ survey, progress: { answered: 34, expected: 98, unit: 'persons' }, viewer: { staff: true }, problems: ['Spørgsmål 1, 2 og 3 skal besvares.'] });
    const answers = Object.fromEntries(survey.questions.map((q) => [q.id, q.type === 'scale' ? 4 : q.type === 'text' ? 'z'.repeat(2000) : q.type === 'multi' ? q.choices : 'Andet']));
    const answered = surveyAnsweredCard({ survey, progress: { answered: 34, expected: 98, unit: 'persons' }, viewer: { staff: true }, open: true, response: { surveyId: survey.id, key: 'k', answers, other: Object.fromEntries(survey.questions.map((q) => [q.id, 'o'.repeat(200)])), submittedAt: '2026-12-01T09:00:00.000Z' } });
    for (const card of [form, answered]) {
      expectValidTeamsCard(card);
      expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(MAX_CARD_BYTES);
    }
  });
});

describe('answering a named survey in the card', () => {
  let survey: Survey;
  beforeAll(async () => {
    survey = await createAndSend({ title: 'Den nye programlederrolle', intro: 'Fortæl os om dine reelle opgaver.', audience: { all: true }, questions: FOUR_TYPES });
  });

  it('sends the card to each program leader\'s 1:1 chat, not to staff or channels', async () => {
    expect(survey).toMatchObject({ state: 'open', recipientCount: 4 });
    for (const [p] of leaders) {
      const sent = await cardIn(chatOf(p), 'Den nye programlederrolle');
      expectValidTeamsCard(cardOf(sent));
      expect(json(cardOf(sent))).toContain('0 af 4 har svaret');
    }
    expect(connector.sent.filter((c) => json(c.activity ?? {}).includes('Den nye programlederrolle') && [chatOf(kirsten), MEETING_CHAT].includes(c.conversationId ?? ''))).toEqual([]);
  });

  it('refuses a missing required answer in the card, keeps what was given, and stores nothing', async () => {
    const res = invokeCard(await click(anna, 'surveyAnswer', { surveyId: survey.id, q_q1: '4', q_q2: '', q_q3: '', q_q4: 'Tid' }));
    expect(json(res)).toContain('Dit svar er ikke gemt.');
    expect(json(res)).toContain('Spørgsmål 2 og 3 skal besvares.');
    const q1 = res.body.flatMap((b: any) => b.items ?? []).find((i: any) => i.id === 'q_q1');
    expect(q1.value).toBe('4');
    const other = invokeCard(await click(anna, 'surveyAnswer', { surveyId: survey.id, q_q1: '4', q_q2: '2', q_q3: '1,andet', o_q3: '' }));
    expect(json(other)).toContain('Spørgsmål 3: skriv, hvad »Andet« dækker over.');
    expect(await running.app.repos.surveys.responses(survey.id)).toEqual([]);
  });

  it('takes every question type, shows the answer with "Ret mit svar", and stores it with the name', async () => {
    const res = invokeCard(await click(anna, 'surveyAnswer', { surveyId: survey.id, q_q1: '4', q_q2: '2', q_q3: '1,andet', o_q3: 'Jura', q_q4: 'Mere tid\nog sparring' }));
    const text = json(res);
    expect(text).toContain('Tak! Dit svar er gemt');
    expect(text).toContain('Enig');
    expect(text).toContain('2-5');
    expect(text).toContain('KLIK, Andet: Jura');
    expect(res.actions.map((a: any) => a.title)).toEqual(['Ret mit svar']);
    const [stored] = await running.app.repos.surveys.responses(survey.id);
    expect(stored).toMatchObject({ answers: { q1: 4, q2: '2-5', q3: ['KLIK', 'Andet'], q4: 'Mere tid\nog sparring' }, other: { q3: 'Jura' }, respondent: { userId: anna.aadObjectId, name: 'Anna Hansen', municipalityCode: '101' } });
  });

  it('opens the stored answer in the form with "Ret mit svar", and a new answer replaces it', async () => {
    const form = invokeCard(await click(anna, 'surveyEdit', { surveyId: survey.id }));
    const inputs = Object.fromEntries(form.body.flatMap((b: any) => b.items ?? []).filter((i: any) => i.id).map((i: any) => [i.id, i.value]));
    expect(inputs).toEqual({ q_q1: '4', q_q2: '2', q_q3: '1,andet', o_q3: 'Jura', q_q4: 'Mere tid\nog sparring' });
    const again = invokeCard(await click(anna, 'surveyAnswer', { surveyId: survey.id, q_q1: '5', q_q2: '3', q_q3: '2' }));
    expect(json(again)).toContain('Dit tidligere svar er erstattet af dette.');
    const responses = await running.app.repos.surveys.responses(survey.id);
    expect(responses).toHaveLength(1);
    expect(responses[0]!.answers).toEqual({ q1: 5, q2: 'Over 5', q3: ['AI'] });
  });

  it('refuses data the card cannot have sent, and stores nothing', async () => {
    const before = (await running.app.repos.surveys.responses(survey.id)).length;
    expect(invokeMessage(await click(bo, 'surveyAnswer', { surveyId: survey.id, q_q1: '9', q_q2: '1', q_q3: '1' }))).toBe('Kortet kunne ikke læses, så dit svar er ikke gemt. Svar i kortet, og prøv igen.');
    expect(invokeMessage(await click(bo, 'surveyAnswer', { surveyId: survey.id, q_q1: '3', q_q2: '1', q_q3: '1', q_q99: 'x' }))).toBe('Kortet kunne ikke læses, så dit svar er ikke gemt. Svar i kortet, og prøv igen.');
    expect(await running.app.repos.surveys.responses(survey.id)).toHaveLength(before);
  });

  it('takes an answer from an old client (Action.Submit) and replies with plain text, never the answers', async () => {
    const before = connector.sent.length;
    const submit: any = { ...personalMessage(connector.serviceUrl, bo, ''), text: undefined, value: { verb: 'surveyAnswer', surveyId: survey.id, fallback: true, q_q1: '2', q_q2: '1', q_q3: '3', q_q4: 'Hemmeligt' } };
    await post(running.baseUrl, submit);
    const reply = await connector.waitFor((c) => c.seq > (connector.sent[before - 1]?.seq ?? 0) && c.conversationId === chatOf(bo) && String(c.activity?.text).startsWith('Tak!'));
    expect(reply.activity.text).toBe('Tak! Dit svar er gemt. Du kan rette det ved at svare igen i kortet.');
    expect(json(reply.activity)).not.toContain('Hemmeligt');
    expect(await running.app.repos.surveys.responses(survey.id)).toHaveLength(2);
  });

  it('gives results per question, by municipality, and the municipalities that have not answered (named survey)', async () => {
    invokeCard(await click(cecilie, 'surveyAnswer', { surveyId: survey.id, q_q1: '3', q_q2: '1', q_q3: '1,2', q_q4: '=HYPERLINK("http://evil.example","klik")' }));
    const res = await api('GET', `/api/surveys/${survey.id}/results`);
    expect(res.body).toMatchObject({ responseCount: 3, expectedCount: 4, resultsVisible: true });
    expect(res.body.questions[0]).toMatchObject({ answered: 3, average: 3.33, distribution: [{ count: 0 }, { count: 1 }, { count: 1 }, { count: 0 }, { count: 1 }] });
    expect(res.body.questions[2].distribution).toEqual([{ label: 'KLIK', count: 1 }, { label: 'AI', count: 2 }, { label: 'Kontrakter', count: 1 }, { label: 'Andet', count: 0 }]);
    expect(res.body.byMunicipality).toEqual([{ code: '101', name: 'Københavns Kommune', answers: 2, by: ['Anna Hansen', 'Bo Jensen'] }, { code: '147', name: 'Frederiksberg Kommune', answers: 1, by: ['Cecilie Holm'] }]);
  });

  it('exports CSV for Danish Excel (BOM, semicolons, decimal comma) with formula-looking answers neutral', async () => {
    const csv = await api('GET', `/api/surveys/${survey.id}/results?format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect([...csv.raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = csv.raw.toString('utf8').slice(1);
    const [header, ...rows] = text.trimEnd().split('\r\n');
    expect(header).toBe('Navn;Kommune;Kommunekode;Besvaret;1. Rollen som programleder er tydelig i min kommune;2. Hvor mange timer om ugen bruger du på rollen?;3. Hvilke områder vil du have støtte til?;4. Hvad mangler du?');
    expect(rows.find((r) => r.startsWith('Cecilie'))).toContain(`;3;Under 2;KLIK, AI;"'=HYPERLINK(""http://evil.example"",""klik"")"`);
    const summary = (await api('GET', `/api/surveys/${survey.id}/results?format=csv&view=summary`)).raw.toString('utf8');
    expect(summary).toContain('1;Rollen som programleder er tydelig i min kommune;Skala;3;3,33;1 (Helt uenig): 0;2 (Uenig): 1;');
  });

  it('exports XLSX with numbers as numbers and formula-looking answers as plain text', async () => {
    const res = await api('GET', `/api/surveys/${survey.id}/results?format=xlsx`);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.raw as never);
    const sheet = workbook.worksheets[0]!;
    const rows = sheet.getSheetValues().filter(Boolean) as unknown[][];
    const cecilieRow = sheet.getRows(2, 3)!.find((r) => r.getCell(1).value === 'Cecilie Holm')!;
    expect(cecilieRow.getCell(5).value).toBe(3);
    expect(cecilieRow.getCell(8).type).toBe(ExcelJS.ValueType.String);
    expect(cecilieRow.getCell(8).value).toBe('=HYPERLINK("http://evil.example","klik")');
    expect(cecilieRow.getCell(8).formula).toBeUndefined();
    expect(rows).toHaveLength(4);
  });

  it('closes: answers are refused in the card and nothing stored, and every card shows the closed state', async () => {
    const closed = await api('POST', `/api/surveys/${survey.id}/close`);
    expect(closed.body).toMatchObject({ closedNow: true, survey: { state: 'closed' } });
    const late = invokeCard(await click(dan, 'surveyAnswer', { surveyId: survey.id, q_q1: '3', q_q2: '1', q_q3: '1' }));
    expect(json(late)).toContain('Spørgeskemaet er lukket, så dit svar er ikke gemt.');
    expect(late.actions).toBeUndefined();
    expect(await running.app.repos.surveys.responses(survey.id)).toHaveLength(3);
    const annaCard = await cardIn(chatOf(anna), 'Spørgeskemaet er lukket. Tak til alle, der svarede.');
    expect(annaCard.operation).toBe('updateActivity');
    expect(json(cardOf(annaCard))).toContain('Over 5');
    const edit = invokeCard(await click(anna, 'surveyEdit', { surveyId: survey.id }));
    expect(json(edit)).toContain('Spørgeskemaet er lukket, så svaret kan ikke længere rettes.');
  });
});

describe('one answer per municipality', () => {
  let survey: Survey;
  beforeAll(async () => {
    survey = await createAndSend({ title: 'Modtagere af revisionserklæringer', perMunicipality: true, audience: { municipalities: ['101', '147'] }, questions: [{ type: 'text', text: 'Hvem skal modtage erklæringen (navn og e-mail)?' }, { type: 'single', text: 'Skal kopien også til økonomi?', choices: ['Ja', 'Nej'] }] });
  });

  it('sends to the program leaders of the chosen municipalities and counts municipalities', async () => {
    expect(survey).toMatchObject({ expectedMunicipalities: ['101', '147'], recipientCount: 3 });
    for (const p of [anna, bo, cecilie]) expect(json(cardOf(await cardIn(chatOf(p), 'Modtagere af revisionserklæringer')))).toContain('0 af 2 kommuner har svaret');
    expect(connector.sent.some((c) => c.conversationId === chatOf(dan) && json(c.activity ?? {}).includes('revisionserklæringer'))).toBe(false);
  });

  it('takes one answer for the municipality and shows every colleague who gave it', async () => {
    const res = invokeCard(await click(anna, 'surveyAnswer', { surveyId: survey.id, q_q1: 'Revisor Rie, rie@kk.dk', q_q2: '1' }));
    expect(json(res)).toContain('Københavns Kommunes svar er givet af Anna Hansen');
    // Bo's card in his own chat is updated to show Anna's answer.
    const update = await cardIn(chatOf(bo), 'Københavns Kommunes svar er givet af Anna Hansen');
    expect(update.operation).toBe('updateActivity');
    expect(json(cardOf(update))).toContain('1 af 2 kommuner har svaret');
    expect(json(cardOf(update))).toContain('Ret mit svar');
  });

  it('lets a colleague change the municipality\'s answer: still one answer, now given by them', async () => {
    const form = invokeCard(await click(bo, 'surveyEdit', { surveyId: survey.id }));
    expect(json(form)).toContain('Sender du, erstatter dit svar kommunens.');
    const res = invokeCard(await click(bo, 'surveyAnswer', { surveyId: survey.id, q_q1: 'Revisor Rie og Ole, ole@kk.dk', q_q2: '1' }));
    expect(json(res)).toContain('Kommunens tidligere svar er erstattet af dette.');
    expect(json(res)).toContain('Københavns Kommunes svar er givet af Bo Jensen');
    const responses = await running.app.repos.surveys.responses(survey.id);
    expect(responses.map((r) => [r.key, r.respondent?.name])).toEqual([['m-101', 'Bo Jensen']]);
    const results = await api('GET', `/api/surveys/${survey.id}/results`);
    expect(results.body.missingMunicipalities).toEqual([{ code: '147', name: 'Frederiksberg Kommune' }]);
    await cardIn(chatOf(anna), 'Københavns Kommunes svar er givet af Bo Jensen');
  });

  it('reminds only the municipalities that have not answered, from the staff button, once per click', async () => {
    const leader = invokeMessage(await click(anna, 'surveyRemind', { surveyId: survey.id }));
    expect(leader).toBe('Kun KOMBIT-medarbejdere kan gøre dette. Du kan stadig svare eller rette dit svar.');
    const res = invokeMessage(await click(kirsten, 'surveyRemind', { surveyId: survey.id }));
    expect(res).toBe('Påmindelsen er sendt til 1 programleder i 1 kommune, der ikke har svaret.');
    const reminder = await cardIn(chatOf(cecilie), 'Påmindelse: Frederiksberg Kommune har ikke svaret endnu.');
    expectValidTeamsCard(cardOf(reminder));
    const again = invokeMessage(await click(kirsten, 'surveyRemind', { surveyId: survey.id }));
    expect(again).toBe('Påmindelsen er sendt til 1 programleder i 1 kommune, der ikke har svaret.');
    const notifications = (await running.app.repos.notifications.list()).filter((n) => n.id.startsWith(`surveyReminder:${survey.id}`));
    expect(notifications).toHaveLength(1);
    const reminders = connector.sent.filter((c) => json(c.activity ?? {}).includes('Påmindelse') && json(c.activity ?? {}).includes('revisionserklæringer'));
    expect(reminders.map((c) => c.conversationId)).toEqual([chatOf(cecilie)]);
  });
});

describe('reminders at chosen times', () => {
  it('reach exactly the people who have not answered, once each, across a restart', async () => {
    const remindAt = new Date(clock.now().getTime() + 60 * 60_000).toISOString();
    const survey = await createAndSend({ title: 'Workshop om AI', anonymous: true, audience: { all: true }, reminders: [remindAt], questions: [{ type: 'single', text: 'Vil du deltage?', choices: ['Ja', 'Nej'] }] });
    for (const p of [anna, dan]) invokeCard(await click(p, 'surveyAnswer', { surveyId: survey.id, q_q1: '1' }));
    clock.advance(61 * 60_000);
    // People are spread over notifications by a hash of their id; together they are the round.
    const round = async () => (await running.app.repos.notifications.list()).filter((n) => n.id.startsWith(`surveyReminder:${survey.id}:${remindAt}:`));
    const targetsOfRound = async () => (await round()).reduce((sum, n) => sum + n.targetCount, 0);
    await expect.poll(targetsOfRound, { timeout: 10_000 }).toBe(2);
    await cardIn(chatOf(bo), 'Påmindelse: du har ikke svaret endnu.');
    await cardIn(chatOf(cecilie), 'Påmindelse: du har ikke svaret endnu.');
    const remindersOf = () => connector.sent.filter((c) => json(c.activity ?? {}).includes('Workshop om AI') && json(c.activity ?? {}).includes('Påmindelse'));
    const sentOfRound = async () => (await Promise.all((await round()).map((n) => running.app.repos.notifications.report(n.id)))).reduce((sum, r) => sum + r.sent, 0);
    await expect.poll(sentOfRound, { timeout: 10_000 }).toBe(2);

    // A second instance on the same storage runs the same round again, as after a crash before the job was marked done.
    const restarted = await startTestApp({ storage: running.storage, clock, env: { DEV_USER_IS_STAFF: 'false', STAFF_USER_IDS: 'demo-kombit', EVALUATION_HASH_KEY: HASH_KEY } });
    try {
      await restarted.app.startWorkers({ scheduler: false });
      await restarted.app.scheduler.schedule({ id: `surveyReminder:${survey.id}:${remindAt}`, kind: 'surveyReminder', dueAt: clock.now(), payload: { surveyId: survey.id, round: remindAt } });
      await restarted.app.scheduler.tick();
      expect(await restarted.app.scheduler.isScheduled(`surveyReminder:${survey.id}:${remindAt}`)).toBe(false);
    } finally {
      await restarted.app.stop();
    }
    expect(remindersOf().map((c) => c.conversationId).sort()).toEqual([chatOf(bo), chatOf(cecilie)].sort());
    expect(await targetsOfRound()).toBe(2);
    expect(await sentOfRound()).toBe(2);

    // "Påmind de manglende nu" over the API: the same two, once however often it is pressed that minute.
    const leader = await api('POST', `/api/surveys/${survey.id}/remind`, undefined, { 'x-demo-municipality': '101' });
    expect(leader.status).toBe(403);
    const now = await api('POST', `/api/surveys/${survey.id}/remind`);
    expect(now.body).toEqual({ reminded: 2, municipalities: 0 });
    expect((await api('POST', `/api/surveys/${survey.id}/remind`)).body).toEqual({ reminded: 2, municipalities: 0 });
    await expect.poll(() => remindersOf().length, { timeout: 10_000 }).toBe(4);
    expect(remindersOf().map((c) => c.conversationId).sort()).toEqual([chatOf(bo), chatOf(bo), chatOf(cecilie), chatOf(cecilie)].sort());
  });

  it('lets staff move the closing time of an open survey, and nothing else', async () => {
    const survey = await createAndSend({ title: 'Frist kan flyttes', audience: { municipalities: ['151'] }, questions: [{ type: 'text', text: 'Noget at tilføje?' }] });
    const refused = await api('PATCH', `/api/surveys/${survey.id}`, { title: 'Ny titel' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe('Spørgeskemaet er sendt, så kun lukketidspunktet kan ændres, mens det er åbent.');
    const moved = await api('PATCH', `/api/surveys/${survey.id}`, { closesAt: '2026-12-12T15:00:00.000Z' });
    expect(moved.body.survey).toMatchObject({ title: 'Frist kan flyttes', closesAt: '2026-12-12T15:00:00.000Z', state: 'open' });
    expect((await running.app.scheduler.scheduledWithPrefix(`surveyClose:${survey.id}`)).map((j) => j.dueAt)).toEqual(['2026-12-12T15:00:00.000Z']);
  });
});

describe('anonymous survey in a meeting chat', () => {
  let survey: Survey;
  beforeAll(async () => {
    survey = await createAndSend({ title: 'Redaktionsmøde', anonymous: true, audience: { conversations: [MEETING_CHAT] }, questions: [{ type: 'scale', text: 'Mødet var nyttigt' }, { type: 'text', text: 'Kommentar' }] });
  });

  it('posts one shared card with the count that refreshes into each person\'s own view', async () => {
    const posted = cardOf(await cardIn(MEETING_CHAT, 'Redaktionsmøde'));
    expectValidTeamsCard(posted);
    expect(posted.refresh.action).toMatchObject({ verb: 'surveyView', data: { surveyId: survey.id } });
    expect(json(posted)).toContain('0 har svaret');
  });

  it('holds back results and answer rows below three answers, then shows them', async () => {
    for (const [p, v] of [[anna, '5'], [bo, '4']] as const) invokeCard(await click(p, 'surveyAnswer', { surveyId: survey.id, q_q1: v, q_q2: 'Godt' }, 'channel'));
    await cardIn(MEETING_CHAT, '2 har svaret');
    const few = await api('GET', `/api/surveys/${survey.id}/results`);
    expect(few.body).toMatchObject({ responseCount: 2, resultsVisible: false, questions: [{ answered: 2, average: null, distribution: [] }, { answered: 2, texts: [] }] });
    const csv = await api('GET', `/api/surveys/${survey.id}/results?format=csv`);
    expect(csv.status).toBe(409);
    expect(csv.body.error.message).toContain('Spørgeskemaet har 2 svar.');
    const own = invokeCard(await click(anna, 'surveyView', { surveyId: survey.id }, 'channel'));
    expect(json(own)).toContain('Tak! Dit svar er gemt');
    expect(own.refresh).toBeUndefined();
    invokeCard(await click(cecilie, 'surveyAnswer', { surveyId: survey.id, q_q1: '3' }, 'channel'));
    const enough = await api('GET', `/api/surveys/${survey.id}/results`);
    expect(enough.body).toMatchObject({ responseCount: 3, resultsVisible: true, byMunicipality: [], questions: [{ average: 4 }, { texts: ['Godt', 'Godt'] }] });
    const rows = (await api('GET', `/api/surveys/${survey.id}/results?format=csv`)).raw.toString('utf8');
    expect(rows.slice(1).split('\r\n')[0]).toBe('Nr.;1. Mødet var nyttigt;2. Kommentar');
    expect(rows).not.toMatch(/Anna|Bo Jensen|Cecilie/);
    const stored = await running.app.repos.surveys.responses(survey.id);
    expect(stored.every((r) => r.respondent === undefined)).toBe(true);
  });
});

describe('a survey that opens later', () => {
  it('takes no answers before its opening time and posts its cards then', async () => {
    const opensAt = new Date(clock.now().getTime() + 2 * 3600_000).toISOString();
    const survey = await createAndSend({ title: 'Temadag i Hovedstaden', opensAt, audience: { regions: ['Hovedstaden'] }, questions: [{ type: 'single', text: 'Kommer du?', choices: ['Ja', 'Nej'] }] });
    expect(survey).toMatchObject({ state: 'scheduled', recipientCount: 4 });
    const early = invokeCard(await click(anna, 'surveyAnswer', { surveyId: survey.id, q_q1: '1' }));
    expect(json(early)).toContain('Spørgeskemaet åbner');
    expect(await running.app.repos.surveys.responses(survey.id)).toEqual([]);
    expect(connector.sent.some((c) => json(c.activity ?? {}).includes('Temadag i Hovedstaden'))).toBe(false);
    clock.advance(2 * 3600_000 + 60_000);
    await cardIn(chatOf(dan), 'Temadag i Hovedstaden');
    expect((await api('GET', `/api/surveys/${survey.id}`)).body.survey.state).toBe('open');
    expect(json(invokeCard(await click(anna, 'surveyAnswer', { surveyId: survey.id, q_q1: '1' })))).toContain('Tak! Dit svar er gemt');
  });
});

describe('a survey to many people', () => {
  it('reaches each of sixty program leaders once in their 1:1 chat (their chats found by one listing), and only those with the app', async () => {
    const many = Array.from({ length: 60 }, (_, i) => person(500 + i, `Programleder ${500 + i}`));
    for (const p of many) await running.app.repos.users.save(newProfile(p.aadObjectId, { name: p.name, municipalityCode: '461' }));
    // Two of them have not installed the app: the survey still counts them, but nothing can reach them.
    for (const p of many.slice(2)) await install(running.app.repos, connector.serviceUrl, { person: p });
    const survey = await createAndSend({ title: 'Temadag i Odense', audience: { municipalities: ['461'] }, questions: [{ type: 'single', text: 'Kommer du?', choices: ['Ja', 'Nej'] }] });
    expect(survey.recipientCount).toBe(60);
    const reached = () => connector.sent.filter((c) => json(c.activity ?? {}).includes('Temadag i Odense'));
    await expect.poll(() => reached().length, { timeout: 20_000 }).toBe(58);
    expect(new Set(reached().map((c) => c.conversationId)).size).toBe(58);
    expect(reached().map((c) => c.conversationId)).not.toContain(chatOf(many[0]!));
    expect(json(cardOf(reached()[0]!))).toContain('0 af 60 har svaret');
  });
});

describe('a survey closed by another instance', () => {
  it('refuses a first answer that arrives just after, though this instance still holds the survey as open', async () => {
    const survey = await createAndSend({ title: 'Lukket andetsteds', audience: { municipalities: ['101', '147'] }, questions: [{ type: 'single', text: 'Kommer du?', choices: ['Ja', 'Nej'] }] });
    // Anna's answer makes this instance read the survey as open; another instance then closes it in storage.
    invokeCard(await click(anna, 'surveyAnswer', { surveyId: survey.id, q_q1: '1' }));
    const stored = (await running.app.repos.surveys.get(survey.id))!;
    await running.app.repos.surveys.replace({ ...stored.value, state: 'closed', closedAt: clock.now().toISOString() }, stored.etag);
    const late = invokeCard(await click(cecilie, 'surveyAnswer', { surveyId: survey.id, q_q1: '2' }));
    expect(json(late)).toContain('Spørgeskemaet er lukket, så dit svar er ikke gemt.');
    expect((await running.app.repos.surveys.responses(survey.id)).map((r) => r.respondent?.name)).toEqual(['Anna Hansen']);
  });
});
