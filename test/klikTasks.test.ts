import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type RunningApp } from './support/app.ts';
import { startConnectorStandIn, type ConnectorStandIn } from './support/connectorStandIn.ts';
import { cardAction, person, post } from './support/activities.ts';
import { install } from './support/installs.ts';
import { expectValidTeamsCard } from './support/cards.ts';
import { ManualClock } from '../bot/domain/time.ts';
import { newProfile } from '../bot/domain/user.ts';
import { taskNotificationId } from '../bot/klikTasks/klikTaskService.ts';

let running: RunningApp;
let connector: ConnectorStandIn;
const clock = new ManualClock('2026-11-23T09:00:00Z');
const anna = person(1, 'Anna Hansen'); // follows Sygesikring, Lyngby-Taarbæk
const bo = person(2, 'Bo Jensen'); // follows Sygesikring, Aarhus
const cecilie = person(3, 'Cecilie Holm'); // follows nothing

const newTask = {
  solutionId: 'sygesikring',
  title: 'Indmeld modtager/-e af GDPR-revisionserklæringer',
  description: 'Kommunen skal indmelde, hvem der skal modtage de årlige GDPR-revisionserklæringer.',
  type: 'Obligatorisk',
  startDate: '2026-11-23',
  deadline: '2026-12-18',
  responsibleRole: 'programleder',
  klikUrl: 'https://klik.kombit.dk/opgaver/gdpr-revisionserklaeringer',
};

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${running.baseUrl}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json().catch(() => undefined) as any };
}

const sends = () => connector.sent.filter((c) => c.operation === 'sendToConversation' || c.operation === 'replyToActivity');

beforeAll(async () => {
  connector = await startConnectorStandIn({ rateLimits: false });
  running = await startTestApp({ clock, workers: true, delivery: { refreshIntervalMs: 1000 }, env: { DEV_USER_IS_STAFF: 'false', STAFF_USER_IDS: 'demo-kombit' } });
  const { repos } = running.app;
  await repos.solutions.upsert({ id: 'sygesikring', name: 'Sygesikring', description: '', phase: 'operation', status: 'onTrack', milestones: [] });
  await repos.users.save(newProfile(anna.aadObjectId, { name: anna.name, municipalityCode: '173', followedSolutions: ['sygesikring'] }));
  await repos.users.save(newProfile(bo.aadObjectId, { name: bo.name, municipalityCode: '751', followedSolutions: ['sygesikring'] }));
  await repos.users.save(newProfile(cecilie.aadObjectId, { name: cecilie.name, municipalityCode: '101' }));
  const url = connector.serviceUrl;
  await install(repos, url, { team: '19:team-a@thread.tacv2' });
  await install(repos, url, { team: '19:team-b@thread.tacv2' });
  await install(repos, url, { groupChat: '19:gruppe@thread.v2' });
  for (const p of [anna, bo, cecilie]) await install(repos, url, { person: p });
});
afterAll(async () => {
  await running.close();
  await connector.close();
});

let taskId: string;

describe('publishing a KLIK task', () => {
  it('refuses a bad task with field-level Danish messages and creates nothing', async () => {
    const res = await api('POST', '/api/klik-tasks', { ...newTask, type: 'Valgfri', deadline: '2026-11-01' });
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toEqual(expect.arrayContaining([{ field: 'type', message: 'skal være Obligatorisk på kritisk vej, Obligatorisk eller Anbefalet' }]));
    expect((await api('GET', '/api/klik-tasks')).body.tasks).toHaveLength(0);
  });

  it('refuses a program leader (staff only)', async () => {
    const res = await api('POST', '/api/klik-tasks', newTask, { 'x-demo-municipality': '173' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('Kun KOMBIT-medarbejdere kan gøre dette.');
  });

  it('reaches every channel, group chat and follower exactly once, and nobody else', async () => {
    const res = await api('POST', '/api/klik-tasks', newTask);
    expect(res.status).toBe(201);
    taskId = res.body.task.id;
    expect(res.body.task.progress).toEqual({ done: 0, started: 0, notStarted: 98, total: 98 });
    await connector.waitFor(() => sends().length >= 5, 10_000);
    const report = await api('GET', `/api/notifications/${encodeURIComponent(taskNotificationId(taskId))}/report`);
    expect(report.body).toMatchObject({ total: 5, sent: 5, pending: 0, failed: 0 });
    const conversations = sends().map((c) => c.conversationId).sort();
    expect(conversations).toEqual(['19:gruppe@thread.v2', '19:team-a@thread.tacv2', '19:team-b@thread.tacv2', `a:1personal-${anna.aadObjectId}`, `a:1personal-${bo.aadObjectId}`].sort());
    const channelCard = (sends().find((c) => c.conversationId === '19:team-a@thread.tacv2')!.activity as any).attachments[0].content;
    expectValidTeamsCard(channelCard);
    const json = JSON.stringify(channelCard);
    expect(json).toContain('Ny KLIK-opgave · Sygesikring');
    expect(json).toContain('"Slutdato"'); // KLIK's word for the deadline
    expect(json).toContain('Obligatorisk');
    expect(json).toContain('18-12-2026 (om 25 dage)');
    expect(json).toContain('0 fuldført · 0 påbegyndt · 98 ikke påbegyndt');
    expect(json).toContain('Åbn i KLIK');
    const annaCard = JSON.stringify((sends().find((c) => c.conversationId === `a:1personal-${anna.aadObjectId}`)!.activity as any).attachments[0].content);
    expect(annaCard).toContain('Lyngby-Taarbæk: Ikke påbegyndt');
  });

  it('sends nothing twice when the same task is announced again', async () => {
    const before = sends().length;
    const { repos, delivery } = running.app;
    const task = (await repos.klikTasks.get(taskId))!.value;
    const result = await delivery.publish({ id: taskNotificationId(task.id), kind: 'klikTask', subjectId: task.id, audience: { kind: 'channels' } });
    expect(result.created).toBe(false);
    expect(sends().length).toBe(before);
  });
});

describe('a reminder from "Påmind mig"', () => {
  it('is headed as a reminder, not as a new task', async () => {
    const toBo = () => sends().filter((c) => c.conversationId === `a:1personal-${bo.aadObjectId}`);
    const before = toBo().length;
    // 30 days before 18-12-2026 has passed, so the reminder comes at once.
    const res = await post(running.baseUrl, cardAction(connector.serviceUrl, bo, 'klikTaskRemind', { taskId, days: 30 }));
    expect(JSON.stringify(res.body)).toContain('du får påmindelsen med det samme');
    await connector.waitFor(() => toBo().length > before, 10_000);
    const card = (toBo().at(-1)!.activity as any).attachments[0].content;
    expectValidTeamsCard(card);
    const json = JSON.stringify(card);
    expect(json).toContain('Påmindelse om KLIK-opgave · Sygesikring');
    expect(json).not.toContain('Ny KLIK-opgave');
    expect(json).toContain('Påmindelse: fristen er 18-12-2026 (om 25 dage).');
  });
});

describe('status from the card', () => {
  it('records "Vi er i gang" for the clicker\'s own municipality, answers with their view, and updates the posted cards', async () => {
    const res = await post(running.baseUrl, cardAction(connector.serviceUrl, anna, 'klikTaskStatus', { taskId, status: 'started' }, 'channel'));
    expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
    const view = JSON.stringify(res.body.value);
    expect(view).toContain('Tak! Lyngby-Taarbæk er meldt påbegyndt.');
    expect(view).toContain('Lyngby-Taarbæk: Påbegyndt – meldt af Anna Hansen');
    expect((await running.app.repos.klikTasks.status(taskId, '173'))?.value).toMatchObject({ status: 'started', updatedBy: 'Anna Hansen' });
    await connector.waitFor(() => connector.updates.filter((u) => u.conversationId === '19:team-a@thread.tacv2').length >= 1, 10_000);
    const updated = JSON.stringify(connector.getActivity('19:team-a@thread.tacv2', connector.updates.find((u) => u.conversationId === '19:team-a@thread.tacv2')!.activityId!));
    expect(updated).toContain('0 fuldført · 1 påbegyndt · 97 ikke påbegyndt');
  });

  it('keeps the clicker\'s confirmation through the shared update: the card names their status and refreshes into their own view', async () => {
    const shared = async () => {
      const update = [...connector.updates].reverse().find((u) => u.conversationId === '19:team-b@thread.tacv2');
      return update ? connector.getActivity('19:team-b@thread.tacv2', update.activityId!).attachments[0].content : undefined;
    };
    await expect.poll(async () => JSON.stringify(await shared()), { timeout: 10_000 }).toContain('Lyngby-Taarbæk: Påbegyndt – meldt af Anna Hansen 23-11-2026');
    const card = (await shared())!;
    expectValidTeamsCard(card);
    expect(card.refresh).toMatchObject({ action: { type: 'Action.Execute', verb: 'klikTaskView', data: { taskId } }, userIds: [anna.id] });
    const refresh = cardAction(connector.serviceUrl, anna, 'klikTaskView', { taskId }, 'channel');
    const res = await post(running.baseUrl, { ...refresh, value: { ...refresh.value, trigger: 'automatic' } });
    expectValidTeamsCard(res.body.value);
    expect(res.body.value.refresh).toBeUndefined();
    expect(JSON.stringify(res.body.value)).toContain('Lyngby-Taarbæk: Påbegyndt – meldt af Anna Hansen 23-11-2026');
  });

  it('refuses a forged action for another municipality and changes nothing', async () => {
    const res = await post(running.baseUrl, cardAction(connector.serviceUrl, anna, 'klikTaskStatus', { taskId, status: 'done', municipalityCode: '751' }, 'channel'));
    expect(res.body).toMatchObject({ type: 'application/vnd.microsoft.activity.message', value: 'Du kan kun melde status for din egen kommune. Intet er ændret.' });
    expect(await running.app.repos.klikTasks.status(taskId, '751')).toBeUndefined();
  });

  it('refuses a kommunekode that is not one of the 98, from a card or the API, even for staff, and counts nothing', async () => {
    const before = (await api('GET', `/api/klik-tasks/${taskId}`)).body.task.progress;
    const card = await post(running.baseUrl, cardAction(connector.serviceUrl, anna, 'klikTaskStatus', { taskId, status: 'done', municipalityCode: '999' }, 'channel'));
    expect(card.body.value).toBe('Kortet kunne ikke læses. Intet er ændret.');
    const staff = await api('PUT', `/api/klik-tasks/${taskId}/statuses/999`, { status: 'Fuldført' });
    expect(staff.status).toBe(400);
    expect(staff.body.error.issues).toEqual([{ field: '(hele værdien)', message: 'er ikke en kendt kommunekode' }]);
    expect(await running.app.repos.klikTasks.status(taskId, '999')).toBeUndefined();
    expect((await api('GET', `/api/klik-tasks/${taskId}`)).body.task.progress).toEqual(before);
  });

  it('refuses an action for a task that no longer exists', async () => {
    const res = await post(running.baseUrl, cardAction(connector.serviceUrl, anna, 'klikTaskStatus', { taskId: 'task-gone', status: 'done' }));
    expect(res.body.value).toBe('Opgaven findes ikke længere. Intet er ændret.');
  });

  it('refuses a foreign municipality over the API with 403', async () => {
    const res = await api('PUT', `/api/klik-tasks/${taskId}/statuses/751`, { status: 'Fuldført' }, { 'x-demo-municipality': '173' });
    expect(res.status).toBe(403);
    expect(await running.app.repos.klikTasks.status(taskId, '751')).toBeUndefined();
    const own = await api('PUT', `/api/klik-tasks/${taskId}/statuses/173`, { status: 'Fuldført' }, { 'x-demo-municipality': '173' });
    expect(own.status).toBe(200);
    expect(own.body.task.progress).toMatchObject({ done: 1, started: 0 });
    // The kommunekode as KLIK and Excel write it, with its leading zero, is the same municipality.
    const zero = await api('PUT', `/api/klik-tasks/${taskId}/statuses/0173`, { status: 'Påbegyndt' }, { 'x-demo-municipality': '173' });
    expect(zero.status).toBe(200);
    expect((await running.app.repos.klikTasks.status(taskId, '173'))?.value.status).toBe('started');
  });
});

describe('changing a task', () => {
  it('updates the cards and says "Ændret: ny frist ..." naming the task in each channel thread and in the followers’ 1:1 chats', async () => {
    const res = await api('PATCH', `/api/klik-tasks/${taskId}`, { deadline: '2027-01-15' });
    expect(res.status).toBe(200);
    const reply = await connector.waitFor((c) => c.operation === 'replyToActivity' && JSON.stringify(c.activity).includes('Ændret: ny frist 15-01-2027 (var 18-12-2026).'), 10_000);
    expect(reply.replyToId).toBeTruthy();
    await connector.waitFor(() => connector.sent.filter((c) => JSON.stringify(c.activity).includes('Ændret: ny frist')).length >= 5, 10_000);
    const notes = connector.sent.filter((c) => JSON.stringify(c.activity).includes('Ændret: ny frist'));
    const channels = ['19:gruppe@thread.v2', '19:team-a@thread.tacv2', '19:team-b@thread.tacv2'];
    const followers = [anna, bo].map((p) => `a:1personal-${p.aadObjectId}`).sort();
    expect(notes.filter((r) => r.operation === 'replyToActivity').map((r) => r.conversationId).sort()).toEqual(channels);
    // A 1:1 chat has no thread: the note comes as a message of its own to the followers (not to Cecilie, who follows nothing).
    expect(notes.filter((r) => r.operation === 'sendToConversation').map((r) => r.conversationId).sort()).toEqual(followers);
    for (const note of notes) expect((note.activity as { text?: string }).text).toBe('KLIK-opgave: Indmeld modtager/-e af GDPR-revisionserklæringer\n\nÆndret: ny frist 15-01-2027 (var 18-12-2026).');
  });

  it('refuses a change from a stale read (If-Match) with 412 and keeps the other change', async () => {
    const first = await fetch(`${running.baseUrl}/api/klik-tasks/${taskId}`);
    const etag = first.headers.get('etag')!;
    expect((await api('PATCH', `/api/klik-tasks/${taskId}`, { responsibleRole: 'systemansvarlig' }, { 'if-match': etag })).status).toBe(200);
    const stale = await api('PATCH', `/api/klik-tasks/${taskId}`, { responsibleRole: 'DPO' }, { 'if-match': etag });
    expect(stale.status).toBe(412);
    expect((await running.app.repos.klikTasks.get(taskId))?.value.responsibleRole).toBe('systemansvarlig');
  });
});

describe('targets that refuse', () => {
  it('marks a blocked 1:1 chat inactive on 403 and does not send to it again', async () => {
    connector.blockConversation(`a:1personal-${bo.aadObjectId}`, 'ConversationBlockedByUser');
    const created = await api('POST', '/api/klik-tasks', { ...newTask, title: 'Bestil OCES3-certifikat', type: 'Obligatorisk på kritisk vej' });
    const id = created.body.task.id;
    expect(await waitReportFor(id)).toMatchObject({ total: 5, sent: 4, failed: 1 });
    const installation = (await running.app.repos.installations.personalChatOf(bo.aadObjectId))!;
    expect(installation).toMatchObject({ active: false, inactiveReason: 'ConversationBlockedByUser' });
    const third = await api('POST', '/api/klik-tasks', { ...newTask, title: 'Indmeld IdP-metadata' });
    const thirdReport = await waitReportFor(third.body.task.id);
    expect(thirdReport).toMatchObject({ total: 4, sent: 4 });
  });
});

/** The delivery report once nothing is pending; waits on the connector's next call between reads. */
async function waitReportFor(id: string) {
  for (;;) {
    const r = (await api('GET', `/api/notifications/${encodeURIComponent(taskNotificationId(id))}/report`)).body;
    if (r.total > 0 && r.pending === 0) return r;
    const seen = connector.calls.length;
    await connector.waitFor(() => connector.calls.length > seen, 500).catch(() => undefined);
  }
}

describe('importing an overview sheet', () => {
  const header = 'Løsning;Titel;Type;Startdato;Frist;Rolle;KLIK-link';
  const good = 'sygesikring;Udpeg Sundhedsagentadministrator;Obligatorisk på kritisk vej;01-12-2026;29-01-2027;Sundhedsagentadministrator;https://klik.kombit.dk/opgaver/sundhedsagent';

  it('refuses a file with one bad row, names the row, column and reason, and changes nothing', async () => {
    const before = (await api('GET', '/api/klik-tasks')).body.tasks.length;
    const csv = [header, good, 'sygesikring;Test af NgDP;Valgfri;01-12-2026;29-01-2027;programleder;'].join('\r\n');
    const res = await fetch(`${running.baseUrl}/api/klik-tasks/import?filename=oversigt.csv`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.message).toBe('Filen er ikke importeret: ret rækkerne herunder, og prøv igen. Intet er ændret.');
    expect(body.error.rows).toEqual([{ row: 3, column: 'Type', message: expect.stringContaining('Obligatorisk på kritisk vej, Obligatorisk eller Anbefalet') }]);
    expect((await api('GET', '/api/klik-tasks')).body.tasks.length).toBe(before);
  });

  it('imports a good file uploaded from a form and sends the new task\'s card', async () => {
    const form = new FormData();
    form.append('file', new Blob([[header, good].join('\n')], { type: 'text/csv' }), 'oversigt.csv');
    const res = await fetch(`${running.baseUrl}/api/klik-tasks/import`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ created: 1, updated: 0, unchanged: 0, statuses: 0 });
    await connector.waitFor((c) => JSON.stringify(c.activity ?? {}).includes('Udpeg Sundhedsagentadministrator'), 10_000);
  });

  it('refuses an import from a program leader', async () => {
    const res = await fetch(`${running.baseUrl}/api/klik-tasks/import?filename=x.csv`, { method: 'POST', headers: { 'content-type': 'text/csv', 'x-demo-municipality': '173' }, body: [header, good].join('\n') });
    expect(res.status).toBe(403);
  });
});
