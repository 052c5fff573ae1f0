import type { Response } from 'restify';
import type { RouteSpec } from '../capability.ts';
import type { Versioned } from '../storage/entityTable.ts';
import type { Meeting } from '../domain/meeting.ts';
import type { MeetingService } from './meetingService.ts';
import type { QuestionService } from './questionService.ts';
import type { MeetingRecordService } from './meetingRecords.ts';

/** Answers a meeting with its ETag, for the `If-Match` of the next change. */
function sendMeeting(res: Response, status: number, row: Versioned<Meeting>): void {
  res.header('ETag', row.etag);
  res.send(status, { meeting: row.value });
}

/**
 * The meetings: the list and one meeting with its ETag (anyone signed in), a new meeting and a
 * change with `If-Match` (staff; 412 if someone changed it since), its join link and the
 * follow-up's links among its fields; its attendance by municipality (anyone signed in, as the
 * tab's meeting list and Mødevisning show it), "Send opfølgning" (staff), and the questions and
 * ideas (staff).
 */
export function meetingRoutes(records: MeetingRecordService, service: MeetingService, questions: QuestionService): RouteSpec[] {
  return [
    { method: 'get', path: '/api/meetings', access: 'signedIn', handle: async () => records.list() },
    { method: 'get', path: '/api/meetings/:id', access: 'signedIn', handle: async (req, res) => sendMeeting(res, 200, await records.get(req.params.id)) },
    { method: 'post', path: '/api/meetings', access: 'staff', handle: async (req, res, principal) => sendMeeting(res, 201, await records.create(req.body, principal)) },
    {
      method: 'patch',
      path: '/api/meetings/:id',
      access: 'staff',
      handle: async (req, res, principal) => sendMeeting(res, 200, await records.update(req.params.id, req.body, principal, req.header('if-match') || undefined)),
    },
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
