import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type RunningApp } from './support/app.ts';
import { startConnectorStandIn, type ConnectorStandIn, type RecordedCall } from './support/connectorStandIn.ts';
import { person } from './support/activities.ts';
import { install } from './support/installs.ts';
import { expectValidTeamsCard } from './support/cards.ts';
import { openTestStorage, testLog } from './support/storage.ts';
import { ManualClock } from '../bot/domain/time.ts';
import { newProfile } from '../bot/domain/user.ts';
import { MUNICIPALITIES } from '../bot/domain/municipality.ts';
import { seedDemoDataIfEmpty } from '../bot/demo/seed.ts';
import { createRepositories } from '../bot/storage/repositories.ts';
import type { Storage } from '../bot/storage/storage.ts';
import type { App } from '../bot/app.ts';

// Monday 23 November 2026, 07:00 in Copenhagen. The demo's "today" (28-02-2024, a Wednesday) moves to Wednesday 25 November 2026.
const clock = new ManualClock('2026-11-23T06:00:00Z');
let storage: Storage;
let connector: ConnectorStandIn;
let first: RunningApp;
let second: RunningApp;
const leaders = MUNICIPALITIES.map((m, i) => ({ person: person(100 + i, `Programleder ${m.name}`), code: m.code }));
const codeOf = new Map(leaders.map((l) => [`a:1personal-${l.person.aadObjectId}`, l.code]));

/** Waits until every queued send has been sent or skipped; between looks, waits on the connector's next call. */
async function settle(app: App): Promise<void> {
  for (;;) {
    if ((await app.repos.notifications.unfinished()).length === 0) return;
    const seen = connector.calls.length;
    await connector.waitFor(() => connector.calls.length > seen, 100).catch(() => undefined);
  }
}

function split(calls: readonly RecordedCall[]) {
  const personal = calls.filter((c) => c.conversationId?.startsWith('a:1personal-'));
  const channel = calls.filter((c) => c.conversationId?.startsWith('19:'));
  return {
    personal,
    /** Per agreement title, the kommunekoder reminded. */
    byAgreement: personal.reduce<Record<string, string[]>>((acc, c) => {
      const title = c.activity.attachments[0].content.body[2].text as string;
      (acc[title] ??= []).push(codeOf.get(c.conversationId!)!);
      return acc;
    }, {}),
    channels: channel.map((c) => c.conversationId!).sort(),
    channelCards: channel.map((c) => c.activity.attachments[0].content),
  };
}

/** Kommunekoder with no answer to a demo agreement, from storage. */
async function unanswered(app: App, agreementId: string): Promise<string[]> {
  const answered = new Set((await app.repos.agreements.signatures(agreementId)).filter((s) => s.state !== 'missing').map((s) => s.municipalityCode));
  return MUNICIPALITIES.map((m) => m.code).filter((c) => !answered.has(c)).sort();
}

async function tickBoth(at: string) {
  const before = connector.sent.length;
  clock.set(at);
  const [x, y] = await Promise.all([first.app.scheduler.tick(), second.app.scheduler.tick()]);
  await Promise.all([settle(first.app), settle(second.app)]);
  return { ran: x + y, ...split(connector.sent.slice(before)) };
}

beforeAll(async () => {
  connector = await startConnectorStandIn({ rateLimits: false });
  storage = await openTestStorage();
  const repos = createRepositories(storage, testLog);
  await seedDemoDataIfEmpty(repos, clock, 'test-hash-key-0123456789', testLog);
  for (const l of leaders) {
    await repos.users.save(newProfile(l.person.aadObjectId, { name: l.person.name, municipalityCode: l.code }));
    await install(repos, connector.serviceUrl, { person: l.person });
  }
  await install(repos, connector.serviceUrl, { team: '19:programledere@thread.tacv2' });
  await install(repos, connector.serviceUrl, { team: '19:region-midt@thread.tacv2' });
  first = await startTestApp({ clock, storage, env: { DEV_USER_IS_STAFF: 'false', STAFF_USER_IDS: 'demo-kombit' } });
  await first.app.startWorkers({ scheduler: false });
});
afterAll(async () => {
  await second?.app.stop();
  await first.close();
  await connector.close();
});

describe('the demo data at start-up', () => {
  it('sends nothing at start-up, and schedules the digest and the deck agreements\' reminders', async () => {
    await settle(first.app);
    expect(connector.sent).toHaveLength(0);
    const jobs = new Map((await first.app.repos.jobs.list()).map((j) => [j.id, j]));
    expect(jobs.get('weeklyDigest:2026-W48')?.dueAt).toBe('2026-11-23T07:00:00.000Z');
    // Deadlines moved with the demo: FBI 28-02-2024 → 25-11-2026, Sundhedsagenten 29-02-2024 → 26-11-2026, Køreprøvebooking 10-03-2024 → 06-12-2026.
    expect(jobs.get('agreementReminder:agr-fbi-databehandleraftale:2026-11-25:1')?.dueAt).toBe('2026-11-24T08:00:00.000Z');
    expect(jobs.get('agreementReminder:agr-sundhedsagenten-databehandleraftale-v2:2026-11-26:1')?.dueAt).toBe('2026-11-25T08:00:00.000Z');
    // Its deadline is a Sunday (as 10-03-2024 was): D-7 moves from Sunday to Friday, D-1 (Saturday) and D-0 (Sunday) become one reminder on Friday.
    expect(jobs.get('agreementReminder:agr-koereproevebooking-databehandleraftale:2026-12-06:7')?.dueAt).toBe('2026-11-27T08:00:00.000Z');
    expect(jobs.get('agreementReminder:agr-koereproevebooking-databehandleraftale:2026-12-06:1')?.dueAt).toBe('2026-12-04T08:00:00.000Z');
    expect(jobs.has('agreementReminder:agr-koereproevebooking-databehandleraftale:2026-12-06:0')).toBe(false);
    expect(jobs.has('agreementReminder:agr-koereproevebooking-databehandleraftale:2026-12-06:14')).toBe(false); // 22-11, already past
    expect(jobs.get('agreementReminder:agr-gateway-tilslutning:2026-01-23:overdue-2026-11-23')?.dueAt).toBe('2026-11-23T08:00:00.000Z');
    const reminded = new Set([...jobs.keys()].filter((id) => id.startsWith('agreementReminder:')).map((id) => id.split(':')[1]));
    // No dated reminders for "hurtigst muligt" (EESSI, FLIS, DUBU, Aula, FBS) nor for the closed Køreprøvebooking extension.
    for (const id of ['agr-eessi-tilslutning-opdateret', 'agr-flis-tilslutning-2024', 'agr-dubu-databehandleraftale-instruks', 'agr-koereproevebooking-tilslutning-forlaengelse']) expect(reminded.has(id)).toBe(false);
    // Agreements the decks planned to send later are announced on their day; the 3 x datastandarder
    // agreement is shown at the October 2025 deck's moment, where it was sent that week.
    expect(jobs.get('agreementSend:agr-borgerblikket-tilslutning-2025')?.state).toBe('scheduled');
    expect(jobs.has('agreementSend:agr-datastandarder-tilslutning')).toBe(false);
  });

  it('a second instance starting up schedules nothing new', async () => {
    const before = (await first.app.repos.jobs.list()).length;
    second = await startTestApp({ clock, storage, env: { DEV_USER_IS_STAFF: 'false', STAFF_USER_IDS: 'demo-kombit' } });
    await second.app.startWorkers({ scheduler: false });
    expect((await first.app.repos.jobs.list()).length).toBe(before);
  });

  it('Monday 08:00: one digest per channel, with tasks, agreements due, overdue items and the meeting', async () => {
    const step = await tickBoth('2026-11-23T07:00:00Z');
    expect(step.ran).toBe(1);
    // In the 1:1 chats only each program leader's own "det mangler <kommune>", once each, no reminder yet (those come at 09:00).
    expect(step.personal.every((c) => JSON.stringify(c.activity.attachments[0].content).includes('Uge 48: det mangler '))).toBe(true);
    expect(new Set(step.personal.map((c) => c.conversationId)).size).toBe(step.personal.length);
    expect(step.personal).toHaveLength(leaders.length); // on the demo's Monday every municipality owes something
    expect(step.channels).toEqual(['19:programledere@thread.tacv2', '19:region-midt@thread.tacv2']);
    const digest = step.channelCards[0];
    expectValidTeamsCard(digest);
    const json = JSON.stringify(digest);
    expect(json).toContain('Uge 48: frister og status');
    expect(json).toContain('KLIK-opgaver med frist de næste 14 dage');
    expect(json).toContain('Aftaler med frist de næste 14 dage');
    expect(json).toContain('Databehandleraftale (FBI)');
    expect(json).toContain('frist 25-11-2026 · 29 kommuner mangler at underskrive');
    expect(json).toContain('Overskredne frister');
    expect(json).toContain('Tilslutningsaftale til Fælleskommunal Gateway');
    expect(json).toContain('33 kommuner mangler at underskrive');
    expect(json).toContain('Onsdag 25. november 2026 kl. 10:00-11:30');
  });

  it('Monday 09:00, two instances ticking at once: each overdue agreement reminds each missing municipality exactly once', async () => {
    const step = await tickBoth('2026-11-23T08:00:00Z');
    const expected: Record<string, string[]> = {};
    for (const [id, title] of [
      ['agr-gateway-tilslutning', 'Tilslutningsaftale til Fælleskommunal Gateway'],
      ['agr-gateway-databehandleraftale', 'Databehandleraftale for Fælleskommunal Gateway'],
      ['agr-bom-databehandleraftale', 'Databehandleraftale m/bilag (Byg og Miljø)'],
      ['agr-borgerblikket-bilag-a', 'Databehandleraftale bilag A (Borgerblikket)'],
    ] as const) expected[title] = await unanswered(first.app, id);
    expect(Object.fromEntries(Object.entries(step.byAgreement).map(([k, v]) => [k, v.sort()]))).toEqual(expected);
    expect(expected['Databehandleraftale m/bilag (Byg og Miljø)']).toEqual(['766']); // Hedensted, as the deck says
    expect(step.personal).toHaveLength(33 + 43 + 1 + 3);
    expect(step.channels).toEqual([]); // overdue agreements are in the digest, not in a summary of their own
    expectValidTeamsCard(step.personal[0]!.activity.attachments[0].content);
  });

  it('after a restart at the same moment, nothing is sent again', async () => {
    await first.app.stop();
    const restarted = await startTestApp({ clock, storage, env: { DEV_USER_IS_STAFF: 'false', STAFF_USER_IDS: 'demo-kombit' } });
    await restarted.app.startWorkers({ scheduler: false });
    const before = connector.sent.length;
    expect(await restarted.app.scheduler.tick()).toBe(0);
    await settle(restarted.app);
    expect(connector.sent.length).toBe(before);
    first = { ...restarted, close: async () => { await restarted.app.stop(); await storage.close(); } };
  });

  it('Tuesday and Wednesday 09:00: D-1 and D-0 reminders and one channel summary a day ("3 aftaler har frist inden for 14 dage")', async () => {
    const tuesday = await tickBoth('2026-11-24T08:00:00Z');
    expect(Object.keys(tuesday.byAgreement)).toEqual(['Databehandleraftale (FBI)']);
    expect(tuesday.personal).toHaveLength(29);
    expect(tuesday.channels).toEqual(['19:programledere@thread.tacv2', '19:region-midt@thread.tacv2']);
    const wednesday = await tickBoth('2026-11-25T08:00:00Z');
    expect(Object.fromEntries(Object.entries(wednesday.byAgreement).map(([k, v]) => [k, v.length]))).toEqual({ 'Databehandleraftale (FBI)': 29, 'Databehandleraftale – Sundhedsagenten (version 2)': 65 });
    const summary = JSON.stringify(wednesday.channelCards[0]);
    expectValidTeamsCard(wednesday.channelCards[0]);
    expect(summary).toContain('3 aftaler har frist inden for 14 dage');
    expect(summary).toContain('frist 06-12-2026 · 50 kommuner mangler at underskrive');
    const fbiCard = JSON.stringify(wednesday.personal.find((c) => JSON.stringify(c.activity).includes('(FBI)'))!.activity);
    expect(fbiCard).toContain('Påmindelse: fristen for at underskrive er i dag (25-11-2026).');
  });
});
