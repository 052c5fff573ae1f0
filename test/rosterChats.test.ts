import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type RunningApp } from './support/app.ts';
import { startConnectorStandIn, type ConnectorStandIn } from './support/connectorStandIn.ts';
import { startGraphStandIn, type GraphStandIn, type GraphUser } from './support/graphStandIn.ts';
import { install } from './support/installs.ts';
import { person } from './support/activities.ts';
import { ShiftClock } from './support/shiftClock.ts';

/** A person the app is installed for whose chat Teams never announces: the app opens it with the Bot Connector. */
const CATALOG_APP_ID = 'e3a8b1c2-0000-4000-8000-00000000ca7e';
let connector: ConnectorStandIn;
let graph: GraphStandIn;
let running: RunningApp;
const clock = new ShiftClock('2026-11-30T08:00:00Z');
const anna = person(61, 'Anna Ærø');
const bo = person(62, 'Bo Østergaard');
const guest = (p: { aadObjectId: string; name: string; id: string }, mail: string): GraphUser => ({ id: p.aadObjectId, displayName: p.name, mail, userPrincipalName: `${mail.replace('@', '_')}#EXT#@kombit.onmicrosoft.com`, userType: 'Guest', externalUserState: 'Accepted', teamsId: p.id });

async function people() {
  const body = (await (await fetch(`${running.baseUrl}/api/roster/coverage`)).json()) as any;
  const map: Record<string, { reachable: boolean; reason?: string }> = {};
  for (const m of body.municipalities) for (const p of [...m.programLeaders, ...m.others]) map[p.name] = { reachable: p.reachable, ...(p.reason ? { reason: p.reason } : {}) };
  return map;
}
const created = () => connector.calls.filter((c) => c.operation === 'createConversation');
const welcomes = (p: { aadObjectId: string }) => connector.sent.filter((c) => c.operation === 'sendToConversation' && c.conversationId === `a:1personal-${p.aadObjectId}`);

beforeAll(async () => {
  connector = await startConnectorStandIn({ rateLimits: false });
  // Teams is not told to announce the installations: neither chat is announced by Graph's install.
  graph = await startGraphStandIn({ users: [guest(anna, 'anna@ltk.dk'), guest(bo, 'bo@ltk.dk')], catalogAppId: CATALOG_APP_ID });
  running = await startTestApp({ clock, workers: true, env: { GRAPH_CATALOG_APP_ID: CATALOG_APP_ID, GRAPH_BASE_URL: graph.baseUrl } });
  // The app is in KOMBIT's team: that is where it learned the Bot Connector's address.
  await install(running.app.repos, connector.serviceUrl, { team: '19:kombit@thread.tacv2' });
});
afterAll(async () => {
  await running.close();
  await graph.close();
  await connector.close();
});

describe('the 1:1 chat Teams did not announce', () => {
  it('is created with the Bot Connector after two minutes, recorded, and the person welcomed once; a chat Teams announced meanwhile is left alone', async () => {
    const roster = ['Kommune;Navn;E-mail;Rolle', 'Lyngby-Taarbæk;Anna Ærø;anna@ltk.dk;Programleder', 'Lyngby-Taarbæk;Bo Østergaard;bo@ltk.dk;DPO'].join('\r\n');
    expect((await fetch(`${running.baseUrl}/api/roster/import?filename=roller.csv`, { method: 'POST', body: roster })).status).toBe(200);
    const waiting = { reachable: false, reason: 'installeret; venter på at Teams åbner chatten' };
    await expect.poll(people, { timeout: 20_000 }).toEqual({ 'Anna Ærø': waiting, 'Bo Østergaard': waiting });
    // Teams announces Bo's chat late, but within the wait.
    await install(running.app.repos, connector.serviceUrl, { person: bo });
    clock.advance(2 * 60_000 + 1000);
    await expect.poll(people, { timeout: 15_000 }).toEqual({ 'Anna Ærø': { reachable: true }, 'Bo Østergaard': { reachable: true } });
    expect(created()).toHaveLength(1);
    expect(created()[0]!.body).toMatchObject({ isGroup: false, members: [{ id: anna.aadObjectId }], tenantId: expect.any(String) });
    expect(created()[0]!.conversationId).toBe(`a:1personal-${anna.aadObjectId}`);
    expect(created()[0]!.status).toBe(201);
    await expect.poll(() => welcomes(anna).length, { timeout: 10_000 }).toBe(1);
    expect(JSON.stringify(welcomes(anna)[0]!.activity)).toContain('Lyngby-Taarbæk');
    await expect.poll(async () => (await running.app.repos.notifications.unfinished()).length, { timeout: 10_000 }).toBe(0);
    expect(welcomes(anna)).toHaveLength(1);
    expect(welcomes(bo)).toHaveLength(0);
  });
});
