import type { RouteSpec } from '../capability.ts';
import { tableCsv, tableXlsx, type ExportCell, type ExportTable } from '../exports/table.ts';
import { ValidationError } from '../domain/errors.ts';
import { formatDate } from '../domain/language.ts';
import type { EventService, SignupList } from './eventService.ts';
import { clockTime } from './eventTimes.ts';

/** The staff list as a table (CSV for Danish Excel, or XLSX): one row per person, seats first, then the waiting list. */
export function signupTable(list: SignupList): ExportTable {
  const rows: ExportCell[][] = [];
  for (const m of list.municipalities) {
    for (const p of m.people) rows.push([m.name, m.code, p.name, p.state === 'confirmed' ? 'Tilmeldt' : 'Venteliste', p.position ?? null, `${formatDate(p.signedUpAt)} ${clockTime(p.signedUpAt)}`]);
  }
  return { sheet: 'Tilmeldte', header: ['Kommune', 'Kommunekode', 'Navn', 'Status', 'Nr. på venteliste', 'Tilmeldt'], rows };
}

const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

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
    {
      method: 'get',
      path: '/api/events/:id/signups',
      access: 'staff',
      // JSON for the tab; `?format=csv` or `xlsx` as a file (the tab's "Hent listen").
      handle: async (req, res, principal) => {
        const format: unknown = req.query?.format;
        if (format !== undefined && format !== 'csv' && format !== 'xlsx') throw new ValidationError([{ field: 'format', message: 'skal være csv eller xlsx' }]);
        const list = await service.signups(req.params.id, principal);
        if (!format) return list;
        const table = signupTable(list);
        const body = format === 'csv' ? Buffer.from(tableCsv(table), 'utf8') : await tableXlsx(table);
        res.writeHead(200, { 'content-type': CONTENT_TYPES[format], 'content-disposition': `attachment; filename="tilmeldte-${list.eventId.replace(/[^a-zA-Z0-9-]/g, '')}.${format}"`, 'content-length': String(body.length) });
        res.end(body);
        return undefined;
      },
    },
  ];
}
