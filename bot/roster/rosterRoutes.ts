import type { RouteSpec } from '../capability.ts';
import { uploadedFile } from '../http/bodies.ts';
import type { RosterService } from './rosterService.ts';
import type { RosterInvitations } from './rosterInvitations.ts';

/**
 * The roster, staff only: `POST /api/roster/import` takes KLIK's Rollegalleri as a sheet (multipart
 * field "file", or the raw body with ?filename=), all rows or none; `GET /api/roster/coverage`
 * answers who can be reached in Teams, per municipality; `POST /api/roster/invitations` invites
 * `{"email"}` or `{"all": true}` of those with no account in KOMBIT's tenant as guests.
 */
export function rosterRoutes(service: RosterService, invitations: RosterInvitations): RouteSpec[] {
  return [
    { method: 'post', path: '/api/roster/invitations', access: 'staff', handle: async (req, _res, principal) => invitations.request(req.body, principal) },
    { method: 'post', path: '/api/roster/import', access: 'staff', handle: async (req, res, principal) => service.importSheet(await uploadedFile(req, res), principal) },
    { method: 'get', path: '/api/roster/coverage', access: 'staff', handle: async (_req, _res, principal) => service.coverage(principal) },
  ];
}
