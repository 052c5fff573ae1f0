import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type RunningApp } from './support/app.ts';
import { startConnectorStandIn, type ConnectorStandIn } from './support/connectorStandIn.ts';
import { installationUpdate, person, post, type Person } from './support/activities.ts';
import { install } from './support/installs.ts';
import { newProfile } from '../bot/domain/user.ts';
import { ManualClock } from '../bot/domain/time.ts';

/**
 * People on the KLIK roster (issue 14) as other capabilities see them: survey audiences by role
 * (issue 16) — "Sikkerhedsansvarlig" goes to the roster's holders of that role, "Programleder" also
 * to program leaders who are not on the roster, and chosen municipalities narrow either — and a
 * roster person's first contact with the bot, which starts with the roster's municipality.
 */
let running: RunningApp;
let connector: ConnectorStandIn;
const clock = new ManualClock('2026-12-01T09:00:00Z');
const CLOSES = '2026-12-10T15:00:00.000Z';

const sikkerKbh = person(70, 'Søren Sikker'); // on the roster: sikkerhedsansvarlig, København
const plKbh = person(71, 'Pia Programleder'); // on the roster: programleder, København
const sikkerAarhus = person(72, 'Sara Sikker'); // on the roster: sikkerhedsansvarlig and programleder, Aarhus
const selfChosen = person(73, 'Ulla Uden Rolle'); // not on the roster; chose Odense herself
const people: [Person, string, string][] = [
  [sikkerKbh, 'soren@kk.dk', '101'],
  [plKbh, 'pia@kk.dk', '101'],
  [sikkerAarhus, 'sara@aarhus.dk', '751'],
  [selfChosen, 'ulla@odense.dk', '461'],
];

async function api(method: string, path: string, body?: unknown, contentType = 'application/json') {
  const res = await fetch(`${running.baseUrl}${path}`, { method, headers: { 'content-type': contentType }, body: typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
}

/** Who a survey with this audience is sent to, by name. */
async function sentTo(audience: Record<string, unknown>): Promise<string[]> {
  const created = await api('POST', '/api/surveys', { title: `Til ${JSON.stringify(audience)}`, audience, closesAt: CLOSES, questions: [{ type: 'scale', text: 'Rollen er tydelig' }] });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const sent = await api('POST', `/api/surveys/${created.body.survey.id}/send`);
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  const recipients = await running.app.repos.surveys.recipients(created.body.survey.id);
  return recipients.map((r) => people.find(([p]) => p.aadObjectId === r.userId)![0].name).sort();
}

beforeAll(async () => {
  connector = await startConnectorStandIn({ rateLimits: false });
  running = await startTestApp({ clock, env: { DEV_USER_IS_STAFF: 'false', STAFF_USER_IDS: 'demo-kombit' } });
  const { repos } = running.app;
  for (const [p, email, code] of people) {
    // Sara chose Odense herself; the roster's Aarhus is what counts for her.
    await repos.users.save(newProfile(p.aadObjectId, { name: p.name, email, municipalityCode: p === sikkerAarhus ? '461' : code }));
    await install(repos, connector.serviceUrl, { person: p });
  }
  const sheet = ['Kommune;Navn;E-mail;Rolle', 'København;Søren Sikker;soren@kk.dk;Sikkerhedsansvarlig', 'København;Pia Programleder;pia@kk.dk;KOMBIT-programleder', 'Aarhus;Sara Sikker;sara@aarhus.dk;Sikkerhedsansvarlig', 'Aarhus;Sara Sikker;sara@aarhus.dk;Programleder', 'Vejle;Vera Ny;vera@vejle.dk;Programleder'].join('\r\n');
  const imported = await api('POST', '/api/roster/import?filename=rollegalleri.csv', sheet, 'application/octet-stream');
  expect(imported.status, JSON.stringify(imported.body)).toBe(200);
});
afterAll(async () => {
  await running?.close();
  await connector?.close();
});

describe('survey audiences by KLIK role', () => {
  it('sends a survey for a role to the roster\'s holders of that role and nobody else', async () => {
    expect(await sentTo({ roles: ['Sikkerhedsansvarlig'] })).toEqual(['Sara Sikker', 'Søren Sikker']);
  });

  it('sends one for program leaders to the roster\'s program leaders and to those not on the roster', async () => {
    expect(await sentTo({ roles: ['programleder'] })).toEqual(['Pia Programleder', 'Sara Sikker', 'Ulla Uden Rolle']);
    expect(await sentTo({ all: true })).toEqual(['Pia Programleder', 'Sara Sikker', 'Ulla Uden Rolle']);
  });

  it('narrows a role to the chosen municipalities, by the roster\'s municipality, not the self-chosen one', async () => {
    expect(await sentTo({ roles: ['sikkerhedsansvarlig'], municipalities: ['751'] })).toEqual(['Sara Sikker']);
    expect(await sentTo({ municipalities: ['461'] })).toEqual(['Ulla Uden Rolle']);
  });

  it('refuses a role KLIK does not have, in Danish, and stores nothing', async () => {
    const before = (await running.app.repos.surveys.list()).length;
    const res = await api('POST', '/api/surveys', { title: 'x', audience: { roles: ['Chefkok'] }, closesAt: CLOSES, questions: [{ type: 'scale', text: 'Rollen er tydelig' }] });
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toEqual([{ field: 'audience.roles.0', message: 'skal være roller fra KLIKs Rollegalleri (fx Programleder, Sikkerhedsansvarlig)' }]);
    expect(await running.app.repos.surveys.list()).toHaveLength(before);
  });
});

describe('a roster person\'s first contact', () => {
  it('starts with the roster\'s municipality, not the e-mail domain\'s guess or a question', async () => {
    const vera = person(80, 'Vera Ny');
    // Her address says Vejle too, but a municipal address can belong to a joint service; the roster decides.
    connector.setDefaultMembers([{ id: vera.id, aadObjectId: vera.aadObjectId, name: vera.name, email: 'Vera@Vejle.dk', userPrincipalName: 'vera_vejle.dk#EXT#@kombit.onmicrosoft.com' } as any]);
    await post(running.baseUrl, installationUpdate(connector.serviceUrl, vera, 'add', 'personal'));
    const welcome = await connector.waitFor((c) => c.conversationId === `a:1personal-${vera.aadObjectId}` && JSON.stringify(c.activity ?? {}).includes('Velkommen'));
    expect(JSON.stringify(welcome.activity)).toContain('Velkommen! Du er programleder for Vejle Kommune');
    expect((await running.app.repos.users.get(vera.aadObjectId))?.value.municipalityCode).toBe('630');
  });

  it('asks someone not on the roster, as before', async () => {
    const otto = person(81, 'Otto Udenfor');
    connector.setDefaultMembers([{ id: otto.id, aadObjectId: otto.aadObjectId, name: otto.name, email: 'otto@example.org', userPrincipalName: 'otto_example.org#EXT#@kombit.onmicrosoft.com' } as any]);
    await post(running.baseUrl, installationUpdate(connector.serviceUrl, otto, 'add', 'personal'));
    const welcome = await connector.waitFor((c) => c.conversationId === `a:1personal-${otto.aadObjectId}` && JSON.stringify(c.activity ?? {}).includes('Velkommen'));
    expect(JSON.stringify(welcome.activity)).toContain('Velkommen! Hvilken kommune er du programleder for?');
    expect((await running.app.repos.users.get(otto.aadObjectId))?.value.municipalityCode).toBeUndefined();
  });
});
