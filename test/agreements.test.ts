import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type RunningApp } from './support/app.ts';
import { startConnectorStandIn, type ConnectorStandIn } from './support/connectorStandIn.ts';
import { cardAction, person, personalMessage, post } from './support/activities.ts';
import { install } from './support/installs.ts';
import { expectValidTeamsCard } from './support/cards.ts';
import { ManualClock } from '../bot/domain/time.ts';
import { newProfile } from '../bot/domain/user.ts';
import { agreementNotificationId } from '../bot/agreements/agreementService.ts';

let running: RunningApp;
let connector: ConnectorStandIn;
// Monday 23 November 2026, 10:30 in Copenhagen.
const clock = new ManualClock('2026-11-23T09:30:00Z');
const anna = person(1, 'Anna Hansen'); // Lyngby-Taarbæk (173)
const bo = person(2, 'Bo Jensen'); // Aarhus (751)
const cecilie = person(3, 'Cecilie Holm'); // København (101), follows Gateway
const dennis = person(4, 'Dennis Nielsen'); // has not chosen a municipality

const gateway = {
  solutionId: 'gateway',
  kind: 'connection',
  title: 'Tilslutningsaftale til Fælleskommunal Gateway',
  sentDate: '2026-11-23',
  recipients: ['KOMBIT-programledere', 'Funktionspostkasser'],
  signingChannel: 'addo',
  deadline: '2026-12-28',
  showMissingList: true,
};

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${running.baseUrl}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, headers: res.headers, body: (await res.json().catch(() => undefined)) as any };
}

const sends = () => connector.sent.filter((c) => c.operation === 'sendToConversation' || c.operation === 'replyToActivity');
const cardIn = (call: { activity?: any }) => call.activity.attachments[0].content;

/** Runs the scheduler (card refreshes) with the clock moved past the coalescing interval. */
async function tick() {
  clock.advance(2_000);
  await running.app.scheduler.tick();
}

beforeAll(async () => {
  connector = await startConnectorStandIn({ rateLimits: false });
  running = await startTestApp({ clock, delivery: { refreshIntervalMs: 1000 }, env: { DEV_USER_IS_STAFF: 'false', STAFF_USER_IDS: 'demo-kombit' } });
  await running.app.startWorkers({ scheduler: false });
  const { repos } = running.app;
  await repos.solutions.upsert({ id: 'gateway', name: 'Fælleskommunal Gateway', description: '', phase: 'operation', status: 'onTrack', milestones: [] });
  await repos.solutions.upsert({ id: 'fbi', name: 'FBI', description: '', phase: 'operation', status: 'onTrack', milestones: [] });
  await repos.users.save(newProfile(anna.aadObjectId, { name: anna.name, municipalityCode: '173' }));
  await repos.users.save(newProfile(bo.aadObjectId, { name: bo.name, municipalityCode: '751' }));
  await repos.users.save(newProfile(cecilie.aadObjectId, { name: cecilie.name, municipalityCode: '101', followedSolutions: ['gateway'] }));
  await repos.users.save(newProfile(dennis.aadObjectId, { name: dennis.name }));
  const url = connector.serviceUrl;
  await install(repos, url, { team: '19:team-a@thread.tacv2' });
  await install(repos, url, { team: '19:team-b@thread.tacv2' });
  for (const p of [anna, bo, cecilie, dennis]) await install(repos, url, { person: p });
});
afterAll(async () => {
  await running.close();
  await connector.close();
});

let agreementId: string;

describe('creating and sending an agreement', () => {
  it('refuses bad input with Danish field messages and creates nothing', async () => {
    const res = await api('POST', '/api/agreements', { ...gateway, kind: 'kontrakt', deadline: '2026-11-01', solutionId: 'gateway' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('Nogle felter er ikke udfyldt rigtigt.');
    expect(res.body.error.issues).toEqual(expect.arrayContaining([{ field: 'kind', message: 'skal være Tilslutningsaftale, Databehandleraftale, Bilag eller Allonge' }]));
    const unknownSolution = await api('POST', '/api/agreements', { ...gateway, solutionId: 'findes-ikke' });
    expect(unknownSolution.status).toBe(400);
    expect(unknownSolution.body.error.issues).toEqual([{ field: 'solutionId', message: 'er ikke en kendt løsning' }]);
    expect((await api('GET', '/api/agreements')).body.agreements).toHaveLength(0);
  });

  it('refuses a program leader (staff only)', async () => {
    const res = await api('POST', '/api/agreements', gateway, { 'x-demo-municipality': '173' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('Kun KOMBIT-medarbejdere kan gøre dette.');
  });

  it('posts the card to every channel and the solution\'s followers when the sent date is today', async () => {
    const res = await api('POST', '/api/agreements', gateway);
    expect(res.status).toBe(201);
    agreementId = res.body.agreement.id;
    expect(res.body).toMatchObject({ announced: true, notificationId: agreementNotificationId(agreementId) });
    expect(res.body.agreement.progress).toEqual({ signed: 0, declined: 0, missing: 98, total: 98 });
    await connector.waitFor(() => sends().length >= 3, 10_000);
    expect(sends().map((c) => c.conversationId).sort()).toEqual(['19:team-a@thread.tacv2', '19:team-b@thread.tacv2', `a:1personal-${cecilie.aadObjectId}`].sort());
    const shared = cardIn(sends().find((c) => c.conversationId === '19:team-a@thread.tacv2')!);
    expectValidTeamsCard(shared);
    const json = JSON.stringify(shared);
    expect(json).toContain('Aftale til underskrift · Fælleskommunal Gateway');
    expect(json).toContain('Tilslutningsaftale til Fælleskommunal Gateway');
    expect(json).toContain('KOMBIT-programledere, Funktionspostkasser');
    expect(json).toContain('Underskrives i Addo');
    // The decks' words: "Udsendt" and "Udsendt til"; the signing channel under "Underskrift", not "Sådan".
    expect(shared.body.flatMap((b: any) => b.facts ?? []).map((f: any) => f.title)).toEqual(expect.arrayContaining(['Udsendt til', 'Underskrift']));
    expect(json).not.toContain('"Sådan"');
    expect(json).toContain('28-12-2026 (om 35 dage)');
    expect(json).toContain('0 underskrevet · 0 takket nej · 98 mangler (af 98 kommuner)');
    expect(json).toContain('Vi har underskrevet');
    expect(json).toContain('Vis manglende kommuner');
    const personal = JSON.stringify(cardIn(sends().find((c) => c.conversationId === `a:1personal-${cecilie.aadObjectId}`)!));
    expect(personal).toContain('København mangler at underskrive.');
    const report = await api('GET', `/api/notifications/${encodeURIComponent(agreementNotificationId(agreementId))}/report`);
    expect(report.body).toMatchObject({ total: 3, sent: 3, failed: 0 });
  });

  it('shows "Hurtigst muligt" for an agreement without a deadline, and schedules no reminders for it', async () => {
    const res = await api('POST', '/api/agreements', { ...gateway, title: 'Databehandleraftale (FBI)', kind: 'dataProcessing', solutionId: 'fbi', deadline: null, showMissingList: false });
    expect(res.status).toBe(201);
    const id = res.body.agreement.id;
    const call = await connector.waitFor((c) => c.operation === 'sendToConversation' && JSON.stringify(c.activity).includes('Databehandleraftale (FBI)'), 10_000);
    const card = cardIn(call);
    expectValidTeamsCard(card);
    expect(JSON.stringify(card)).toContain('Hurtigst muligt');
    expect(JSON.stringify(card)).not.toContain('Vis manglende kommuner');
    expect((await running.app.repos.jobs.list()).filter((j) => j.id.startsWith(`agreementReminder:${id}:`))).toEqual([]);
  });

  it('holds back an agreement whose sent date lies ahead, until it is sent', async () => {
    const res = await api('POST', '/api/agreements', { ...gateway, title: 'Allonge til tilslutningsaftale (FBS)', kind: 'rider', sentDate: '2026-12-07', deadline: '2027-01-29' });
    expect(res.body.announced).toBe(false);
    const id = res.body.agreement.id;
    expect((await running.app.repos.jobs.get(`agreementSend:${id}`))?.value).toMatchObject({ state: 'scheduled', dueAt: '2026-12-07T08:00:00.000Z' });
    expect(await running.app.repos.notifications.get(agreementNotificationId(id))).toBeUndefined();
    const sent = await api('POST', `/api/agreements/${id}/send`);
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ sent: true, agreement: { sentDate: '2026-11-23' } });
    expect((await running.app.repos.jobs.get(`agreementSend:${id}`))?.value.state).toBe('cancelled');
    const again = await api('POST', `/api/agreements/${id}/send`);
    expect(again.body.sent).toBe(false);
  });
});

describe('"Vi har underskrevet" from the card', () => {
  it('records the clicker\'s municipality as signed, self-reported, with date and who, and updates the shared cards', async () => {
    const res = await post(running.baseUrl, cardAction(connector.serviceUrl, anna, 'agreementSigned', { agreementId }, 'channel'));
    expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expectValidTeamsCard(res.body.value);
    const view = JSON.stringify(res.body.value);
    expect(view).toContain('Tak! Lyngby-Taarbæk står nu som underskrevet.');
    expect(view).toContain('Lyngby-Taarbæk: Underskrevet 23-11-2026 – meldt af Anna Hansen, afventer KOMBITs bekræftelse');
    expect((await running.app.repos.agreements.signature(agreementId, '173'))?.value).toEqual({
      agreementId,
      municipalityCode: '173',
      state: 'signed',
      signedDate: '2026-11-23',
      reportedBy: 'Anna Hansen',
      selfReported: true,
    });
    const updatesBefore = connector.updates.length;
    await tick();
    await connector.waitFor(() => connector.updates.length >= updatesBefore + 3, 10_000);
    const update = connector.updates.find((u) => u.conversationId === '19:team-a@thread.tacv2')!;
    const updated = connector.getActivity('19:team-a@thread.tacv2', update.activityId!);
    expectValidTeamsCard(updated.attachments[0].content);
    expect(JSON.stringify(updated)).toContain('1 underskrevet · 0 takket nej · 97 mangler (af 98 kommuner)');
  });

  it('keeps the clicker\'s confirmation through the shared update: the card names their answer and refreshes into their own view', async () => {
    const update = [...connector.updates].reverse().find((u) => u.conversationId === '19:team-b@thread.tacv2')!;
    const shared = connector.getActivity('19:team-b@thread.tacv2', update.activityId!).attachments[0].content;
    expectValidTeamsCard(shared);
    expect(JSON.stringify(shared)).toContain('Lyngby-Taarbæk: Underskrevet 23-11-2026 – meldt af Anna Hansen, afventer KOMBITs bekræftelse');
    expect(shared.refresh).toMatchObject({ action: { type: 'Action.Execute', verb: 'agreementView', data: { agreementId } }, userIds: [anna.id] });
    // What Teams then asks for Anna (trigger "automatic"): her own view, without the button.
    const refresh = cardAction(connector.serviceUrl, anna, 'agreementView', { agreementId }, 'channel');
    const res = await post(running.baseUrl, { ...refresh, value: { ...refresh.value, trigger: 'automatic' } });
    expectValidTeamsCard(res.body.value);
    expect(res.body.value.refresh).toBeUndefined();
    const own = JSON.stringify(res.body.value);
    expect(own).toContain('Lyngby-Taarbæk: Underskrevet 23-11-2026 – meldt af Anna Hansen, afventer KOMBITs bekræftelse');
    expect(own).not.toContain('Vi har underskrevet');
  });

  it('says so and changes nothing when the municipality has already answered', async () => {
    const res = await post(running.baseUrl, cardAction(connector.serviceUrl, anna, 'agreementSigned', { agreementId }));
    expect(JSON.stringify(res.body.value)).toContain('Lyngby-Taarbæk er allerede registreret: Underskrevet 23-11-2026. Intet er ændret.');
    expect(JSON.stringify(res.body.value)).not.toContain('Vi har underskrevet');
  });

  it('refuses a forged payload for another municipality and changes nothing', async () => {
    const before = await running.app.repos.agreements.signatures(agreementId);
    const res = await post(running.baseUrl, cardAction(connector.serviceUrl, bo, 'agreementSigned', { agreementId, municipalityCode: '101' }, 'channel'));
    expect(res.body).toMatchObject({ type: 'application/vnd.microsoft.activity.message', value: 'Du kan kun melde underskrift for din egen kommune. Intet er ændret.' });
    expect(await running.app.repos.agreements.signatures(agreementId)).toEqual(before);
  });

  it('refuses an unknown agreement and changes nothing', async () => {
    const res = await post(running.baseUrl, cardAction(connector.serviceUrl, bo, 'agreementSigned', { agreementId: 'agr-findes-ikke' }));
    expect(res.body.value).toBe('Aftalen findes ikke længere. Intet er ændret.');
    expect(await running.app.repos.agreements.signatures('agr-findes-ikke')).toEqual([]);
  });

  it('refuses a closed agreement and changes nothing', async () => {
    const created = await api('POST', '/api/agreements', { ...gateway, title: 'Databehandleraftale (Køreprøvebooking)', kind: 'dataProcessing' });
    const id = created.body.agreement.id;
    expect((await api('POST', `/api/agreements/${id}/close`)).body.agreement.closed).toBe(true);
    const res = await post(running.baseUrl, cardAction(connector.serviceUrl, bo, 'agreementSigned', { agreementId: id }));
    expect(res.body.value).toBe('KOMBIT har lukket aftalen, så der skal ikke meldes underskrift på den. Intet er ændret.');
    expect(await running.app.repos.agreements.signatures(id)).toEqual([]);
    expect((await running.app.repos.jobs.list()).filter((j) => j.id.startsWith(`agreementReminder:${id}:`) && j.state === 'scheduled')).toEqual([]);
  });

  it('asks a person without a municipality to choose one first', async () => {
    const res = await post(running.baseUrl, cardAction(connector.serviceUrl, dennis, 'agreementSigned', { agreementId }));
    expect(res.body.value).toBe('Vælg først din kommune: skriv "kommune <navn>" til mig. Intet er ændret.');
  });

  it('answers a card that cannot be read', async () => {
    const res = await post(running.baseUrl, cardAction(connector.serviceUrl, bo, 'agreementSigned', { agreementId: 42 }));
    expect(res.body.value).toBe('Kortet kunne ikke læses. Intet er ændret.');
  });

  it('shows the municipalities still missing where KOMBIT allows it', async () => {
    const res = await post(running.baseUrl, cardAction(connector.serviceUrl, bo, 'agreementMissing', { agreementId }));
    expectValidTeamsCard(res.body.value);
    const json = JSON.stringify(res.body.value);
    expect(json).toContain('Mangler at underskrive (97)');
    // Danish alphabetical order: "Aa" is "Å", last.
    expect(json).toMatch(/"Albertslund, Allerød, Assens, .*, Vordingborg, Ærø, Aabenraa, Aalborg, Aarhus"/);
    expect(json).not.toContain('Lyngby-Taarbæk,');
    expect(json).toContain('Aarhus mangler at underskrive.');
    const fbi = (await api('GET', '/api/agreements')).body.agreements.find((a: any) => a.title === 'Databehandleraftale (FBI)');
    const refused = await post(running.baseUrl, cardAction(connector.serviceUrl, bo, 'agreementMissing', { agreementId: fbi.id }));
    expect(refused.body.value).toBe('KOMBIT viser ikke listen over manglende kommuner for denne aftale.');
  });
});

describe('"Vi har underskrevet" from the "aftaler" list', () => {
  const listReply = async (p: typeof anna, text: string) => {
    const message = personalMessage(connector.serviceUrl, p, text);
    await post(running.baseUrl, message);
    return cardIn(connector.sent.find((c) => c.operation === 'replyToActivity' && c.replyToId === message.id)!);
  };
  /** The Action.Execute buttons in the list's items, as Teams shows them. */
  const itemButtons = (listCard: any): any[] =>
    listCard.body.flatMap((element: any) => (element.type === 'Container' ? element.items.filter((i: any) => i.type === 'ActionSet').flatMap((i: any) => i.actions) : []));

  it('offers the agreement card\'s button for the person\'s own municipality, and answers the press with the list and a confirmation', async () => {
    const list = await listReply(bo, 'aftaler');
    expectValidTeamsCard(list);
    expect(JSON.stringify(list)).toContain('Aarhus mangler at underskrive');
    const button = itemButtons(list).find((a) => a.data.agreementId === agreementId);
    expect(button).toMatchObject({ type: 'Action.Execute', title: 'Vi har underskrevet', verb: 'agreementSigned', data: { verb: 'agreementSigned', agreementId, list: 'agreements' } });

    const { verb: _verb, ...data } = button.data;
    const res = await post(running.baseUrl, cardAction(connector.serviceUrl, bo, 'agreementSigned', data));
    expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expectValidTeamsCard(res.body.value);
    const after = JSON.stringify(res.body.value);
    expect(after).toContain('Tilslutningsaftale til Fælleskommunal Gateway: Tak! Aarhus står nu som underskrevet.');
    expect(after).toContain('Aarhus har underskrevet');
    expect(itemButtons(res.body.value).find((a) => a.data.agreementId === agreementId)).toBeUndefined();
    expect((await running.app.repos.agreements.signature(agreementId, '751'))?.value).toMatchObject({ state: 'signed', selfReported: true, reportedBy: 'Bo Jensen' });
  });

  it('does not list an agreement KOMBIT has not sent yet as missing a signature', async () => {
    const res = await api('POST', '/api/agreements', { ...gateway, title: 'Allonge der endnu ikke er sendt', kind: 'rider', sentDate: '2026-12-14', deadline: '2027-01-29' });
    expect(res.body.announced).toBe(false);
    const list = JSON.stringify(await listReply(bo, 'aftaler'));
    expect(list).toContain('Tilslutningsaftale til Fælleskommunal Gateway');
    expect(list).not.toContain('Allonge der endnu ikke er sendt');
  });
});

describe('signatures over the API', () => {
  it('lets staff record any answer, confirmed, and counts it', async () => {
    const res = await api('PUT', `/api/agreements/${agreementId}/signatures/751`, { state: 'Takket nej' });
    expect(res.status).toBe(200);
    expect(res.body.agreement.progress).toEqual({ signed: 1, declined: 1, missing: 96, total: 98 });
    const reservations = await api('PUT', `/api/agreements/${agreementId}/signatures/0101`, { state: 'signedWithReservations', signedDate: '2026-11-20' });
    expect(reservations.status).toBe(200);
    expect(reservations.body.agreement).toMatchObject({ progress: { signed: 2 }, signedWithReservations: 1, selfReported: 1 });
    expect((await running.app.repos.agreements.signature(agreementId, '101'))?.value).toMatchObject({ state: 'signedWithReservations', signedDate: '2026-11-20', selfReported: false, reportedBy: 'Demo KOMBIT-medarbejder' });
  });

  it('lets a program leader only self-report "signed" for their own municipality', async () => {
    const other = await api('PUT', `/api/agreements/${agreementId}/signatures/461`, { state: 'signed' }, { 'x-demo-municipality': '147' });
    expect(other.status).toBe(403);
    expect(other.body.error.message).toBe('Du kan kun melde underskrift for din egen kommune.');
    const declined = await api('PUT', `/api/agreements/${agreementId}/signatures/147`, { state: 'declined' }, { 'x-demo-municipality': '147' });
    expect(declined.status).toBe(403);
    expect(declined.body.error.message).toBe('Som programleder kan du kun melde, at kommunen har underskrevet. KOMBIT registrerer de øvrige svar.');
    expect(await running.app.repos.agreements.signature(agreementId, '461')).toBeUndefined();
    expect(await running.app.repos.agreements.signature(agreementId, '147')).toBeUndefined();
    const own = await api('PUT', `/api/agreements/${agreementId}/signatures/147`, { state: 'Underskrevet' }, { 'x-demo-municipality': '147' });
    expect(own.status).toBe(200);
    expect((await running.app.repos.agreements.signature(agreementId, '147'))?.value).toMatchObject({ state: 'signed', selfReported: true, signedDate: '2026-11-23' });
  });

  it('answers bad input in Danish and changes nothing', async () => {
    const badState = await api('PUT', `/api/agreements/${agreementId}/signatures/461`, { state: 'måske' });
    expect(badState.status).toBe(400);
    expect(badState.body.error.issues).toEqual([{ field: 'state', message: 'skal være Underskrevet, Underskrevet med forbehold, Takket nej eller Mangler' }]);
    const future = await api('PUT', `/api/agreements/${agreementId}/signatures/461`, { state: 'signed', signedDate: '2026-12-01' });
    expect(future.status).toBe(400);
    expect(future.body.error.issues).toEqual([{ field: 'signedDate', message: 'må ikke ligge efter i dag' }]);
    const code = await api('PUT', `/api/agreements/${agreementId}/signatures/999`, { state: 'signed' });
    expect(code.status).toBe(400);
    expect(code.body.error.issues[0].message).toBe('er ikke en kendt kommunekode');
    const unknown = await api('PUT', '/api/agreements/agr-findes-ikke/signatures/461', { state: 'signed' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('Aftalen findes ikke.');
    expect(await running.app.repos.agreements.signature(agreementId, '461')).toBeUndefined();
  });

  it('shows a program leader only their own answer unless KOMBIT shares the list', async () => {
    const fbi = (await api('GET', '/api/agreements')).body.agreements.find((a: any) => a.title === 'Databehandleraftale (FBI)');
    await api('PUT', `/api/agreements/${fbi.id}/signatures/751`, { state: 'signed' });
    await api('PUT', `/api/agreements/${fbi.id}/signatures/173`, { state: 'signed' });
    const asLeader = await api('GET', `/api/agreements/${fbi.id}`, undefined, { 'x-demo-municipality': '173' });
    expect(asLeader.body.signatures.map((s: any) => s.municipalityCode)).toEqual(['173']);
    const asStaff = await api('GET', `/api/agreements/${fbi.id}`);
    expect(asStaff.body.signatures).toHaveLength(2);
    expect(asStaff.headers.get('etag')).toBeTruthy();
  });
});

describe('changing and closing', () => {
  it('refuses a change from a stale read (If-Match) with 412 and keeps the other change', async () => {
    const first = await api('GET', `/api/agreements/${agreementId}`);
    const etag = first.headers.get('etag')!;
    expect((await api('PATCH', `/api/agreements/${agreementId}`, { recipients: ['KOMBIT-programledere'] }, { 'if-match': etag })).status).toBe(200);
    const stale = await api('PATCH', `/api/agreements/${agreementId}`, { recipients: ["DPO'er"] }, { 'if-match': etag });
    expect(stale.status).toBe(412);
    expect(stale.body.error.message).toBe('Aftalen er blevet ændret af en anden i mellemtiden. Hent den igen, og prøv igen.');
    expect((await running.app.repos.agreements.get(agreementId))?.value.recipients).toEqual(['KOMBIT-programledere']);
  });

  it('refuses an unknown field and a deadline before the sent date', async () => {
    const res = await api('PATCH', `/api/agreements/${agreementId}`, { deadline: '2026-11-01', colour: 'red' });
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toEqual([{ field: '(hele værdien)', message: 'har ukendte felter: colour' }]);
    const early = await api('PATCH', `/api/agreements/${agreementId}`, { deadline: '2026-11-01' });
    expect(early.status).toBe(400);
    expect(early.body.error.issues).toEqual([{ field: 'deadline', message: 'fristen må ikke ligge før afsendelsesdatoen' }]);
  });

  it('notes a new deadline in each channel card\'s thread and moves the reminders', async () => {
    const res = await api('PATCH', `/api/agreements/${agreementId}`, { deadline: '2027-01-15' });
    expect(res.status).toBe(200);
    await connector.waitFor(() => connector.sent.filter((c) => c.operation === 'replyToActivity' && JSON.stringify(c.activity).includes('Ændret: ny frist 15-01-2027 (var 28-12-2026).')).length >= 2, 10_000);
    const jobs = (await running.app.repos.jobs.list()).filter((j) => j.id.startsWith(`agreementReminder:${agreementId}:`));
    expect(jobs.filter((j) => j.state === 'scheduled').map((j) => j.id).sort()).toEqual([
      `agreementReminder:${agreementId}:2027-01-15:0`,
      `agreementReminder:${agreementId}:2027-01-15:1`,
      `agreementReminder:${agreementId}:2027-01-15:14`,
      `agreementReminder:${agreementId}:2027-01-15:7`,
      `agreementReminder:${agreementId}:2027-01-15:overdue-2027-01-18`,
    ].sort());
    expect(jobs.filter((j) => j.payload.deadline === '2026-12-28').every((j) => j.state === 'cancelled')).toBe(true);
  });

  it('closes: cards say so, a note in the thread, no reminders left', async () => {
    const res = await api('POST', `/api/agreements/${agreementId}/close`);
    expect(res.body.agreement.closed).toBe(true);
    await connector.waitFor((c) => c.operation === 'replyToActivity' && JSON.stringify(c.activity).includes('KOMBIT har lukket aftalen, så der kommer ikke flere påmindelser'), 10_000);
    const updatesBefore = connector.updates.length;
    await tick();
    await connector.waitFor(() => connector.updates.length >= updatesBefore + 3, 10_000);
    const latest = connector.updates.filter((u) => u.conversationId === '19:team-b@thread.tacv2').at(-1)!;
    const card = connector.getActivity('19:team-b@thread.tacv2', latest.activityId!).attachments[0].content;
    expectValidTeamsCard(card);
    expect(JSON.stringify(card)).toContain('KOMBIT har lukket aftalen. Der skal ikke meldes flere underskrifter.');
    expect(JSON.stringify(card)).not.toContain('Vi har underskrevet');
    expect((await running.app.repos.jobs.list()).filter((j) => j.id.startsWith(`agreementReminder:${agreementId}:`) && j.state === 'scheduled')).toEqual([]);
    expect((await api('POST', `/api/agreements/${agreementId}/close`)).status).toBe(200);
  });

  it('lists agreements with their progress', async () => {
    const res = await api('GET', '/api/agreements', undefined, { 'x-demo-municipality': '173' });
    expect(res.status).toBe(200);
    const gatewayView = res.body.agreements.find((a: any) => a.id === agreementId);
    expect(gatewayView).toMatchObject({ closed: true, progress: { signed: 3, declined: 1, missing: 94, total: 98 }, signedWithReservations: 1, selfReported: 2 });
  });
});

describe('opting out of reminders', () => {
  // The bot's answer to this message, not whatever card the delivery engine sends to the same chat meanwhile.
  const reply = async (p: typeof anna, text: string) => {
    const message = personalMessage(connector.serviceUrl, p, text);
    await post(running.baseUrl, message);
    return cardIn(connector.sent.find((c) => c.operation === 'replyToActivity' && c.replyToId === message.id)!);
  };

  it('"stop påmindelser" stops them all, "start påmindelser" brings them back (per-agreement opt-outs too)', async () => {
    const stop = await reply(bo, 'Stop påmindelser');
    expectValidTeamsCard(stop);
    expect(JSON.stringify(stop)).toContain('Du får ikke flere påmindelser om aftaler');
    expect((await running.app.repos.users.get(bo.aadObjectId))?.value.remindersOptOut).toBe(true);

    const other = (await api('POST', '/api/agreements', { ...gateway, title: 'Databehandleraftale (Byg og Miljø)', kind: 'dataProcessing' })).body.agreement.id;
    const off = await post(running.baseUrl, cardAction(connector.serviceUrl, bo, 'agreementReminders', { agreementId: other, reminders: 'off' }));
    expectValidTeamsCard(off.body.value);
    expect(JSON.stringify(off.body.value)).toContain('Du får ikke flere påmindelser om denne aftale.');
    expect(JSON.stringify(off.body.value)).toContain('Start påmindelser om denne aftale igen');
    expect((await running.app.repos.users.get(bo.aadObjectId))?.value.optedOutAgreements).toEqual([other]);

    const start = await reply(bo, 'start pamindelser');
    expect(JSON.stringify(start)).toContain('Du får igen påmindelser om aftaler');
    expect(JSON.stringify(start)).toContain('Det gælder også den aftale, du havde slået fra.');
    expect((await running.app.repos.users.get(bo.aadObjectId))?.value).toMatchObject({ remindersOptOut: false, optedOutAgreements: [] });
  });

  it('understands English, and per agreement back on from the card', async () => {
    expect(JSON.stringify(await reply(anna, 'stop reminders'))).toContain('Du får ikke flere påmindelser om aftaler');
    expect(JSON.stringify(await reply(anna, 'start reminders'))).toContain('Du får igen påmindelser om aftaler');
    const fbi = (await api('GET', '/api/agreements')).body.agreements.find((a: any) => a.title === 'Databehandleraftale (Byg og Miljø)');
    await post(running.baseUrl, cardAction(connector.serviceUrl, anna, 'agreementReminders', { agreementId: fbi.id, reminders: 'off' }));
    const on = await post(running.baseUrl, cardAction(connector.serviceUrl, anna, 'agreementReminders', { agreementId: fbi.id, reminders: 'on' }));
    expect(JSON.stringify(on.body.value)).toContain('Du får igen påmindelser om denne aftale, indtil din kommune har underskrevet.');
    expect((await running.app.repos.users.get(anna.aadObjectId))?.value.optedOutAgreements).toEqual([]);
  });

  it('leaves the built-in "stop <løsning>" (unfollow) alone', async () => {
    const card = await reply(cecilie, 'stop Fælleskommunal Gateway');
    expect(JSON.stringify(card)).toContain('Du følger ikke længere Fælleskommunal Gateway');
  });
});

describe('importing signatures', () => {
  const header = 'Aftale;Kommune;Status;Dato';
  const good = ['Databehandleraftale (FBI);Aarhus;Underskrevet;20-11-2026', 'Databehandleraftale (FBI);0101;Takket nej;', 'Databehandleraftale (FBI);Lyngby-Taarbæk;Underskrevet med forbehold;21-11-2026'];
  const upload = (csv: string, headers: Record<string, string> = { 'content-type': 'application/octet-stream' }) =>
    fetch(`${running.baseUrl}/api/agreements/import?filename=underskrifter.csv`, { method: 'POST', headers, body: csv }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
  let fbiId: string;
  const snapshot = async () => JSON.stringify(await running.app.repos.agreements.signatures(fbiId));

  beforeAll(async () => {
    fbiId = (await api('GET', '/api/agreements')).body.agreements.find((a: any) => a.title === 'Databehandleraftale (FBI)').id;
  });

  it('refuses a sheet with one bad row, names the row, column and reason, and changes nothing', async () => {
    const before = await snapshot();
    const res = await upload([header, ...good, 'Databehandleraftale (FBI);Hedensted;Måske;'].join('\n'));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('ImportRefused');
    expect(res.body.error.message).toBe('Filen er ikke indlæst, fordi 1 række har fejl. Intet er ændret – ret rækken, og indlæs filen igen.');
    expect(res.body.error.rows).toHaveLength(1);
    expect(res.body.error.rows[0]).toMatchObject({ row: 5, column: 'Status' });
    expect(res.body.error.rows[0].message).toMatch(/^skal være Underskrevet, Underskrevet med forbehold, Takket nej eller Mangler/);
    expect(await snapshot()).toBe(before);
  });

  it('refuses a signed date after today, as the API does', async () => {
    const before = await snapshot();
    const res = await upload([header, good[0], 'Databehandleraftale (FBI);Hedensted;Underskrevet;01-12-2026'].join('\r\n'));
    expect(res.status).toBe(400);
    expect(res.body.error.rows).toEqual([{ row: 3, column: 'Dato', message: 'må ikke ligge efter i dag' }]);
    expect(await snapshot()).toBe(before);
  });

  it('refuses a program leader and a file that is no sheet', async () => {
    expect((await upload([header, ...good].join('\n'), { 'content-type': 'application/octet-stream', 'x-demo-municipality': '173' })).status).toBe(403);
    const xls = await fetch(`${running.baseUrl}/api/agreements/import?filename=gammel.xls`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]) });
    expect(xls.status).toBe(400);
    expect(((await xls.json()) as any).error.message).toBe('Filen er i det gamle Excel-format (.xls). Gem den som Excel-projektmappe (.xlsx) eller CSV, og prøv igen. Intet er ændret.');
  });

  it('writes every row of a good sheet (multipart), confirmed by KOMBIT, and counts them', async () => {
    const form = new FormData();
    form.append('file', new Blob([[header, ...good, 'Databehandleraftale (FBI);Hedensted;Mangler;'].join('\n')], { type: 'text/csv' }), 'underskrifter.csv');
    const res = await fetch(`${running.baseUrl}/api/agreements/import`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ imported: 4, agreements: 1 });
    const rows = Object.fromEntries((await running.app.repos.agreements.signatures(fbiId)).map((s) => [s.municipalityCode, s]));
    expect(rows['751']).toMatchObject({ state: 'signed', signedDate: '2026-11-20', selfReported: false, reportedBy: 'Demo KOMBIT-medarbejder' });
    expect(rows['101']).toMatchObject({ state: 'declined', selfReported: false });
    expect(rows['173']).toMatchObject({ state: 'signedWithReservations', signedDate: '2026-11-21' });
    expect(rows['766']).toMatchObject({ state: 'missing' });
    const view = (await api('GET', `/api/agreements/${fbiId}`)).body.agreement;
    expect(view.progress).toEqual({ signed: 2, declined: 1, missing: 95, total: 98 });
  });

  it('reads a CSV posted as text/csv, and a Windows-1252 CSV posted as bytes', async () => {
    const res = await upload([header, 'Databehandleraftale (FBI);Hedensted;Underskrevet;22-11-2026'].join('\n'), { 'content-type': 'text/csv' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ imported: 1, agreements: 1 });
    const latin = await fetch(`${running.baseUrl}/api/agreements/import?filename=excel.csv`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.from([header, 'Databehandleraftale (FBI);Køge;Underskrevet med forbehold;22-11-2026'].join('\r\n'), 'latin1'),
    });
    expect(latin.status).toBe(200);
    expect((await running.app.repos.agreements.signature(fbiId, '259'))?.value.state).toBe('signedWithReservations');
  });
});
