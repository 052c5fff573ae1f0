import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type RunningApp } from './support/app.ts';
import { startConnectorStandIn, type ConnectorStandIn } from './support/connectorStandIn.ts';
import { cardAction, channelMention, person, personalMessage, post, type Person } from './support/activities.ts';
import { install } from './support/installs.ts';
import { expectValidTeamsCard } from './support/cards.ts';
import { ShiftClock } from './support/shiftClock.ts';
import { newProfile } from '../bot/domain/user.ts';
import { eventNotificationId } from '../bot/events/eventService.ts';

/** Events over HTTP: staff create and announce through the API, people sign up by clicking the card as Teams sends the click. */
let running: RunningApp;
let connector: ConnectorStandIn;
// Real time from a chosen day: coalesced card refreshes need time to pass by itself.
const clock = new ShiftClock('2026-06-10T08:00:00Z');
const anna = person(1, 'Anna Hansen'); // Lyngby-Taarbæk
const bo = person(2, 'Bo Jensen'); // Aarhus
const cecilie = person(3, 'Cecilie Holm'); // København
const dorte = person(4, 'Dorte Lund'); // Aarhus
const staff = person(9, 'Karin KOMBIT');
const TEAM = '19:team-a@thread.tacv2';

const workshop = {
  kind: 'Workshop',
  title: 'Programleder-workshop: Den nye programlederrolle',
  description: 'Heldagsworkshop på et mødested midt i landet for 15–20 programledere.',
  place: 'Mødested midt i landet',
  startsAt: '19-09-2026 09:30',
  endsAt: '19-09-2026 15:30',
  signupDeadline: '30-06-2026',
  capacity: 2,
};

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${running.baseUrl}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  const raw = await res.text();
  let json: any;
  try {
    json = JSON.parse(raw);
  } catch {
    json = undefined;
  }
  return { status: res.status, body: json, raw, headers: res.headers };
}

const click = (who: Person, verb: string, data: Record<string, unknown>, where: 'personal' | 'channel' = 'channel') => post(running.baseUrl, cardAction(connector.serviceUrl, who, verb, data, where));
const cardJson = (res: { body: any }) => JSON.stringify(res.body.value);
const chatOf = (p: Person) => `a:1personal-${p.aadObjectId}`;
const roll = async (eventId: string) => (await running.app.repos.events.roll(eventId))?.value.entries ?? [];

beforeAll(async () => {
  connector = await startConnectorStandIn({ rateLimits: false });
  running = await startTestApp({ clock, workers: true, delivery: { refreshIntervalMs: 200 }, env: { DEV_USER_IS_STAFF: 'false', STAFF_USER_IDS: `demo-kombit,${staff.id}` } });
  const { repos } = running.app;
  await repos.users.save(newProfile(anna.aadObjectId, { name: anna.name, municipalityCode: '173' }));
  await repos.users.save(newProfile(bo.aadObjectId, { name: bo.name, municipalityCode: '751' }));
  await repos.users.save(newProfile(cecilie.aadObjectId, { name: cecilie.name, municipalityCode: '101' }));
  await repos.users.save(newProfile(dorte.aadObjectId, { name: dorte.name, municipalityCode: '751' }));
  await install(repos, connector.serviceUrl, { team: TEAM });
  for (const p of [anna, bo, cecilie, dorte, staff]) await install(repos, connector.serviceUrl, { person: p });
});
afterAll(async () => {
  await running?.close();
  await connector?.close();
});

let eventId: string;

describe('creating an event', () => {
  it('refuses a program leader: only KOMBIT staff create events, and nothing is stored', async () => {
    const res = await api('POST', '/api/events', workshop, { 'x-demo-municipality': '173' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('Kun KOMBIT-medarbejdere kan gøre dette.');
    expect((await api('GET', '/api/events')).body.events).toEqual([]);
  });

  it('refuses bad input with every problem named in Danish, and stores nothing', async () => {
    const res = await api('POST', '/api/events', { ...workshop, kind: 'Fest', endsAt: '19-09-2026 08:00', signupDeadline: '31-02-2026', capacity: 0, place: undefined });
    expect(res.status).toBe(400);
    const fields = Object.fromEntries(res.body.error.issues.map((i: { field: string; message: string }) => [i.field, i.message]));
    expect(fields.kind).toBe('skal være Workshop, Webinar, Gå-hjem-møde eller Hjælpepakke');
    expect(fields.signupDeadline).toBe('skal være et tidspunkt på formen dd-mm-åååå tt:mm (dansk tid), fx 24-04-2026 12:30');
    expect(fields.capacity).toBe('skal være et helt antal pladser fra 1 til 250');
    const rules = await api('POST', '/api/events', { ...workshop, endsAt: '19-09-2026 08:00', signupDeadline: '20-09-2026', place: undefined });
    expect(rules.body.error.issues).toEqual([
      { field: 'endsAt', message: 'skal ligge efter starttidspunktet' },
      { field: 'signupDeadline', message: 'skal ligge før arrangementet begynder' },
      { field: 'place', message: 'Angiv et sted eller et link til onlinemødet' },
    ]);
    expect((await api('GET', '/api/events')).body.events).toEqual([]);
  });

  it('stores a draft in Danish time and sends nothing until it is announced', async () => {
    const res = await api('POST', '/api/events', workshop);
    expect(res.status).toBe(201);
    eventId = res.body.event.id;
    expect(res.body.event).toMatchObject({ kind: 'workshop', state: 'draft', capacity: 2, confirmed: 0, waiting: 0, startsAt: '2026-09-19T09:30:00.000+02:00', signupDeadline: '2026-06-30T23:59:00.000+02:00' });
    expect(connector.sent.filter((c) => c.operation === 'sendToConversation')).toHaveLength(0);
  });

  it('a program leader cannot announce or change it either', async () => {
    expect((await api('POST', `/api/events/${eventId}/announce`, undefined, { 'x-demo-municipality': '173' })).status).toBe(403);
    expect((await api('PATCH', `/api/events/${eventId}`, { capacity: 50 }, { 'x-demo-municipality': '173' })).status).toBe(403);
    expect((await api('GET', `/api/events/${eventId}`)).body.event).toMatchObject({ state: 'draft', capacity: 2 });
  });
});

describe('announcing and signing up', () => {
  it('sends the card to the channel and each program leader\'s 1:1 chat once, with Tilmeld and the seats', async () => {
    const res = await api('POST', `/api/events/${eventId}/announce`);
    expect(res.status).toBe(200);
    expect(res.body.notificationId).toBe(eventNotificationId(eventId));
    const targets = [TEAM, chatOf(anna), chatOf(bo), chatOf(cecilie), chatOf(dorte)];
    await connector.waitFor(() => targets.every((t) => connector.sent.some((c) => c.conversationId === t)), 10_000);
    // Announcing again sends nothing twice.
    await api('POST', `/api/events/${eventId}/announce`);
    await expect.poll(async () => (await api('GET', `/api/notifications/${encodeURIComponent(eventNotificationId(eventId))}/report`)).body).toMatchObject({ total: 5, sent: 5 });
    expect(connector.sent.filter((c) => c.conversationId === chatOf(staff))).toHaveLength(0);
    const shared = (connector.sent.find((c) => c.conversationId === TEAM)!.activity as any).attachments[0].content;
    expectValidTeamsCard(shared);
    const json = JSON.stringify(shared);
    expect(json).toContain('Invitation · Workshop');
    expect(json).toContain('19-09-2026 kl. 09:30–15:30');
    expect(json).toContain('30-06-2026 kl. 23:59');
    expect(json).toContain('0 af 2 pladser taget');
    expect(json).toContain('"verb":"eventSignup"');
    expect(json).toContain('"verb":"eventCancelSignup"');
  });

  it('gives the first two a seat and the third a place on the waiting list, each told their own state', async () => {
    const a = await click(anna, 'eventSignup', { eventId });
    expect(a.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expectValidTeamsCard(a.body.value);
    expect(cardJson(a)).toContain('Du er tilmeldt.');
    expect(cardJson(a)).toContain('1 af 2 pladser taget');
    expect(cardJson(a)).not.toContain('"verb":"eventSignup"');
    expect(cardJson(await click(bo, 'eventSignup', { eventId }, 'personal'))).toContain('Du er tilmeldt.');
    const c = await click(cecilie, 'eventSignup', { eventId });
    expect(cardJson(c)).toContain('Alle pladser er taget. Du er nr. 1 på ventelisten.');
    expect(cardJson(c)).toContain('2 af 2 pladser taget · 1 på ventelisten');
    const d = await click(dorte, 'eventSignup', { eventId });
    expect(cardJson(d)).toContain('Du er nr. 2 på ventelisten');
    // Clicking again keeps the place.
    expect(cardJson(await click(cecilie, 'eventSignup', { eventId }))).toContain('Du stod allerede på listen. Du er nr. 1 på ventelisten.');
    expect((await roll(eventId)).map((e) => [e.name, e.state])).toEqual([['Anna Hansen', 'confirmed'], ['Bo Jensen', 'confirmed'], ['Cecilie Holm', 'waiting'], ['Dorte Lund', 'waiting']]);
    // The shared card in the channel is updated in place and asks Teams to show the clickers their own view.
    const update = await connector.waitFor((u) => u.operation === 'updateActivity' && u.conversationId === TEAM && JSON.stringify(u.activity).includes('2 af 2 pladser taget · 2 på ventelisten'), 10_000);
    expect((update.activity as any).attachments[0].content.refresh.userIds).toEqual([anna.id, bo.id, cecilie.id, dorte.id]);
  });

  it('moves the first on the waiting list up when someone cancels, and tells them in their 1:1 chat', async () => {
    const res = await click(anna, 'eventCancelSignup', { eventId });
    expect(cardJson(res)).toContain('Du er afmeldt.');
    expect(cardJson(res)).toContain('"verb":"eventSignup"');
    const notice = await connector.waitFor((c) => c.conversationId === chatOf(cecilie) && String((c.activity as any)?.text ?? '').startsWith('Der er blevet en plads ledig'), 10_000);
    expect((notice.activity as any).text).toBe('Der er blevet en plads ledig: du er nu tilmeldt Programleder-workshop: Den nye programlederrolle 19-09-2026 kl. 09:30. Kan du ikke komme, så afmeld dig på kortet, så pladsen går videre.');
    expect(connector.sent.filter((c) => c.conversationId === chatOf(dorte) && (c.activity as any)?.text)).toHaveLength(0);
    // Cecilie's own view (Teams' refresh) now says she has a seat; Dorte moved to number 1.
    const view = await post(running.baseUrl, { ...cardAction(connector.serviceUrl, cecilie, 'eventView', { eventId }, 'channel'), value: { action: { type: 'Action.Execute', verb: 'eventView', data: { verb: 'eventView', eventId } }, trigger: 'automatic' } });
    expect(JSON.stringify(view.body.value)).toContain('Du er tilmeldt.');
    expect(cardJson(await click(dorte, 'eventView', { eventId }))).toContain('Du er nr. 1 på ventelisten');
    expect((await api('GET', `/api/events/${eventId}`)).body.event).toMatchObject({ confirmed: 2, waiting: 1 });
  });

  it('changes nothing for a card with bad data or an event that is gone, and says so in Danish', async () => {
    const before = await roll(eventId);
    expect((await click(anna, 'eventSignup', { eventId: "evt-'; DROP" })).body.value).toBe('Arrangementet findes ikke længere. Intet er ændret.');
    expect((await click(anna, 'eventSignup', {})).body.value).toBe('Arrangementet findes ikke længere. Intet er ændret.');
    expect((await click(anna, 'eventSignup', { eventId: 'evt-00000000' })).body.value).toBe('Arrangementet findes ikke længere. Intet er ændret.');
    expect((await click(anna, 'eventCancelSignup', { eventId: 'evt-00000000' })).body.value).toBe('Arrangementet findes ikke længere. Intet er ændret.');
    expect(await roll(eventId)).toEqual(before);
    expect(await running.app.repos.events.roll('evt-00000000')).toBeUndefined();
  });
});

describe('the list of who signed up', () => {
  it('shows staff the sign-ups per municipality, as JSON and as a CSV for Danish Excel', async () => {
    const res = await api('GET', `/api/events/${eventId}/signups`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ confirmed: 2, waiting: 1, capacity: 2, municipalityCount: 2 });
    expect(res.body.municipalities.map((m: any) => [m.name, m.people.map((p: any) => `${p.name}:${p.state}${p.position ?? ''}`)])).toEqual([
      // Danish order, as the decks list them: Aa is Å, last.
      ['København', ['Cecilie Holm:confirmed']],
      ['Aarhus', ['Bo Jensen:confirmed', 'Dorte Lund:waiting1']],
    ]);
    const csv = await fetch(`${running.baseUrl}/api/events/${eventId}/signups?format=csv`);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines[0]).toBe('Kommune;Kommunekode;Navn;Status;Nr. på venteliste;Tilmeldt');
    expect(lines.slice(1).map((l) => l.split(';').slice(0, 5).join(';'))).toEqual(['København;101;Cecilie Holm;Tilmeldt;', 'Aarhus;751;Bo Jensen;Tilmeldt;', 'Aarhus;751;Dorte Lund;Venteliste;1']);
  });

  it('is for staff only', async () => {
    expect((await api('GET', `/api/events/${eventId}/signups`, undefined, { 'x-demo-municipality': '751' })).status).toBe(403);
    expect((await api('GET', `/api/events/${eventId}/signups?format=csv`, undefined, { 'x-demo-municipality': '751' })).status).toBe(403);
    expect((await api('GET', `/api/events/${eventId}/signups?format=pdf`)).body.error.issues).toEqual([{ field: 'format', message: 'skal være csv eller xlsx' }]);
  });

  it('answers "tilmeldte <arrangement>" in chat for staff, and refuses a program leader', async () => {
    await post(running.baseUrl, personalMessage(connector.serviceUrl, staff, 'tilmeldte workshop'));
    const reply = await connector.waitFor((c) => c.conversationId === chatOf(staff) && String((c.activity as any)?.text ?? '').startsWith('Tilmeldte til'), 10_000);
    expect((reply.activity as any).text).toBe(
      'Tilmeldte til Programleder-workshop: Den nye programlederrolle (19-09-2026): 2 af 2 pladser taget · 1 på ventelisten, fra 2 kommuner.\n\n• København: Cecilie Holm\n• Aarhus: Bo Jensen, Dorte Lund (venteliste nr. 1)',
    );
    await post(running.baseUrl, personalMessage(connector.serviceUrl, staff, 'hjælp'));
    const help = await connector.waitFor((c) => c.conversationId === chatOf(staff) && String(JSON.stringify(c.activity)).includes('tilmeldte [arrangement]'), 10_000);
    expect(JSON.stringify(help.activity)).toContain('Hvem der har tilmeldt sig et arrangement, pr. kommune, og hvem der står på venteliste (KOMBIT)');
    await post(running.baseUrl, channelMention(connector.serviceUrl, bo, 'tilmeldte workshop'));
    const refusal = await connector.waitFor((c) => String((c.activity as any)?.text ?? '').startsWith('Kun KOMBIT-medarbejdere kan se, hvem der er tilmeldt'), 10_000);
    expect(refusal.conversationId).not.toBe(chatOf(staff));
  });
});

describe('capacity', () => {
  it('gives the last seat to exactly one of twelve people clicking at the same moment; the others queue in order', async () => {
    const created = await api('POST', '/api/events', { ...workshop, title: 'Webinar om Sygesikring', kind: 'webinar', place: undefined, onlineUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0', capacity: 1, audience: { channels: false, municipalities: ['999'] } });
    expect(created.status).toBe(400);
    expect(created.body.error.issues).toEqual([{ field: 'audience.municipalities.0', message: 'skal være kommunekoder (fx 101)' }]);
    const ok = await api('POST', '/api/events', { ...workshop, title: 'Webinar om Sygesikring', kind: 'webinar', place: undefined, onlineUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0', capacity: 1, audience: { channels: false, municipalities: ['173'] } });
    const id = ok.body.event.id;
    await api('POST', `/api/events/${id}/announce`);
    const people = Array.from({ length: 12 }, (_, i) => person(100 + i, `Deltager ${i + 1}`));
    const answers = await Promise.all(people.map((p) => click(p, 'eventSignup', { eventId: id })));
    const texts = answers.map((a) => cardJson(a));
    expect(texts.filter((t) => t.includes('Tak! Du er tilmeldt'))).toHaveLength(1);
    const positions = texts.flatMap((t) => /Du er nr\. (\d+) på ventelisten/.exec(t)?.[1] ?? []).map(Number).sort((a, b) => a - b);
    expect(positions).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
    const entries = await roll(id);
    expect(entries.filter((e) => e.state === 'confirmed')).toHaveLength(1);
    expect(entries).toHaveLength(12);
    // The webinar card carries its Teams link.
    expect(texts[0]).toContain('Åbn mødelink');
    // A larger capacity gives the next two seats and tells them.
    const patched = await api('PATCH', `/api/events/${id}`, { capacity: 3 });
    expect(patched.body.event).toMatchObject({ capacity: 3, confirmed: 3, waiting: 9 });
    const refused = await api('PATCH', `/api/events/${id}`, { capacity: 2 });
    expect(refused.body.error.issues).toEqual([{ field: 'capacity', message: 'kan ikke være under de 3, der allerede har en plads' }]);
    expect((await api('GET', `/api/events/${id}`)).body.event.capacity).toBe(3);
  });
});

describe('after the deadline', () => {
  it('closes sign-up with a clear Danish message and changes nothing; cancelling still frees the seat', async () => {
    clock.advance(Date.parse('2026-07-01T08:00:00Z') - clock.now().getTime());
    const before = await roll(eventId);
    const res = await click(anna, 'eventSignup', { eventId });
    expect(cardJson(res)).toContain('Tilmeldingen er lukket: fristen var 30-06-2026 kl. 23:59. Skriv til KOMBIT, hvis du stadig gerne vil deltage. Intet er ændret.');
    expect(cardJson(res)).not.toContain('"verb":"eventSignup"');
    expect(await roll(eventId)).toEqual(before);
    expect(cardJson(await click(bo, 'eventCancelSignup', { eventId }))).toContain('Du er afmeldt.');
    expect((await roll(eventId)).map((e) => [e.name, e.state])).toEqual([['Cecilie Holm', 'confirmed'], ['Dorte Lund', 'confirmed']]);
  });

  it('cancelling the event tells those signed up and the cards say "Aflyst"', async () => {
    const res = await api('PATCH', `/api/events/${eventId}`, { cancelled: true });
    expect(res.body.event.state).toBe('cancelled');
    await connector.waitFor((c) => c.conversationId === chatOf(dorte) && String((c.activity as any)?.text ?? '').includes('er aflyst'), 10_000);
    await connector.waitFor((u) => u.operation === 'updateActivity' && u.conversationId === TEAM && JSON.stringify(u.activity).includes('Arrangementet er aflyst.'), 10_000);
    expect(cardJson(await click(cecilie, 'eventCancelSignup', { eventId }))).toContain('Arrangementet er aflyst, så du kan ikke tilmelde eller afmelde dig. Intet er ændret.');
    expect((await api('PATCH', `/api/events/${eventId}`, { capacity: 5 })).status).toBe(409);
  });
});

describe('after a crash', () => {
  it('tells a person moved up from the waiting list at the next start when the crash came between the seat and the message', async () => {
    const created = await api('POST', '/api/events', { ...workshop, title: 'Gå-hjem-møde om juridiske aspekter af digital forvaltning', kind: 'Gå-hjem-møde', startsAt: '10-12-2026 15:00', endsAt: '10-12-2026 16:30', signupDeadline: '08-12-2026', audience: { channels: false, municipalities: ['751'] } });
    const id = created.body.event.id;
    await api('POST', `/api/events/${id}/announce`);
    // What a process that died right after writing the seat leaves: Dorte has the seat, marked as not yet told.
    await running.app.repos.events.saveRoll({ eventId: id, entries: [{ userId: dorte.aadObjectId, teamsUserId: dorte.id, name: dorte.name, municipalityCode: '751', signedUpAt: '2026-07-01T08:00:00.000Z', state: 'confirmed', noticePending: true }] }, undefined);
    const before = connector.sent.length;
    const second = await startTestApp({ clock, storage: running.storage, workers: true, delivery: { refreshIntervalMs: 200 }, env: { DEV_USER_IS_STAFF: 'false' } });
    try {
      const told = await connector.waitFor((c) => c.seq > (connector.sent[before - 1]?.seq ?? 0) && c.conversationId === chatOf(dorte) && String((c.activity as any)?.text ?? '').includes('Gå-hjem-møde om juridiske aspekter'), 10_000);
      expect((told.activity as any).text).toMatch(/^Der er blevet en plads ledig: du er nu tilmeldt Gå-hjem-møde om juridiske aspekter af digital forvaltning 10-12-2026 kl\. 15:00\./);
      await expect.poll(async () => (await roll(id))[0]?.noticePending).toBeUndefined();
    } finally {
      await second.app.stop();
    }
  });
});
