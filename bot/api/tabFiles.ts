import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Request, Response, Server } from 'restify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt', '.map']);

/**
 * Hosts allowed to frame the tab, as Microsoft's tab requirements list them: Teams, the Microsoft
 * 365 app and Outlook, and every host under cloud.microsoft, where they are all moving.
 */
export const TEAMS_FRAME_ANCESTORS = [
  "'self'",
  'https://*.cloud.microsoft',
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.microsoft365.com',
  'https://*.office.com',
  'https://outlook.office.com',
  'https://outlook.office365.com',
];

/**
 * The page's own policy besides who may frame it: scripts only from the app (and the page's own
 * inline script, by its hash), data only from the app's API, styles from the app and inline (Fluent
 * writes its styles at run time), nothing else.
 */
export function tabContentSecurityPolicy(inlineScriptHashes: readonly string[]): string {
  return [
    "default-src 'self'",
    `script-src 'self'${inlineScriptHashes.map((h) => ` '${h}'`).join('')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    // TeamsJS fetches its list of valid host origins from Microsoft's CDN (falling back to a built-in list when blocked).
    "connect-src 'self' https://res.cdn.office.net",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${TEAMS_FRAME_ANCESTORS.join(' ')}`,
  ].join('; ');
}

/** The sha256 sources of a page's inline scripts, for its script-src. */
function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map((m) => `sha256-${createHash('sha256').update(m[1] ?? '').digest('base64')}`);
}

interface CachedFile {
  readonly mtimeMs: number;
  readonly size: number;
  readonly body: Buffer;
  readonly gzip?: Buffer;
  readonly brotli?: Buffer;
  readonly etag: string;
  readonly type: string;
  /** An HTML page's Content-Security-Policy. */
  readonly csp?: string;
}

const NOT_BUILT = `<!doctype html>
<html lang="da">
<head><meta charset="utf-8"><title>KOMBIT Programledere – Porteføljeoversigt</title></head>
<body style="font-family: 'Segoe UI', system-ui, sans-serif; margin: 2rem">
<h1>Porteføljeoversigt</h1>
<p>Fanen er ikke bygget endnu. Kør <code>npm run build:tab</code> (eller <code>npm start</code>, som bygger den), og genindlæs siden.</p>
</body>
</html>`;

/**
 * Serves the built tab (`dist/tab`): hashed files under `assets/` with a year-long immutable
 * cache, HTML pages revalidated every time (so a new build shows at once), brotli or gzip when the
 * browser takes it (copies the build made at its best compression), ETags, and a frame-ancestors policy that lets only Teams and Microsoft 365 embed it.
 * Files are kept in memory after the first read and re-read when they change on disk.
 */
export function serveTab(dir: string) {
  const root = path.resolve(dir);
  const cache = new Map<string, CachedFile>();

  async function load(file: string): Promise<CachedFile | undefined> {
    let stat;
    try {
      stat = await fs.stat(file);
    } catch {
      return undefined;
    }
    if (!stat.isFile()) return undefined;
    const hit = cache.get(file);
    if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size) return hit;
    const body = await fs.readFile(file);
    const ext = path.extname(file).toLowerCase();
    const compress = COMPRESSIBLE.has(ext) && body.length > 1024;
    // The build writes .br and .gz copies (tabs/build.ts); without them gzip is made here once.
    const [brotli, gzip] = compress ? await Promise.all([fs.readFile(`${file}.br`).catch(() => undefined), fs.readFile(`${file}.gz`).catch(() => undefined)]) : [];
    const entry: CachedFile = {
      mtimeMs: stat.mtimeMs,
      size: stat.size,
      body,
      ...(compress ? { gzip: gzip ?? gzipSync(body, { level: 9 }) } : {}),
      ...(brotli ? { brotli } : {}),
      etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
      type: TYPES[ext] ?? 'application/octet-stream',
      ...(ext === '.html' ? { csp: tabContentSecurityPolicy(inlineScriptHashes(body.toString('utf8'))) } : {}),
    };
    cache.set(file, entry);
    return entry;
  }

  return async (req: Request, res: Response): Promise<void> => {
    const raw = String((req.params as Record<string, string> | undefined)?.['*'] ?? '');
    let rel: string;
    try {
      rel = decodeURIComponent(raw.split('?')[0] ?? '');
    } catch {
      res.send(400);
      return;
    }
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    // Build metadata (.vite/manifest.json, .build-hash) and anything hidden stays private.
    if (rel.split(/[\\/]/).some((segment) => segment.startsWith('.'))) {
      res.send(404, { error: { code: 'NotFound', message: 'Filen findes ikke.' } });
      return;
    }
    const file = path.resolve(root, rel);
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.send(404);
      return;
    }
    const entry = await load(file);
    const isHtml = file.endsWith('.html');
    if (!entry) {
      if (path.basename(file) === 'index.html' && rel === 'index.html') {
        res.writeHead(503, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
        res.end(NOT_BUILT);
        return;
      }
      res.send(404, { error: { code: 'NotFound', message: 'Filen findes ikke.' } });
      return;
    }
    const headers: Record<string, string> = {
      'Content-Type': entry.type,
      'Cache-Control': rel.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      ETag: entry.etag,
      Vary: 'Accept-Encoding',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
    };
    if (isHtml) headers['Content-Security-Policy'] = entry.csp ?? tabContentSecurityPolicy([]);
    if (req.header('if-none-match') === entry.etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    const accepted = req.header('accept-encoding') ?? '';
    const encoding = entry.brotli && /\bbr\b/.test(accepted) ? 'br' : entry.gzip && /\bgzip\b/.test(accepted) ? 'gzip' : undefined;
    const body = encoding === 'br' ? entry.brotli! : encoding === 'gzip' ? entry.gzip! : entry.body;
    if (encoding) headers['Content-Encoding'] = encoding;
    headers['Content-Length'] = String(body.length);
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}

/** Serves the built tab at `/tab/` (and redirects `/tab` there); the files are public, every read behind them is not. */
export function registerTabFiles(server: Server, dir: string): void {
  const files = serveTab(dir);
  server.get('/tab', (_req, res, next) => {
    res.redirect(302, '/tab/', next);
  });
  server.get('/tab/*', files);
  server.head('/tab/*', files);
}
