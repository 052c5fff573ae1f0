import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type RunningApp } from './support/app.ts';
import { startConnectorStandIn, type ConnectorStandIn } from './support/connectorStandIn.ts';
import { cardAction, person, personalMessage, post } from './support/activities.ts';
import { ManualClock } from '../bot/domain/time.ts';

/**
 * The smaller things of issue 18, item 13, over HTTP: a milestone's title and date apart on the
 * portfolio card, no text in a colour too faint to read on a white card, and the portfolio
 * counting only agreements that were sent as awaiting signature.
 */
let running: RunningApp;
let connector: ConnectorStandIn;
const clock = new ManualClock('2026-11-23T09:00:00Z');

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${running.baseUrl}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
}

/** The card the bot answered a 1:1 message with. */
async function cardFor(who: ReturnType<typeof person>, text: string) {
  connector.reset();
  await post(running.baseUrl, personalMessage(connector.serviceUrl, who, text));
  const reply = connector.sent.find((c) => c.conversationId?.startsWith('a:1personal'));
  return reply!.activity.attachments[0].content;
}

/** Every text of a card (TextBlocks and TextRuns) with the colour it is written in. */
function colouredTexts(card: unknown): { text: string; color: string }[] {
  const found: { text: string; color: string }[] = [];
  const visit = (node: any): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    if ((node.type === 'TextBlock' || node.type === 'TextRun') && typeof node.text === 'string') found.push({ text: node.text, color: String(node.color ?? 'Default') });
    Object.values(node).forEach(visit);
  };
  visit(card);
  return found;
}

/** Texts (with a letter or digit) in Good or Warning: Teams paints them pale green and orange, under 4.5:1 on white. */
const faint = (card: unknown) => colouredTexts(card).filter((t) => /^(good|warning)$/i.test(t.color) && /[\p{L}\p{N}]/u.test(t.text));

beforeAll(async () => {
  connector = await startConnectorStandIn({ rateLimits: false });
  running = await startTestApp({ clock, env: { DEV_USER_IS_STAFF: 'true' } });
  const { repos } = running.app;
  await repos.solutions.upsert({
    id: 'kp',
    name: 'KP',
    description: '',
    phase: 'development',
    status: 'atRisk',
    milestones: [{ id: 'release-5', title: 'Release 5.0', date: '2026-12-15', done: false }],
  });
  await repos.meetings.upsert({ id: 'pl-2026-11-23', date: '2026-11-23', startTime: '10:00', endTime: '11:30', title: 'Programledermøde november 2026', agenda: [], participantCount: 75 });
});
afterAll(async () => {
  await running?.close();
  await connector?.close();
});
beforeEach(() => connector.reset());

describe('the portfolio card', () => {
  it('keeps a milestone’s title and its date apart', async () => {
    const card = await cardFor(person(1), 'portefølje');
    const texts = colouredTexts(card).map((t) => t.text);
    expect(texts).toContain('KP: i risiko – næste milepæl: Release 5.0 (15-12-2026)');
    expect(JSON.stringify(card)).not.toContain('5.0 15-12-2026');
  });
});

describe('colours on cards', () => {
  it('writes no text in the faint Good or Warning colours: status lists, the thank-you view, the results legend', async () => {
    const kirsten = person(10, 'Kirsten Lund');
    const task = await api('POST', '/api/klik-tasks', { solutionId: 'kp', title: 'Bestil opsætning af KP 5.0', type: 'Obligatorisk', startDate: '2026-11-01', deadline: '2026-11-27', responsibleRole: 'programleder' });
    expect(task.status).toBe(201);
    // Chat users are staff here (DEV_USER_IS_STAFF), for whom "kommune" only shows a municipality: she chooses hers on the welcome card.
    expect((await post(running.baseUrl, cardAction(connector.serviceUrl, kirsten, 'setMunicipality', { municipalityCode: '766' }))).status).toBe(200);
    const tasks = await cardFor(kirsten, 'opgaver');
    expect(JSON.stringify(tasks)).toContain('Bestil opsætning af KP 5.0');
    expect(JSON.stringify(tasks)).toContain('Hedensted: Ikke påbegyndt');
    expect(faint(tasks)).toEqual([]);

    const started = await api('POST', '/api/evaluations', { meetingId: 'pl-2026-11-23' });
    expect(started.status).toBe(201);
    const evaluationId = started.body.evaluation.id;
    let thanks: any;
    for (const [n, answer] of [[21, '5'], [22, '4'], [23, '2']] as const) {
      const res = await post(running.baseUrl, cardAction(connector.serviceUrl, person(n), 'evaluationAnswer', { evaluationId, a_q1: answer, a_q2: answer, a_q3: answer, a_q4: answer }, 'channel'));
      thanks = res.body.value;
    }
    expect(JSON.stringify(thanks)).toContain('Tak! Dit svar er gemt');
    expect(faint(thanks)).toEqual([]);

    expect((await api('POST', `/api/evaluations/${evaluationId}/close`)).status).toBe(200);
    const results = (await post(running.baseUrl, cardAction(connector.serviceUrl, person(21), 'evaluationView', { evaluationId }, 'channel'))).body.value;
    const legend = colouredTexts(results).filter((t) => t.text.includes('■'));
    expect(legend.length).toBeGreaterThan(0);
    // The colour stays on the legend's squares, which match the bar; the words are readable.
    expect(legend.some((t) => /^(good|warning)$/i.test(t.color))).toBe(true);
    expect(faint(results)).toEqual([]);
  });
});

describe('the portfolio overview', () => {
  it('counts as awaiting signature only agreements that were sent, not one whose sent date lies ahead or is not set', async () => {
    const base = { solutionId: 'kp', kind: 'connection', recipients: ['KOMBIT-programledere'], deadline: '2027-01-29' };
    expect((await api('POST', '/api/agreements', { ...base, title: 'Tilslutningsaftale KP (sendes senere)', sentDate: '2026-12-01' })).status).toBe(201);
    expect((await api('POST', '/api/agreements', { ...base, title: 'Tilslutningsaftale KP (ikke planlagt)' })).status).toBe(201);
    const before = (await api('GET', '/api/portfolio?fresh=1')).body;
    expect(before.solutions.find((r: any) => r.solution.id === 'kp').agreementsAwaiting).toBe(0);
    expect((await api('POST', '/api/agreements', { ...base, title: 'Databehandleraftale KP', kind: 'dataProcessing', sentDate: '2026-11-20' })).status).toBe(201);
    const after = (await api('GET', '/api/portfolio?fresh=1')).body;
    expect(after.solutions.find((r: any) => r.solution.id === 'kp').agreementsAwaiting).toBe(1);
  });
});
