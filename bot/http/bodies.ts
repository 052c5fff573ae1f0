import { readFile } from 'node:fs/promises';
import restify, { type Next, type Request, type RequestHandler, type Response } from 'restify';
import type { AppRequest } from './routes.ts';

const MAX_BODY_BYTES = 10 * 1024 * 1024;

function runChain(handlers: RequestHandler[], req: Request, res: Response, next: Next): void {
  let i = 0;
  const step = (error?: unknown) => {
    if (error !== undefined && error !== null && error !== true) return next(error as Error);
    const handler = handlers[i++];
    if (!handler) return next();
    (handler as (req: Request, res: Response, next: Next) => void)(req, res, step as Next);
  };
  step();
}

/**
 * Parses JSON, form and multipart bodies as restify does, except a file upload sent as the raw
 * body to an `/import` route: that one is kept as the exact bytes, because restify would decode
 * text/* as UTF-8 (spoiling Windows-1252 CSV) and drop other types.
 */
export function bodies(): RequestHandler {
  const parsers = restify.plugins.bodyParser({ mapParams: false, maxBodySize: MAX_BODY_BYTES }) as unknown as RequestHandler[];
  return (req: Request, res: Response, next: Next) => {
    const rawUpload = /\/import$/.test(req.getPath()) && !(req.contentType() ?? '').startsWith('multipart/');
    if (!rawUpload) return runChain(parsers, req, res, next);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      (req as unknown as { body: Buffer }).body = Buffer.concat(chunks);
      next();
    });
    req.on('error', (error) => next(error));
  };
}

/** The file of an import: a multipart upload (field "file") or the raw body with `?filename=`. */
export async function uploadedFile(req: AppRequest): Promise<{ name: string; content: Buffer }> {
  const files = (req as unknown as { files?: Record<string, { path: string; name: string }> }).files;
  const upload = files?.file ?? (files ? Object.values(files)[0] : undefined);
  if (upload) return { name: upload.name, content: await readFile(upload.path) };
  const body = (req as unknown as { body?: unknown }).body;
  const name = String(req.query?.filename ?? 'import.csv');
  if (Buffer.isBuffer(body)) return { name, content: body };
  if (typeof body === 'string') return { name, content: Buffer.from(body, 'utf8') };
  return { name, content: Buffer.alloc(0) };
}
