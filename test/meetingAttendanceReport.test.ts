import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type RunningApp } from './support/app.ts';
import { startConnectorStandIn, type ConnectorStandIn } from './support/connectorStandIn.ts';
import { startGraphStandIn, type GraphStandIn, type StandInAttendanceReport } from './support/graphStandIn.ts';
import { meetingEvent, meetingParticipants, person, post, TENANT } from './support/activities.ts';
import { ShiftClock } from './support/shiftClock.ts';
import { newProfile } from '../bot/domain/user.ts';
import { attendanceReportJobId } from '../bot/meetings/meetingService.ts';

// The attendance report Graph has after a Teams meeting, merged with what Teams' participant events
// gave while the app was in the meeting: each person once. Graph is the stand-in (documented shapes,
// 403 without an application access policy, 404 for an unknown meeting, 429 with Retry-After).

const CATALOG_APP_ID = 'e3a8b1c2-0000-4000-8000-00000000ca7a';
const ORGANISER = '00000000-0000-4000-8000-0000000000aa'; // KOMBIT's organiser, covered by the access policy
const OTHER_ORGANISER = '00000000-0000-4000-8000-0000000000bb'; // not covered
const clock = new ShiftClock('2026-11-23T10:31:00Z'); // 11:31 in Copenhagen, just after the meeting
const MINUTE = 60_000;

const threadOf = (n: number) => `19:meeting_${Buffer.from(`report-test-meeting-${n}`).toString('base64url')}@thread.v2`;
const joinUrlOf = (thread: string, organiser: string) =>
  `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(thread)}/0?context=${encodeURIComponent(JSON.stringify({ Tid: TENANT, Oid: organiser }))}`;

const kirsten = person(1, 'Kirsten Lund'); // KOMBIT staff
const anna = person(2, 'Anna Hansen'); // København, in her profile
const bo = person(3, 'Bo Jensen'); // Frederiksberg, in his profile
const roster = [
  { id: kirsten.id, name: kirsten.name, aadObjectId: kirsten.aadObjectId, email: 'kl@kombit.dk', userPrincipalName: 'kl@kombit.dk', tenantId: TENANT },
  { id: anna.id, name: anna.name, aadObjectId: anna.aadObjectId, email: 'anna@kk.dk', userPrincipalName: 'anna_kk.dk#EXT#@kombit.onmicrosoft.com', userRole: 'guest', tenantId: TENANT },
  { id: bo.id, name: bo.name, aadObjectId: bo.aadObjectId, email: 'bo@frederiksberg.dk', userPrincipalName: 'bo_frederiksberg.dk#EXT#@kombit.onmicrosoft.com', userRole: 'guest', tenantId: TENANT },
];

/** An attendanceRecord as Graph documents it (List attendanceRecords). */
const record = (id: string, displayName: string, emailAddress: string, role: 'Organizer' | 'Presenter' | 'Attendee' = 'Attendee', seconds = 4_800) => ({
  emailAddress,
  totalAttendanceInSeconds: seconds,
  role,
  identity: { id, displayName, tenantId: null },
  attendanceIntervals: [{ joinDateTime: '2026-11-23T09:00:12.1234567Z', leaveDateTime: '2026-11-23T10:20:12.1234567Z', durationInSeconds: seconds }],
});
const gitte = record('00000000-0000-4000-8000-000000000107', 'Gitte Berg', 'gb@balk.dk'); // Ballerup, joined before the app was in the meeting
const hans = record('00000000-0000-4000-8000-000000000108', 'Hans Holm', 'hans.holm@aarhus.dk'); // Aarhus

const todaysReport: StandInAttendanceReport = {
  id: 'c9b6db1c-d5eb-427d-a5c0-20088d9b22d7',
  meetingStartDateTime: '2026-11-23T08:58:41.0000000Z',
  meetingEndDateTime: '2026-11-23T10:29:57.0000000Z',
  records: [
    record(kirsten.aadObjectId, kirsten.name, 'kl@kombit.dk', 'Organizer', 5_476),
    record(anna.aadObjectId, anna.name, 'anna@kk.dk'),
    record(bo.aadObjectId, bo.name, 'bo@frederiksberg.dk', 'Presenter'),
    gitte,
    hans,
  ],
};
// The same recurring Teams meeting a month earlier: its own report, which must not count today.
const lastMonthsReport: StandInAttendanceReport = {
  id: '2a1c3d4e-0000-4000-8000-000000000001',
  meetingStartDateTime: '2026-10-26T09:00:00.0000000Z',
  meetingEndDateTime: '2026-10-26T10:30:00.0000000Z',
  records: [record('00000000-0000-4000-8000-000000000109', 'Olga Odense', 'olga@odense.dk')],
};

const meetings = {
  merged: { id: 'pl-2026-11-23', thread: threadOf(1), organiser: ORGANISER, onlineMeetingId: 'MSowMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwYWEqMCoqMTk6bWVldGluZ18x' },
  later: { id: 'pl-2026-11-23-2', thread: threadOf(2), organiser: ORGANISER, onlineMeetingId: 'MSowMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwYWEqMCoqMTk6bWVldGluZ18y' },
  noPolicy: { id: 'pl-2026-11-23-3', thread: threadOf(3), organiser: OTHER_ORGANISER, onlineMeetingId: 'MSowMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwYmIqMCoqMTk6bWVldGluZ18z' },
  unknownToGraph: { id: 'pl-2026-11-23-4', thread: threadOf(4), organiser: ORGANISER, onlineMeetingId: '' },
};

let running: RunningApp;
let connector: ConnectorStandIn;
let graph: GraphStandIn;

async function attendance(meetingId: string) {
  const res = await fetch(`${running.baseUrl}/api/meetings/${meetingId}/attendance`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { attendance: { headline: string; municipalities: { name: string; participants: number }[]; kombitCount: number } }).attendance;
}

async function end(m: (typeof meetings)[keyof typeof meetings]) {
  const res = await post(running.baseUrl, meetingEvent(connector.serviceUrl, 'end', { joinUrl: joinUrlOf(m.thread, m.organiser), thread: m.thread }));
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  connector = await startConnectorStandIn({ rateLimits: false });
  graph = await startGraphStandIn({
    users: [],
    catalogAppId: CATALOG_APP_ID,
    accessPolicyFor: [ORGANISER],
    attendancePageSize: 2,
    retryAfterSeconds: 1,
    onlineMeetings: [
      { id: meetings.merged.onlineMeetingId, organizerId: ORGANISER, joinWebUrl: joinUrlOf(meetings.merged.thread, ORGANISER), reports: [lastMonthsReport, todaysReport] },
      { id: meetings.later.onlineMeetingId, organizerId: ORGANISER, joinWebUrl: joinUrlOf(meetings.later.thread, ORGANISER), reports: [] },
      { id: meetings.noPolicy.onlineMeetingId, organizerId: OTHER_ORGANISER, joinWebUrl: joinUrlOf(meetings.noPolicy.thread, OTHER_ORGANISER), reports: [todaysReport] },
    ],
  });
  running = await startTestApp({ clock, env: { GRAPH_CATALOG_APP_ID: CATALOG_APP_ID, GRAPH_BASE_URL: graph.baseUrl, DEV_USER_IS_STAFF: 'false', EVALUATION_HASH_KEY: 'test-evaluation-hash-key-0123456789' } });
  // The scheduler is run by hand below, at the moments the test chooses.
  await running.app.startWorkers({ scheduler: false });
  const { repos } = running.app;
  for (const [i, m] of Object.values(meetings).entries()) {
    await repos.meetings.upsert({ id: m.id, date: '2026-11-23', startTime: `${10 + i}:00`, endTime: `${10 + i}:30`, title: `Programledermøde ${i + 1}`, agenda: [], joinUrl: joinUrlOf(m.thread, m.organiser) });
    connector.setMembers(m.thread, roster);
  }
  await repos.users.save(newProfile(anna.aadObjectId, { name: anna.name, municipalityCode: '101' }));
  await repos.users.save(newProfile(bo.aadObjectId, { name: bo.name, municipalityCode: '147' }));
});

afterAll(async () => {
  await running?.close();
  await graph?.close();
  await connector?.close();
});

describe('the attendance report from Graph after the meeting', () => {
  it('adds the people the participant events missed, counts everyone once, follows the report\'s pages through a 429, and fills in the figures', { timeout: 20_000 }, async () => {
    const m = meetings.merged;
    // The app came into the meeting late: Teams told it of Kirsten, Anna and Bo only.
    expect((await post(running.baseUrl, meetingParticipants(connector.serviceUrl, 'join', [kirsten, anna, bo], m.thread))).status).toBe(200);
    expect((await attendance(m.id)).headline).toBe('2 kommuner (2 deltagere)');

    await end(m);
    expect(await running.app.scheduler.isScheduled(attendanceReportJobId(m.id))).toBe(true);
    // Teams makes the report some minutes after the end: nothing is asked of Graph before that.
    expect(await running.app.scheduler.tick()).toBe(0);
    expect(graph.requests.filter((r) => r.path.includes('/onlineMeetings'))).toEqual([]);

    clock.advance(5 * MINUTE);
    graph.failNext('GET', `/v1.0/users/${ORGANISER}/onlineMeetings/${m.onlineMeetingId}/attendanceReports/${todaysReport.id}/attendanceRecords`, 429);
    expect(await running.app.scheduler.tick()).toBe(1);
    const paths = graph.requests.filter((r) => r.path.includes('/onlineMeetings')).map((r) => [r.status, r.path.replace(`/v1.0/users/${ORGANISER}/onlineMeetings`, '…')]);
    expect(paths).toEqual([
      [200, '…'],
      [200, `…/${m.onlineMeetingId}/attendanceReports`],
      [429, `…/${m.onlineMeetingId}/attendanceReports/${todaysReport.id}/attendanceRecords`],
      [200, `…/${m.onlineMeetingId}/attendanceReports/${todaysReport.id}/attendanceRecords`],
      [200, `…/${m.onlineMeetingId}/attendanceReports/${todaysReport.id}/attendanceRecords`],
      [200, `…/${m.onlineMeetingId}/attendanceReports/${todaysReport.id}/attendanceRecords`],
    ]);

    const a = await attendance(m.id);
    expect(a.headline).toBe('4 kommuner (4 deltagere)');
    // In Danish order, where "Aa" is "Å" and comes last.
    expect(a.municipalities).toEqual([
      { code: '151', name: 'Ballerup', participants: 1 },
      { code: '147', name: 'Frederiksberg', participants: 1 },
      { code: '101', name: 'København', participants: 1 },
      { code: '751', name: 'Aarhus', participants: 1 },
    ]);
    expect(a.kombitCount).toBe(1);
    const meeting = (await running.app.repos.meetings.get(m.id))!.value;
    expect([meeting.participantMunicipalities, meeting.participantCount]).toEqual([4, 4]);
    expect(await running.app.scheduler.isScheduled(attendanceReportJobId(m.id))).toBe(false);
  });

  it('looks again while Teams has not made the report yet, and merges it when it comes', async () => {
    const m = meetings.later;
    await end(m);
    clock.advance(5 * MINUTE);
    expect(await running.app.scheduler.tick()).toBe(1);
    expect(await running.app.scheduler.isScheduled(attendanceReportJobId(m.id))).toBe(true);
    expect((await attendance(m.id)).headline).toBe('0 kommuner (0 deltagere)');

    // Someone from KOMBIT the app never heard of (no profile, no participant event) is counted apart by the kombit.dk address.
    const organiser = record('00000000-0000-4000-8000-000000000110', 'Mette Kombit', 'mette@kombit.dk', 'Organizer');
    graph.addAttendanceReport(m.onlineMeetingId, { ...todaysReport, id: 'f1e2d3c4-0000-4000-8000-000000000002', records: [organiser, gitte, hans] });
    expect(await running.app.scheduler.tick()).toBe(0);
    clock.advance(10 * MINUTE);
    expect(await running.app.scheduler.tick()).toBe(1);
    const merged = await attendance(m.id);
    expect([merged.headline, merged.kombitCount]).toEqual(['2 kommuner (2 deltagere)', 1]);
    expect(await running.app.scheduler.isScheduled(attendanceReportJobId(m.id))).toBe(false);
  });

  it('stops at Graph\'s 403 (no application access policy for the organiser) and at a join link Graph knows no meeting by, keeping the participant events\' attendance', async () => {
    for (const m of [meetings.noPolicy, meetings.unknownToGraph]) {
      await post(running.baseUrl, meetingParticipants(connector.serviceUrl, 'join', [anna], m.thread));
      await end(m);
    }
    const before = graph.requests.length;
    clock.advance(5 * MINUTE);
    expect(await running.app.scheduler.tick()).toBe(2);
    const answers = graph.requests.slice(before).map((r) => r.status).sort();
    expect(answers).toEqual([200, 403]);
    for (const m of [meetings.noPolicy, meetings.unknownToGraph]) {
      expect((await attendance(m.id)).headline).toBe('1 kommune (1 deltager)');
      expect(await running.app.scheduler.isScheduled(attendanceReportJobId(m.id))).toBe(false);
    }
  });
});
