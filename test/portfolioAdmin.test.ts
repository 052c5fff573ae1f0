import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveProfile, startEntraStandIn, startTabApp, type EntraStandIn, type TabApp } from './support/tabServer.ts';
import type { PortfolioOverview } from '../bot/api/portfolio.ts';
import type { MeView } from '../bot/api/me.ts';
import type { Solution } from '../bot/domain/solution.ts';
import type { Meeting } from '../bot/domain/meeting.ts';

/**
 * The write API for solutions (with milestones) and meetings, over HTTP against the real app on
 * in-memory Azurite with the demo data: staff create and change, with Danish field errors,
 * ETag/If-Match and 403 for a program leader; plus the notification ids the admin view needs
 * and the development-mode demo user's staff switch.
 */
let running: TabApp;

const send = (base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => send(running.baseUrl, method, path, body, headers);

const NEW_SOLUTION = {
  id: 'digital-post-2',
  name: 'Digital Post 2.0',
  description: 'Næste generation af kommunernes digitale post.',
  phase: 'analysis',
  status: 'onTrack',
  milestones: [{ id: 'udbud', title: 'Udbud afsluttet', date: '2024-09-30' }],
  contact: { name: 'Mette Hansen', email: 'mh@kombit.dk' },
};

beforeAll(async () => {
  running = await startTabApp();
});
afterAll(() => running?.close());

describe('POST and PATCH /api/solutions (development mode: the demo user is staff)', () => {
  it('creates a solution with milestones, answers it with an ETag, and shows it in the portfolio at once with ?fresh=1', async () => {
    const res = await call('POST', '/api/solutions', NEW_SOLUTION);
    expect(res.status).toBe(201);
    expect(res.headers.get('etag')).toBeTruthy();
    const { solution } = (await res.json()) as { solution: Solution };
    expect(solution).toMatchObject({ id: 'digital-post-2', phase: 'analysis', milestones: [{ id: 'udbud', done: false }] });
    expect((await running.app.repos.solutions.get('digital-post-2'))?.value.name).toBe('Digital Post 2.0');
    // `?fresh=1` (staff) waits for a read that sees the write; plain reads are shared for 1-2 s.
    const overview = (await (await call('GET', '/api/portfolio?fresh=1')).json()) as PortfolioOverview;
    expect(overview.solutions.find((r) => r.solution.id === 'digital-post-2')?.nextMilestone).toEqual({ title: 'Udbud afsluttet', date: '2024-09-30' });
  });

  it('refuses a bad solution with Danish field errors and stores nothing; a taken id gets 409', async () => {
    const before = (await running.app.repos.solutions.list()).length;
    const bad = await call('POST', '/api/solutions', { id: 'Ny Løsning', name: '', phase: 'i drift', status: 'onTrack', milestones: [{ id: 'a', title: 'A', date: '31-09-2024' }] });
    expect(bad.status).toBe(400);
    const { error } = (await bad.json()) as { error: { code: string; message: string; issues: { field: string; message: string }[] } };
    expect(error.code).toBe('ValidationFailed');
    expect(error.message).toBe('Nogle felter er ikke udfyldt rigtigt.');
    const byField = Object.fromEntries(error.issues.map((i) => [i.field, i.message]));
    expect(byField.id).toBe('må kun indeholde små bogstaver a-z, tal og bindestreg');
    expect(byField.name).toBe('må ikke være tom');
    expect(byField.phase).toBe('skal være Analyse, Udbud, Udvikling, Udrulning og ibrugtagning, Drift eller Udfasning');
    expect(byField['milestones.0.date']).toBeTruthy();
    const twice = await call('POST', '/api/solutions', { ...NEW_SOLUTION, milestones: [NEW_SOLUTION.milestones[0], NEW_SOLUTION.milestones[0]], id: 'tvilling' });
    expect(twice.status).toBe(400);
    expect((await twice.json()).error.issues).toEqual([{ field: 'milestones.1.id', message: 'bruges allerede af en anden milepæl' }]);
    expect((await running.app.repos.solutions.list()).length).toBe(before);

    const taken = await call('POST', '/api/solutions', { ...NEW_SOLUTION, id: 'sygesikring' });
    expect(taken.status).toBe(409);
    expect((await taken.json()).error.message).toBe('Løsningen findes allerede.');
  });

  it('changes only the fields sent (milestones as a whole list), with If-Match, and refuses a stale ETag with 412', async () => {
    const read = await call('GET', '/api/solutions/aula');
    expect(read.status).toBe(200);
    const etag = read.headers.get('etag')!;
    const before = ((await read.json()) as { solution: Solution }).solution;
    const milestones = [...before.milestones, { id: 'evaluering', title: 'Evaluering af udrulningen', date: '2024-12-01', done: false }];
    const changed = await call('PATCH', '/api/solutions/aula', { status: 'delayed', milestones }, { 'if-match': etag });
    expect(changed.status).toBe(200);
    const after = ((await changed.json()) as { solution: Solution }).solution;
    expect(after).toEqual({ ...before, status: 'delayed', milestones });
    expect(changed.headers.get('etag')).not.toBe(etag);

    const stale = await call('PATCH', '/api/solutions/aula', { status: 'onTrack' }, { 'if-match': etag });
    expect(stale.status).toBe(412);
    expect((await stale.json()).error.message).toBe('Løsningen er blevet ændret af en anden i mellemtiden. Hent den igen, og prøv igen.');
    expect((await running.app.repos.solutions.get('aula'))?.value.status).toBe('delayed');

    const renamed = await call('PATCH', '/api/solutions/aula', { id: 'aula-2' });
    expect(renamed.status).toBe(400);
    expect((await renamed.json()).error.issues[0].message).toBe('har ukendte felter: id');
    expect((await call('PATCH', '/api/solutions/findes-ikke', { status: 'onTrack' })).status).toBe(404);
  });

  it('refuses a program leader with 403 and changes nothing', async () => {
    const leader = { 'x-demo-municipality': '766' };
    const before = (await running.app.repos.solutions.get('aula'))?.value;
    const created = await call('POST', '/api/solutions', { ...NEW_SOLUTION, id: 'fra-programleder' }, leader);
    expect(created.status).toBe(403);
    expect((await created.json()).error.message).toBe('Kun KOMBIT-medarbejdere kan gøre dette.');
    expect((await call('PATCH', '/api/solutions/aula', { status: 'onTrack' }, leader)).status).toBe(403);
    expect(await running.app.repos.solutions.get('fra-programleder')).toBeUndefined();
    expect((await running.app.repos.solutions.get('aula'))?.value).toEqual(before);
  });
});

describe('POST and PATCH /api/meetings', () => {
  it('creates a meeting with its agenda as pl-<date> (pl-<date>-2 for a second that day) and lists it', async () => {
    const body = { date: '2024-04-24', title: 'Programledermøde april 2024', agenda: [{ time: '10:00', title: 'Velkomst', presenter: 'KOMBIT' }] };
    const res = await call('POST', '/api/meetings', body);
    expect(res.status).toBe(201);
    const { meeting } = (await res.json()) as { meeting: Meeting };
    expect(meeting).toMatchObject({ id: 'pl-2024-04-24', startTime: '10:00', endTime: '11:30', agenda: [{ title: 'Velkomst' }] });
    const second = (await (await call('POST', '/api/meetings', { ...body, startTime: '13:00', endTime: '14:00' })).json()) as { meeting: Meeting };
    expect(second.meeting.id).toBe('pl-2024-04-24-2');
    const list = (await (await call('GET', '/api/meetings')).json()) as { meetings: Meeting[] };
    expect(list.meetings.filter((m) => m.date === '2024-04-24').map((m) => m.id)).toEqual(['pl-2024-04-24', 'pl-2024-04-24-2']);
  });

  it('changes the agenda with If-Match, refuses a stale ETag (412) and bad times with Danish messages', async () => {
    expect((await call('POST', '/api/meetings', { date: '2024-03-20', title: 'Programledermøde marts 2024', agenda: [{ time: '10:00', title: 'Velkomst', presenter: 'KOMBIT' }] })).status).toBe(201);
    const read = await call('GET', '/api/meetings/pl-2024-03-20');
    const etag = read.headers.get('etag')!;
    const agenda = [{ time: '10:00', title: 'Velkomst', presenter: 'KOMBIT' }, { time: '10:15', title: 'Nyt fra Digital Post 2.0', presenter: 'Mette Hansen' }];
    const changed = await call('PATCH', '/api/meetings/pl-2024-03-20', { agenda }, { 'if-match': etag });
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as { meeting: Meeting }).meeting).toMatchObject({ title: 'Programledermøde marts 2024', agenda });
    expect((await call('PATCH', '/api/meetings/pl-2024-03-20', { title: 'Andet' }, { 'if-match': etag })).status).toBe(412);

    const backwards = await call('PATCH', '/api/meetings/pl-2024-03-20', { endTime: '09:00' });
    expect(backwards.status).toBe(400);
    expect((await backwards.json()).error.issues).toEqual([{ field: 'endTime', message: 'skal ligge efter starttidspunktet' }]);
    const badTime = await call('POST', '/api/meetings', { date: '2024-05-29', startTime: '10' });
    expect((await badTime.json()).error.issues).toEqual([{ field: 'startTime', message: 'skal være et klokkeslæt (tt:mm)' }]);
    expect(await running.app.repos.meetings.get('pl-2024-05-29')).toBeUndefined();
    expect((await running.app.repos.meetings.get('pl-2024-03-20'))?.value.agenda).toHaveLength(2);
  });

  it('refuses a program leader with 403', async () => {
    const leader = { 'x-demo-municipality': '101' };
    expect((await call('POST', '/api/meetings', { date: '2024-06-26' }, leader)).status).toBe(403);
    expect((await call('PATCH', '/api/meetings/pl-2023-06-22', { title: 'x' }, leader)).status).toBe(403);
    expect(await running.app.repos.meetings.get('pl-2024-06-26')).toBeUndefined();
  });
});

describe('what the admin view reads', () => {
  it('lists tasks, agreements and evaluations with the id of their delivery report', async () => {
    const { tasks } = (await (await call('GET', '/api/klik-tasks')).json()) as { tasks: { id: string; notificationId: string }[] };
    expect(tasks.length).toBeGreaterThan(10);
    expect(tasks.every((t) => t.notificationId === `klikTask:${t.id}`)).toBe(true);
    const { agreements } = (await (await call('GET', '/api/agreements')).json()) as { agreements: { id: string; notificationId: string }[] };
    expect(agreements.every((a) => a.notificationId === `agreement:${a.id}`)).toBe(true);
    const { evaluations } = (await (await call('GET', '/api/evaluations')).json()) as { evaluations: { id: string; notificationId: string }[] };
    expect(evaluations.map((e) => e.notificationId)).toContain('evaluation:eval-pl-2024-02-28');
    const report = await call('GET', `/api/notifications/${encodeURIComponent(tasks[0]!.notificationId)}/report`);
    expect(report.status).toBe(200);
    expect(await report.json()).toMatchObject({ notificationId: tasks[0]!.notificationId, total: expect.any(Number), sent: expect.any(Number) });
  });

  it('keeps what a PATCH does not mention: a new agreement deadline leaves "closed" and the missing list as they were', async () => {
    const read = await call('GET', '/api/agreements/agr-bom-databehandleraftale');
    const before = ((await read.json()) as { agreement: { showMissingList: boolean; signingChannel: string; recipients: string[] } }).agreement;
    expect(before.showMissingList).toBe(true);
    const res = await call('PATCH', '/api/agreements/agr-bom-databehandleraftale', { deadline: '2024-03-29' });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { agreement: typeof before & { deadline: string }; notificationId: string };
    // The answer names the card's delivery report, like the create does.
    expect(answer.notificationId).toBe('agreement:agr-bom-databehandleraftale');
    const after = answer.agreement;
    expect(after).toMatchObject({ deadline: '2024-03-29', showMissingList: true, signingChannel: before.signingChannel, recipients: before.recipients });
  });
});

describe('removing an optional field with null (PATCH keeps what it does not mention)', () => {
  it('removes a solution’s KOMBIT contact and driftsbidrag, and the portfolio no longer shows them', async () => {
    const read = await call('GET', '/api/solutions/mit-sygefravaer');
    const before = ((await read.json()) as { solution: Solution }).solution;
    expect(before.contact).toBeDefined();
    expect(before.operatingCost).toBeDefined();
    const res = await call('PATCH', '/api/solutions/mit-sygefravaer', { contact: null, operatingCost: null, status: 'delayed' }, { 'if-match': read.headers.get('etag')! });
    expect(res.status).toBe(200);
    const { solution } = (await res.json()) as { solution: Solution };
    expect(solution).toEqual({ ...Object.fromEntries(Object.entries(before).filter(([k]) => k !== 'contact' && k !== 'operatingCost')), status: 'delayed' });
    const stored = (await running.app.repos.solutions.get('mit-sygefravaer'))!.value;
    expect(Object.keys(stored)).not.toContain('contact');
    expect(Object.keys(stored)).not.toContain('operatingCost');
    const overview = (await (await call('GET', '/api/portfolio?fresh=1')).json()) as PortfolioOverview;
    const row = overview.solutions.find((r) => r.solution.id === 'mit-sygefravaer')!;
    expect(row.solution.contact).toBeUndefined();
    expect(row.solution.operatingCost).toBeUndefined();
  });

  it('refuses null for a field that must have a value, in Danish, with the other problems, and changes nothing', async () => {
    const before = (await running.app.repos.solutions.get('aula'))!.value;
    const res = await call('PATCH', '/api/solutions/aula', { name: null, description: null, milestones: null, phase: 'i drift', contact: null });
    expect(res.status).toBe(400);
    const issues = ((await res.json()) as { error: { issues: { field: string; message: string }[] } }).error.issues;
    expect(Object.fromEntries(issues.map((i) => [i.field, i.message]))).toEqual({
      name: 'skal have en værdi og kan ikke fjernes',
      description: 'skal have en værdi og kan ikke fjernes',
      milestones: 'skal have en værdi og kan ikke fjernes',
      phase: expect.stringMatching(/^skal være Analyse, /),
    });
    // Nothing was changed, not even the contact that could have been removed.
    expect((await running.app.repos.solutions.get('aula'))!.value).toEqual(before);
    const unknown = await call('PATCH', '/api/solutions/aula', { kontakt: null });
    expect((await unknown.json()).error.issues).toEqual([{ field: '(hele værdien)', message: 'har ukendte felter: kontakt' }]);
  });

  it('removes a KLIK task’s link and an agreement’s sent date; a task deadline cannot be removed; an agreement deadline null still means "hurtigst muligt"', async () => {
    const task = await call('PATCH', '/api/klik-tasks/task-gdpr-revisionserklaeringer', { klikUrl: null });
    expect(task.status).toBe(200);
    expect(((await task.json()) as { task: Record<string, unknown> }).task).not.toHaveProperty('klikUrl');
    expect((await running.app.repos.klikTasks.get('task-gdpr-revisionserklaeringer'))!.value.klikUrl).toBeUndefined();
    const deadline = await call('PATCH', '/api/klik-tasks/task-gdpr-revisionserklaeringer', { deadline: null });
    expect(deadline.status).toBe(400);
    expect((await deadline.json()).error.issues).toEqual([{ field: 'deadline', message: 'skal have en værdi og kan ikke fjernes' }]);
    expect((await running.app.repos.klikTasks.get('task-gdpr-revisionserklaeringer'))!.value.deadline).toBe('2021-04-29');

    const created = await call('POST', '/api/agreements', { solutionId: 'aula', kind: 'connection', title: 'Tilslutningsaftale til arkivering', sentDate: '2024-03-15', deadline: '2024-04-30' });
    const id = ((await created.json()) as { agreement: { id: string } }).agreement.id;
    const cleared = await call('PATCH', `/api/agreements/${id}`, { sentDate: null, deadline: null });
    expect(cleared.status).toBe(200);
    const stored = (await running.app.repos.agreements.get(id))!.value;
    expect(stored.sentDate).toBeUndefined();
    expect(stored.deadline).toBeNull();
    const title = await call('PATCH', `/api/agreements/${id}`, { title: null });
    expect((await title.json()).error.issues).toEqual([{ field: 'title', message: 'skal have en værdi og kan ikke fjernes' }]);
  });

  it('gives an agreement sent without a deadline ("ingen frist") a date when staff set one, and refuses a date with "ingen frist"', async () => {
    expect((await running.app.repos.agreements.get('agr-flis-tilslutning-2024'))!.value).toMatchObject({ deadline: null, noDeadline: true });
    const dated = await call('PATCH', '/api/agreements/agr-flis-tilslutning-2024', { deadline: '30-04-2024' });
    expect(dated.status).toBe(200);
    const stored = (await running.app.repos.agreements.get('agr-flis-tilslutning-2024'))!.value;
    expect(stored.deadline).toBe('2024-04-30');
    expect(stored).not.toHaveProperty('noDeadline');
    const both = await call('POST', '/api/agreements', { solutionId: 'flis', kind: 'connection', title: 'Tilslutningsaftale 2025', deadline: '2024-04-30', noDeadline: true });
    expect(both.status).toBe(400);
    expect((await both.json()).error.issues).toEqual([{ field: 'noDeadline', message: 'en aftale uden frist kan ikke have en fristdato' }]);
  });
});

describe('in production mode (tokens signed by a test key set)', () => {
  let entra: EntraStandIn;
  let prod: TabApp;
  const STAFF_OID = '22222222-aaaa-4bbb-8ccc-000000000001';

  beforeAll(async () => {
    entra = await startEntraStandIn();
    prod = await startTabApp({ env: entra.env });
  });
  afterAll(async () => {
    await prod?.close();
    await entra?.close();
  });

  it('answers 401 without a token, 403 to a program leader, and lets staff (by app role) create and change', async () => {
    const bearer = async (claims?: Record<string, unknown>) => ({ authorization: `Bearer ${await entra.token(claims ? { claims } : {})}` });
    const leader = await bearer();
    const staff = await bearer({ oid: STAFF_OID, roles: ['KombitStaff'] });
    expect((await send(prod.baseUrl, 'POST', '/api/solutions', NEW_SOLUTION)).status).toBe(401);
    for (const [method, path, body] of [
      ['POST', '/api/solutions', NEW_SOLUTION],
      ['PATCH', '/api/solutions/aula', { status: 'delayed' }],
      ['POST', '/api/meetings', { date: '2024-04-24' }],
      ['PATCH', '/api/meetings/pl-2024-02-28', { title: 'Ændret' }],
    ] as const) {
      const res = await send(prod.baseUrl, method, path, body, leader);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect((await res.json()).error.code).toBe('Forbidden');
    }
    expect(await prod.app.repos.solutions.get('digital-post-2')).toBeUndefined();
    expect((await prod.app.repos.meetings.get('pl-2024-02-28'))?.value.title).not.toBe('Ændret');

    expect((await send(prod.baseUrl, 'POST', '/api/solutions', NEW_SOLUTION, staff)).status).toBe(201);
    expect((await send(prod.baseUrl, 'PATCH', '/api/meetings/pl-2024-02-28', { title: 'Programledermøde februar 2024 (ændret)' }, staff)).status).toBe(200);
    expect((await prod.app.repos.meetings.get('pl-2024-02-28'))?.value.title).toBe('Programledermøde februar 2024 (ændret)');
  });
});

describe('the development-mode demo user and DEV_USER_IS_STAFF', () => {
  it('is KOMBIT staff by default', async () => {
    expect(running.config.staff.devUserIsStaff).toBe(true);
    const me = (await (await call('GET', '/api/me')).json()) as MeView;
    expect(me).toMatchObject({ userId: 'demo-kombit', role: 'kombit', isStaff: true, demo: true });
  });

  it('is a program leader with DEV_USER_IS_STAFF=false: no staff writes, the municipality from the profile, status of its own municipality only', async () => {
    const leaderApp = await startTabApp({ env: { DEV_USER_IS_STAFF: 'false' } });
    try {
      const at = (method: string, path: string, body?: unknown) => send(leaderApp.baseUrl, method, path, body);
      const me = (await (await at('GET', '/api/me')).json()) as MeView;
      expect(me).toMatchObject({ userId: 'demo-programleder', role: 'programleder', isStaff: false, demo: true, municipality: null });
      const refused = await at('POST', '/api/solutions', NEW_SOLUTION);
      expect(refused.status).toBe(403);
      expect((await refused.json()).error.message).toBe('Kun KOMBIT-medarbejdere kan gøre dette.');
      expect((await at('POST', '/api/klik-tasks', {})).status).toBe(403);

      await saveProfile(leaderApp, 'demo-programleder', { municipalityCode: '766' });
      expect(((await (await at('GET', '/api/me')).json()) as MeView).municipality).toEqual({ code: '766', name: 'Hedensted' });
      expect((await at('PUT', '/api/klik-tasks/task-gdpr-revisionserklaeringer/statuses/766', { status: 'started' })).status).toBe(200);
      expect((await at('PUT', '/api/klik-tasks/task-gdpr-revisionserklaeringer/statuses/101', { status: 'started' })).status).toBe(403);
    } finally {
      await leaderApp.close();
    }
  });
  it('stays staff with DEV_USER_IS_STAFF=false when demo-kombit is listed in STAFF_USER_IDS (chat users are then program leaders)', async () => {
    const app = await startTabApp({ env: { DEV_USER_IS_STAFF: 'false', STAFF_USER_IDS: 'demo-kombit' } });
    try {
      expect(((await (await send(app.baseUrl, 'GET', '/api/me')).json()) as MeView).isStaff).toBe(true);
      expect((await send(app.baseUrl, 'POST', '/api/meetings', { date: '2024-06-26' })).status).toBe(201);
    } finally {
      await app.close();
    }
  });
});
