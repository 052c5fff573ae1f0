import type { RouteSpec } from '../capability.ts';
import type { MeetingService } from './meetingService.ts';

/**
 * The meeting in Teams: its attendance by municipality (anyone signed in, as the tab's meeting
 * list and Mødevisning show it) and "Send opfølgning" (staff). The meeting record itself, with
 * its join link and the follow-up's links, is read and changed at `/api/meetings` (portfolio).
 */
export function meetingRoutes(service: MeetingService): RouteSpec[] {
  return [
    { method: 'get', path: '/api/meetings/:id/attendance', access: 'signedIn', handle: async (req) => ({ attendance: await service.attendance(req.params.id) }) },
    {
      method: 'post',
      path: '/api/meetings/:id/follow-up',
      access: 'staff',
      // The answer names the delivery report: GET /api/notifications/{notificationId}/report.
      handle: async (req, _res, principal) => service.sendFollowUp(req.params.id, principal),
    },
  ];
}
