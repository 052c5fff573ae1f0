import type { RouteSpec } from '../capability.ts';
import { danishCsv } from '../exports/csv.ts';
import { formatDate } from '../domain/language.ts';
import type { EventService, SignupList } from './eventService.ts';
import { clockTime } from './eventTimes.ts';

/** The staff list as a CSV for Excel: one row per person, seats first, then the waiting list. */
export function signupCsv(list: SignupList): string {
  const rows: (string | number)[][] = [['Kommune', 'Kommunekode', 'Navn', 'Status', 'Nr. på venteliste', 'Tilmeldt']];
  for (const m of list.municipalities) {
    for (const p of m.people) rows.push([m.name, m.code, p.name, p.state === 'confirmed' ? 'Tilmeldt' : 'Venteliste', p.position ?? '', `${formatDate(p.signedUpAt)} ${clockTime(p.signedUpAt)}`]);
  }
  return danishCsv(rows);
}

/** Events: list and read (signed in), create, change, cancel and announce (staff), and who signed up (staff). */
export function eventRoutes(service: EventService): RouteSpec[] {
  return [
    { method: 'get', path: '/api/events', access: 'signedIn', handle: async () => ({ events: await service.list() }) },
    {
      method: 'post',
      path: '/api/events',
      access: 'staff',
      handle: async (req, res, principal) => {
        const event = await service.create(req.body, principal);
        res.send(201, { event });
      },
    },
    {
      method: 'get',
      path: '/api/events/:id',
      access: 'signedIn',
      handle: async (req, res) => {
        const { event, etag } = await service.get(req.params.id);
        res.header('ETag', etag);
        res.send(200, { event });
      },
    },
    {
      method: 'patch',
      path: '/api/events/:id',
      access: 'staff',
      handle: async (req, _res, principal) => ({ event: await service.update(req.params.id, req.body, principal, req.header('if-match') || undefined) }),
    },
    { method: 'post', path: '/api/events/:id/announce', access: 'staff', handle: async (req, _res, principal) => service.announce(req.params.id, principal) },
    { method: 'get', path: '/api/events/:id/signups', access: 'staff', handle: async (req, _res, principal) => service.signups(req.params.id, principal) },
    {
      method: 'get',
      path: '/api/events/:id/signups.csv',
      access: 'staff',
      handle: async (req, res, principal) => {
        const list = await service.signups(req.params.id, principal);
        const body = Buffer.from(signupCsv(list), 'utf8');
        res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="tilmeldte-${list.eventId.replace(/[^a-zA-Z0-9-]/g, '')}.csv"`, 'content-length': String(body.length) });
        res.end(body);
      },
    },
  ];
}
