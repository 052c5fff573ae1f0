import type { Response } from 'restify';
import type { Capability, House } from '../capability.ts';
import type { Principal } from '../auth/principal.ts';
import type { AppRequest } from '../http/routes.ts';
import { TtlCache } from '../domain/ttlCache.ts';
import { createPortfolioReader, indexedOverview, type EncodedOverview, type PortfolioReaderOptions } from './portfolio.ts';
import { ProgressIndex } from '../storage/progressIndex.ts';
import { meView, myProgress } from './me.ts';
import { meetingView } from './meetings.ts';

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
  const cache = new TtlCache<T>({ ttlMs });
  return (key) => cache.get(key, () => load(key));
}

/**
 * The tab's cross-cutting reads, open to every signed-in user: the portfolio overview, the caller
 * (`/api/me`), their municipality's progress, the meeting list and the meeting view. The portfolio
 * overview is shared between requests for `portfolioCache.staleMs`.
 */
export function tabReadsCapability(house: House, options: { portfolioCache?: PortfolioReaderOptions } = {}): Capability {
  const { repos, clock } = house;
  // The progress read model reads statuses and signatures by `Timestamp`; writes go through `repos`.
  const index = new ProgressIndex(house.storage);
  const portfolio = createPortfolioReader(() => indexedOverview(repos, index, clock), clock, options.portfolioCache);
  const meetingViews = shared(1000, async (role) => meetingView(repos, clock, (await portfolio()).value, { role: role as Principal['role'] }));
  return {
    name: 'tabReads',
    routes: [
      {
        method: 'get',
        path: '/api/portfolio',
        access: 'signedIn',
        // `?fresh=1` (staff only: it costs a storage read) waits for a read that sees the caller's own write.
        handle: async (req, res, principal) => {
          const fresh = req.query?.fresh === '1' && principal.role === 'kombit';
          sendEncoded(req, res, await (fresh ? portfolio.fresh() : portfolio()));
        },
      },
      { method: 'get', path: '/api/me', access: 'signedIn', handle: async (_req, _res, principal) => meView(repos, principal) },
      { method: 'get', path: '/api/me/progress', access: 'signedIn', handle: async (_req, _res, principal) => myProgress(repos, index, principal) },
      { method: 'get', path: '/api/meeting-view', access: 'signedIn', handle: async (_req, _res, principal) => meetingViews(principal.role) },
      // What the views show, as CSV or XLSX for staff.
    ],
    stop: async () => portfolio.close(),
  };
}
