import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type RunningApp } from './support/app.ts';
import { startConnectorStandIn, type ConnectorStandIn, type RecordedCall } from './support/connectorStandIn.ts';
import { cardAction, person, post } from './support/activities.ts';
import { install } from './support/installs.ts';
import { expectValidTeamsCard } from './support/cards.ts';
import { ManualClock } from '../bot/domain/time.ts';
import { newProfile, type UserProfile } from '../bot/domain/user.ts';
import type { App } from '../bot/app.ts';

// Wednesday 10 March 2027, 12:00 in Copenhagen (CET, UTC+1). Summer time starts Sunday 28 March 2027.
const clock = new ManualClock('2027-03-10T11:00:00Z');
let running: RunningApp;
let connector: ConnectorStandIn;

const anna = person(1, 'Anna'); // Lyngby-Taarbæk: signs A from the card before D-7
const bo = person(2, 'Bo'); // Aarhus: KOMBIT records A signed between D-1 being queued and sent
const bo2 = person(3, 'Bodil'); // Aarhus too: two program leaders of one municipality both get it
const cecilie = person(4, 'Cecilie'); // København: signed A before any reminder
const frida = person(5, 'Frida'); // Frederiksberg: "stop påmindelser"
const gustav = person(6, 'Gustav'); // Odense: opted out of A only
const helle = person(7, 'Helle'); // KOMBIT staff with a municipality: never reminded
const ida = person(8, 'Ida'); // Slagelse: a profile saved before per-agreement opt-outs existed
const jens = person(9, 'Jens'); // no municipality chosen
const people = [anna, bo, bo2, cecilie, frida, gustav, helle, ida, jens];
const nameOf = new Map(people.map((p) => [`a:1personal-${p.aadObjectId}`, p.name]));

const base = { solutionId: 'gateway', signingChannel: 'addo', recipients: ['KOMBIT-programledere'], sentDate: '2027-03-10' };
let a: string; // deadline 2027-04-01: D-7 before the summer-time change, D-1 after
let b: string; // deadline 2027-04-30, moved to 2027-05-14

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${running.baseUrl}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
}

const textOf = (card: unknown) => JSON.stringify(card);

/** Waits until every queued send has been sent or skipped; between looks, waits on the connector's next call. */
async function settle(app: App = running.app): Promise<void> {
  for (;;) {
    if ((await app.repos.notifications.unfinished()).length === 0) return;
    const seen = connector.calls.length;
    await connector.waitFor(() => connector.calls.length > seen, 100).catch(() => undefined);
  }
}

/** Sets the clock, runs due jobs once, waits for the sends; returns who got what in this step. */
async function at(iso: string, app: App = running.app) {
  const before = connector.sent.length;
  clock.set(iso);
  const ran = await app.scheduler.tick();
  await settle(app);
  return { ran, ...split(connector.sent.slice(before)) };
}

function split(calls: readonly RecordedCall[]) {
  // Monday's "Uge N: det mangler <kommune>" in the 1:1 chats is counted apart from the reminders.
  const isWeekly = (c: RecordedCall) => textOf(c.activity?.attachments?.[0]?.content ?? {}).includes(': det mangler ');
  const personal = calls.filter((c) => c.conversationId?.startsWith('a:1personal-') && !isWeekly(c));
  const weekly = calls.filter((c) => c.conversationId?.startsWith('a:1personal-') && isWeekly(c));
  const channel = calls.filter((c) => c.conversationId?.startsWith('19:'));
  return {
    people: personal.map((c) => nameOf.get(c.conversationId!)!).sort(),
    personal: personal.map((c) => c.activity.attachments[0].content),
    weeklyPeople: weekly.map((c) => nameOf.get(c.conversationId!)!).sort(),
    weeklyCards: weekly.map((c) => c.activity.attachments[0].content),
    channels: channel.map((c) => c.conversationId!).sort(),
    channelCards: channel.map((c) => c.activity.attachments[0].content),
  };
}

beforeAll(async () => {
  connector = await startConnectorStandIn({ rateLimits: false });
  running = await startTestApp({ clock, env: { DEV_USER_IS_STAFF: 'false', STAFF_USER_IDS: 'demo-kombit' } });
  const { repos } = running.app;
  await repos.solutions.upsert({ id: 'gateway', name: 'Fælleskommunal Gateway', description: '', phase: 'operation', status: 'onTrack', milestones: [] });
  await repos.meetings.upsert({ id: 'pl-2027-03', date: '2027-03-24', startTime: '10:00', endTime: '11:30', title: 'Programledermøde marts 2027', agenda: [] });
  const municipality: Record<string, string | undefined> = { Anna: '173', Bo: '751', Bodil: '751', Cecilie: '101', Frida: '147', Gustav: '461', Helle: '350', Ida: '330', Jens: undefined };
  for (const p of people) {
    const profile: UserProfile = newProfile(p.aadObjectId, { name: p.name, municipalityCode: municipality[p.name], role: p === helle ? 'kombit' : 'programleder', remindersOptOut: p === frida });
    if (p === ida) {
      // As stored before `optedOutAgreements` existed: the column is simply absent.
      const { optedOutAgreements: _, ...old } = profile;
      await repos.users.save(old as UserProfile);
    } else await repos.users.save(profile);
    await install(repos, connector.serviceUrl, { person: p });
  }
  await install(repos, connector.serviceUrl, { team: '19:team-a@thread.tacv2' });
  await install(repos, connector.serviceUrl, { team: '19:team-b@thread.tacv2' });
  await running.app.startWorkers({ scheduler: false });

  a = (await api('POST', '/api/agreements', { ...base, kind: 'connection', title: 'Tilslutningsaftale til Fælleskommunal Gateway', deadline: '2027-04-01' })).body.agreement.id;
  b = (await api('POST', '/api/agreements', { ...base, kind: 'dataProcessing', title: 'Databehandleraftale for Fælleskommunal Gateway', deadline: '2027-04-30' })).body.agreement.id;
  expect((await api('PUT', `/api/agreements/${a}/signatures/101`, { state: 'signed', signedDate: '2027-03-10' })).status).toBe(200);
  const optOut = await post(running.baseUrl, cardAction(connector.serviceUrl, gustav, 'agreementReminders', { agreementId: a, reminders: 'off' }));
  expect(textOf(optOut.body.value)).toContain('Du får ikke flere påmindelser om denne aftale.');
  await at('2027-03-10T11:00:05Z'); // the card refresh after the signature, so later steps count only their own jobs
});
afterAll(async () => {
  await running.close();
  await connector.close();
});

describe('agreement reminders over a season, in Danish time', () => {
  it('schedules D-14, D-7, D-1 and D-0 at 09:00 Copenhagen time, across the summer-time change', async () => {
    const jobs = (await running.app.repos.jobs.list()).filter((j) => j.id.startsWith(`agreementReminder:${a}:`));
    expect(Object.fromEntries(jobs.map((j) => [j.id.split(':').slice(3).join(':'), j.dueAt]))).toEqual({
      '14': '2027-03-18T08:00:00.000Z',
      '7': '2027-03-24T08:00:00.000Z', // skærtorsdag 25-03 is a day off: the Wednesday before
      '1': '2027-03-31T07:00:00.000Z',
      '0': '2027-04-01T07:00:00.000Z',
      'overdue-2027-04-05': '2027-04-05T07:00:00.000Z',
    });
  });

  it('posts no digest in a quiet week', async () => {
    const step = await at('2027-03-15T07:00:00Z');
    expect(step.ran).toBe(1);
    expect(step.channels).toEqual([]);
    expect((await running.app.repos.jobs.get('weeklyDigest:2027-W11'))?.value.state).toBe('done');
    expect((await running.app.repos.jobs.get('weeklyDigest:2027-W12'))?.value).toMatchObject({ state: 'scheduled', dueAt: '2027-03-22T07:00:00.000Z' });
  });

  it('D-14: nothing a second early; at 09:00 exactly the program leaders of unsigned municipalities, plus one summary per channel', async () => {
    expect((await at('2027-03-18T07:59:59Z')).ran).toBe(0);
    const step = await at('2027-03-18T08:00:00Z');
    expect(step.people).toEqual(['Anna', 'Bo', 'Bodil', 'Ida']);
    for (const card of step.personal) {
      expectValidTeamsCard(card);
      expect(textOf(card)).toContain('Påmindelse: fristen for at underskrive er om 14 dage (01-04-2027).');
      expect(textOf(card)).toContain('Tilslutningsaftale til Fælleskommunal Gateway');
      expect(textOf(card)).toContain('Stop påmindelser om denne aftale');
    }
    expect(step.channels).toEqual(['19:team-a@thread.tacv2', '19:team-b@thread.tacv2']);
    const summary = step.channelCards[0];
    expectValidTeamsCard(summary);
    expect(textOf(summary)).toContain('1 aftale har frist inden for 14 dage');
    expect(textOf(summary)).toContain('frist 01-04-2027 · 97 kommuner mangler at underskrive');
  });

  it('a signature from the card stops that municipality\'s reminders', async () => {
    clock.set('2027-03-20T10:00:00Z');
    const res = await post(running.baseUrl, cardAction(connector.serviceUrl, anna, 'agreementSigned', { agreementId: a }));
    expect(textOf(res.body.value)).toContain('Tak! Lyngby-Taarbæk står nu som underskrevet.');
    await at('2027-03-20T10:00:05Z'); // card refreshes
  });

  it('Monday 08:00: the weekly digest with the agreement due and the next meeting, and each program leader what their municipality owes', async () => {
    const step = await at('2027-03-22T07:00:00Z');
    expect(step.people).toEqual([]);
    // Frida stopped reminders, Helle is staff, Jens has chosen no municipality.
    expect(step.weeklyPeople).toEqual(['Anna', 'Bo', 'Bodil', 'Cecilie', 'Gustav', 'Ida']);
    const own = (name: string) => textOf(step.weeklyCards.find((card) => textOf(card).includes(`det mangler ${name}`)));
    for (const card of step.weeklyCards) expectValidTeamsCard(card);
    expect(own('Aarhus Kommune')).toContain('Uge 12: det mangler Aarhus Kommune');
    expect(own('Aarhus Kommune')).toContain('Mangler: 0 KLIK-opgaver, 2 aftaler, 0 spørgeskemaer.');
    expect(own('Aarhus Kommune')).toContain('Tilslutningsaftale til Fælleskommunal Gateway (Fælleskommunal Gateway) · frist 01-04-2027');
    // København signed A before any reminder, Lyngby-Taarbæk from the card: only B is left for them.
    for (const signedA of ['Københavns Kommune', 'Lyngby-Taarbæk Kommune']) {
      expect(own(signedA)).toContain('Mangler: 0 KLIK-opgaver, 1 aftale, 0 spørgeskemaer.');
      expect(own(signedA)).not.toContain('Tilslutningsaftale');
      expect(own(signedA)).toContain('1 er underskrevet eller besvaret.');
    }
    expect(step.channels).toEqual(['19:team-a@thread.tacv2', '19:team-b@thread.tacv2']);
    const digest = step.channelCards[0];
    expectValidTeamsCard(digest);
    const json = textOf(digest);
    expect(json).toContain('Uge 12: frister og status');
    expect(json).toContain('Aftaler med frist de næste 14 dage');
    expect(json).toContain('frist 01-04-2027 · 96 kommuner mangler at underskrive');
    expect(json).toContain('om 10 dage');
    expect(json).toContain('Onsdag 24. marts 2027 kl. 10:00-11:30: Programledermøde marts 2027');
    expect((await running.app.repos.jobs.get('weeklyDigest:2027-W13'))?.value.state).toBe('scheduled');
  });

  it('D-7 (winter time, 08:00Z) on the Wednesday before skærtorsdag: the signed municipality gets none', async () => {
    expect((await at('2027-03-24T07:59:59Z')).ran).toBe(0);
    const step = await at('2027-03-24T08:00:00Z');
    expect(step.people).toEqual(['Bo', 'Bodil', 'Ida']);
    expect(textOf(step.personal[0])).toContain('fristen for at underskrive er om 8 dage (01-04-2027)');
    expect((await at('2027-03-25T08:00:00Z')).ran).toBe(0);
  });

  it('D-1 (summer time, 07:00Z): a signature between queueing and sending stops it at send time', async () => {
    expect((await at('2027-03-31T06:59:59Z')).ran).toBe(1); // only last Monday's digest, too late to post
    expect((await running.app.repos.jobs.get('weeklyDigest:2027-W13'))?.value.state).toBe('done');
    await running.app.delivery.stop();
    clock.set('2027-03-31T07:00:00Z');
    expect(await running.app.scheduler.tick()).toBe(1);
    const queued = (await running.app.repos.notifications.list()).filter((n) => n.id.startsWith(`agreementReminder:${a}:2027-03-31:`));
    expect(queued).toHaveLength(3);
    expect((await api('PUT', `/api/agreements/${a}/signatures/751`, { state: 'signed' })).status).toBe(200);
    const before = connector.sent.length;
    running.app.delivery.start();
    await settle();
    const step = split(connector.sent.slice(before));
    expect(step.people).toEqual(['Ida']);
    expect(textOf(step.personal[0])).toContain('fristen for at underskrive er i morgen (01-04-2027)');
    expect(step.channels).toEqual(['19:team-a@thread.tacv2', '19:team-b@thread.tacv2']);
    const reports = await Promise.all(queued.map((n) => running.app.repos.notifications.report(n.id)));
    expect(reports.map((r) => [r.sent, r.skipped]).sort()).toEqual([[0, 1], [0, 1], [1, 0]]);
  });

  it('D-0: on the day', async () => {
    const step = await at('2027-04-01T07:00:00Z');
    expect(step.people).toEqual(['Ida']);
    expect(textOf(step.personal[0])).toContain('fristen for at underskrive er i dag (01-04-2027)');
    expect(textOf(step.channelCards[0])).toContain('1 aftale har frist inden for 14 dage');
  });

  it('overdue: every Monday at 09:00 until signed or closed, with the digest at 08:00 listing it as overdue', async () => {
    const first = await at('2027-04-05T07:00:00Z');
    expect(first.people).toEqual(['Ida']);
    expect(textOf(first.personal[0])).toContain('fristen for at underskrive var 01-04-2027 – overskredet med 4 dage.');
    expect(first.channels).toEqual(['19:team-a@thread.tacv2', '19:team-b@thread.tacv2']); // the digest, no summary after the deadline
    expect(textOf(first.channelCards[0])).toContain('Overskredne frister');
    expect(textOf(first.channelCards[0])).toMatch(/Tilslutningsaftale til Fælleskommunal Gateway.*overskredet med 4 dage/);
    expect(first.people).toHaveLength(1);
    const second = await at('2027-04-12T07:00:00Z');
    expect(second.people).toEqual(['Ida']);
    expect(textOf(second.personal[0])).toContain('overskredet med 11 dage');
  });

  it('a changed deadline moves the reminders; a closed agreement stops them', async () => {
    clock.set('2027-04-13T10:00:00Z');
    expect((await api('PATCH', `/api/agreements/${b}`, { deadline: '2027-05-14' })).status).toBe(200);
    expect((await api('POST', `/api/agreements/${a}/close`)).status).toBe(200);
    await settle(); // the "Ændret: ..." notes in the cards' threads
    const jobs = await running.app.repos.jobs.list();
    expect(jobs.filter((j) => j.id.startsWith(`agreementReminder:${b}:2027-04-30:`)).map((j) => j.state)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled', 'cancelled']);
    expect(jobs.find((j) => j.id === `agreementReminder:${b}:2027-05-14:14`)?.dueAt).toBe('2027-04-30T07:00:00.000Z');
    expect(jobs.find((j) => j.id === `agreementReminder:${a}:2027-04-01:overdue-2027-04-19`)?.state).toBe('cancelled');

    const oldDay = await at('2027-04-16T07:00:00Z'); // B's old D-14
    expect(oldDay.people).toEqual([]);
    expect(oldDay.channels).toEqual([]);
    const closedMonday = await at('2027-04-19T07:00:00Z');
    expect(closedMonday.people).toEqual([]); // A is closed; the digest may still speak of B
    const newDay = await at('2027-04-30T07:00:00Z'); // B's new D-14
    expect(newDay.people).toEqual(['Anna', 'Bo', 'Bodil', 'Cecilie', 'Gustav', 'Ida']);
    expect(textOf(newDay.personal[0])).toContain('Databehandleraftale for Fælleskommunal Gateway');
    expect(textOf(newDay.personal[0])).toContain('om 14 dage (14-05-2027)');
  });

  it('sent nobody anything twice over the whole season', async () => {
    const ids = (await running.app.repos.notifications.list()).map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    const personalSends = connector.sent.filter((c) => c.conversationId?.startsWith('a:1personal-') && c.operation === 'sendToConversation');
    const perPersonAndText = personalSends.map((c) => `${c.conversationId}|${JSON.stringify(c.activity.attachments[0].content.body.slice(0, 3))}`);
    expect(new Set(perPersonAndText).size).toBe(perPersonAndText.length);
  });
});
