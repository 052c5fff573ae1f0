import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type RunningApp } from './support/app.ts';
import { startConnectorStandIn, type ConnectorStandIn } from './support/connectorStandIn.ts';
import { cardAction, channelMention, person, post } from './support/activities.ts';
import { install } from './support/installs.ts';
import { expectValidTeamsCard } from './support/cards.ts';
import { ManualClock } from '../bot/domain/time.ts';
import { newProfile } from '../bot/domain/user.ts';

// Monday 7 June 2021, 10:00 in Copenhagen: the kick-off of B2-B4 in the UDK Boligstøtte deck.
const clock = new ManualClock('2021-06-07T08:00:00Z');
let running: RunningApp;
let connector: ConnectorStandIn;
const anna = person(1, 'Anna Hansen'); // Lyngby-Taarbæk, bølge 2
const bo = person(2, 'Bo Jensen'); // Aarhus, bølge 2, asks to move to bølge 3
const cecilie = person(3, 'Cecilie Holm'); // København, bølge 3
const chatOf = (p: typeof anna) => `a:1personal-${p.aadObjectId}`;
const STAFF = {};
const LEADER = { 'x-demo-municipality': '751' };

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = STAFF) {
  const res = await fetch(`${running.baseUrl}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
}

async function settle(): Promise<void> {
  for (;;) {
    if ((await running.app.repos.notifications.unfinished()).length === 0) return;
    const seen = connector.calls.length;
    await connector.waitFor(() => connector.calls.length > seen, 100).catch(() => undefined);
  }
}

const sentTo = (conversationId: string) => connector.sent.filter((c) => c.conversationId === conversationId).map((c) => JSON.stringify(c.activity));
const task = { solutionId: 'udk', title: 'Tegn abonnement på UDKBO finanssortiment', type: 'criticalPath', startDate: '2021-09-01', deadline: '2021-09-08', responsibleRole: 'Klassifikations-/sortimentsadministrator' };
let taskId: string;

beforeAll(async () => {
  connector = await startConnectorStandIn({ rateLimits: false });
  running = await startTestApp({ clock, env: { DEV_USER_IS_STAFF: 'false', STAFF_USER_IDS: 'demo-kombit' } });
  const { repos } = running.app;
  await repos.solutions.upsert({ id: 'udk', name: 'UDK Boligstøtte – ØiR finans', description: '', phase: 'operation', status: 'onTrack', milestones: [] });
  const codes = { [anna.name]: '173', [bo.name]: '751', [cecilie.name]: '101' };
  for (const p of [anna, bo, cecilie]) {
    await repos.users.save(newProfile(p.aadObjectId, { name: p.name, municipalityCode: codes[p.name] }));
    await install(repos, connector.serviceUrl, { person: p });
  }
  await install(repos, connector.serviceUrl, { team: '19:team-a@thread.tacv2' });
  await running.app.startWorkers({ scheduler: false });
});
afterAll(async () => {
  await running.close();
  await connector.close();
});

describe('rollout waves', () => {
  it('refuses a wave naming an unknown municipality, in Danish, and stores nothing', async () => {
    const res = await api('POST', '/api/waves', { id: 'b2', name: 'Bølge 2', solutionId: 'udk', municipalities: ['Aarhus', 'Atlantis'], startDate: '2021-06-07', deadline: '2021-09-24' });
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toEqual([{ field: 'municipalities', message: '«Atlantis» er ikke en kendt kommune' }]);
    expect((await api('GET', '/api/waves')).body.waves).toEqual([]);
  });

  it('lets only staff define waves, and lists each with its municipalities by name', async () => {
    expect((await api('POST', '/api/waves', { name: 'Bølge 2', solutionId: 'udk', municipalities: ['Aarhus'], startDate: '2021-06-07', deadline: '2021-09-24' }, LEADER)).status).toBe(403);
    expect((await api('POST', '/api/waves', { id: 'b2', name: 'Bølge 2', solutionId: 'udk', municipalities: 'Aarhus; Lyngby-Taarbæk, 461', startDate: '2021-06-07', deadline: '2021-09-24' })).status).toBe(201);
    expect((await api('POST', '/api/waves', { id: 'b3', name: 'Bølge 3', solutionId: 'udk', municipalities: ['Københavns Kommune', 'Frederiksberg'], startDate: '2021-06-07', deadline: '2021-10-25' })).status).toBe(201);
    const waves = (await api('GET', '/api/waves')).body.waves;
    expect(waves.map((w: any) => [w.name, w.municipalities])).toEqual([
      // Danish order: Aa is Å, last.
      ['Bølge 2', ['Lyngby-Taarbæk', 'Odense', 'Aarhus']],
      ['Bølge 3', ['Frederiksberg', 'København']],
    ]);
  });

  it('refuses a task for an unknown wave or an unknown municipality, and creates nothing', async () => {
    const wave = await api('POST', '/api/klik-tasks', { ...task, concerns: { kind: 'waves', waveIds: ['b9'] } });
    expect(wave.status).toBe(400);
    expect(wave.body.error.issues).toEqual([{ field: 'concerns.waveIds.0', message: 'bølgen «b9» findes ikke' }]);
    const pilots = await api('POST', '/api/klik-tasks', { ...task, concerns: { kind: 'municipalities', label: 'Pilotkommuner', municipalities: ['Aarhus', 'Narnia'] } });
    expect(pilots.status).toBe(400);
    expect(JSON.stringify(pilots.body.error.issues)).toContain('«Narnia» er ikke en kendt kommune');
    expect((await api('GET', '/api/klik-tasks')).body.tasks).toEqual([]);
  });

  it('counts a task published to a wave over that wave: on the card, in the API and in the list of statuses', async () => {
    const res = await api('POST', '/api/klik-tasks', { ...task, concerns: { kind: 'waves', waveIds: ['b2'] } });
    expect(res.status).toBe(201);
    taskId = res.body.task.id;
    expect(res.body.task.progress).toEqual({ done: 0, started: 0, notStarted: 3, total: 3 });
    await settle();
    const channelCard = connector.sent.find((c) => c.conversationId === '19:team-a@thread.tacv2')!.activity.attachments[0].content;
    expectValidTeamsCard(channelCard);
    expect(JSON.stringify(channelCard)).toContain('0 fuldført · 0 påbegyndt · 3 ikke påbegyndt (af 3 kommuner: Bølge 2)');
    expect(JSON.stringify(channelCard)).toContain('Vi kan ikke rulle i denne bølge');

    const started = await post(running.baseUrl, cardAction(connector.serviceUrl, anna, 'klikTaskStatus', { taskId, status: 'started' }, 'channel'));
    expect(JSON.stringify(started.body.value)).toContain('1 påbegyndt · 2 ikke påbegyndt (af 3 kommuner: Bølge 2)');
    // Anna's own view offers the other waves of the solution to move to, with their dates.
    expectValidTeamsCard(started.body.value);
    const move = started.body.value.actions.find((x: any) => x.title === 'Vi kan ikke rulle i denne bølge');
    expect(move.card.body[1].choices).toEqual([{ title: 'Bølge 3 (kick-off 07-06-2021, idriftsættelse 25-10-2021)', value: 'b3' }]);
    expect(move.card.actions[0]).toMatchObject({ type: 'Action.Execute', verb: 'waveMoveRequest', data: { solutionId: 'udk', taskId } });
    const outside = await post(running.baseUrl, cardAction(connector.serviceUrl, cecilie, 'klikTaskStatus', { taskId, status: 'done' }, 'channel'));
    expect(JSON.stringify(outside.body)).toContain('Opgaven vedrører ikke København (kun Bølge 2). Intet er ændret.');
    expect(await running.app.repos.klikTasks.status(taskId, '101')).toBeUndefined();
    expect((await api('PUT', `/api/klik-tasks/${taskId}/statuses/101`, { status: 'done' })).body.error.issues).toEqual([{ field: 'municipalityCode', message: 'opgaven vedrører ikke København (kun Bølge 2)' }]);

    const list = (await api('GET', `/api/klik-tasks/${taskId}/statuses`)).body;
    expect(list.concerns).toBe('Bølge 2');
    expect(list.municipalities.map((m: any) => [m.name, m.status])).toEqual([['Lyngby-Taarbæk', 'started'], ['Odense', 'notStarted'], ['Aarhus', 'notStarted']]);
  });

  it('reminds only municipalities in the wave', async () => {
    // 3 days before Wednesday 08-09-2021 is a Sunday: both are due Friday 03-09-2021 at 9.
    for (const p of [bo, cecilie]) await post(running.baseUrl, cardAction(connector.serviceUrl, p, 'klikTaskRemind', { taskId, days: 3 }));
    clock.set('2021-09-03T07:00:05Z');
    await running.app.scheduler.tick();
    await settle();
    expect(sentTo(chatOf(bo)).filter((a) => a.includes('Påmindelse om KLIK-opgave'))).toHaveLength(1);
    expect(sentTo(chatOf(cecilie)).filter((a) => a.includes('Påmindelse om KLIK-opgave'))).toHaveLength(0);
    const jobs = await running.app.repos.jobs.list();
    expect(jobs.find((j) => j.id === `klikReminder:${taskId}:${cecilie.aadObjectId}`)?.state).toBe('done');
  });
});

describe('asking to move to another wave', () => {
  it('refuses a request without a reason or for the wave the municipality is in, and stores nothing', async () => {
    const noReason = await post(running.baseUrl, cardAction(connector.serviceUrl, bo, 'waveMoveRequest', { solutionId: 'udk', taskId, toWaveId: 'b3', reason: '' }));
    expect(JSON.stringify(noReason.body)).toContain('Vælg den bølge, I kan rulle i, og skriv kort hvorfor. Intet er sendt.');
    const same = await post(running.baseUrl, cardAction(connector.serviceUrl, bo, 'waveMoveRequest', { solutionId: 'udk', taskId, toWaveId: 'b2', reason: 'Vi kan ikke' }));
    expect(JSON.stringify(same.body)).toContain('Aarhus er allerede i Bølge 2. Vælg en anden bølge. Intet er sendt.');
    expect((await api('GET', '/api/wave-requests')).body.requests).toEqual([]);
  });

  it('reaches staff, and accepting moves the municipality, recounts the task and tells the asker', async () => {
    // Aarhus reports the task done in Teams while KLIK's export says it has not started: a difference to chase, until Aarhus leaves the wave.
    expect((await post(running.baseUrl, cardAction(connector.serviceUrl, bo, 'klikTaskStatus', { taskId, status: 'done' }))).status).toBe(200);
    const exported = await fetch(`${running.baseUrl}/api/klik-tasks/status/import?filename=klik.csv`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: ['Opgave;Kommune;Status;Eksportdato', `${taskId};751;Ikke påbegyndt;07-06-2021`].join('\r\n') });
    expect(exported.status).toBe(200);
    expect((await api('GET', '/api/klik-tasks/status/differences')).body.differences.map((d: any) => d.municipalityName)).toEqual(['Aarhus']);
    const asked = await post(running.baseUrl, cardAction(connector.serviceUrl, bo, 'waveMoveRequest', { solutionId: 'udk', taskId, toWaveId: 'b3', reason: 'Vi skifter ERP-leverandør i september' }));
    expect(JSON.stringify(asked.body)).toContain('Tak. KOMBIT har fået jeres anmodning om at flytte Aarhus fra Bølge 2 til Bølge 3 (idriftsættelse 25-10-2021). Du får svar her i chatten.');
    expect((await api('GET', '/api/wave-requests', undefined, LEADER)).status).toBe(403);
    const [request] = (await api('GET', '/api/wave-requests')).body.requests;
    expect(request).toMatchObject({ state: 'pending', municipalityName: 'Aarhus', fromWaveName: 'Bølge 2', toWaveName: 'Bølge 3', reason: 'Vi skifter ERP-leverandør i september', requestedBy: { name: 'Bo Jensen' } });

    expect((await api('POST', `/api/wave-requests/${request.id}/answer`, { decision: 'accept' }, LEADER)).status).toBe(403);
    const answered = await api('POST', `/api/wave-requests/${request.id}/answer`, { decision: 'accept', note: 'I er velkomne i bølge 3.' });
    expect(answered.status).toBe(200);
    await settle();
    expect(sentTo(chatOf(bo)).some((a) => a.includes('KOMBIT har flyttet Aarhus fra Bølge 2 til Bølge 3 (kick-off 07-06-2021, idriftsættelse 25-10-2021).') && a.includes('I er velkomne i bølge 3.'))).toBe(true);
    expect((await api('GET', `/api/klik-tasks/${taskId}`)).body.task.progress).toEqual({ done: 0, started: 1, notStarted: 1, total: 2 });
    expect((await api('GET', '/api/klik-tasks/status/differences')).body.differences).toEqual([]);
    expect((await api('GET', '/api/waves')).body.waves.map((w: any) => w.municipalities)).toEqual([['Lyngby-Taarbæk', 'Odense'], ['Frederiksberg', 'København', 'Aarhus']]);
    const again = await api('POST', `/api/wave-requests/${request.id}/answer`, { decision: 'reject' });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe('Anmodningen er allerede besvaret. Intet er ændret.');
  });

  it('rejecting keeps the municipality where it is and tells the asker why', async () => {
    await post(running.baseUrl, cardAction(connector.serviceUrl, anna, 'waveMoveRequest', { solutionId: 'udk', taskId, toWaveId: 'b3', reason: 'Ferie i september' }));
    const request = (await api('GET', '/api/wave-requests')).body.requests.find((r: any) => r.state === 'pending');
    expect(request.municipalityName).toBe('Lyngby-Taarbæk');
    const bad = await api('POST', `/api/wave-requests/${request.id}/answer`, { decision: 'måske' });
    expect(bad.body.error.issues).toEqual([{ field: 'decision', message: 'skal være et svar: imødekom eller afvis' }]);
    expect((await api('POST', `/api/wave-requests/${request.id}/answer`, { decision: 'reject', note: 'Bølge 3 er fuld.' })).status).toBe(200);
    await settle();
    expect(sentTo(chatOf(anna)).some((a) => a.includes('KOMBIT kan ikke flytte Lyngby-Taarbæk til Bølge 3; kommunen bliver i Bølge 2.') && a.includes('Bølge 3 er fuld.'))).toBe(true);
    expect((await api('GET', `/api/klik-tasks/${taskId}`)).body.task.progress.total).toBe(2);
  });
});

describe('an agreement for a named set of municipalities', () => {
  it('counts, lists and reminds the set only', async () => {
    const refused = await api('POST', '/api/agreements', { solutionId: 'udk', kind: 'connection', title: 'Pilotaftale', sentDate: '2021-09-03', deadline: '2021-09-20', concerns: { kind: 'municipalities', label: 'Pilotkommuner', municipalities: ['Aarhus', 'Gotham'] } });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body.error.issues)).toContain('«Gotham» er ikke en kendt kommune');
    const created = await api('POST', '/api/agreements', { solutionId: 'udk', kind: 'connection', title: 'Pilotaftale om ØiR finans', sentDate: '2021-09-03', deadline: '2021-09-20', showMissingList: true, concerns: { kind: 'municipalities', label: 'Pilotkommuner', municipalities: ['Aarhus', 'Odense'] } });
    expect(created.status).toBe(201);
    const id = created.body.agreement.id;
    expect(created.body.agreement.progress).toEqual({ signed: 0, declined: 0, missing: 2, total: 2 });
    expect((await api('PUT', `/api/agreements/${id}/signatures/461`, { state: 'signed', signedDate: '2021-09-03' })).status).toBe(200);
    const list = (await api('GET', `/api/agreements/${id}/signatures`, undefined, LEADER)).body;
    expect(list.progress).toEqual({ signed: 1, declined: 0, missing: 1, total: 2 });
    expect(list.missing.map((m: any) => m.name)).toEqual(['Aarhus']);

    // D-14 before Monday 20-09-2021 is Monday 06-09 at 9: Aarhus is reminded, Lyngby-Taarbæk (outside the set) is not.
    clock.set('2021-09-06T07:00:05Z');
    await running.app.scheduler.tick();
    await settle();
    const about = (p: typeof anna) => sentTo(chatOf(p)).filter((a) => a.includes('Pilotaftale om ØiR finans'));
    expect(about(bo).length).toBeGreaterThan(0);
    expect(about(anna)).toHaveLength(0);
    // The reminder, not the agreement card's own refresh after Odense signed (they may come in either order).
    const reminder = about(bo).filter((a) => a.includes('Påmindelse'));
    expect(reminder).toHaveLength(1);
    expect(reminder[0]).toContain('1 mangler (af 2 kommuner: Pilotkommuner)');
  });
});

describe('the KLIK task overview sheet with a Kommuner column', () => {
  const upload = async (csv: string) => {
    const res = await fetch(`${running.baseUrl}/api/klik-tasks/import?filename=oversigt.csv`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
    return { status: res.status, body: (await res.json()) as any };
  };
  const header = 'Løsning;Titel;Type;Startdato;Frist;Rolle;Kommuner';

  it('refuses an unknown municipality or wave by row and column, in Danish, and imports nothing', async () => {
    const before = (await api('GET', '/api/klik-tasks')).body.tasks.length;
    const res = await upload(`${header}\nudk;Test af filudveksling;Obligatorisk;01-10-2021;15-10-2021;ØiR-koordinator;Pilotkommuner: Aarhus, Narnia\nudk;Oprydning;Obligatorisk;01-10-2021;15-10-2021;ØiR-koordinator;Bølge 9\n`);
    expect(res.status).toBe(400);
    expect(res.body.error.rows).toEqual([
      { row: 2, column: 'Kommuner', message: '«Narnia» er ikke en kendt kommune (der står "Pilotkommuner: Aarhus, Narnia")' },
      { row: 3, column: 'Kommuner', message: 'kender ikke denne bølge for opgavens løsning (der står "Bølge 9")' },
    ]);
    expect((await api('GET', '/api/klik-tasks')).body.tasks).toHaveLength(before);
  });

  it('publishes a row to a wave or a named set of municipalities, and counts it over them', async () => {
    const res = await upload(`${header}\nudk;Map værdier i omsætningstabellen;Obligatorisk på kritisk vej;01-10-2021;15-10-2021;ØiR finans-administrator;B3\nudk;Test af filudveksling;Obligatorisk;01-10-2021;15-10-2021;ØiR-koordinator;Pilotkommuner: Aarhus, Odense\n`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 2 });
    const tasks = (await api('GET', '/api/klik-tasks')).body.tasks;
    const byTitle = (title: string) => tasks.find((x: any) => x.title === title);
    expect(byTitle('Map værdier i omsætningstabellen')).toMatchObject({ concerns: { kind: 'waves', waveIds: ['b3'] }, concernsLabel: 'Bølge 3', progress: { total: 3 } });
    expect(byTitle('Test af filudveksling')).toMatchObject({ concernsLabel: 'Pilotkommuner', progress: { total: 2 } });
  });
});

describe('a signature for a municipality outside the set an agreement concerns', () => {
  it('is refused in Danish, from the card and over the API, and nothing is stored', async () => {
    const id = (await api('GET', '/api/agreements')).body.agreements.find((a: any) => a.title === 'Pilotaftale om ØiR finans').id;
    const card = await post(running.baseUrl, cardAction(connector.serviceUrl, anna, 'agreementSigned', { agreementId: id }));
    expect(JSON.stringify(card.body)).toContain('Aftalen vedrører ikke Lyngby-Taarbæk (kun Pilotkommuner). Intet er ændret.');
    const res = await api('PUT', `/api/agreements/${id}/signatures/173`, { state: 'signed', signedDate: '2021-09-03' });
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toEqual([{ field: 'municipalityCode', message: 'aftalen vedrører ikke Lyngby-Taarbæk (kun Pilotkommuner)' }]);
    expect(await running.app.repos.agreements.signature(id, '173')).toBeUndefined();
  });
});

describe('one municipality\'s status in a channel', () => {
  it('lists only the tasks and agreements that concern it', async () => {
    const activity = channelMention(connector.serviceUrl, anna, '<at>KOMBIT Programledere</at> kommune Lyngby-Taarbæk');
    await post(running.baseUrl, activity);
    const reply = connector.sent.find((c) => c.operation === 'replyToActivity' && c.replyToId === activity.id)!;
    const card = JSON.stringify(reply.activity);
    expect(card).toContain('Tegn abonnement på UDKBO finanssortiment'); // Bølge 2, Lyngby-Taarbæk's wave
    expect(card).not.toContain('Map værdier i omsætningstabellen'); // Bølge 3
    expect(card).not.toContain('Test af filudveksling'); // Pilotkommuner
    expect(card).not.toContain('Pilotaftale om ØiR finans');
  });
});
