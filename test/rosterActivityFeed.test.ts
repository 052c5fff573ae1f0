import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type RunningApp } from './support/app.ts';
import { startConnectorStandIn, type ConnectorStandIn } from './support/connectorStandIn.ts';
import { startGraphStandIn, type GraphStandIn, type GraphUser } from './support/graphStandIn.ts';
import { cardAction, person, post } from './support/activities.ts';
import { install } from './support/installs.ts';
import { ManualClock } from '../bot/domain/time.ts';
import { newProfile } from '../bot/domain/user.ts';

/** "Påmind mig" through the Teams activity feed (Graph sendActivityNotification), with the 1:1 chat as the fallback. */
const CATALOG_APP_ID = 'e3a8b1c2-0000-4000-8000-00000000ca7d';
let running: RunningApp;
let connector: ConnectorStandIn;
let graph: GraphStandIn;
const clock = new ManualClock('2026-11-23T09:00:00Z');
const anna = person(41, 'Anna Hansen'); // the app is installed for her in Graph: the feed takes her reminders
const bo = person(42, 'Bo Jensen'); // has a chat with the bot, but Graph says the app is not installed for him: 403
const guest = (p: { aadObjectId: string; name: string; id: string }): GraphUser => ({ id: p.aadObjectId, displayName: p.name, mail: null, userPrincipalName: `${p.aadObjectId}@kombit.onmicrosoft.com`, userType: 'Guest', externalUserState: 'Accepted', teamsId: p.id });

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

const chatTo = (p: { aadObjectId: string }) => connector.sent.filter((c) => (c.operation === 'sendToConversation' || c.operation === 'replyToActivity') && c.conversationId === `a:1personal-${p.aadObjectId}`);
const reminderChats = (p: { aadObjectId: string }) => chatTo(p).filter((c) => JSON.stringify(c.activity).includes('Påmindelse om KLIK-opgave'));

let taskId: string;

beforeAll(async () => {
  connector = await startConnectorStandIn({ rateLimits: false });
  graph = await startGraphStandIn({ users: [guest(anna), guest(bo)], catalogAppId: CATALOG_APP_ID });
  graph.preinstall(anna.aadObjectId);
  running = await startTestApp({ clock, workers: true, env: { GRAPH_CATALOG_APP_ID: CATALOG_APP_ID, GRAPH_BASE_URL: graph.baseUrl, GRAPH_ACTIVITY_FEED: 'true' } });
  const { repos } = running.app;
  await repos.solutions.upsert({ id: 'sygesikring', name: 'Sygesikring', description: '', phase: 'operation', status: 'onTrack', milestones: [] });
  await repos.users.save(newProfile(anna.aadObjectId, { name: anna.name, municipalityCode: '173' }));
  await repos.users.save(newProfile(bo.aadObjectId, { name: bo.name, municipalityCode: '751' }));
  for (const p of [anna, bo]) await install(repos, connector.serviceUrl, { person: p });
  const res = await fetch(`${running.baseUrl}/api/klik-tasks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(newTask) });
  expect(res.status).toBe(201);
  taskId = ((await res.json()) as any).task.id;
});
afterAll(async () => {
  await running.close();
  await graph.close();
  await connector.close();
});

describe('"Påmind mig" in the Teams activity feed', () => {
  it('sends the reminder to the feed once (Graph throttles the first try) and not also to the chat', async () => {
    graph.failNext('POST', `/v1.0/users/${anna.aadObjectId}/teamwork/sendActivityNotification`, 429);
    const res = await post(running.baseUrl, cardAction(connector.serviceUrl, anna, 'klikTaskRemind', { taskId, days: 30 }));
    expect(JSON.stringify(res.body)).toContain('du får påmindelsen med det samme');
    await expect.poll(() => graph.feed.length, { timeout: 15_000 }).toBe(1);
    expect(graph.feed[0]).toEqual({
      userId: anna.aadObjectId,
      activityType: 'reminder',
      previewText: 'KLIK-opgave: fristen er 18-12-2026 (om 25 dage).',
      templateParameters: { title: newTask.title },
      topic: { source: 'entityUrl', value: `${graph.baseUrl}/v1.0/appCatalogs/teamsApps/${CATALOG_APP_ID}` },
    });
    expect(graph.requests.filter((r) => r.path.endsWith('/sendActivityNotification')).map((r) => r.status)).toEqual([429, 204]);
    await expect.poll(async () => (await running.app.repos.notifications.unfinished()).length, { timeout: 10_000 }).toBe(0);
    expect(reminderChats(anna)).toHaveLength(0);
    // Asked again for the same deadline: it is the same reminder, and it is not sent again.
    await post(running.baseUrl, cardAction(connector.serviceUrl, anna, 'klikTaskRemind', { taskId, days: 30 }));
    await expect.poll(async () => (await running.app.repos.notifications.unfinished()).length, { timeout: 10_000 }).toBe(0);
    expect(graph.feed).toHaveLength(1);
  });

  it('falls back to the 1:1 chat when Graph refuses the feed notification, and the person gets it once', async () => {
    await post(running.baseUrl, cardAction(connector.serviceUrl, bo, 'klikTaskRemind', { taskId, days: 30 }));
    await expect.poll(() => reminderChats(bo).length, { timeout: 15_000 }).toBe(1);
    expect(JSON.stringify(reminderChats(bo)[0]!.activity)).toContain('Påmindelse: fristen er 18-12-2026 (om 25 dage).');
    expect(graph.requests.filter((r) => r.path === `/v1.0/users/${bo.aadObjectId}/teamwork/sendActivityNotification`).map((r) => r.status)).toEqual([403]);
    expect(graph.feed.map((f) => f.userId)).toEqual([anna.aadObjectId]);
    await expect.poll(async () => (await running.app.repos.notifications.unfinished()).length, { timeout: 10_000 }).toBe(0);
    expect(reminderChats(bo)).toHaveLength(1);
  });
});
