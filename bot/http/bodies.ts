import Busboy from 'busboy';
import type { Next, Request, RequestHandler, Response } from 'restify';
import { MAX_FILE_BYTES } from '../imports/limits.ts';
import { isLoopback } from '../config.ts';
import { AppError } from './errors.ts';
import type { AppRequest } from './routes.ts';

/**
 * The largest JSON body taken: far above a Teams activity (an Adaptive Card is kept under 28 KB)
 * or any form of the tab, far below what could hurt the process.
 */
export const MAX_JSON_BYTES = 1024 * 1024;

/** Routes that take a file (an import sheet): their body is read by the route, after the caller is authorised. */
const FILE_ROUTE = /\/import$/;

const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

/** 413 with the limit, never the size sent (which may be a lie or a bomb). */
const tooLarge = (limit: number, what: string) => new AppError(413, 'PayloadTooLarge', `${what} er for stor. Den må højst fylde ${megabytes(limit)}.`);

/** How much of an abandoned body is still read (and dropped) after the answer, and for how long. */
const LINGER_BYTES = 64 * 1024 * 1024;
const LINGER_MS = 2000;

/**
 * Stops using a request's body: the answer closes the connection, and the rest is never read in
 * full. A lingering close, as web servers do it: after the answer the server half-closes (FIN),
 * reads and drops what still arrives, and closes when the client does, or past
 * {@link LINGER_BYTES} or {@link LINGER_MS}. Closing a socket with unread data resets it, and a
 * reset can reach a client still sending before it has read the answer.
 */
function abandon(req: Request, res: Response): void {
  res.setHeader('Connection', 'close');
  req.removeAllListeners('data');
  const socket = req.socket;
  let dropped = 0;
  const close = () => socket?.destroy();
  if (socket) {
    // Node destroys the socket as soon as a "Connection: close" answer is written (destroySoon);
    // for this one socket it only half-closes, and the lingering decides when to close.
    socket.destroySoon = () => {
      socket.end();
      socket.once('end', close);
      setTimeout(close, LINGER_MS).unref();
    };
  }
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > LINGER_BYTES) close();
  });
  req.resume();
}

/**
 * Reads a request body up to `limit` bytes: refused at once when Content-Length says more, and
 * the moment more arrives otherwise, without reading the rest.
 */
function readLimited(req: Request, res: Response, limit: number, what: string): Promise<Buffer> {
  const declared = Number(req.header('content-length') ?? NaN);
  if (declared > limit) {
    abandon(req, res);
    return Promise.reject(tooLarge(limit, what));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeListener('data', onData);
        abandon(req, res);
        reject(tooLarge(limit, what));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

/**
 * A write from a page of another site (a form or script on any web page a signed-in person
 * visits) is refused, in every mode: the browser names its origin, and only the app's own pages
 * write. Teams' Bot Connector and API clients send no Origin at all; a browser that sends none
 * still marks a cross-site request in `Sec-Fetch-Site`. The request's own Host vouches for an
 * origin only on loopback (the tab opened at http://127.0.0.1:3978 or http://localhost:3978): any
 * other name can be pointed at this server by its owner (DNS rebinding), and then the page's
 * Origin and the Host agree.
 */
function refuseForeignOrigin(req: Request, ownHosts: readonly string[]): AppError | undefined {
  const foreign = new AppError(403, 'ForeignOrigin', 'Ændringer kan kun foretages fra appens egne sider.');
  const origin = req.header('origin');
  if (!origin) return (req.header('sec-fetch-site') ?? '').toLowerCase() === 'cross-site' ? foreign : undefined;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return foreign;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return foreign;
  if (ownHosts.includes(url.host)) return undefined;
  const loopback = url.hostname === 'localhost' || isLoopback(url.hostname);
  return loopback && url.host === (req.header('host') ?? '').toLowerCase() ? undefined : foreign;
}

/** Half of a UTF-16 pair without its other half: no character, and a key storage cannot take. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when any text in a parsed body (keys included) holds a lone surrogate. */
function holdsLoneSurrogate(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return LONE_SURROGATE.test(value);
  if (!value || typeof value !== 'object' || depth > 64) return false;
  return Object.entries(value).some(([key, inner]) => LONE_SURROGATE.test(key) || holdsLoneSurrogate(inner, depth + 1));
}

const badCharacters = () => new AppError(400, 'InvalidCharacters', 'Indholdet har tegn, der ikke kan bruges (en halv tegnkode).');

/** Teams and the tab never compress what they send; a compressed body could inflate far past any limit (a gzip bomb). */
function refuseCompressed(req: Request): AppError | undefined {
  const encoding = (req.header('content-encoding') ?? '').trim().toLowerCase();
  return encoding && encoding !== 'identity' ? new AppError(415, 'UnsupportedEncoding', 'Komprimerede forespørgsler modtages ikke. Send indholdet ukomprimeret.') : undefined;
}

/**
 * Refuses writes from other sites' pages (`ownHosts`: the app's public host, e.g. a dev tunnel's,
 * besides the request's own Host). Reads JSON bodies, bounded, before the route: a compressed body is refused unread, anything
 * over {@link MAX_JSON_BYTES} is refused as soon as it is seen, and a body that is not JSON is
 * refused with a Danish message. Multipart and other types are taken only by file routes, whose
 * handlers read the file themselves once the caller is known ({@link uploadedFile}); a form
 * posted to any other route is refused unread.
 */
export function bodies(options: { ownHosts?: readonly string[] } = {}): RequestHandler {
  const ownHosts = options.ownHosts ?? [];
  return (req: Request, res: Response, next: Next) => {
    const method = req.method ?? 'GET';
    if (Object.values(req.params ?? {}).some((v) => typeof v === 'string' && LONE_SURROGATE.test(v))) return next(badCharacters());
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return next();
    const foreign = refuseForeignOrigin(req, ownHosts);
    if (foreign) {
      abandon(req, res);
      return next(foreign);
    }
    if (method === 'DELETE') return next();
    const compressed = refuseCompressed(req);
    if (compressed) {
      abandon(req, res);
      return next(compressed);
    }
    if (FILE_ROUTE.test(req.getPath())) return next();
    const type = (req.contentType() ?? '').toLowerCase();
    const declared = Number(req.header('content-length') ?? 0);
    if (!type || type === 'application/octet-stream') {
      if (!declared && req.header('transfer-encoding') === undefined) return next();
    }
    if (type && type !== 'application/json' && !type.endsWith('+json')) {
      abandon(req, res);
      return next(new AppError(415, 'UnsupportedMediaType', 'Indholdet skal sendes som JSON (application/json).'));
    }
    readLimited(req, res, MAX_JSON_BYTES, 'Forespørgslen').then(
      (raw) => {
        if (raw.length === 0) return next();
        let body: unknown;
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch {
          return next(new AppError(400, 'InvalidJson', 'Indholdet er ikke gyldig JSON.'));
        }
        if (holdsLoneSurrogate(body)) return next(badCharacters());
        (req as unknown as { body: unknown }).body = body;
        next();
      },
      (error: unknown) => next(error as Error),
    );
  };
}

/** Reads the one file of a multipart upload, in memory, and stops at the limit. */
function readMultipartFile(req: Request, res: Response): Promise<{ name: string; content: Buffer }> {
  return new Promise((resolve, reject) => {
    let parser: Busboy.Busboy;
    try {
      parser = Busboy({ headers: req.headers, limits: { files: 1, fileSize: MAX_FILE_BYTES, fields: 20, fieldSize: 10_000, parts: 25 } });
    } catch {
      reject(new AppError(400, 'InvalidUpload', 'Filen kunne ikke læses. Send den som en formular med feltet "file".'));
      return;
    }
    let file: { name: string; content: Buffer } | undefined;
    let failed = false;
    const fail = (error: AppError) => {
      if (failed) return;
      failed = true;
      req.unpipe(parser);
      abandon(req, res);
      reject(error);
    };
    parser.on('file', (_field, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => fail(tooLarge(MAX_FILE_BYTES, 'Filen')));
      stream.on('end', () => {
        if (!failed) file = { name: info.filename || 'import.csv', content: Buffer.concat(chunks) };
      });
    });
    parser.on('filesLimit', () => fail(new AppError(400, 'InvalidUpload', 'Send én fil ad gangen.')));
    parser.on('error', () => fail(new AppError(400, 'InvalidUpload', 'Filen kunne ikke læses. Send den som en formular med feltet "file".')));
    parser.on('close', () => {
      if (failed) return;
      if (file) resolve(file);
      else reject(new AppError(400, 'InvalidUpload', 'Formularen havde ingen fil. Send filen i feltet "file".'));
    });
    req.pipe(parser);
  });
}

/**
 * The file of an import: a multipart upload (field "file"), or the raw body with `?filename=`,
 * kept as its exact bytes (a Windows-1252 CSV must not be decoded as UTF-8). Read here, by the
 * route, after the caller is authorised, in memory and never past the import limit.
 */
export async function uploadedFile(req: AppRequest, res: Response): Promise<{ name: string; content: Buffer }> {
  if ((req.contentType() ?? '').toLowerCase().startsWith('multipart/')) return readMultipartFile(req, res);
  const content = await readLimited(req, res, MAX_FILE_BYTES, 'Filen');
  return { name: String(req.query?.filename ?? 'import.csv'), content };
}
