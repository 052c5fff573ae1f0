import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type RunningApp } from './support/app.ts';
import { startConnectorStandIn, type ConnectorStandIn } from './support/connectorStandIn.ts';
import { cardAction, person, post } from './support/activities.ts';
import { install } from './support/installs.ts';
import { expectValidTeamsCard } from './support/cards.ts';
import { ManualClock } from '../bot/domain/time.ts';
import { newProfile } from '../bot/domain/user.ts';
import { taskNotificationId } from '../bot/klikTasks/klikTaskService.ts';
import { refreshJobId } from '../bot/notifications/delivery.ts';

/**
 * KLIK is the system of record (issue 19, item 4): "Vi er i gang" / "Fuldført" in Teams records
 * what the municipality reports; a KLIK status import brings KLIK's own status, which then counts,
 * and the card, the tab's API and a staff list show where the two differ.
 */
let running: RunningApp;
let connector: ConnectorStandIn;
const clock = new ManualClock('2026-11-23T09:00:00Z');
const anna = person(1, 'Anna Hansen'); // Lyngby-Taarbæk (173)
const bo = person(2, 'Bo Jensen'); // Aarhus (751)
const CHANNEL = '19:team-a@thread.tacv2';

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
let taskId: string;

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${running.baseUrl}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
}

/** A raw CSV upload as KLIK's export arrives from Excel: Windows-1252, semicolons. */
async function uploadRaw(path: string, lines: string[], headers: Record<string, string> = {}) {
  const res = await fetch(`${running.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'text/csv', ...headers }, body: Buffer.from(lines.join('\r\n'), 'latin1') });
  return { status: res.status, body: (await res.json()) as any };
}

/** The same, from the Administration view's form: field "file", UTF-8, commas. */
async function uploadForm(path: string, lines: string[]) {
  const form = new FormData();
  form.append('file', new Blob([lines.join('\n')], { type: 'text/csv' }), 'klik-status.csv');
  const res = await fetch(`${running.baseUrl}${path}`, { method: 'POST', body: form });
  return { status: res.status, body: (await res.json()) as any };
}

const refreshJob = () => running.app.repos.jobs.get(refreshJobId(taskNotificationId(taskId)));
const channelCard = () => {
  const sent = connector.sent.find((c) => c.conversationId === CHANNEL && c.operation === 'sendToConversation')!;
  return JSON.stringify(connector.getActivity(CHANNEL, sent.activityId!));
};
const EXPORT = [
  'Opgave,Kommune,Status,Eksportdato',
  `${newTask.title},Lyngby-Taarbæk,Påbegyndt,24-11-2026`,
  `${newTask.title},Aarhus,Fuldført,24-11-2026`,
  `${newTask.title},101,Fuldfort,24-11-2026`,
];

beforeAll(async () => {
  connector = await startConnectorStandIn({ rateLimits: false });
  running = await startTestApp({ clock, workers: true, delivery: { refreshIntervalMs: 1000 }, env: { DEV_USER_IS_STAFF: 'false', STAFF_USER_IDS: 'demo-kombit' } });
  const { repos } = running.app;
  await repos.solutions.upsert({ id: 'sygesikring', name: 'Sygesikring', description: '', phase: 'operation', status: 'onTrack', milestones: [] });
  await repos.users.save(newProfile(anna.aadObjectId, { name: anna.name, municipalityCode: '173', followedSolutions: ['sygesikring'] }));
  await repos.users.save(newProfile(bo.aadObjectId, { name: bo.name, municipalityCode: '751', followedSolutions: ['sygesikring'] }));
  await install(repos, connector.serviceUrl, { team: CHANNEL });
  for (const p of [anna, bo]) await install(repos, connector.serviceUrl, { person: p });
  const created = await api('POST', '/api/klik-tasks', newTask);
  expect(created.status).toBe(201);
  taskId = created.body.task.id;
  await connector.waitFor((c) => c.conversationId === CHANNEL && c.operation === 'sendToConversation', 10_000);
});
afterAll(async () => {
  await running?.close();
  await connector?.close();
});

describe('reporting in Teams', () => {
  it('"Fuldført" records the report and reminds the clicker to complete the task in KLIK, with its link', async () => {
    const res = await post(running.baseUrl, cardAction(connector.serviceUrl, anna, 'klikTaskStatus', { taskId, status: 'done' }, 'channel'));
    expectValidTeamsCard(res.body.value);
    const body = res.body.value.body as any[];
    expect(body).toContainEqual(expect.objectContaining({ type: 'TextBlock', text: 'Tak! Lyngby-Taarbæk er meldt fuldført.' }));
    expect(body).toContainEqual(expect.objectContaining({ type: 'TextBlock', text: 'Det er meldt i Teams, ikke i KLIK: husk også at sætte opgaven til Fuldført i KLIK, for det er status i KLIK, der tæller.' }));
    // The task's link in KLIK right under the reminder.
    expect(body).toContainEqual({ type: 'ActionSet', actions: [{ type: 'Action.OpenUrl', title: 'Åbn opgaven i KLIK', url: newTask.klikUrl }] });
    expect((await running.app.repos.klikTasks.status(taskId, '173'))?.value).toMatchObject({ status: 'done', reportedStatus: 'done', updatedBy: 'Anna Hansen' });
  });

  it('"Vi er i gang" reminds to set Påbegyndt in KLIK', async () => {
    const res = await post(running.baseUrl, cardAction(connector.serviceUrl, bo, 'klikTaskStatus', { taskId, status: 'started' }));
    expect(JSON.stringify(res.body.value)).toContain('husk også at sætte opgaven til Påbegyndt i KLIK');
    expect((await api('GET', `/api/klik-tasks/${taskId}`)).body.task.progress).toEqual({ done: 1, started: 1, notStarted: 96, total: 98 });
  });
});

describe('the KLIK status import', () => {
  it('refuses a program leader', async () => {
    const res = await uploadRaw('/api/klik-tasks/status/import?filename=klik.csv', ['Opgave;Kommune;Status;Eksportdato', `${taskId};173;Fuldført;24-11-2026`], { 'x-demo-municipality': '173' });
    expect(res.status).toBe(403);
  });

  it('refuses a file with bad rows, naming each Excel row and column with a Danish reason, and changes nothing', async () => {
    clock.set('2026-11-25T08:00:00Z');
    const res = await uploadRaw('/api/klik-tasks/status/import?filename=klik.csv', [
      'Opgave;Kommune;Status;Eksportdato',
      `${newTask.title};Lyngby-Taarbæk;Påbegyndt;24-11-2026`,
      `${newTask.title};Aarhus;Færdig;24-11-2026`,
      `${newTask.title};København;Fuldført;01-12-2026`,
      `ukendt opgave;Hedensted;Fuldført;24-11-2026`,
    ]);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('Filen er ikke importeret: ret rækkerne herunder, og prøv igen. Intet er ændret.');
    expect(res.body.error.rows).toEqual([
      { row: 3, column: 'Status', message: 'skal være Fuldført, Påbegyndt eller Ikke påbegyndt (der står "Færdig")' },
      { row: 4, column: 'Eksportdato', message: 'ligger efter i dag (01-12-2026); brug datoen for udtrækket fra KLIK' },
      { row: 5, column: 'Opgave', message: expect.stringContaining('der findes ingen opgave med dette id eller denne titel') },
    ]);
    expect((await running.app.repos.klikTasks.status(taskId, '173'))?.value).not.toHaveProperty('klikStatus');
  });

  it('refuses a file without the export\'s date, and takes one given with ?eksportdato=', async () => {
    const undated = await uploadRaw('/api/klik-tasks/status/import?filename=klik.csv', ['Opgave;Kommune;Status', `${taskId};147;Påbegyndt`]);
    expect(undated.status).toBe(400);
    expect(undated.body.error.rows).toEqual([{ row: 1, column: 'Eksportdato', message: expect.stringContaining('skriv datoen for udtrækket fra KLIK') }]);
    const badDate = await uploadRaw('/api/klik-tasks/status/import?filename=klik.csv&eksportdato=2026-13-01', ['Opgave;Kommune;Status', `${taskId};147;Påbegyndt`]);
    expect(badDate.status).toBe(400);
    expect(JSON.stringify(badDate.body)).toContain('eksportdato');
    expect((await running.app.repos.klikTasks.status(taskId, '147'))).toBeUndefined();
  });

  it('makes KLIK\'s status count, marks a report KLIK confirms, flags one it contradicts, and the cards show both', async () => {
    const res = await uploadForm('/api/klik-tasks/status/import', EXPORT);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ statuses: 3, changed: 3, unchanged: 0, confirmed: 1, contradicted: 1, awaitingKlik: 0 });
    // KLIK: Lyngby-Taarbæk Påbegyndt, Aarhus and København Fuldført (Teams said Lyngby-Taarbæk Fuldført, Aarhus Påbegyndt).
    expect((await api('GET', `/api/klik-tasks/${taskId}`)).body.task.progress).toEqual({ done: 2, started: 1, notStarted: 95, total: 98 });
    expect((await running.app.repos.klikTasks.status(taskId, '173'))?.value).toMatchObject({ status: 'started', klikStatus: 'started', reportedStatus: 'done', reportCheck: 'contradicted', klikExportDate: '2026-11-24' });
    expect((await running.app.repos.klikTasks.status(taskId, '751'))?.value).toMatchObject({ status: 'done', reportedStatus: 'started', reportCheck: 'confirmed' });

    // The refresh is coalesced to once a second of the app's clock.
    clock.advance(2000);
    await connector.waitFor(() => channelCard().includes('2 fuldført · 1 påbegyndt · 95 ikke påbegyndt'), 10_000);
    expect(channelCard()).toContain('Lyngby-Taarbæk – meldt i Teams: Fuldført (Anna Hansen 23-11-2026) · status i KLIK: Påbegyndt (pr. 24-11-2026) – KLIK viser ikke det, der er meldt i Teams');

    const annaView = await post(running.baseUrl, cardAction(connector.serviceUrl, anna, 'klikTaskView', { taskId }));
    expectValidTeamsCard(annaView.body.value);
    expect(JSON.stringify(annaView.body.value)).toContain('meldt i Teams: Fuldført (Anna Hansen 23-11-2026) · status i KLIK: Påbegyndt (pr. 24-11-2026)');
    const boView = JSON.stringify((await post(running.baseUrl, cardAction(connector.serviceUrl, bo, 'klikTaskView', { taskId }))).body.value);
    // KLIK is further than the report: both shown, nothing flagged.
    expect(boView).toContain('Aarhus – meldt i Teams: Påbegyndt (Bo Jensen 23-11-2026) · status i KLIK: Fuldført (pr. 24-11-2026)"');
  });

  it('lists the differences for staff, and for a program leader only their own municipality', async () => {
    const staff = await api('GET', '/api/klik-tasks/status/differences');
    expect(staff.status).toBe(200);
    expect(staff.body.differences).toEqual([
      expect.objectContaining({ taskId, title: newTask.title, klikUrl: newTask.klikUrl, municipalityCode: '173', municipalityName: 'Lyngby-Taarbæk', reported: 'done', reportedBy: 'Anna Hansen', klik: 'started', exportDate: '2026-11-24', check: 'contradicted' }),
      expect.objectContaining({ municipalityName: 'Aarhus', reported: 'started', klik: 'done', check: 'confirmed' }),
    ]);
    expect((await api('GET', '/api/klik-tasks/status/differences', undefined, { 'x-demo-municipality': '173' })).body.differences.map((d: any) => d.municipalityCode)).toEqual(['173']);
    // Asking for another municipality gives a program leader their own, never someone else's.
    expect((await api('GET', '/api/klik-tasks/status/differences?kommune=173', undefined, { 'x-demo-municipality': '147' })).body.differences).toEqual([]);
  });

  it('re-importing the unchanged export changes nothing and schedules no card refresh', async () => {
    await expect.poll(async () => (await refreshJob())?.value.state, { timeout: 10_000 }).toBe('done');
    const before = await refreshJob();
    const updates = connector.updates.length;
    const again = await uploadForm('/api/klik-tasks/status/import', EXPORT);
    expect(again.body).toEqual({ statuses: 3, changed: 0, unchanged: 3, confirmed: 1, contradicted: 1, awaitingKlik: 0 });
    expect((await refreshJob())?.etag).toBe(before!.etag);
    expect(connector.updates.length).toBe(updates);
  });

  it('refuses an older export over a newer one, and changes nothing', async () => {
    const res = await uploadRaw('/api/klik-tasks/status/import?filename=klik.csv&eksportdato=20-11-2026', ['Opgave;Kommune;Status', `${taskId};173;Fuldført`]);
    expect(res.status).toBe(400);
    expect(res.body.error.rows).toEqual([{ row: 2, column: 'Eksportdato', message: 'status i KLIK pr. 24-11-2026 er allerede importeret for opgaven og kommunen; en ældre eksport overskriver den ikke' }]);
    expect((await running.app.repos.klikTasks.status(taskId, '173'))?.value.status).toBe('started');
  });

  it('a report in Teams after the export is kept beside KLIK\'s status and awaits the next import', async () => {
    const res = await post(running.baseUrl, cardAction(connector.serviceUrl, anna, 'klikTaskStatus', { taskId, status: 'done' }));
    const view = JSON.stringify(res.body.value);
    expect(view).toContain('husk også at sætte opgaven til Fuldført i KLIK');
    expect(view).toContain('meldt i Teams: Fuldført (Anna Hansen 25-11-2026) · status i KLIK: Påbegyndt (pr. 24-11-2026) – meldt efter udtrækket fra KLIK');
    // KLIK still counts: Lyngby-Taarbæk stays Påbegyndt until KLIK says otherwise.
    expect((await api('GET', `/api/klik-tasks/${taskId}`)).body.task.progress).toEqual({ done: 2, started: 1, notStarted: 95, total: 98 });
    expect((await api('GET', '/api/klik-tasks/status/differences')).body.differences[0]).toMatchObject({ municipalityCode: '173', check: 'awaitingKlik' });

    // The next export shows it done: KLIK now confirms the report, and the difference is gone.
    clock.set('2026-11-26T08:00:00Z');
    const next = await uploadRaw('/api/klik-tasks/status/import?filename=klik.csv&eksportdato=26-11-2026', ['Opgave;Kommune;Status', `${taskId};173;Fuldført`]);
    expect(next.body).toEqual({ statuses: 1, changed: 1, unchanged: 0, confirmed: 1, contradicted: 0, awaitingKlik: 0 });
    expect((await api('GET', '/api/klik-tasks/status/differences')).body.differences.map((d: any) => d.municipalityCode)).toEqual(['751']);

    // Aarhus reports what KLIK shows: confirmed at once, and no difference is left.
    const confirmed = await post(running.baseUrl, cardAction(connector.serviceUrl, bo, 'klikTaskStatus', { taskId, status: 'done' }));
    expect(JSON.stringify(confirmed.body.value)).toContain('Aarhus: Fuldført – meldt i Teams af Bo Jensen 26-11-2026 og bekræftet i KLIK pr. 24-11-2026');
    expect((await running.app.repos.klikTasks.status(taskId, '751'))?.value).toMatchObject({ status: 'done', reportedStatus: 'done', reportCheck: 'confirmed' });
    expect((await api('GET', '/api/klik-tasks/status/differences')).body.differences).toEqual([]);
  });
});

describe('re-importing an unchanged KLIK task sheet', () => {
  const header = 'Løsning;Titel;Beskrivelse;Type;Startdato;Frist;Rolle;KLIK-link';
  const row = (deadline: string) => `sygesikring;${newTask.title};${newTask.description};Obligatorisk;23-11-2026;${deadline};programleder;${newTask.klikUrl}`;

  it('counts the row as unchanged, writes nothing and schedules no card refresh', async () => {
    // The last status import's refresh is due a second later on the app's clock; let it run first.
    clock.advance(2000);
    await expect.poll(async () => (await refreshJob())?.value.state, { timeout: 10_000 }).toBe('done');
    const job = await refreshJob();
    const task = await running.app.repos.klikTasks.get(taskId);
    const res = await uploadRaw('/api/klik-tasks/import?filename=oversigt.csv', [header, row('18-12-2026')]);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ created: 0, updated: 0, unchanged: 1, statuses: 0 });
    expect((await running.app.repos.klikTasks.get(taskId))?.etag).toBe(task!.etag);
    expect((await refreshJob())?.etag).toBe(job!.etag);
  });

  it('still updates a row that changed, and refreshes its cards', async () => {
    const job = await refreshJob();
    const res = await uploadRaw('/api/klik-tasks/import?filename=oversigt.csv', [header, row('19-12-2026')]);
    expect(res.body).toEqual({ created: 0, updated: 1, unchanged: 0, statuses: 0 });
    expect((await running.app.repos.klikTasks.get(taskId))?.value.deadline).toBe('2026-12-19');
    expect((await refreshJob())?.value.state).toBe('scheduled');
    expect((await refreshJob())?.etag).not.toBe(job!.etag);
  });
});
