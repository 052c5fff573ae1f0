import { z } from 'zod';
import { cardAction, jobKind, type Capability, type House } from '../capability.ts';
import { QUESTION_KINDS } from '../domain/meetingQuestion.ts';
import type { EvaluationService } from '../evaluations/evaluationService.ts';
import { ATTENDANCE_REPORT_JOB, MeetingService } from './meetingService.ts';
import { graphAttendanceReports, type AttendanceReports } from './attendanceReports.ts';
import { QuestionService } from './questionService.ts';
import { MeetingRecordService } from './meetingRecords.ts';
import { meetingRoutes } from './meetingRoutes.ts';
import { meetingAgendaRenderer, meetingFollowUpRenderer } from './meetingRenderers.ts';
import { MEETING_QUESTION_VERB } from './meetingCards.ts';

/** "Stil et spørgsmål" / "Foreslå en idé": the button's kind and meeting, and the card's field (absent or empty when nothing was written). */
const questionFromCard = z.object({
  kind: z.enum(QUESTION_KINDS),
  meetingId: z.string().min(1).max(60),
  questionText: z.string().max(5000).optional(),
});

/**
 * The program-leader meetings (the records staff keep, at `/api/meetings`) and the meeting in Teams: linking a meeting record to its Teams meeting and chat,
 * the agenda at the start and the evaluation at the end, attendance by municipality, and the
 * follow-up with the recording and the slides, and program leaders' questions and ideas. The
 * evaluation at the end is started through the evaluations capability's service.
 */
export function meetingsCapability(house: House, evaluations: EvaluationService): Capability {
  const { repos, delivery, scheduler, clock, log, config } = house;
  // Built on first use: signing in to Graph loads @azure/identity, which a start need not wait for.
  let reports: Promise<AttendanceReports | undefined> | undefined;
  const service = new MeetingService({ repos, delivery, scheduler, clock, log, config, evaluations, reports: () => (reports ??= graphAttendanceReports(config)) });
  const questions = new QuestionService({ repos, delivery, scheduler, clock, log, config });
  return {
    name: 'meetings',
    routes: meetingRoutes(new MeetingRecordService({ repos, clock, log }), service, questions),
    commands: [
      { phrases: ['spoergsmaal', 'sporgsmal', 'question'], run: (turn, args) => questions.ask(turn, 'question', args) },
      { phrases: ['ide', 'idee', 'idea'], run: (turn, args) => questions.ask(turn, 'idea', args) },
    ],
    cardActions: [
      cardAction(MEETING_QUESTION_VERB, questionFromCard, async (turn, data) => ({ kind: 'message', text: await questions.askFromCard(turn, data.kind, data.questionText, data.meetingId) })),
    ],
    jobs: [jobKind(ATTENDANCE_REPORT_JOB, z.object({ meetingId: z.string().min(1).max(60), tries: z.number().int().min(1).max(100) }), (payload) => service.importAttendanceReport(payload.meetingId, payload.tries))],
    renderers: { meetingAgenda: meetingAgendaRenderer(repos, config), meetingFollowUp: meetingFollowUpRenderer(repos) },
    events: [
      { name: 'installedInMeetingChat', handle: (event) => service.onInstalled(event) },
      { name: 'application/vnd.microsoft.meetingStart', handle: (event) => service.onStart(event) },
      { name: 'application/vnd.microsoft.meetingEnd', handle: (event) => service.onEnd(event) },
      { name: 'application/vnd.microsoft.meetingParticipantJoin', handle: (event) => service.onParticipants(event, true) },
      { name: 'application/vnd.microsoft.meetingParticipantLeave', handle: (event) => service.onParticipants(event, false) },
    ],
  };
}
