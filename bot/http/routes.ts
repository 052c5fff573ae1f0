import restify from 'restify';
import { randomUUID } from 'node:crypto';
import type { Request, Response, Next, Server } from 'restify';
import type { Logger } from '../log.ts';
import { errorResponse } from './errors.ts';
import { bodies } from './bodies.ts';

/** A request with its correlation id and a logger that carries it. */
export interface AppRequest extends Request {
  correlationId: string;
  logger: Logger;
}

export type Handler = (req: AppRequest, res: Response) => Promise<unknown>;

/** Takes the caller's correlation id (or makes one) and gives the request a child logger. */
export function correlate(log: Logger) {
  return (req: Request, res: Response, next: Next) => {
    const header = req.header('x-correlation-id') || req.header('x-ms-request-id') || '';
    const id = /^[\w.:-]{1,100}$/.test(header) ? header : randomUUID();
    const appReq = req as unknown as AppRequest;
    appReq.correlationId = id;
    appReq.logger = log.child({ correlationId: id });
    res.header('x-correlation-id', id);
    next();
  };
}

/** Sends an error as JSON the tab can show: Danish message, stable code, field issues. Never the raw error. */
export function sendError(req: AppRequest, res: Response, error: unknown): void {
  const named = errorResponse(error);
  if (named) {
    if (named.status >= 500) req.logger.error({ err: error }, 'request failed');
    res.send(named.status, named.body);
    return;
  }
  req.logger.error({ err: error, url: req.url, method: req.method }, 'unhandled error in request');
  res.send(500, { error: { code: 'InternalError', message: 'Der skete en fejl hos os. Prøv igen om lidt.', correlationId: req.correlationId } });
}

/** The error boundary of every HTTP route: the handler's value is sent as JSON, errors via {@link sendError}. */
export function route(handler: Handler) {
  return async (req: Request, res: Response) => {
    const appReq = req as unknown as AppRequest;
    try {
      const result = await handler(appReq, res);
      if (!res.headersSent && result !== undefined) res.send(200, result);
    } catch (error) {
      if (!res.headersSent) sendError(appReq, res, error);
      else appReq.logger.error({ err: error }, 'error after response was sent');
    }
  };
}

/** What restify itself refuses (no route, wrong method), in the app's shape and in Danish; never the path echoed back. */
function routerRefusal(error: unknown): { status: number; code: string; message: string } {
  const status = typeof (error as { statusCode?: unknown }).statusCode === 'number' ? (error as { statusCode: number }).statusCode : 500;
  if (status === 404) return { status, code: 'NotFound', message: 'Adressen findes ikke.' };
  if (status === 405) return { status, code: 'MethodNotAllowed', message: 'Den handling kan ikke bruges på denne adresse.' };
  if (status === 413) return { status, code: 'PayloadTooLarge', message: 'Forespørgslen er for stor.' };
  if (status >= 400 && status < 500) return { status, code: 'BadRequest', message: 'Forespørgslen kunne ikke behandles.' };
  return { status: 500, code: 'InternalError', message: 'Der skete en fejl hos os. Prøv igen om lidt.' };
}

/**
 * Every error restify handles itself (unmatched routes, errors passed to `next` by the body
 * reader) leaves in the app's shape: `{"error":{"code","message"}}` in Danish, with the status
 * of a failure the app can name, and a log line for a fault.
 */
export function errorsInAppShape(server: Server, log: Logger): void {
  server.on('restifyError', (req: Request, res: Response, error: unknown, callback: () => void) => {
    if (!res.headersSent) {
      // Unmatched routes never reach the middleware that marks API answers.
      if (req.getPath().startsWith('/api/')) {
        res.setHeader('X-Content-Type-Options', 'nosniff');
        res.setHeader('Cache-Control', 'no-store');
      }
      const named = errorResponse(error);
      if (named) res.send(named.status, named.body);
      else {
        const refusal = routerRefusal(error);
        if (refusal.status >= 500) log.error({ err: error, method: req.method }, 'request failed before its route');
        res.send(refusal.status, { error: { code: refusal.code, message: refusal.message } });
      }
    }
    return callback();
  });
}

/**
 * Every API answer is one person's data: never sniffed as another type, never kept by a browser or
 * proxy (lists, results and CSV exports included).
 */
export function apiHeaders() {
  return (req: Request, res: Response, next: Next) => {
    if (req.getPath().startsWith('/api/')) {
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Cache-Control', 'no-store');
    }
    next();
  };
}

/**
 * The HTTP server with what every request goes through, in order: errors in the app's shape, API
 * headers, query and bounded bodies (with the Origin check against `ownHost`), a correlation id.
 */
export function createHttpServer(options: { ownHost: string; log: Logger }): Server {
  const server = restify.createServer({ name: 'kombit-programledere', handleUncaughtExceptions: false });
  errorsInAppShape(server, options.log);
  server.use(apiHeaders());
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(bodies({ ownHosts: [options.ownHost] }));
  server.use(correlate(options.log));
  return server;
}

/** Listens on `host` and `port` (0 picks a free one); resolves with the base URL. */
export function listen(server: Server, host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve(`http://${host.includes(':') ? `[${host}]` : host}:${address.port}`);
    });
  });
}
