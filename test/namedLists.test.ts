import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type RunningApp } from './support/app.ts';
import { startConnectorStandIn, type ConnectorStandIn } from './support/connectorStandIn.ts';
import { channelMention, person, personalMessage, post } from './support/activities.ts';
import { install } from './support/installs.ts';
import { ManualClock } from '../bot/domain/time.ts';
import { newProfile } from '../bot/domain/user.ts';

// Monday 11 March 2024, 10:00 in Copenhagen.
const clock = new ManualClock('2024-03-11T09:00:00Z');
let running: RunningApp;
let connector: ConnectorStandIn;
const anna = person(1, 'Anna Hansen'); // program leader, Lyngby-Taarbæk
const kirsten = person(2, 'Kirsten Lund'); // KOMBIT consultant

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${running.baseUrl}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
}

/** The bot's text answer to this very message. */
async function ask(activity: { id: string }): Promise<string> {
  await post(running.baseUrl, activity);
  const reply = connector.sent.find((c) => c.operation === 'replyToActivity' && c.replyToId === activity.id);
  expect(reply).toBeDefined();
  return (reply!.activity as any).text as string;
}
const say = (p: typeof anna, text: string) => ask(personalMessage(connector.serviceUrl, p, text));

beforeAll(async () => {
  connector = await startConnectorStandIn({ rateLimits: false });
  running = await startTestApp({ clock, env: { DEV_USER_IS_STAFF: 'false', STAFF_USER_IDS: `demo-kombit,${kirsten.aadObjectId}` } });
  const { repos } = running.app;
  await repos.solutions.upsert({ id: 'fki', name: 'Fælleskommunal infrastruktur', description: '', phase: 'operation', status: 'onTrack', milestones: [] });
  await repos.users.save(newProfile(anna.aadObjectId, { name: anna.name, municipalityCode: '173' }));
  for (const p of [anna, kirsten]) await install(repos, connector.serviceUrl, { person: p });

  const pilots = { kind: 'municipalities', label: 'Pilotkommuner', municipalities: ['Aarhus', 'Odense', 'Lyngby-Taarbæk', 'Vejle', 'Aalborg'] };
  const base = { solutionId: 'fki', type: 'Obligatorisk', startDate: '2024-03-01', deadline: '2024-03-22', responsibleRole: 'programleder' };
  const oces = (await api('POST', '/api/klik-tasks', { ...base, title: 'Udskift organisationscertifikat med OCES3', concerns: pilots })).body.task.id;
  await api('POST', '/api/klik-tasks', { ...base, title: 'Indmeld kontaktperson til Digital Post' });
  await api('POST', '/api/klik-tasks', { ...base, title: 'Indmeld kontaktperson til NemRefusion' });
  await api('PUT', `/api/klik-tasks/${oces}/statuses/751`, { status: 'done' });
  await api('PUT', `/api/klik-tasks/${oces}/statuses/173`, { status: 'started' });
  await api('PUT', `/api/klik-tasks/${oces}/statuses/461`, { status: 'started' });

  const agreement = { solutionId: 'fki', kind: 'connection', sentDate: '2024-03-01', deadline: '2024-03-28' };
  const gateway = (await api('POST', '/api/agreements', { ...agreement, title: 'Tilslutningsaftale til Fælleskommunal Gateway', concerns: pilots })).body.agreement.id;
  await api('POST', '/api/agreements', { ...agreement, title: 'Databehandleraftale om Fordelingskomponenten', showMissingList: true });
  for (const code of ['751', '461', '173']) await api('PUT', `/api/agreements/${gateway}/signatures/${code}`, { state: 'signed', signedDate: '2024-03-05' });

  await repos.meetings.upsert({ id: 'pl-2024-02-28', date: '2024-02-28', startTime: '10:00', endTime: '11:30', title: 'Programledermøde februar 2024', agenda: [] });
  await repos.meetings.upsert({ id: 'pl-2024-03-27', date: '2024-03-27', startTime: '10:00', endTime: '11:30', title: 'Programledermøde marts 2024', agenda: [] });
  const attendee = (participantId: string, municipalityCode?: string) => ({ meetingId: 'pl-2024-02-28', participantId, ...(municipalityCode ? { municipalityCode } : {}), kombit: !municipalityCode, firstJoinedAt: '2024-02-28T09:00:00Z', inMeeting: false, updatedAt: '2024-02-28T10:30:00Z' });
  for (const [id, code] of [['p1', '101'], ['p2', '101'], ['p3', '751'], ['p4', '851'], ['k1', undefined]] as const) await repos.teamsMeetings.saveAttendee(attendee(id, code));
});
afterAll(async () => {
  await running.close();
  await connector.close();
});

describe('who is where on a KLIK task, by name, in chat', () => {
  it('names the not started, the started and the completed of the set the task concerns', async () => {
    expect(await say(anna, 'Hvem er ikke påbegyndt OCES3?')).toBe('Ikke påbegyndt – «Udskift organisationscertifikat med OCES3» (frist 22-03-2024): 2 af 5 kommuner (Pilotkommuner)\n\nVejle og Aalborg');
    expect(await say(anna, 'hvem er påbegyndt oces3')).toBe('Påbegyndt – «Udskift organisationscertifikat med OCES3» (frist 22-03-2024): 2 af 5 kommuner (Pilotkommuner)\n\nLyngby-Taarbæk og Odense');
    expect(await say(anna, 'hvem har fuldført oces3')).toBe('Fuldført – «Udskift organisationscertifikat med OCES3» (frist 22-03-2024): 1 af 5 kommuner (Pilotkommuner)\n\nAarhus');
  });

  it('asks which task when the line names none or several, and lists the candidates', async () => {
    const none = await say(anna, 'hvem er ikke påbegyndt');
    expect(none).toContain('Hvilken mener du? Skriv en del af titlen, fx «hvem er ikke påbegyndt OCES3».');
    expect(none).toContain('- Indmeld kontaktperson til Digital Post');
    const several = await say(anna, 'hvem er ikke påbegyndt kontaktperson');
    expect(several).toContain('Flere passer. Skriv mere af titlen');
    expect(several).toContain('- Indmeld kontaktperson til NemRefusion');
  });

  it('answers in a channel too, for all 98 on a task that concerns everyone', async () => {
    const answer = await ask(channelMention(connector.serviceUrl, anna, '<at>KOMBIT Programledere</at> hvem er ikke påbegyndt Digital Post'));
    expect(answer).toMatch(/^Ikke påbegyndt – «Indmeld kontaktperson til Digital Post» \(frist 22-03-2024\): 98 af 98 kommuner\n\nAlbertslund, /);
    expect(answer.split(', ')).toHaveLength(97);
  });
});

describe('who has not signed an agreement, in chat', () => {
  it('names them for KOMBIT staff, over the set the agreement concerns', async () => {
    expect(await say(kirsten, 'hvem mangler at underskrive gateway')).toBe('2 af 5 kommuner mangler at underskrive «Tilslutningsaftale til Fælleskommunal Gateway»:\n\nVejle og Aalborg');
  });

  it('gives a program leader the count only, unless KOMBIT shows the list', async () => {
    expect(await say(anna, 'hvem mangler at underskrive gateway')).toBe('2 af 5 kommuner mangler at underskrive «Tilslutningsaftale til Fælleskommunal Gateway». KOMBIT viser ikke listen over kommunerne for denne aftale.');
    const shown = await say(anna, 'hvem har ikke underskrevet fordelingskomponenten');
    expect(shown).toMatch(/^98 af 98 kommuner mangler at underskrive «Databehandleraftale om Fordelingskomponenten»:\n\nAlbertslund, /);
  });
});

describe('which municipalities attended a meeting, in chat', () => {
  it('names the municipalities at the latest meeting held, and those not there', async () => {
    const answer = await say(anna, 'hvem deltog');
    expect(answer.startsWith('Deltog i «Programledermøde februar 2024» 28-02-2024: 3 kommuner (4 deltagere)\n\nKøbenhavn, Aalborg og Aarhus\n\nIkke med (95): Albertslund, ')).toBe(true);
  });

  it('says so when Teams reported nobody at the meeting asked for', async () => {
    clock.set('2024-03-28T09:00:00Z');
    expect(await say(anna, 'hvem deltog marts')).toBe('Jeg kender ikke deltagerne i «Programledermøde marts 2024» 27-03-2024: Teams har ikke meldt nogen.');
  });
});
