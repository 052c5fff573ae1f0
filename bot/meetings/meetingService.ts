import { z } from 'zod';
import type { Config } from '../config.ts';
import type { ServiceDeps } from '../capability.ts';
import type { Principal } from '../auth/principal.ts';
import { requireStaff } from '../auth/principal.ts';
import type { TeamsEvent, EventMember } from '../conversation/turn.ts';
import { isStaff } from '../conversation/people.ts';
import { meetingThreadOf, type Meeting } from '../domain/meeting.ts';
import { municipalityByEmail } from '../domain/municipality.ts';
import { todayIn } from '../domain/time.ts';
import { Conflict, NotFound, Stale, ValidationError } from '../domain/errors.ts';
import type { EvaluationService } from '../evaluations/evaluationService.ts';
import type { Attendee } from '../storage/teamsMeetingRepository.ts';
import { attendanceSummary, type AttendanceSummary } from './attendance.ts';
import { ReportUnavailable, type AttendanceRecord, type AttendanceReports } from './attendanceReports.ts';

/** Teams' meeting start and end events, as Microsoft documents their `value` (PascalCase). */
const startEndValue = z.object({
  MeetingType: z.string().optional(),
  Title: z.string().optional(),
  Id: z.string().optional(),
  JoinUrl: z.string().optional(),
  StartTime: z.string().optional(),
  EndTime: z.string().optional(),
});

/** Who starts the evaluation Teams' meeting end starts; staff, since starting one is a staff action. */
const MEETING_END: Principal = { userId: 'teams-meeting-end', name: 'Mødets afslutning i Teams', role: 'kombit', demo: false };

const threadOf = (conversationId: string) => conversationId.split(';')[0]!.toLowerCase();

/** The agenda card's notification: one per meeting, so a repeated start sends nothing new. */
export const agendaNotificationId = (meetingId: string) => `meetingAgenda-${meetingId}`;
/** The follow-up's notification: one per meeting, so pressing "Send opfølgning" again sends nothing twice. */
export const followUpNotificationId = (meetingId: string) => `meetingFollowUp-${meetingId}`;
/** The job that reads the meeting's attendance report from Graph: one per meeting. */
export const attendanceReportJobId = (meetingId: string) => `meetingAttendanceReport-${meetingId}`;
export const ATTENDANCE_REPORT_JOB = 'meetingAttendanceReport';
/** Teams makes the report some minutes after the meeting ends; first look after this long, then again as often. */
export const REPORT_FIRST_LOOK_MS = 5 * 60_000;
export const REPORT_LOOK_AGAIN_MS = 10 * 60_000;
/** Looks for a report before giving up (an hour and a half after the end). */
export const REPORT_TRIES = 9;

/**
 * The program-leader meeting in Teams: which Teams meeting a meeting record is (its join link and
 * chat), what happens when it starts and ends, who attended, and the follow-up afterwards.
 * Every event handler is safe to repeat: Teams sends events more than once, and two instances may
 * each get one.
 */
export class MeetingService {
  constructor(private readonly deps: ServiceDeps & { readonly config: Config; readonly evaluations: EvaluationService; readonly reports?: () => Promise<AttendanceReports | undefined> }) {}

  /** The app was installed in a meeting chat: the chat is remembered, so the meeting's cards can go there. */
  async onInstalled(event: TeamsEvent): Promise<void> {
    await this.linkChat(event);
    const meeting = await this.meetingFor(event);
    this.deps.log.info({ chatId: event.conversationId, meetingId: meeting?.id, correlationId: event.correlationId }, 'app installed in a meeting chat');
  }

  private async linkChat(event: TeamsEvent): Promise<void> {
    // Only a scheduled meeting's own chat: a channel hosts many meetings and is found by the link alone.
    if (!/^19:meeting_/i.test(event.conversationId)) return;
    const known = await this.deps.repos.teamsMeetings.chat(event.conversationId);
    if (known?.installationKey === event.installationKey) return;
    await this.deps.repos.teamsMeetings.linkChat({ chatId: event.conversationId, installationKey: event.installationKey, linkedAt: this.deps.clock.now().toISOString() });
  }

  /**
   * The meeting record an event is about: today's meeting whose join link is the event's
   * `JoinUrl` (or the chat the event comes from, the same thread); failing that, today's meeting
   * without a join link when the event comes from a meeting chat the app is installed in. A recurring Teams meeting keeps one
   * link and one chat, so the date picks the month's record.
   */
  async meetingFor(event: TeamsEvent, joinUrl?: string): Promise<Meeting | undefined> {
    const today = todayIn(this.deps.clock);
    const todays = (await this.deps.repos.meetings.list()).filter((m) => m.date === today).sort((a, b) => a.startTime.localeCompare(b.startTime));
    // A channel meeting's events come from the channel thread with the meeting's post: `19:…@thread.tacv2;messageid=…`.
    const threads = new Set([meetingThreadOf(joinUrl), threadOf(event.conversationId)].filter(Boolean));
    const byLink = todays.find((m) => threads.has(meetingThreadOf(m.joinUrl) ?? ''));
    if (byLink) return byLink;
    // A meeting whose link names another Teams meeting is never this one.
    if (!(await this.deps.repos.teamsMeetings.chat(event.conversationId))) return undefined;
    return todays.find((m) => !m.joinUrl);
  }

  private async meetingOfStartOrEnd(event: TeamsEvent): Promise<Meeting | undefined> {
    const value = startEndValue.safeParse(event.value ?? {});
    const meeting = await this.meetingFor(event, value.success ? value.data.JoinUrl : undefined);
    if (!meeting) this.deps.log.info({ name: event.name, chatId: event.conversationId, correlationId: event.correlationId }, 'a Teams meeting event matches no program-leader meeting today');
    return meeting;
  }

  /** The meeting started: its agenda card goes to the meeting chat, once (the notification id is the meeting's). */
  async onStart(event: TeamsEvent): Promise<void> {
    await this.linkChat(event);
    const meeting = await this.meetingOfStartOrEnd(event);
    if (!meeting) return;
    const { targets } = await this.deps.delivery.publish({
      id: agendaNotificationId(meeting.id),
      kind: 'meetingAgenda',
      subjectId: meeting.id,
      audience: { kind: 'installation', key: event.installationKey },
    });
    this.deps.log.info({ meetingId: meeting.id, targets, correlationId: event.correlationId }, 'meeting started: agenda posted');
  }

  /**
   * The meeting ended: the evaluation starts and its card is posted, unless one was started
   * already. Two instances, or a repeated event, race on the evaluation's id (one per meeting),
   * so only one starts it.
   */
  async onEnd(event: TeamsEvent): Promise<void> {
    await this.linkChat(event);
    const meeting = await this.meetingOfStartOrEnd(event);
    if (!meeting) return;
    await this.fillFigures(meeting.id);
    if (meeting.joinUrl && (await this.deps.reports?.())) {
      await this.deps.scheduler.schedule({ id: attendanceReportJobId(meeting.id), kind: ATTENDANCE_REPORT_JOB, dueAt: new Date(this.deps.clock.now().getTime() + REPORT_FIRST_LOOK_MS), payload: { meetingId: meeting.id, tries: 1 } });
    }
    if ((await this.deps.repos.evaluations.list()).some((e) => e.meetingId === meeting.id)) return;
    try {
      const { evaluation, targets } = await this.deps.evaluations.start({ meetingId: meeting.id }, MEETING_END);
      this.deps.log.info({ meetingId: meeting.id, evaluationId: evaluation.id, targets, correlationId: event.correlationId }, 'meeting ended: evaluation started');
    } catch (error) {
      if (!(error instanceof Conflict)) throw error;
    }
  }

  /** People joined or left: each is recorded once per meeting with their municipality (roster first, e-mail domain second). */
  async onParticipants(event: TeamsEvent, joined: boolean): Promise<void> {
    const meeting = await this.meetingFor(event);
    if (!meeting) return;
    const now = this.deps.clock.now().toISOString();
    await Promise.all(event.members.map(async (member) => {
      const participantId = member.aadObjectId ?? member.id;
      const existing = await this.deps.repos.teamsMeetings.attendee(meeting.id, participantId);
      if (!existing && !joined) return;
      const placed = existing ?? (await this.place(meeting.id, participantId, member, now));
      await this.deps.repos.teamsMeetings.saveAttendee({ ...placed, inMeeting: joined, updatedAt: now });
    }));
  }

  private async place(meetingId: string, participantId: string, member: EventMember, now: string): Promise<Attendee> {
    const profile = (await this.deps.repos.users.get(participantId))?.value;
    const kombit = isStaff(this.deps.config, member) || profile?.role === 'kombit';
    const municipalityCode = kombit ? undefined : (profile?.municipalityCode ?? municipalityByEmail(member.email)?.code);
    return {
      meetingId,
      participantId,
      ...(municipalityCode ? { municipalityCode } : {}),
      kombit,
      firstJoinedAt: now,
      inMeeting: true,
      updatedAt: now,
    };
  }

  /**
   * Reads the meeting's attendance report from Graph and adds the people Teams' participant events
   * missed (the app joined late, an event was lost): each person once, by Entra object id, a row
   * the events wrote kept as it is. Before Teams has made the report it looks again later; Graph's
   * 404 and 403 (no access policy for the organiser) end it, logged for the admin.
   */
  async importAttendanceReport(meetingId: string, tries: number): Promise<void> {
    const reports = await this.deps.reports?.();
    const meeting = (await this.deps.repos.meetings.get(meetingId))?.value;
    if (!reports || !meeting?.joinUrl) return;
    let records: AttendanceRecord[] | 'notReady';
    try {
      records = await reports.recordsFor(meeting.joinUrl, meeting.date);
    } catch (error) {
      if (!(error instanceof ReportUnavailable)) throw error;
      this.deps.log.warn({ meetingId, reason: error.reason, detail: error.message }, 'the meeting\'s attendance report cannot be read from Graph (see the README: OnlineMeetingArtifact.Read.All and the application access policy)');
      return;
    }
    if (records === 'notReady') {
      if (tries >= REPORT_TRIES) {
        this.deps.log.warn({ meetingId, tries }, 'no attendance report from Graph for the meeting; attendance stays as Teams\' participant events gave it');
        return;
      }
      await this.deps.scheduler.schedule({ id: attendanceReportJobId(meetingId), kind: ATTENDANCE_REPORT_JOB, dueAt: new Date(this.deps.clock.now().getTime() + REPORT_LOOK_AGAIN_MS), payload: { meetingId, tries: tries + 1 } }, { repeatable: true });
      return;
    }
    const now = this.deps.clock.now().toISOString();
    let added = 0;
    for (const record of records) {
      const participantId = record.identity?.id ?? (record.emailAddress ? `mail:${record.emailAddress.toLowerCase()}` : undefined);
      if (!participantId || (await this.deps.repos.teamsMeetings.attendee(meetingId, participantId))) continue;
      const member: EventMember = { id: participantId, aadObjectId: record.identity?.id ?? undefined, ...(record.emailAddress ? { email: record.emailAddress, upn: record.emailAddress } : {}) };
      await this.deps.repos.teamsMeetings.saveAttendee({ ...(await this.place(meetingId, participantId, member, now)), inMeeting: false, source: 'report' });
      added++;
    }
    await this.fillFigures(meetingId);
    this.deps.log.info({ meetingId, records: records.length, added }, 'attendance report from Graph merged');
  }

  /** The meeting's attendance by municipality; NotFound for an unknown meeting. */
  async attendance(meetingId: string): Promise<AttendanceSummary> {
    if (!(await this.deps.repos.meetings.get(meetingId))) throw new NotFound('Mødet');
    return attendanceSummary(meetingId, await this.deps.repos.teamsMeetings.attendeesOf(meetingId));
  }

  /** Writes the attendance into the meeting's participant figures, when Teams told of anyone. */
  private async fillFigures(meetingId: string): Promise<void> {
    const summary = attendanceSummary(meetingId, await this.deps.repos.teamsMeetings.attendeesOf(meetingId));
    if (summary.participantCount === 0) return;
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.deps.repos.meetings.get(meetingId);
      if (!current) return;
      try {
        await this.deps.repos.meetings.replace({ ...current.value, participantMunicipalities: summary.municipalityCount, participantCount: summary.participantCount }, current.etag);
        return;
      } catch (error) {
        if (!(error instanceof Stale)) throw error;
      }
    }
  }

  /**
   * "Send opfølgning" (staff): every program leader with the app gets the recording and the
   * slides, and those whose municipality was not at the meeting a line saying so. Sent once per
   * meeting; the answer names the delivery report.
   */
  async sendFollowUp(meetingId: string, principal: Principal): Promise<{ notificationId: string; targets: number; created: boolean }> {
    requireStaff(principal);
    const meeting = (await this.deps.repos.meetings.get(meetingId))?.value;
    if (!meeting) throw new NotFound('Mødet');
    if (!meeting.recordingUrl && !meeting.presentationUrl) {
      throw new ValidationError([{ field: 'recordingUrl', message: 'Tilføj link til optagelsen eller præsentationen, før opfølgningen sendes' }]);
    }
    const summary = attendanceSummary(meetingId, await this.deps.repos.teamsMeetings.attendeesOf(meetingId));
    // Without attendance from Teams nobody is known to be absent, so nobody is told they were.
    const absent = summary.participantCount > 0 ? summary.absent.map((m) => m.code) : [];
    const leaders = (await this.deps.repos.users.list()).filter((p) => p.role === 'programleder');
    const notificationId = followUpNotificationId(meetingId);
    const { targets, created } = await this.deps.delivery.publish({
      id: notificationId,
      kind: 'meetingFollowUp',
      subjectId: meetingId,
      audience: { kind: 'users', userIds: leaders.map((p) => p.userId) },
      payload: { absent },
    });
    this.deps.log.info({ meetingId, targets, created, by: principal.userId }, 'meeting follow-up sent');
    return { notificationId, targets, created };
  }
}
