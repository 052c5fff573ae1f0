import type { Response, Server } from 'restify';
import type { Authenticator, Principal } from '../auth/principal.ts';
import type { Versioned } from '../storage/entityTable.ts';
import type { PortfolioService } from '../portfolio/portfolioService.ts';
import { route, type AppRequest } from '../http/routes.ts';

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
 * Solutions (with milestones) and meetings: read one with its ETag (anyone signed in), create
 * and change (KOMBIT staff). A change with `If-Match` is refused with 412 if someone changed the
 * row since; the list reads are `GET /api/portfolio` and `GET /api/meetings` (bot/api/tab.ts).
 */
export function registerPortfolioAdminRoutes(server: Server, deps: { service: PortfolioService; authenticator: Authenticator }): void {
  const { service, authenticator } = deps;
  const who = (req: AppRequest) => authenticator.authenticate(req);
  const ifMatch = (req: AppRequest) => req.header('if-match') || undefined;

  const kinds: VersionedRoutes[] = [
    { base: '/api/solutions', key: 'solution', read: (id) => service.solution(id), create: (body, p) => service.createSolution(body, p), update: (id, body, p, etag) => service.updateSolution(id, body, p, etag) },
    { base: '/api/meetings', key: 'meeting', read: (id) => service.meeting(id), create: (body, p) => service.createMeeting(body, p), update: (id, body, p, etag) => service.updateMeeting(id, body, p, etag) },
  ];
  for (const kind of kinds) {
    server.get(`${kind.base}/:id`, route(async (req, res) => {
      await who(req);
      sendVersioned(res, 200, kind.key, await kind.read(req.params.id));
    }));
    server.post(kind.base, route(async (req, res) => sendVersioned(res, 201, kind.key, await kind.create(req.body, await who(req)))));
    server.patch(`${kind.base}/:id`, route(async (req, res) => sendVersioned(res, 200, kind.key, await kind.update(req.params.id, req.body, await who(req), ifMatch(req)))));
  }
}
