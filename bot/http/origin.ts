import type { Next, Request, RequestHandler, Response } from 'restify';
import { isLoopback } from '../config.ts';
import { AppError } from './errors.ts';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The origin of a URL ("https://host:port"), or undefined for what is not one (`null`, garbage). */
function originOf(value: string): URL | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Refuses a write sent by a web page of another site (403), in every mode, before its body is
 * read: in development mode the API takes callers without a token as the demo staff member, so a
 * form on any page the developer opens could otherwise publish tasks, import sheets or close
 * evaluations. Browsers name the page in `Origin` on every write; it must be the tab's own
 * address (`tabOrigin`), or a loopback address the request itself was sent to (the tab opened at
 * http://127.0.0.1:3978 or http://localhost:3978 on a developer's machine). A name that resolves
 * to loopback is not loopback (DNS rebinding), so the Host must be a loopback address or
 * "localhost" too. Requests without `Origin` (Teams' Bot Framework, the Playground's server, curl)
 * are not from a page and pass, unless the browser marks them cross-site.
 */
export function sameOriginWrites(tabOrigin: string): RequestHandler {
  const own = new URL(tabOrigin).origin;
  return (req: Request, res: Response, next: Next) => {
    if (READS.has(req.method ?? 'GET')) return next();
    const origin = req.header('origin');
    const fetchSite = (req.header('sec-fetch-site') ?? '').toLowerCase();
    if (origin === undefined) return fetchSite === 'cross-site' ? refuse(req, res, next) : next();
    if (origin === own) return next();
    const url = originOf(origin);
    const host = (req.header('host') ?? '').toLowerCase();
    const loopbackName = url && (url.hostname === 'localhost' || isLoopback(url.hostname));
    if (url && loopbackName && url.host.toLowerCase() === host) return next();
    return refuse(req, res, next);
  };
}

function refuse(req: Request, res: Response, next: Next): void {
  // The body is never read: the connection closes after the answer.
  req.pause();
  res.setHeader('Connection', 'close');
  next(new AppError(403, 'CrossSiteRequest', 'Forespørgslen kom fra en anden hjemmeside og er afvist.'));
}
