import type { Response } from 'restify';
import type { Principal } from '../auth/principal.ts';
import type { RouteSpec } from '../capability.ts';
import type { Versioned } from '../storage/entityTable.ts';
import type { PortfolioService } from './portfolioService.ts';

/** Answers one row with its ETag (for the `If-Match` of the next change) under `key`. */
function sendVersioned<T>(res: Response, status: number, key: string, row: Versioned<T>): void {
  res.header('ETag', row.etag);
  res.send(status, { [key]: row.value });
}

/** The three routes of one kind of row: read with its ETag, create, change with `If-Match`. */
interface VersionedRoutes {
  readonly base: string;
  /** The answer's property: `{ "solution": … }`. */
  readonly key: string;
  read(id: string): Promise<Versioned<unknown>>;
  create(body: unknown, principal: Principal): Promise<Versioned<unknown>>;
  update(id: string, body: unknown, principal: Principal, etag?: string): Promise<Versioned<unknown>>;
}

/**
 * Solutions (with milestones): read one with its ETag (anyone signed in), create and change
 * (KOMBIT staff, authorised in the service). A change with `If-Match` is refused with 412 if
 * someone changed the row since; the list read is `GET /api/portfolio` (bot/api/tab.ts). Meetings
 * are bot/meetings/meetingRoutes.ts.
 */
export function portfolioAdminRoutes(service: PortfolioService): RouteSpec[] {
  const kinds: VersionedRoutes[] = [
    { base: '/api/solutions', key: 'solution', read: (id) => service.solution(id), create: (body, p) => service.createSolution(body, p), update: (id, body, p, etag) => service.updateSolution(id, body, p, etag) },
  ];
  return kinds.flatMap((kind): RouteSpec[] => [
    { method: 'get', path: `${kind.base}/:id`, access: 'signedIn', handle: async (req, res) => sendVersioned(res, 200, kind.key, await kind.read(req.params.id)) },
    { method: 'post', path: kind.base, access: 'signedIn', handle: async (req, res, principal) => sendVersioned(res, 201, kind.key, await kind.create(req.body, principal)) },
    {
      method: 'patch',
      path: `${kind.base}/:id`,
      access: 'signedIn',
      handle: async (req, res, principal) => sendVersioned(res, 200, kind.key, await kind.update(req.params.id, req.body, principal, req.header('if-match') || undefined)),
    },
  ]);
}
