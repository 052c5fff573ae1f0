import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { concernedSet } from '../bot/domain/wave.ts';
import { startTestApp, type RunningApp } from './support/app.ts';
import { startConnectorStandIn, type ConnectorStandIn } from './support/connectorStandIn.ts';
import { botAddedToTeam, botRemovedFromTeam, cardAction, channelMention, installationUpdate, person, personalMessage, post, TEAM_ID } from './support/activities.ts';
import { seedDemoDataIfEmpty } from '../bot/demo/seed.ts';
import { ManualClock } from '../bot/domain/time.ts';
import { testLog } from './support/storage.ts';

let running: RunningApp;
let connector: ConnectorStandIn;
let serviceUrl: string;
const clock = new ManualClock('2026-11-23T09:00:00Z');

beforeAll(async () => {
  connector = await startConnectorStandIn({ rateLimits: false });
  serviceUrl = connector.serviceUrl;
  // Chat users are program leaders (who choose their municipality with "kommune"); person 41 is KOMBIT staff.
  running = await startTestApp({ clock, env: { DEV_USER_IS_STAFF: 'false', STAFF_USER_IDS: `demo-kombit,${person(41).aadObjectId}` } });
  await seedDemoDataIfEmpty(running.app.repos, clock, 'test-hash-key-0123456789', testLog);
});
afterAll(async () => {
  await running.close();
  await connector.close();
});
beforeEach(() => connector.reset());

/** The cards and texts the bot sent to a conversation, newest last. */
function sentTo(conversationPrefix: string) {
  return connector.sent.filter((c) => (c.conversationId ?? '').startsWith(conversationPrefix)).map((c) => c.activity as any);
}
function cardOf(activity: any) {
  expect(activity.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
  return activity.attachments[0].content;
}
/** The first TextBlock's text in a list row: the task's title. */
function rowTitle(row: any): string {
  const find = (e: any): string | undefined => (e?.type === 'TextBlock' ? e.text : [...(e?.items ?? []), ...(e?.columns ?? [])].map(find).find(Boolean));
  return find(row) ?? '';
}

function textOf(card: any): string {
  return JSON.stringify(card);
}

describe('commands over /api/messages', () => {
  it('answers "hjælp" in a 1:1 chat with the help card in Danish', async () => {
    const anna = person(1, 'Anna Hansen');
    const res = await post(running.baseUrl, personalMessage(serviceUrl, anna, 'hjælp'));
    expect(res.status).toBe(200);
    const [reply] = sentTo('a:1personal');
    const card = cardOf(reply);
    expect(card.version).toBe('1.5');
    expect(textOf(card)).toContain('Det kan jeg hjælpe med');
    expect(textOf(card)).toContain('Spørgsmål og idéer til programledermøderne: programleder@kombit.dk.');
    expect(textOf(card)).toContain('opgaver [løsning]');
  });

  it('strips the @mention in a channel and is case- and accent-tolerant', async () => {
    await post(running.baseUrl, channelMention(serviceUrl, person(2), 'HJAELP'));
    const replies = sentTo(TEAM_ID);
    expect(replies).toHaveLength(1);
    expect(textOf(cardOf(replies[0]))).toContain('Det kan jeg hjælpe med');
  });

  it('lists open KLIK tasks by deadline with type and days left', async () => {
    await post(running.baseUrl, personalMessage(serviceUrl, person(3), 'opgaver'));
    const card = cardOf(sentTo('a:1personal')[0]);
    const json = textOf(card);
    expect(json).toContain('Åbne KLIK-opgaver');
    expect(json).toMatch(/Obligatorisk/);
    expect(json).toMatch(/om \d+ dage|i morgen|i dag|overskredet med \d+ dage/);
    expect(json).toContain('Vis flere');
    expect(json).toContain('Skriv \\"kommune [navn]\\"');
  });

  it('shows the person\'s municipality status once it is chosen', async () => {
    const bo = person(4, 'Bo Jensen');
    await post(running.baseUrl, personalMessage(serviceUrl, bo, 'kommune lyngby taarbaek'));
    expect(textOf(cardOf(sentTo('a:1personal')[0]))).toContain('Din kommune er nu Lyngby-Taarbæk');
    expect((await running.app.repos.users.get(bo.aadObjectId))?.value.municipalityCode).toBe('173');
    connector.reset();
    await post(running.baseUrl, personalMessage(serviceUrl, bo, 'opgaver'));
    expect(textOf(cardOf(sentTo('a:1personal')[0]))).toMatch(/Lyngby-Taarbæk: (Fuldført|Påbegyndt|Ikke påbegyndt)/);
  });

  it('puts what the person\'s own municipality still owes first, most overdue first, and never shows its finished tasks as overdue', async () => {
    const pl = person(40, 'Programleder Hedensted');
    await post(running.baseUrl, personalMessage(serviceUrl, pl, 'kommune Hedensted'));
    connector.reset();
    await post(running.baseUrl, personalMessage(serviceUrl, pl, 'opgaver'));
    const card = cardOf(sentTo('a:1personal')[0]);
    // The tasks on the first page, in order, with the status and badge shown for each.
    const rows = card.body.filter((e: any) => e.type === 'Container' && JSON.stringify(e).includes('Hedensted: ')).map((e: any) => {
      const texts = JSON.stringify(e);
      return { title: rowTitle(e), done: texts.includes('Hedensted: Fuldført'), overdue: /overskredet med \d+ dage/.test(texts) };
    });
    const tasks = await running.app.repos.klikTasks.list();
    const today = '2026-11-23';
    const waves = await running.app.repos.waves.list();
    const owed = [];
    for (const task of tasks) {
      // A task published to waves Hedensted is not in is not Hedensted's to do.
      const codes = concernedSet(task.concerns, waves).codes;
      if (!codes.includes('766')) continue;
      const statuses = await running.app.repos.klikTasks.statuses(task.id);
      const all = statuses.filter((x) => x.status === 'done' && codes.includes(x.municipalityCode)).length === codes.length;
      const own = statuses.find((x) => x.municipalityCode === '766')?.status ?? 'notStarted';
      if (!all && own !== 'done') owed.push(task);
    }
    owed.sort((a, b) => a.deadline.localeCompare(b.deadline));
    expect(owed.some((task) => task.deadline < today)).toBe(true);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r: any) => r.title)).toEqual(owed.slice(0, rows.length).map((task) => task.title));
    expect(rows.filter((r: any) => r.done && r.overdue)).toEqual([]);
  });

  it('asks which one when a municipality name is ambiguous, and changes nothing', async () => {
    const cf = person(5);
    await post(running.baseUrl, personalMessage(serviceUrl, cf, 'kommune Frederiks'));
    const json = textOf(cardOf(sentTo('a:1personal')[0]));
    expect(json).toContain('Flere kommuner passer på');
    expect(json).toContain('Frederiksberg');
    expect(json).toContain('Frederikssund');
    expect((await running.app.repos.users.get(cf.aadObjectId))?.value.municipalityCode).toBeUndefined();
  });

  it('tells in "hjælp" everything the person may do: reminders for everyone, the evaluation commands for staff', async () => {
    await post(running.baseUrl, personalMessage(serviceUrl, person(41), 'hjælp'));
    const help = textOf(cardOf(sentTo('a:1personal')[0]));
    for (const command of ['stop påmindelser', 'start påmindelser', 'evaluering start [dato] [15 min] [løbende] [igen]', 'evaluering luk [dato]']) expect(help).toContain(command);
  });

  it('answers thanks, a 👍 and a greeting kindly instead of guessing a command', async () => {
    for (const [said, answer] of [
      ['tak', 'Selv tak! Skriv \"hjælp\", hvis du vil se, hvad jeg ellers kan.'],
      ['Mange tak!', 'Selv tak! Skriv \"hjælp\", hvis du vil se, hvad jeg ellers kan.'],
      ['👍', 'Selv tak! Skriv \"hjælp\", hvis du vil se, hvad jeg ellers kan.'],
      ['Hej', 'Hej! Skriv \"opgaver\", \"aftaler\" eller \"hjælp\" for at se, hvad jeg kan.'],
    ]) {
      connector.reset();
      await post(running.baseUrl, personalMessage(serviceUrl, person(42), said!));
      const reply = sentTo('a:1personal')[0];
      expect(reply.text).toBe(answer);
    }
  });

  it('answers an unknown municipality clearly and writes nothing', async () => {
    const d = person(6);
    await post(running.baseUrl, personalMessage(serviceUrl, d, 'kommune Atlantis'));
    expect(textOf(cardOf(sentTo('a:1personal')[0]))).toContain('Jeg kender ingen kommune, der hedder \\"Atlantis\\"');
    expect(await running.app.repos.users.get(d.aadObjectId)).toBeUndefined();
  });

  it('lists the next 30 days of deadlines and agreements awaiting signature', async () => {
    const e = person(7);
    await post(running.baseUrl, personalMessage(serviceUrl, e, 'frister'));
    await post(running.baseUrl, personalMessage(serviceUrl, e, 'aftaler'));
    const [deadlines, agreements] = sentTo('a:1personal').map(cardOf).map(textOf);
    expect(deadlines).toContain('Frister de næste 30 dage');
    expect(agreements).toContain('Aftaler der venter på underskrift');
    expect(agreements).toMatch(/\d+ af 98 mangler/);
    // "Hurtigst muligt" is due now and comes first; an agreement sent without a deadline is not put above the dated ones.
    const order = [...agreements!.matchAll(/· (Frist: hurtigst muligt|Frist \d{2}-\d{2}-\d{4}|Ingen frist)/g)].map((m) => (m[1]!.includes('hurtigst') ? 0 : m[1] === 'Ingen frist' ? 2 : 1));
    expect(order.filter((x) => x === 0)).toHaveLength(1); // EESSI only (DUBU's has no sent date, so it asks nobody yet)
    expect(order[0]).toBe(0);
    expect(order).toEqual([...order].sort());
  });

  it('summarises the portfolio with a link to the tab', async () => {
    await post(running.baseUrl, personalMessage(serviceUrl, person(8), 'portefølje'));
    const card = cardOf(sentTo('a:1personal')[0]);
    expect(textOf(card)).toContain('KOMBITs portefølje');
    // KL's budget guide 2022 as the April 2021 deck gives it: its own total, not a sum over the solutions (145,92 before).
    expect(card.body[2].facts).toEqual(expect.arrayContaining([
      { title: 'Driftsbidrag 2022 i alt', value: '174,84 kr. pr. borger' },
      { title: 'Heraf foreslået buffer', value: '10,00 kr. pr. borger' },
      { title: 'Kilde', value: 'Budgetvejledning 2022: 6-1 sektorskrivelse vedr. administration og IT' },
    ]));
    expect(textOf(card)).not.toContain('indbygger');
    expect(card.actions[0]).toMatchObject({ type: 'Action.OpenUrl', url: `${running.config.tabEndpoint}/tab/` });
  });

  it('follows and unfollows a solution, and lists what is followed', async () => {
    const f = person(9);
    await post(running.baseUrl, personalMessage(serviceUrl, f, 'følg sygesikring'));
    expect((await running.app.repos.users.get(f.aadObjectId))?.value.followedSolutions).toEqual(['sygesikring']);
    await post(running.baseUrl, personalMessage(serviceUrl, f, 'følger'));
    expect(textOf(cardOf(sentTo('a:1personal')[1]))).toContain('Sygesikring');
    await post(running.baseUrl, personalMessage(serviceUrl, f, 'stop sygesikring'));
    expect((await running.app.repos.users.get(f.aadObjectId))?.value.followedSolutions).toEqual([]);
  });

  it('answers anything else kindly with the closest command', async () => {
    await post(running.baseUrl, personalMessage(serviceUrl, person(10), 'opgavr'));
    const json = textOf(cardOf(sentTo('a:1personal')[0]));
    expect(json).toContain('Det forstod jeg desværre ikke');
    expect(json).toContain('Mente du \\"opgaver\\"?');
  });

  it('speaks English on request', async () => {
    const g = person(11);
    await post(running.baseUrl, personalMessage(serviceUrl, g, 'language en'));
    await post(running.baseUrl, personalMessage(serviceUrl, g, 'tasks'));
    expect(textOf(cardOf(sentTo('a:1personal')[1]))).toContain('Open KLIK tasks');
  });
});

describe('manners in a channel', () => {
  const leader = person(60, 'Lene Mortensen');
  beforeAll(async () => {
    // Aarhus: in a 1:1 chat her lists would carry Aarhus's status.
    await post(running.baseUrl, personalMessage(serviceUrl, leader, 'kommune Aarhus'));
  });

  it('"hjælp" in a channel lists the channel\'s commands and sends personal settings to the 1:1 chat', async () => {
    await post(running.baseUrl, channelMention(serviceUrl, leader, 'hjælp'));
    const help = textOf(cardOf(sentTo(TEAM_ID)[0]));
    for (const command of ['opgaver [løsning]', 'frister', 'aftaler', 'portefølje']) expect(help).toContain(command);
    for (const personal of ['sprog en', 'følg [løsning]', 'stop påmindelser']) expect(help).not.toContain(`"title":"${personal}"`);
    // "kommune" in a channel shows one municipality's status; nobody chooses their own there.
    expect(help).toContain('Vis status for én kommune');
    expect(help).toContain('Personlige indstillinger');
  });

  it('"opgaver" and "aftaler" in a channel answer with the shared picture, not one municipality\'s', async () => {
    await post(running.baseUrl, channelMention(serviceUrl, leader, 'opgaver'));
    const tasks = textOf(cardOf(sentTo(TEAM_ID)[0]));
    expect(tasks).toContain('For alle 98 kommuner');
    expect(tasks).not.toContain('Aarhus');
    connector.reset();
    await post(running.baseUrl, channelMention(serviceUrl, leader, 'aftaler'));
    const agreements = textOf(cardOf(sentTo(TEAM_ID)[0]));
    expect(agreements).toContain('For alle 98 kommuner');
    expect(agreements).not.toContain('Aarhus');
    expect(agreements).not.toContain('Vi har underskrevet');
  });

  it('personal settings typed in a channel are pointed to the 1:1 chat, not confirmed in front of everybody, and change nothing', async () => {
    for (const said of ['stop påmindelser', 'sprog en', 'følg Sygesikring']) {
      connector.reset();
      await post(running.baseUrl, channelMention(serviceUrl, leader, said));
      const replies = sentTo(TEAM_ID);
      expect(replies).toHaveLength(1);
      const answer = JSON.stringify(replies[0]);
      expect(answer).toContain('personlig indstilling');
      expect(answer).toContain('1:1-chat');
      expect(answer).not.toMatch(/Din kommune er nu|Du får ikke flere påmindelser|I will speak English|Du følger nu/);
    }
    const profile = (await running.app.repos.users.get(leader.aadObjectId))!.value;
    expect(profile).toMatchObject({ municipalityCode: '751', language: 'da' });
    expect(profile.remindersOptOut ?? false).toBe(false);
    expect(profile.followedSolutions).toEqual([]);
  });
});

describe('card actions (adaptiveCard/action invokes)', () => {
  it('sets the municipality from the welcome card and answers with a card for the clicker', async () => {
    const h = person(20);
    const res = await post(running.baseUrl, cardAction(serviceUrl, h, 'setMunicipality', { municipalityCode: '751' }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(textOf(res.body.value)).toContain('Din kommune er nu Aarhus');
    expect((await running.app.repos.users.get(h.aadObjectId))?.value.municipalityCode).toBe('751');
  });

  it('refuses a forged municipality code with a clear message and writes nothing', async () => {
    const i = person(21);
    const res = await post(running.baseUrl, cardAction(serviceUrl, i, 'setMunicipality', { municipalityCode: '999' }));
    expect(res.body).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'Vælg en kommune på listen, og prøv igen. Intet er ændret.' });
    expect((await running.app.repos.users.get(i.aadObjectId))?.value.municipalityCode).toBeUndefined();
  });

  it('pages a long list with "vis flere"', async () => {
    const res = await post(running.baseUrl, cardAction(serviceUrl, person(22), 'showMore', { list: 'tasks', page: 2, filter: '' }));
    expect(textOf(res.body.value)).toMatch(/viser 9-\d+ af \d+/);
  });

  it('answers an unknown verb in Danish instead of a bare 501', async () => {
    const res = await post(running.baseUrl, cardAction(serviceUrl, person(23), 'selfDestruct', {}));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ type: 'application/vnd.microsoft.activity.message', value: expect.stringContaining('Kortet kunne ikke læses') });
  });

  it('answers a malformed invoke (no action) without an error text', async () => {
    const activity = { ...cardAction(serviceUrl, person(24), 'setMunicipality', {}), value: { nonsense: true } };
    const res = await post(running.baseUrl, activity);
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).not.toMatch(/TypeError|undefined|stack/);
    expect(res.body.value).toContain('Kortet kunne ikke læses');
  });

  it('follows a solution that no longer exists? No: clear message, nothing written', async () => {
    const j = person(25);
    const res = await post(running.baseUrl, cardAction(serviceUrl, j, 'follow', { solutionId: 'nedlagt-loesning' }));
    expect(res.body.value).toBe('Den løsning findes ikke længere. Intet er ændret.');
    expect(await running.app.repos.users.get(j.aadObjectId)).toBeUndefined();
  });

  it('takes an Action.Submit fallback as a message with the card data', async () => {
    const k = person(26);
    const submit = { ...personalMessage(serviceUrl, k, ''), text: undefined, value: { verb: 'setMunicipality', municipalityCode: '101' } };
    await post(running.baseUrl, submit);
    expect(textOf(cardOf(sentTo('a:1personal')[0]))).toContain('Din kommune er nu København');
  });
});

describe('installations', () => {
  it('records a team install from conversationUpdate and welcomes the channel once, even when installationUpdate follows', async () => {
    const admin = person(30);
    await post(running.baseUrl, botAddedToTeam(serviceUrl, admin));
    await post(running.baseUrl, installationUpdate(serviceUrl, admin, 'add', 'team'));
    const installs = (await running.app.repos.installations.listPage(100)).items.filter((i) => i.conversationId === TEAM_ID);
    expect(installs).toHaveLength(1);
    expect(installs[0]).toMatchObject({ conversationType: 'channel', teamId: TEAM_ID, active: true, serviceUrl });
    const welcomes = sentTo(TEAM_ID);
    expect(welcomes).toHaveLength(1);
    expect(textOf(cardOf(welcomes[0]))).toContain('Velkommen til KOMBIT Programledere');
  });

  it('forgets the team when the bot is removed', async () => {
    await post(running.baseUrl, botRemovedFromTeam(serviceUrl, person(30)));
    const installs = (await running.app.repos.installations.listPage(100)).items.filter((i) => i.conversationId === TEAM_ID);
    expect(installs).toHaveLength(0);
  });

  it('records a personal install, asks for the municipality, and removes it on uninstall', async () => {
    const l = person(31, 'Lone');
    await post(running.baseUrl, installationUpdate(serviceUrl, l, 'add', 'personal'));
    const installs = (await running.app.repos.installations.listPage(100)).items.filter((i) => i.userId === l.aadObjectId);
    expect(installs).toHaveLength(1);
    expect(installs[0]!.conversationType).toBe('personal');
    const welcome = textOf(cardOf(sentTo('a:1personal')[0]));
    expect(welcome).toContain('Hvilken kommune er du programleder for?');
    expect(welcome).toContain('"style":"filtered"');
    await post(running.baseUrl, installationUpdate(serviceUrl, l, 'remove', 'personal'));
    expect((await running.app.repos.installations.listPage(100)).items.filter((i) => i.userId === l.aadObjectId)).toHaveLength(0);
  });

  it('proposes the municipality from the e-mail domain Teams reports', async () => {
    const m = person(32, 'Mette');
    connector.setDefaultMembers([{ id: m.id, aadObjectId: m.aadObjectId, name: m.name, email: 'mette@aarhus.dk', userPrincipalName: 'mette@aarhus.dk' } as any]);
    await post(running.baseUrl, installationUpdate(serviceUrl, m, 'add', 'personal'));
    const welcome = textOf(cardOf(sentTo('a:1personal')[0]));
    expect(welcome).toContain('Din e-mail tyder på Aarhus Kommune');
    expect(welcome).toContain('"value":"751"');
  });
});
