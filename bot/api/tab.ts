import type { Response, Server } from 'restify';
import type { Repositories } from '../storage/repositories.ts';
import type { Storage } from '../storage/storage.ts';
import type { Clock } from '../domain/time.ts';
import type { Authenticator, Principal } from '../auth/principal.ts';
import { route, type AppRequest } from '../http/routes.ts';
import { createPortfolioReader, indexedOverview, type EncodedOverview, type PortfolioReaderOptions } from './portfolio.ts';
import { ProgressIndex } from './progressIndex.ts';
import { meView, myProgress } from './me.ts';
import { meetingList, meetingView } from './meetings.ts';
import { serveTab } from './tabFiles.ts';

export interface TabRouteDeps {
  readonly repos: Repositories;
  /** For the progress read model (statuses and signatures by `Timestamp`); writes go through `repos`. */
  readonly storage: Storage;
  readonly clock: Clock;
  /** The built tab (`dist/tab`). */
  readonly tabDir: string;
  /** Who is calling: Entra SSO tokens in production, the demo user in development. */
  readonly authenticator: Authenticator;
  /** How long the portfolio overview is shared between requests; writes show after at most `staleMs`. */
  readonly portfolioCache?: PortfolioReaderOptions;
}

/**
 * A read endpoint: authenticates every request first (401 without a valid token), errors through
 * {@link route}; like every API answer it is not cached (see apiHeaders).
 */
function authenticated(authenticator: Authenticator, handler: (req: AppRequest, principal: Principal, res: Response) => Promise<unknown>) {
  return route(async (req, res) => {
    const principal = await authenticator.authenticate(req);
    return handler(req, principal, res);
  });
}

/** Sends the pre-encoded overview, gzipped when the client takes it. */
function sendEncoded(req: AppRequest, res: Response, data: EncodedOverview): void {
  const gzip = /\bgzip\b/.test(req.header('accept-encoding') ?? '');
  const body = gzip ? data.gzip : data.json;
  res.writeHead(200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(body.length),
    Vary: 'Accept-Encoding',
    ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
  });
  res.end(body);
}

/**
 * Shares an answer between the requests of one key (here: the caller's role, which decides what
 * an evaluation shows) for `ttlMs`: the meeting view polled by a room full of screens costs one
 * read a second.
 */
function shared<T>(ttlMs: number, load: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const cache = new Map<string, { at: number; value: Promise<T> }>();
  return (key) => {
    const hit = cache.get(key);
    if (hit && performance.now() - hit.at < ttlMs) return hit.value;
    const value = load(key);
    const entry = { at: performance.now(), value };
    cache.set(key, entry);
    value.catch(() => cache.get(key) === entry && cache.delete(key));
    return value;
  };
}

/** Serves the tab at `/tab/` and the read API its views use. Reads are open to every signed-in user. */
export function registerTabRoutes(server: Server, deps: TabRouteDeps): void {
  const { repos, clock, authenticator } = deps;
  const index = new ProgressIndex(deps.storage);
  const portfolio = createPortfolioReader(() => indexedOverview(repos, index, clock), clock, deps.portfolioCache);
  const files = serveTab(deps.tabDir);
  server.on('close', () => portfolio.close());

  server.get('/tab', (_req, res, next) => {
    res.redirect(302, '/tab/', next);
  });
  server.get('/tab/*', files);
  server.head('/tab/*', files);

  // `?fresh=1` (staff only: it costs a storage read) waits for a read that sees the caller's own write.
  server.get('/api/portfolio', authenticated(authenticator, async (req, principal, res) => {
    const fresh = req.query?.fresh === '1' && principal.role === 'kombit';
    sendEncoded(req, res, await (fresh ? portfolio.fresh() : portfolio()));
  }));
  server.get('/api/me', authenticated(authenticator, async (_req, principal) => meView(repos, principal)));
  server.get('/api/me/progress', authenticated(authenticator, async (_req, principal) => myProgress(repos, index, principal)));
  server.get('/api/meetings', authenticated(authenticator, async () => meetingList(repos, clock)));
  const meetingViews = shared(1000, async (role) => meetingView(repos, clock, (await portfolio()).value, { role: role as Principal['role'] }));
  server.get('/api/meeting-view', authenticated(authenticator, async (_req, principal) => meetingViews(principal.role)));
}
