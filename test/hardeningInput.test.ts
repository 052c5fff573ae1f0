import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type RunningApp } from './support/app.ts';
import { launchBrowser } from './support/browser.ts';
import { startConnectorStandIn, type ConnectorStandIn } from './support/connectorStandIn.ts';
import { cardAction, person, post } from './support/activities.ts';
import { ManualClock } from '../bot/domain/time.ts';
import { newProfile } from '../bot/domain/user.ts';
import { FORBIDDEN_CHARACTERS_MESSAGE as FORBIDDEN } from '../bot/domain/validation.ts';

// What an attacker tried (issue 20) with what the app takes in and gives out, over HTTP against
// the real app in development mode (where a caller without a token is the demo staff member):
// writes from other web pages, ids and text that should be refused, and unknown kommunekoder.

let running: RunningApp;
let connector: ConnectorStandIn;
const clock = new ManualClock('2026-11-23T09:00:00Z');
const staffer = person(40, 'Karen KOMBIT');

const newTask = {
  solutionId: 'sygesikring',
  title: 'Bestil OCES3-certifikat',
  type: 'Obligatorisk',
  startDate: '2026-11-23',
  deadline: '2026-12-18',
  responsibleRole: 'programleder',
};

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${running.baseUrl}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: text ? JSON.parse(text) : undefined };
}

beforeAll(async () => {
  connector = await startConnectorStandIn({ rateLimits: false });
  running = await startTestApp({ clock });
  const { repos } = running.app;
  await repos.solutions.upsert({ id: 'sygesikring', name: 'Sygesikring', description: '', phase: 'operation', status: 'onTrack', milestones: [] });
  await repos.users.save(newProfile(staffer.aadObjectId, { name: staffer.name, municipalityCode: '101' }));
});
afterAll(async () => {
  await running.close();
  await connector.close();
});

describe('writes from other web pages (issue 20, item 11)', () => {
  it('refuses a cross-site form post with 403 before reading it, in every mode, and lets the app\'s own page write', async () => {
    const created = await api('POST', '/api/klik-tasks', newTask);
    expect(created.status).toBe(201);
    const taskId = created.body.task.id as string;
    const sheet = `Opgave;Kommune;Status\r\n${taskId};101;Fuldført\r\n`;
    const form = () => {
      const data = new FormData();
      data.append('file', new Blob([sheet], { type: 'text/csv' }), 'status.csv');
      return data;
    };
    for (const origin of ['https://evil.example', 'null', `http://127.0.0.1.nip.io:${new URL(running.baseUrl).port}`]) {
      const upload = await fetch(`${running.baseUrl}/api/klik-tasks/import`, { method: 'POST', headers: { origin }, body: form() });
      expect(upload.status, origin).toBe(403);
      expect(await upload.json()).toEqual({ error: { code: 'CrossSiteRequest', message: 'Forespørgslen kom fra en anden hjemmeside og er afvist.' } });
    }
    const closing = await fetch(`${running.baseUrl}/api/agreements/agr-x/close`, { method: 'POST', headers: { 'sec-fetch-site': 'cross-site' } });
    expect(closing.status).toBe(403);
    expect(await running.app.repos.klikTasks.status(taskId, '101')).toBeUndefined();

    const own = await fetch(`${running.baseUrl}/api/klik-tasks/import`, { method: 'POST', headers: { origin: running.baseUrl }, body: form() });
    expect(own.status).toBe(200);
    expect((await running.app.repos.klikTasks.status(taskId, '101'))?.value.status).toBe('done');
  });
});

describe('ids and text that are no text (issue 20, items 8 and 11)', () => {
  it('refuses a lone surrogate in an id or a text, in a body or a card action, with a Danish 400 naming the field, not a 500', async () => {
    for (const [path, body, field] of [
      ['/api/evaluations', '{"meetingId":"\\ud800"}', 'meetingId'],
      ['/api/klik-tasks', JSON.stringify({ ...newTask, solutionId: 'x' }).replace('"x"', '"\\udc00x"'), 'solutionId'],
      ['/api/meetings', '{"date":"2026-12-09","agenda":[{"title":"M\\ud83d"}]}', 'agenda.0.title'],
    ] as const) {
      const res = await api('POST', path, body);
      expect(res.status, path).toBe(400);
      expect(res.body.error, path).toMatchObject({ code: 'ValidationFailed', issues: [{ field, message: FORBIDDEN }] });
    }
    expect(await running.app.repos.meetings.list()).toEqual([]);
    const action = JSON.stringify(cardAction(connector.serviceUrl, staffer, 'klikTaskStatus', { taskId: 'x', status: 'done' })).replace('"taskId":"x"', '"taskId":"\\ud800"');
    const res = await api('POST', '/api/messages', action);
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toEqual([{ field: 'value.action.data.taskId', message: FORBIDDEN }]);
  });

  it('refuses control characters, direction overrides and "25:99" in every text that reaches a card, the tab or an export', async () => {
    const meeting = await api('POST', '/api/meetings', {
      date: '2026-12-09',
      title: 'Programledermøde\u0007',
      agenda: [{ time: '25:99', title: 'Velkomst\u0000', presenter: 'KOMBIT\u001b[31m' }, { time: '10:15', title: 'Nyt fra fdp.exe\u202e' }],
    });
    expect(meeting.status).toBe(400);
    expect(meeting.body.error.issues).toEqual([
      { field: 'title', message: FORBIDDEN },
      { field: 'agenda.0.time', message: 'skal være et klokkeslæt (tt:mm)' },
      { field: 'agenda.0.title', message: FORBIDDEN },
      { field: 'agenda.0.presenter', message: FORBIDDEN },
      { field: 'agenda.1.title', message: FORBIDDEN },
    ]);
    for (const [path, body] of [
      ['/api/klik-tasks', { ...newTask, title: 'Bestil\u0000certifikat' }],
      ['/api/klik-tasks', { ...newTask, description: 'Linjer er fine,\nmen ikke \u001b[2J' }],
      ['/api/agreements', { solutionId: 'sygesikring', kind: 'connection', title: 'Aftale\u202egdp.exe', deadline: null }],
      ['/api/solutions', { id: 'ny', name: 'Ny\u0085løsning', phase: 'analysis', status: 'onTrack' }],
      ['/api/evaluations', { meetingId: 'pl-2026-12-09', questions: [{ id: 'q1', text: 'Godt\u2066møde' }] }],
    ] as const) {
      const res = await api('POST', path, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.body.error.issues), JSON.stringify(body)).toContain(FORBIDDEN);
    }
    const fine = await api('POST', '/api/meetings', { date: '2026-12-09', agenda: [{ time: '23:59', title: 'Tak for i dag – på gensyn' }] });
    expect(fine.status).toBe(201);
    const described = await api('POST', '/api/klik-tasks', { ...newTask, title: 'Med beskrivelse', description: 'Første linje.\r\nAnden linje\tmed tab.' });
    expect(described.status).toBe(201);
  });
});

describe('headers (issue 20, item 12)', () => {
  it('marks every API answer nosniff and no-store: lists, results, errors and the CSV export', async () => {
    expect((await api('POST', '/api/meetings', { date: '2026-11-23' })).status).toBe(201);
    const started = await api('POST', '/api/evaluations', { meetingId: 'pl-2026-11-23' });
    expect(started.status).toBe(201);
    const evaluationId = started.body.evaluation.id as string;
    for (const path of ['/api/klik-tasks', '/api/agreements', '/api/meetings', '/api/portfolio', `/api/evaluations/${evaluationId}/results`, `/api/evaluations/${evaluationId}/results.csv?view=summary`, '/api/klik-tasks/task-none', '/api/no-such-route']) {
      const res = await fetch(`${running.baseUrl}${path}`);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('cache-control'), path).toBe('no-store');
    }
  });

  it('limits the tab\'s scripts and connections to the app itself, and its framing to the hosts Teams documents', async () => {
    const res = await fetch(`${running.baseUrl}/tab/`);
    const policy = new Map((res.headers.get('content-security-policy') ?? '').split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
    expect(policy.get('script-src')?.[0]).toBe("'self'");
    expect(policy.get('script-src')?.slice(1).every((source) => /^'sha256-[A-Za-z0-9+/]+=*'$/.test(source))).toBe(true);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    const ancestors = policy.get('frame-ancestors') ?? [];
    expect(ancestors).toContain('https://teams.microsoft.com');
    expect(ancestors).toContain('https://*.cloud.microsoft');
    for (const wide of ['https://*.skype.com', 'https://*.office.com', 'https://*.office365.com']) expect(ancestors).not.toContain(wide);
  });

  it('runs the tab under that policy in Chromium without a single violation', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const violations: string[] = [];
      await page.exposeFunction('reportViolation', (what: string) => violations.push(what));
      await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { reportViolation(s: string): void }).reportViolation(`${e.violatedDirective} ${e.blockedURI}`)));
      page.on('console', (message) => message.text().includes('Content Security Policy') && violations.push(message.text()));
      await page.goto(`${running.baseUrl}/tab/index.html?view=portfolio`);
      await page.getByRole('heading', { name: 'Porteføljeoversigt' }).waitFor();
      await page.getByTestId('demo-banner').waitFor();
      expect(violations).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
