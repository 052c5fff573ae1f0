import type { Response, Server } from 'restify';
import type { Authenticator } from '../auth/principal.ts';
import type { Versioned } from '../storage/entityTable.ts';
import type { PortfolioService } from '../portfolio/portfolioService.ts';
import { route, type AppRequest } from '../http/routes.ts';

/** Answers one row with its ETag (for the `If-Match` of the next change) under `key`. */
function sendVersioned<T>(res: Response, status: number, key: string, row: Versioned<T>): void {
  res.header('ETag', row.etag);
  res.send(status, { [key]: row.value });
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

  server.get('/api/solutions/:id', route(async (req, res) => {
    await who(req);
    sendVersioned(res, 200, 'solution', await service.solution(req.params.id));
  }));
  server.post('/api/solutions', route(async (req, res) => {
    sendVersioned(res, 201, 'solution', await service.createSolution(req.body, await who(req)));
  }));
  server.patch('/api/solutions/:id', route(async (req, res) => {
    sendVersioned(res, 200, 'solution', await service.updateSolution(req.params.id, req.body, await who(req), ifMatch(req)));
  }));

  server.get('/api/meetings/:id', route(async (req, res) => {
    await who(req);
    sendVersioned(res, 200, 'meeting', await service.meeting(req.params.id));
  }));
  server.post('/api/meetings', route(async (req, res) => {
    sendVersioned(res, 201, 'meeting', await service.createMeeting(req.body, await who(req)));
  }));
  server.patch('/api/meetings/:id', route(async (req, res) => {
    sendVersioned(res, 200, 'meeting', await service.updateMeeting(req.params.id, req.body, await who(req), ifMatch(req)));
  }));
}
