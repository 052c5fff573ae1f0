import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type RunningApp } from './support/app.ts';
import { startConnectorStandIn, type ConnectorStandIn } from './support/connectorStandIn.ts';
import { startGraphStandIn, type GraphStandIn, type GraphUser } from './support/graphStandIn.ts';
import { ShiftClock } from './support/shiftClock.ts';

/** Guest invitations for roster people with no account in KOMBIT's tenant, through the Graph stand-in. */
const CATALOG_APP_ID = 'e3a8b1c2-0000-4000-8000-00000000ca7b';
const DAY = 24 * 3600_000;
let connector: ConnectorStandIn;
const apps: RunningApp[] = [];
const graphs: GraphStandIn[] = [];

const anna: GraphUser = { id: '00000000-0000-4000-8000-000000000301', displayName: 'Anna Ærø', mail: 'anna@ltk.dk', userPrincipalName: 'anna_ltk.dk#EXT#@kombit.onmicrosoft.com', userType: 'Guest', externalUserState: 'Accepted', teamsId: '29:1inv301' };
const roster = [
  'Kommune;Navn;E-mail;Rolle',
  'Lyngby-Taarbæk;Anna Ærø;anna@ltk.dk;Programleder',
  'Aarhus;Erik Møller;erik@aarhus.dk;Programleder',
  'Odense;Fiona Falk;fiona@odense.dk;Sikkerhedsansvarlig',
].join('\r\n');

async function start(graph: GraphStandIn, clock: ShiftClock): Promise<RunningApp> {
  const running = await startTestApp({ clock, workers: true, env: { GRAPH_CATALOG_APP_ID: CATALOG_APP_ID, GRAPH_BASE_URL: graph.baseUrl } });
  apps.push(running);
  graph.announceTo(running.baseUrl, connector.serviceUrl);
  return running;
}

const post = (running: RunningApp, path: string, body: string, type = 'application/json') =>
  fetch(`${running.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': type }, body }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
const invite = (running: RunningApp, body: unknown) => post(running, '/api/roster/invitations', JSON.stringify(body));

async function people(running: RunningApp) {
  const body = (await (await fetch(`${running.baseUrl}/api/roster/coverage`)).json()) as any;
  const map: Record<string, { reachable: boolean; reason?: string; invitable?: boolean }> = {};
  for (const m of body.municipalities) for (const p of [...m.programLeaders, ...m.others]) map[p.name] = { reachable: p.reachable, ...(p.reason ? { reason: p.reason } : {}), ...(p.invitable ? { invitable: true } : {}) };
  return { map, totals: body.totals };
}

beforeAll(async () => {
  connector = await startConnectorStandIn({ rateLimits: false });
});
afterAll(async () => {
  for (const running of apps) await running.close();
  for (const graph of graphs) await graph.close();
  await connector.close();
});

describe('guest invitations', () => {
  it('invites one person or all uninvited with a Danish text, never twice, and reaches an invited guest once they accept', async () => {
    const graph = await startGraphStandIn({ users: [anna], catalogAppId: CATALOG_APP_ID });
    graphs.push(graph);
    const clock = new ShiftClock('2026-11-30T08:00:00Z');
    const running = await start(graph, clock);
    expect((await post(running, '/api/roster/import?filename=roller.csv', roster, 'text/csv')).status).toBe(200);
    await expect.poll(async () => (await people(running)).map, { timeout: 20_000 }).toEqual({
      'Anna Ærø': { reachable: true },
      'Erik Møller': { reachable: false, reason: 'ikke gæst i KOMBITs Teams', invitable: true },
      'Fiona Falk': { reachable: false, reason: 'ikke gæst i KOMBITs Teams', invitable: true },
    });
    expect((await people(running)).totals.invitable).toBe(2);

    // Bad requests are answered in Danish and send nothing.
    const empty = await invite(running, {});
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toBe('Nogle felter er ikke udfyldt rigtigt.');
    expect(empty.body.error.issues.map((i: any) => i.message)).toEqual(['skal være {"email": "…"} for én person eller {"all": true} for alle, der ikke er gæster']);
    const stranger = await invite(running, { email: 'ukendt@aarhus.dk' });
    expect(stranger.status).toBe(404);
    expect(stranger.body.error.message).toBe('Personen ukendt@aarhus.dk på rollelisten findes ikke.');
    const guest = await invite(running, { email: 'ANNA@ltk.dk' });
    expect(guest.status).toBe(409);
    expect(guest.body.error.message).toContain('Anna Ærø skal ikke inviteres');
    expect(graph.invitations).toHaveLength(0);

    // One person.
    const erik = await invite(running, { email: 'erik@aarhus.dk' });
    expect(erik).toEqual({ status: 200, body: { message: 'Gæsteinvitationen til Erik Møller sendes.', invited: [{ name: 'Erik Møller', email: 'erik@aarhus.dk', municipality: 'Aarhus' }] } });
    await expect.poll(() => graph.invitations.length, { timeout: 10_000 }).toBe(1);
    const sent = graph.invitations[0]!;
    expect(sent).toMatchObject({ email: 'erik@aarhus.dk', displayName: 'Erik Møller', sendInvitationMessage: true, redirectUrl: `https://teams.microsoft.com/l/app/${CATALOG_APP_ID}?tenantId=${running.config.entra?.tenantId ?? ''}`.replace(/\?tenantId=$/, '') });
    expect(sent.messageBody).toContain('Kære Erik Møller');
    expect(sent.messageBody).toContain('KLIKs Rollegalleri for Aarhus');
    await expect.poll(async () => (await people(running)).map['Erik Møller'], { timeout: 10_000 }).toEqual({ reachable: false, reason: 'har ikke accepteret gæsteinvitationen' });
    const again = await invite(running, { email: 'erik@aarhus.dk' });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe('Erik Møller er allerede inviteret som gæst. Intet er ændret.');

    // Two staff click "invite" for Fiona at the same moment (Graph throttles the first try): one invitation.
    graph.failNext('POST', '/v1.0/invitations', 429);
    const clicks = await Promise.all([invite(running, { email: 'fiona@odense.dk' }), invite(running, { all: true })]);
    expect(clicks.flatMap((c) => c.body.invited ?? []).map((p: any) => p.name)).toEqual(['Fiona Falk']);
    await expect.poll(() => graph.invitations.length, { timeout: 15_000 }).toBe(2);
    const rest = await invite(running, { all: true });
    expect(rest).toEqual({ status: 200, body: { message: 'Der er ingen at invitere: alle på rollelisten er gæster i KOMBITs Teams eller allerede inviteret.', invited: [] } });
    expect(graph.requests.filter((r) => r.path === '/v1.0/invitations').map((r) => r.status)).toEqual([201, 429, 201]);

    // Erik accepts; the next day's look installs the app for him and he is greeted once. Fiona has not accepted.
    const erikId = sent.userId;
    graph.acceptInvitation('erik@aarhus.dk');
    clock.advance(DAY + 60_000);
    await expect.poll(async () => (await people(running)).map['Erik Møller'], { timeout: 15_000 }).toEqual({ reachable: true });
    expect(graph.installs.get(erikId)).toBe(1);
    const welcomes = () => connector.sent.filter((c) => (c.operation === 'sendToConversation' || c.operation === 'replyToActivity') && c.conversationId === `a:1personal-${erikId}`).length;
    await expect.poll(welcomes, { timeout: 10_000 }).toBe(1);
    expect((await people(running)).map['Fiona Falk']).toEqual({ reachable: false, reason: 'har ikke accepteret gæsteinvitationen' });

    // Thirty days without accepting: Fiona is given up on, and said so.
    const fiona = async () => {
      clock.advance(DAY);
      await running.app.scheduler.tick();
      return (await people(running)).map['Fiona Falk'];
    };
    await expect.poll(fiona, { timeout: 30_000, interval: 50 }).toEqual({ reachable: false, reason: 'har ikke accepteret gæsteinvitationen inden for 30 dage' });
    expect(graph.invitations.map((i) => i.email)).toEqual(['erik@aarhus.dk', 'fiona@odense.dk']);
  });

  it('records a refused invitation as the reason when the tenant does not allow guest invitations', async () => {
    const graph = await startGraphStandIn({ users: [anna], catalogAppId: CATALOG_APP_ID, invitationsDisabled: true });
    graphs.push(graph);
    const running = await start(graph, new ShiftClock('2026-11-30T08:00:00Z'));
    expect((await post(running, '/api/roster/import?filename=roller.csv', roster, 'text/csv')).status).toBe(200);
    await expect.poll(async () => (await people(running)).totals.invitable, { timeout: 20_000 }).toBe(2);
    expect((await invite(running, { all: true })).body.message).toBe('Gæsteinvitationer sendes til 2 personer.');
    await expect.poll(async () => (await people(running)).map['Erik Møller'], { timeout: 10_000 }).toEqual({ reachable: false, reason: 'Microsoft Graph nægtede at sende gæsteinvitationen' });
    const retry = await invite(running, { email: 'erik@aarhus.dk' });
    expect(retry.status).toBe(409);
    expect(retry.body.error.message).toContain('Microsoft Graph nægtede at sende gæsteinvitationen til Erik Møller');
    expect(graph.invitations).toHaveLength(0);
  });

  it('refuses to invite when Microsoft Graph is not connected', async () => {
    const running = await startTestApp();
    apps.push(running);
    expect((await post(running, '/api/roster/import?filename=roller.csv', roster, 'text/csv')).status).toBe(200);
    const res = await invite(running, { all: true });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe('Appen er ikke forbundet til Microsoft Graph, så der kan ikke sendes gæsteinvitationer. Intet er ændret.');
  });
});
