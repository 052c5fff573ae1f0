import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type RunningApp } from './support/app.ts';
import { startConnectorStandIn, type ConnectorStandIn } from './support/connectorStandIn.ts';
import { person } from './support/activities.ts';
import { install } from './support/installs.ts';
import { ManualClock } from '../bot/domain/time.ts';
import { newProfile } from '../bot/domain/user.ts';
import { keyedTaskId, taskNotificationId } from '../bot/klikTasks/klikTaskService.ts';

let running: RunningApp;
let connector: ConnectorStandIn;
const clock = new ManualClock('2026-11-23T09:00:00Z');

const anna = person(101, 'Anna Ærø'); // programleder, Lyngby-Taarbæk (173)
const bo = person(102, 'Bo Østergaard'); // sikkerhedsansvarlig, Lyngby-Taarbæk
const cecilie = person(103, 'Cecilie Holm'); // sikkerhedsansvarlig, Aarhus (751)
const dorte = person(104, 'Dorte Lund'); // DPO, Lyngby-Taarbæk
const erik = person(105, 'Erik Møller'); // programleder, Aarhus; chose København himself
const people = [anna, bo, cecilie, dorte, erik];
const emailOf = (p: { name: string }) => `${p.name.split(' ')[0]!.toLowerCase()}@kommune.dk`;

/** KLIK's Rollegalleri as Danish Excel saves it: Windows-1252, `;`, CRLF. */
const firstRoster = Buffer.from(
  [
    'Kommune;Navn;E-mail;Rolle',
    'Lyngby-Taarbæk Kommune;Anna Ærø;Anna@Kommune.dk;KOMBIT-programleder',
    '173;Bo Østergaard;bo@kommune.dk;Sikkerhedsansvarlig',
    'Aarhus;Cecilie Holm;cecilie@kommune.dk;sikkerhedsansvarlig',
    '0173;Dorte Lund;dorte@kommune.dk;DPO',
    'Aarhus Kommune;Erik Møller;erik@kommune.dk;programleder',
    'Aarhus Kommune;Erik Møller;erik@kommune.dk;Aftaleadministrator',
  ].join('\r\n'),
  'latin1',
);

async function api(method: string, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${running.baseUrl}${path}`, { method, headers });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
}

async function upload(content: Buffer | string, filename = 'rollegalleri.csv', headers: Record<string, string> = {}) {
  const res = await fetch(`${running.baseUrl}/api/roster/import?filename=${filename}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', ...headers }, body: typeof content === 'string' ? content : new Uint8Array(content) });
  return { status: res.status, body: (await res.json()) as any };
}

const personalSends = () => connector.sent.filter((c) => (c.operation === 'sendToConversation' || c.operation === 'replyToActivity') && (c.conversationId ?? '').startsWith('a:1personal-'));

beforeAll(async () => {
  connector = await startConnectorStandIn({ rateLimits: false });
  running = await startTestApp({ clock, workers: true });
  const { repos } = running.app;
  await repos.solutions.upsert({ id: 'sygesikring', name: 'Sygesikring', description: '', phase: 'operation', status: 'onTrack', milestones: [] });
  // They have talked to the bot, so Teams told the app their e-mail; Erik chose København himself.
  for (const p of people) {
    await repos.users.save(newProfile(p.aadObjectId, { name: p.name, email: emailOf(p), ...(p === erik ? { municipalityCode: '101' } : {}) }));
    await install(repos, connector.serviceUrl, { person: p });
  }
});
afterAll(async () => {
  await running.close();
  await connector.close();
});

describe('importing the KLIK roster', () => {
  it('refuses a sheet with bad rows, names each row, column and reason in Danish, and changes nothing', async () => {
    const csv = [
      'Kommune;Navn;E-mail;Rolle',
      'Lyngby-Taarbæk;Anna Ærø;anna@kommune.dk;Programleder',
      'Atlantis;Bo Østergaard;bo@kommune.dk;Sikkerhedsansvarlig',
      'Aarhus;Cecilie Holm;cecilie(at)kommune.dk;Kaffeansvarlig',
      '999;Dorte Lund;;DPO',
    ].join('\r\n');
    const res = await upload(Buffer.from(csv, 'latin1'));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('Rollelisten er ikke indlæst, fordi 3 rækker har fejl. Intet er ændret – ret rækkerne, og indlæs filen igen.');
    expect(res.body.error.rows).toEqual([
      { row: 3, column: 'Kommune', message: 'kender ikke kommunen "Atlantis"' },
      { row: 4, column: 'E-mail', message: 'skal være én e-mailadresse som navn@kommune.dk (der står "cecilie(at)kommune.dk")' },
      { row: 4, column: 'Rolle', message: 'er ikke en rolle i KLIKs Rollegalleri (der står "Kaffeansvarlig")' },
      { row: 5, column: 'Kommune', message: '999 er ikke en kendt kommunekode' },
      { row: 5, column: 'E-mail', message: 'skal udfyldes' },
    ]);
    const coverage = await api('GET', '/api/roster/coverage');
    expect(coverage.body.totals).toMatchObject({ municipalities: 98, withProgramLeader: 0, reachable: 0, people: 0 });
  });

  it('refuses a person listed under two municipalities, pointing to the first row', async () => {
    const csv = ['Kommune;Navn;E-mail;Rolle', 'Aarhus;Erik Møller;erik@kommune.dk;Programleder', 'Odense;Erik Møller;erik@kommune.dk;DPO'].join('\n');
    const res = await upload(csv);
    expect(res.status).toBe(400);
    expect(res.body.error.rows).toEqual([{ row: 3, column: 'Kommune', message: 'personen står allerede i række 2 under Aarhus; én person kan kun høre til én kommune' }]);
  });

  it('refuses a program leader: only KOMBIT staff import the roster', async () => {
    const res = await upload(firstRoster, 'rollegalleri.csv', { 'x-demo-municipality': '173' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('Kun KOMBIT-medarbejdere kan gøre dette.');
  });

  it('takes a Windows-1252 sheet with names, "X Kommune" and kommunekoder, gathers each person\'s roles, and shows a municipality conflict', async () => {
    const res = await upload(firstRoster);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ people: 5, rows: 6, municipalities: 2, left: [], changed: [] });
    expect(res.body.came.map((p: any) => [p.name, p.municipality, p.roles])).toEqual([
      ['Anna Ærø', 'Lyngby-Taarbæk', ['KOMBIT-programleder']],
      ['Bo Østergaard', 'Lyngby-Taarbæk', ['Sikkerhedsansvarlig']],
      ['Cecilie Holm', 'Aarhus', ['Sikkerhedsansvarlig']],
      ['Dorte Lund', 'Lyngby-Taarbæk', ['Databeskyttelsesrådgiver (DPO)']],
      ['Erik Møller', 'Aarhus', ['KOMBIT-programleder', 'Aftaleadministrator']],
    ]);
    expect(res.body.came[0].email).toBe('anna@kommune.dk');
    // Erik chose København in the app; the roster says Aarhus. Staff decide; the app does not.
    expect(res.body.conflicts).toEqual([{ name: 'Erik Møller', email: 'erik@kommune.dk', roster: 'Aarhus', chosen: 'København' }]);
    const { repos } = running.app;
    expect((await repos.users.get(anna.aadObjectId))?.value.municipalityCode).toBe('173');
    expect((await repos.users.get(erik.aadObjectId))?.value.municipalityCode).toBe('101');
  });

  it('replaces the roster with a UTF-8, comma-separated one and says who came, who left and who changed role', async () => {
    const csv = [
      '\ufeffKommune,Navn,E-mail,Rolle',
      'Lyngby-Taarbæk,Anna Ærø,anna@kommune.dk,Programleder',
      'Lyngby-Taarbæk,Bo Østergaard,bo@kommune.dk,Sikkerhedsansvarlig',
      'Aarhus,Cecilie Holm,cecilie@kommune.dk,Sikkerhedsansvarlig',
      'Lyngby-Taarbæk,Dorte Lund,dorte@kommune.dk,Databeskyttelsesrådgiver (DPO)',
      'Lyngby-Taarbæk,Dorte Lund,dorte@kommune.dk,Underskriftsberettiget',
      'Aarhus,Erik Møller,erik@kommune.dk,KOMBIT programleder',
      'Odense,Frida Friis,frida@kommune.dk,PROGRAMLEDER',
    ].join('\n');
    const res = await upload(Buffer.from(csv, 'utf8'));
    expect(res.status).toBe(200);
    expect(res.body.came.map((p: any) => p.name)).toEqual(['Frida Friis']);
    expect(res.body.left).toEqual([]);
    expect(res.body.changed.map((c: any) => [c.after.name, c.before.roles, c.after.roles])).toEqual([
      ['Dorte Lund', ['Databeskyttelsesrådgiver (DPO)'], ['Databeskyttelsesrådgiver (DPO)', 'Underskriftsberettiget']],
      ['Erik Møller', ['KOMBIT-programleder', 'Aftaleadministrator'], ['KOMBIT-programleder']],
    ]);
    const back = await upload(firstRoster);
    expect(back.body.left.map((p: any) => p.name)).toEqual(['Frida Friis']);
  });
});

describe('coverage', () => {
  it('answers per municipality, unreached first, with the totals, and says honestly that Graph is not connected', async () => {
    const res = await api('GET', '/api/roster/coverage');
    expect(res.status).toBe(200);
    expect(res.body.graph).toEqual({ connected: false, message: 'ikke forbundet til Microsoft Graph' });
    expect(res.body.totals).toEqual({ municipalities: 98, withProgramLeader: 2, reachable: 2, people: 5, reachablePeople: 5, invitable: 0 });
    expect(res.body.summary).toBe('2 af 98 kommuner kan nås i Teams');
    const lyngby = res.body.municipalities.find((m: any) => m.code === '173');
    expect(lyngby.programLeaders.map((p: any) => p.name)).toEqual(['Anna Ærø']);
    expect(lyngby.others.map((p: any) => [p.name, p.reachable])).toEqual([['Bo Østergaard', true], ['Dorte Lund', true]]);
    expect(res.body.municipalities[0]).toMatchObject({ reachable: false, reason: 'ingen på rollelisten' });
    expect(res.body.municipalities.at(-1).reachable).toBe(true);
    expect(res.body.conflicts).toHaveLength(1);
  });

  it('names why a roster person cannot be reached', async () => {
    const { repos } = running.app;
    await repos.installations.markInactive((await repos.installations.personalChatOf(cecilie.aadObjectId))!.key, '403 BotDisabledByAdmin', clock.now());
    const res = await api('GET', '/api/roster/coverage');
    const aarhus = res.body.municipalities.find((m: any) => m.code === '751');
    expect(aarhus.others).toEqual([expect.objectContaining({ name: 'Cecilie Holm', reachable: false, reason: 'ikke forbundet til Microsoft Graph' })]);
    expect(aarhus.reachable).toBe(true);
    await install(repos, connector.serviceUrl, { person: cecilie });
  });

  it('is for KOMBIT staff only', async () => {
    const res = await api('GET', '/api/roster/coverage', { 'x-demo-municipality': '173' });
    expect(res.status).toBe(403);
  });
});

describe('delivery by role', () => {
  const task = {
    solutionId: 'sygesikring', title: 'Udpeg sikkerhedsansvarlig for Sygesikring', description: '', type: 'Obligatorisk',
    startDate: '2026-11-23', deadline: '2026-12-18', responsibleRole: 'Sikkerhedsansvarlig',
  };
  const publish = (body: object, key: string) =>
    fetch(`${running.baseUrl}/api/klik-tasks`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

  it('sends a KLIK task for the sikkerhedsansvarlig to the roster\'s sikkerhedsansvarlige and program leaders, once each, and to no other 1:1 chat', async () => {
    const before = personalSends().length;
    const res = await publish(task, 'roster-1');
    expect(res.status).toBe(201);
    const id = taskNotificationId(res.body.task.id);
    await expect.poll(async () => (await running.app.delivery.report(id)).pending, { timeout: 10_000 }).toBe(0);
    const to = personalSends().slice(before).map((c) => c.conversationId).sort();
    // Erik is Aarhus' program leader by the roster, whatever he chose himself; Dorte (DPO) is not addressed.
    expect(to).toEqual([anna, bo, cecilie, erik].map((p) => `a:1personal-${p.aadObjectId}`).sort());
  });

  it('leaves out the municipalities that have completed the task', async () => {
    const { repos } = running.app;
    // A publish that stored the task and Aarhus' "Fuldført" before dying; the retry with the same key sends the card.
    const now = clock.now().toISOString();
    const id = keyedTaskId('demo-kombit', 'roster-2');
    await repos.klikTasks.create({ ...task, type: 'mandatory', id, createdAt: now, updatedAt: now, cardPending: true } as never);
    await repos.klikTasks.setStatus({ taskId: id, municipalityCode: '751', status: 'done' });
    const before = personalSends().length;
    const res = await publish(task, 'roster-2');
    expect(res.body.task.id).toBe(id);
    await expect.poll(async () => (await running.app.delivery.report(taskNotificationId(id))).pending, { timeout: 10_000 }).toBe(0);
    const to = personalSends().slice(before).map((c) => c.conversationId).sort();
    expect(to).toEqual([anna, bo].map((p) => `a:1personal-${p.aadObjectId}`).sort());
  });
});

describe('agreement reminders by role', () => {
  it('remind the program leader and the underskriftsberettiget of each municipality that has not answered, and no other role', async () => {
    const roster = ['Kommune;Navn;E-mail;Rolle', 'Lyngby-Taarbæk;Anna Ærø;anna@kommune.dk;Programleder', 'Lyngby-Taarbæk;Bo Østergaard;bo@kommune.dk;Sikkerhedsansvarlig',
      'Aarhus;Cecilie Holm;cecilie@kommune.dk;Sikkerhedsansvarlig', 'Lyngby-Taarbæk;Dorte Lund;dorte@kommune.dk;Underskriftsberettiget', 'Aarhus;Erik Møller;erik@kommune.dk;Aftaleadministrator'].join('\n');
    expect((await upload(roster)).status).toBe(200);
    const created = await fetch(`${running.baseUrl}/api/agreements`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ solutionId: 'sygesikring', signingChannel: 'addo', recipients: ['KOMBIT-programledere'], sentDate: '2026-11-23', kind: 'connection', title: 'Tilslutningsaftale til Sygesikring', deadline: '2026-12-07' }),
    }).then((r) => r.json() as Promise<any>);
    const id = created.agreement.id;
    // Aarhus has answered; Lyngby-Taarbæk has not.
    await fetch(`${running.baseUrl}/api/agreements/${id}/signatures/751`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ state: 'signed', signedDate: '2026-11-23' }) });
    const before = personalSends().length;
    clock.set('2026-11-30T08:00:30Z'); // D-7 at 09:00 Danish time
    await running.app.scheduler.tick();
    // 30-11-2026 is a Monday: the weekly 'det mangler' overview, which names the agreement too, comes the same morning.
    const reminded = () => personalSends().slice(before).filter((c) => JSON.stringify(c.activity).includes('Tilslutningsaftale til Sygesikring') && JSON.stringify(c.activity).includes('Påmindelse: fristen for at underskrive')).map((c) => c.conversationId).sort();
    await expect.poll(reminded, { timeout: 10_000 }).toEqual([anna, dorte].map((p) => `a:1personal-${p.aadObjectId}`).sort());
    await expect.poll(async () => (await running.app.repos.notifications.unfinished()).length, { timeout: 10_000 }).toBe(0);
    expect(reminded()).toHaveLength(2);
  });
});
