import type { Server } from 'restify';
import restify from 'restify';
import type { Repositories } from '../storage/repositories.ts';
import type { Clock } from '../domain/time.ts';
import { route } from '../http/routes.ts';
import { portfolioOverview } from './portfolio.ts';

/** Serves the tab's page at `/tab/` and the read API it shows. */
export function registerTabRoutes(server: Server, deps: { repos: Repositories; clock: Clock; tabDir: string }): void {
  server.get('/tab', (_req, res, next) => {
    res.redirect(302, '/tab/', next);
  });
  server.get('/tab/*', restify.plugins.serveStaticFiles(deps.tabDir));
  server.get('/api/portfolio', route(async () => portfolioOverview(deps.repos, deps.clock)));
}
