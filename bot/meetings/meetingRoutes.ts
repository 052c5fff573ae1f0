import type { RouteSpec } from '../capability.ts';
import type { MeetingService } from './meetingService.ts';
import type { QuestionService } from './questionService.ts';

/**
 * The meeting in Teams: its attendance by municipality (anyone signed in, as the tab's meeting
 * list and Mødevisning show it), "Send opfølgning" (staff), and the questions and ideas (staff). The meeting record itself, with
 * its join link and the follow-up's links, is read and changed at `/api/meetings` (portfolio).
 */
export function meetingRoutes(service: MeetingService, questions: QuestionService): RouteSpec[] {
  return [
    { method: 'get', path: '/api/meetings/:id/attendance', access: 'signedIn', handle: async (req) => ({ attendance: await service.attendance(req.params.id) }) },
    {
      method: 'post',
      path: '/api/meetings/:id/follow-up',
      access: 'staff',
      // The answer names the delivery report: GET /api/notifications/{notificationId}/report.
      handle: async (req, _res, principal) => service.sendFollowUp(req.params.id, principal),
    },
    // Questions and ideas from program leaders (staff): list, answer, put on a meeting's agenda; the asker is told in their 1:1 chat.
    { method: 'get', path: '/api/meeting-questions', access: 'staff', handle: async (_req, _res, principal) => ({ questions: await questions.list(principal) }) },
    { method: 'post', path: '/api/meeting-questions/:id/answer', access: 'staff', handle: async (req, _res, principal) => questions.answer(req.params.id, req.body, principal) },
    { method: 'post', path: '/api/meeting-questions/:id/agenda', access: 'staff', handle: async (req, _res, principal) => questions.putOnAgenda(req.params.id, req.body, principal) },
  ];
}
