import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type RunningApp } from './support/app.ts';
import { startConnectorStandIn, type ConnectorStandIn } from './support/connectorStandIn.ts';
import { startGraphStandIn, type GraphStandIn, type GraphUser } from './support/graphStandIn.ts';
import { openTestStorage } from './support/storage.ts';
import type { Storage } from '../bot/storage/storage.ts';

const CATALOG_APP_ID = 'e3a8b1c2-0000-4000-8000-00000000ca7a';
let connector: ConnectorStandIn;
let graph: GraphStandIn;
let storage: Storage;
const apps: RunningApp[] = [];

const user = (n: number, name: string, fields: Partial<GraphUser>): GraphUser => ({
  id: `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`, displayName: name, mail: null, userPrincipalName: `u${n}@kombit.onmicrosoft.com`,
  userType: 'Guest', externalUserState: 'Accepted', teamsId: `29:1graph${n}`, ...fields,
});
// Municipal employees as KOMBIT's tenant knows them: guests with their municipal address as mail, otherMails or in the UPN.
const anna = user(201, 'Anna Ærø', { mail: 'anna@ltk.dk' });
const bo = user(202, 'Bo Østergaard', { otherMails: ['bo@ltk.dk'] });
const cecilie = user(203, 'Cecilie Holm', { mail: 'cecilie@aarhus.dk', externalUserState: 'PendingAcceptance' });
const dorte = user(204, 'Dorte Lund', { userPrincipalName: 'dorte_ltk.dk#EXT#@kombit.onmicrosoft.com', blockedByPolicy: true });
const frida = user(206, 'Frida Friis', { mail: 'frida@odense.dk' });
const gustav = user(207, 'Gustav Gram', { userPrincipalName: 'gustav_odense.dk#EXT#@kombit.onmicrosoft.com' });
const henrik = user(208, 'Henrik Hald', { mail: 'henrik@odense.dk', userType: 'Member' });

const firstRoster = [
  'Kommune;Navn;E-mail;Rolle',
  'Lyngby-Taarbæk;Anna Ærø;anna@ltk.dk;Programleder',
  'Lyngby-Taarbæk;Bo Østergaard;bo@ltk.dk;Sikkerhedsansvarlig',
  'Aarhus;Cecilie Holm;cecilie@aarhus.dk;Programleder',
  'Lyngby-Taarbæk;Dorte Lund;dorte@ltk.dk;DPO',
  'Aarhus;Erik Møller;erik@aarhus.dk;Aftaleadministrator',
];
const secondRoster = [...firstRoster, 'Odense;Frida Friis;frida@odense.dk;Programleder', 'Odense;Gustav Gram;gustav@odense.dk;Systemansvarlig', 'Odense;Henrik Hald;henrik@odense.dk;DPO'];

async function start(workers: boolean): Promise<RunningApp> {
  const running = await startTestApp({ storage, workers, env: { GRAPH_CATALOG_APP_ID: CATALOG_APP_ID, GRAPH_BASE_URL: graph.baseUrl } });
  apps.push(running);
  graph.announceTo(running.baseUrl, connector.serviceUrl);
  return running;
}

const upload = (running: RunningApp, lines: string[]) =>
  fetch(`${running.baseUrl}/api/roster/import?filename=roller.csv`, { method: 'POST', body: lines.join('\r\n') }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

async function coverage(running: RunningApp) {
  const body = (await (await fetch(`${running.baseUrl}/api/roster/coverage`)).json()) as any;
  const people = new Map<string, { reachable: boolean; reason?: string }>();
  for (const m of body.municipalities) for (const p of [...m.programLeaders, ...m.others]) people.set(p.name, { reachable: p.reachable, ...(p.reason ? { reason: p.reason } : {}) });
  return { body, people };
}

const welcomesTo = (u: GraphUser) => connector.sent.filter((c) => (c.operation === 'sendToConversation' || c.operation === 'replyToActivity') && c.conversationId === `a:1personal-${u.id}`).length;

beforeAll(async () => {
  connector = await startConnectorStandIn({ rateLimits: false });
  graph = await startGraphStandIn({ users: [anna, bo, cecilie, dorte, frida, gustav, henrik], catalogAppId: CATALOG_APP_ID });
  storage = await openTestStorage();
});
afterAll(async () => {
  for (const running of apps) await running.app.stop();
  await storage.close();
  await graph.close();
  await connector.close();
});

describe('reaching the roster through Microsoft Graph', () => {
  it('finds each person by mail, other mails or guest UPN, installs the app once, is greeted once, and records why the others cannot be reached', async () => {
    const running = await start(true);
    // Graph throttles Anna's installation once: the Retry-After is waited out, and she is still installed once.
    graph.failNext('POST', `/v1.0/users/${anna.id}/teamwork/installedApps`, 429);
    expect((await upload(running, firstRoster)).status).toBe(200);
    await expect.poll(async () => Object.fromEntries((await coverage(running)).people), { timeout: 20_000 }).toEqual({
      'Anna Ærø': { reachable: true },
      'Bo Østergaard': { reachable: true },
      'Cecilie Holm': { reachable: false, reason: 'har ikke accepteret gæsteinvitationen' },
      'Dorte Lund': { reachable: false, reason: 'appen er blokeret af en politik i Teams' },
      'Erik Møller': { reachable: false, reason: 'ikke gæst i KOMBITs Teams' },
    });
    expect(Object.fromEntries(graph.installs)).toEqual({ [anna.id]: 1, [bo.id]: 1 });
    expect(graph.requests.filter((r) => r.status === 429)).toHaveLength(1);
    await expect.poll(() => [welcomesTo(anna), welcomesTo(bo)], { timeout: 10_000 }).toEqual([1, 1]);
    const { body } = await coverage(running);
    expect(body.graph).toEqual({ connected: true });
    expect(body.totals).toMatchObject({ municipalities: 98, withProgramLeader: 2, reachable: 1, people: 5, reachablePeople: 2 });
    expect(body.summary).toBe('1 af 98 kommuner kan nås i Teams');
    // Aarhus has people on the roster but none reachable: it comes before Lyngby-Taarbæk and after those with nobody listed only by name.
    expect(body.municipalities.find((m: any) => m.code === '751')).toMatchObject({ reachable: false, reason: 'ingen af de 2 på rollelisten kan nås' });
  });

  it('imports again without installing anyone twice; a kill after the import is finished by two instances, each person installed once', async () => {
    const first = apps[0]!;
    await first.app.stop();
    // This instance takes the roster and dies before its jobs run (no scheduler); Frida's installation went through but its answer was lost.
    graph.preinstall(frida.id);
    const dying = await start(false);
    const res = await upload(dying, secondRoster);
    expect(res.body.came.map((p: any) => p.name)).toEqual(['Frida Friis', 'Gustav Gram', 'Henrik Hald']);
    await dying.app.stop();
    const [b, c] = [await start(true), await start(true)];
    await expect.poll(async () => {
      const { people } = await coverage(b);
      return ['Frida Friis', 'Gustav Gram', 'Henrik Hald'].map((n) => people.get(n)?.reason ?? (people.get(n)?.reachable ? 'reached' : undefined));
    }, { timeout: 20_000 }).toEqual(['installeret; venter på at Teams åbner chatten', 'reached', 'reached']);
    expect(Object.fromEntries(graph.installs)).toEqual({ [anna.id]: 1, [bo.id]: 1, [gustav.id]: 1, [henrik.id]: 1 });
    expect(graph.requests.filter((r) => r.method === 'POST' && r.path === `/v1.0/users/${frida.id}/teamwork/installedApps`).map((r) => r.status)).toEqual([409]);
    await expect.poll(() => [welcomesTo(gustav), welcomesTo(henrik), welcomesTo(anna)], { timeout: 10_000 }).toEqual([1, 1, 1]);
    expect((await coverage(c)).people.get('Anna Ærø')).toEqual({ reachable: true });
  });
});
