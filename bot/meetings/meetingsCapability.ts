import type { Capability, House } from '../capability.ts';
import { DEFAULT_DELIVERY_OPTIONS } from '../notifications/delivery.ts';
import { EvaluationService } from '../evaluations/evaluationService.ts';
import { MeetingService } from './meetingService.ts';
import { QuestionService } from './questionService.ts';
import { meetingRoutes } from './meetingRoutes.ts';
import { meetingAgendaRenderer, meetingFollowUpRenderer } from './meetingRenderers.ts';

/**
 * The program-leader meeting in Teams: linking a meeting record to its Teams meeting and chat,
 * the agenda at the start and the evaluation at the end, attendance by municipality, and the
 * follow-up with the recording and the slides, and program leaders' questions and ideas.
 */
export function meetingsCapability(house: House): Capability {
  const { repos, delivery, scheduler, clock, log, config } = house;
  // Only its start is used here; answers, closing and card updates stay with the evaluations capability's own service.
  const evaluations = new EvaluationService({ repos, delivery, scheduler, clock, log, hashKey: config.evaluationHashKey, refreshIntervalMs: DEFAULT_DELIVERY_OPTIONS.refreshIntervalMs });
  const service = new MeetingService({ repos, delivery, scheduler, clock, log, config, evaluations });
  const questions = new QuestionService({ repos, delivery, scheduler, clock, log, config });
  return {
    name: 'meetings',
    routes: meetingRoutes(service, questions),
    commands: [
      { phrases: ['spoergsmaal', 'sporgsmal', 'question'], run: (turn, args) => questions.ask(turn, 'question', args) },
      { phrases: ['ide', 'idee', 'idea'], run: (turn, args) => questions.ask(turn, 'idea', args) },
    ],
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
