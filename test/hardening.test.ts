import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { PRODUCTION_ENV, startTestApp, type RunningApp } from './support/app.ts';

// What an attacker tried (issue 20), over HTTP against the real app: bodies are bounded before
// anyone is known, files are read only for staff, and every refusal is in the app's Danish shape.

const PRODUCTION = { ...PRODUCTION_ENV, AUTH_JWKS_URL: 'http://127.0.0.1:9/keys' };

/** `megabytes` of zeros, as a stream: the body of a bomb or an oversized upload without holding it in memory. */
function zeros(megabytes: number): Readable {
  let left = megabytes;
  const chunk = Buffer.alloc(1024 * 1024);
  return new Readable({
    read() {
      this.push(left-- > 0 ? chunk : null);
    },
  });
}

/** A gzip body that inflates to `megabytes` of zeros. */
async function gzipBomb(megabytes: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of zeros(megabytes).pipe(createGzip({ level: 9 }))) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

interface Answer {
  readonly status: number;
  readonly body: string;
  readonly sentBytes: number;
}

/** Posts a body (a buffer, or a stream sent chunked) and resolves with the answer, even if the server stops reading midway. */
function send(url: string, headers: Record<string, string>, body: Buffer | Readable): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let sentBytes = 0;
    const req = request(url, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), sentBytes }));
    });
    // The server answering and closing while the body is still on its way is the point of some tests.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    if (Buffer.isBuffer(body)) {
      sentBytes = body.length;
      req.end(body);
    } else {
      body.on('data', (chunk: Buffer) => {
        sentBytes += chunk.length;
        if (!req.write(chunk)) body.pause();
      });
      req.on('drain', () => body.resume());
      body.on('end', () => req.end());
      req.on('close', () => body.destroy());
    }
  });
}

const errorOf = (answer: Answer) => (JSON.parse(answer.body) as { error: { code: string; message: string } }).error;

describe('bodies before authentication (production mode)', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startTestApp({ env: PRODUCTION });
  });
  afterAll(() => running.close());

  it('refuses a gzip bomb to /api/messages unread, in Danish, and stays well and small', async () => {
    const bomb = await gzipBomb(600);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const before = process.memoryUsage().rss;
    const answer = await send(`${running.baseUrl}/api/messages`, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(bomb.length) }, bomb);
    expect(answer.status).toBe(415);
    expect(errorOf(answer)).toEqual({ code: 'UnsupportedEncoding', message: 'Komprimerede forespørgsler modtages ikke. Send indholdet ukomprimeret.' });
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
    expect((await fetch(`${running.baseUrl}/healthz`)).status).toBe(200);
  });

  it('refuses a JSON body over 1 MB with 413 as soon as it is seen, naming the limit', async () => {
    const huge = Buffer.from(JSON.stringify({ type: 'message', text: 'x'.repeat(3 * 1024 * 1024) }));
    const declared = await send(`${running.baseUrl}/api/messages`, { 'content-type': 'application/json', 'content-length': String(huge.length) }, huge);
    expect(declared.status).toBe(413);
    expect(errorOf(declared)).toEqual({ code: 'PayloadTooLarge', message: 'Forespørgslen er for stor. Den må højst fylde 1 MB.' });
    const chunked = await send(`${running.baseUrl}/api/messages`, { 'content-type': 'application/json' }, zeros(50));
    expect(chunked.status).toBe(413);
    expect(chunked.sentBytes).toBeLessThan(50 * 1024 * 1024);
  });

  it('answers malformed JSON, an unknown route and a wrong method in the app\'s Danish shape, never echoing the path', async () => {
    const malformed = await send(`${running.baseUrl}/api/messages`, { 'content-type': 'application/json' }, Buffer.from('{"type": "message",'));
    expect(malformed.status).toBe(400);
    expect(errorOf(malformed)).toEqual({ code: 'InvalidJson', message: 'Indholdet er ikke gyldig JSON.' });
    const longPath = `/api/${'a'.repeat(2000)}`;
    const missing = await fetch(`${running.baseUrl}${longPath}`);
    expect(missing.status).toBe(404);
    const text = await missing.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'NotFound', message: 'Adressen findes ikke.' } });
    expect(text).not.toContain('aaaaaaaaaa');
  });

  it('refuses a form or any other type to a JSON route unread', async () => {
    const form = await send(`${running.baseUrl}/api/klik-tasks`, { 'content-type': 'application/x-www-form-urlencoded' }, Buffer.from('title=x'));
    expect(form.status).toBe(415);
    expect(errorOf(form).code).toBe('UnsupportedMediaType');
  });
});

describe('uploads (issue 20, item 2)', () => {
  let tmp: string;
  let savedTmp: string | undefined;
  let production: RunningApp;
  let development: RunningApp;
  beforeAll(async () => {
    // The app's own temporary folder, so that what it leaves there can be counted.
    tmp = mkdtempSync(path.join(os.tmpdir(), 'kombit-uploads-'));
    savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    production = await startTestApp({ env: PRODUCTION });
    development = await startTestApp();
  });
  afterAll(async () => {
    process.env.TMPDIR = savedTmp;
    await production.close();
    await development.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  const multipart = (boundary: string, megabytes: number): Readable => {
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="stor.csv"\r\nContent-Type: text/csv\r\n\r\n`);
    return Readable.from(
      (async function* () {
        yield head;
        for await (const chunk of zeros(megabytes)) yield chunk as Buffer;
        yield Buffer.from(`\r\n--${boundary}--\r\n`);
      })(),
    );
  };

  it('refuses an unauthenticated 100 MB multipart upload before reading it, and leaves nothing on disk', async () => {
    for (const route of ['/api/klik-tasks/import', '/api/agreements/import', '/api/solutions', '/api/messages']) {
      const answer = await send(`${production.baseUrl}${route}`, { 'content-type': 'multipart/form-data; boundary=xyz' }, multipart('xyz', 100));
      expect([401, 415], route).toContain(answer.status);
      expect(answer.sentBytes, route).toBeLessThan(100 * 1024 * 1024);
    }
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('stops reading a staff upload at 5 MB and says the limit, not the size sent', async () => {
    const raw = await send(`${development.baseUrl}/api/klik-tasks/import?filename=stor.csv`, { 'content-type': 'text/csv', 'content-length': String(100 * 1024 * 1024) }, zeros(100));
    expect(raw.status).toBe(413);
    expect(errorOf(raw)).toEqual({ code: 'PayloadTooLarge', message: 'Filen er for stor. Den må højst fylde 5 MB.' });
    expect(raw.sentBytes).toBeLessThan(100 * 1024 * 1024);
    const form = await send(`${development.baseUrl}/api/agreements/import`, { 'content-type': 'multipart/form-data; boundary=xyz' }, multipart('xyz', 100));
    expect(form.status).toBe(413);
    expect(errorOf(form).message).toBe('Filen er for stor. Den må højst fylde 5 MB.');
    expect(form.sentBytes).toBeLessThan(100 * 1024 * 1024);
    expect(readdirSync(tmp)).toEqual([]);
  });
});

describe('text that should be refused (issue 20, items 8 and 11)', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startTestApp();
  });
  afterAll(() => running.close());

  const postJson = (route: string, body: unknown) => fetch(`${running.baseUrl}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('refuses control characters and direction overrides in titles, and "25:99" as a time, and stores nothing', async () => {
    const before = (await running.app.repos.meetings.list()).length;
    for (const title of ['Møde\u0000', 'Møde\u0007', 'Møde\u001b[31m', 'Møde \u202egnidlom']) {
      const res = await postJson('/api/meetings', { date: '2031-05-28', title });
      expect(res.status, JSON.stringify(title)).toBe(400);
      expect((await res.json()).error.issues).toEqual([{ field: 'title', message: 'indeholder tegn, der ikke kan bruges (styretegn eller tegn, der vender teksten)' }]);
    }
    const late = await postJson('/api/meetings', { date: '2031-05-28', startTime: '25:99' });
    expect(late.status).toBe(400);
    expect((await late.json()).error.issues).toEqual([{ field: 'startTime', message: 'skal være et klokkeslæt (tt:mm)' }]);
    const agenda = await postJson('/api/meetings', { date: '2031-05-28', agenda: [{ time: '10:60', title: 'Velkomst' }] });
    expect(agenda.status).toBe(400);
    expect((await running.app.repos.meetings.list()).length).toBe(before);
  });

  it('keeps line breaks where a text may have them, and takes ordinary Danish text', async () => {
    const res = await postJson('/api/meetings', { date: '2031-05-28', title: 'Programledermøde – maj 2031 (Århus)', agenda: [{ time: '23:59', title: 'Sidste punkt' }] });
    expect(res.status).toBe(201);
  });
});

describe('writes from other sites (issue 20, item 11)', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startTestApp();
  });
  afterAll(() => running.close());

  it('refuses a cross-site form or script write with 403 in every mode, and takes the app\'s own pages and callers without an Origin', async () => {
    const before = (await running.app.repos.meetings.list()).length;
    const body = JSON.stringify({ date: '2032-01-14' });
    const foreign = await fetch(`${running.baseUrl}/api/meetings`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://evil.example' }, body });
    expect(foreign.status).toBe(403);
    expect((await foreign.json()).error).toEqual({ code: 'ForeignOrigin', message: 'Ændringer kan kun foretages fra appens egne sider.' });
    const upload = await fetch(`${running.baseUrl}/api/klik-tasks/import?filename=a.csv`, { method: 'POST', headers: { 'content-type': 'text/csv', origin: 'null' }, body: 'Opgave;Kommune;Status\n' });
    expect(upload.status).toBe(403);
    expect((await running.app.repos.meetings.list()).length).toBe(before);
    const own = await fetch(`${running.baseUrl}/api/meetings`, { method: 'POST', headers: { 'content-type': 'application/json', origin: running.baseUrl }, body });
    expect(own.status).toBe(201);
    const noOrigin = await fetch(`${running.baseUrl}/api/meetings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ date: '2032-02-11' }) });
    expect(noOrigin.status).toBe(201);
  });
});

describe('headers (issue 20, item 12)', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startTestApp();
  });
  afterAll(() => running.close());

  it('marks every API answer nosniff and no-store, exports and errors included', async () => {
    for (const route of ['/api/portfolio', '/api/me', '/api/klik-tasks', '/api/evaluation-results', '/api/no-such-thing']) {
      const res = await fetch(`${running.baseUrl}${route}`, { headers: { 'accept-encoding': 'gzip' } });
      expect(res.headers.get('x-content-type-options'), route).toBe('nosniff');
      expect(res.headers.get('cache-control'), route).toBe('no-store');
    }
  });

  it('limits the tab\'s scripts and connections to the app itself and its framing to the hosts Microsoft documents', async () => {
    const res = await fetch(`${running.baseUrl}/tab/`);
    const csp = res.headers.get('content-security-policy') ?? '';
    const directive = (name: string) => csp.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `)) ?? '';
    expect(directive('default-src')).toBe("default-src 'self'");
    // Its own API, and TeamsJS's list of valid hosts on Microsoft's CDN; nothing else.
    expect(directive('connect-src')).toBe("connect-src 'self' https://res.cdn.office.net");
    expect(directive('script-src')).toMatch(/^script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')*$/);
    expect(directive('object-src')).toBe("object-src 'none'");
    const ancestors = directive('frame-ancestors');
    expect(ancestors).toContain('https://teams.microsoft.com');
    expect(ancestors).toContain('https://*.cloud.microsoft');
    expect(ancestors).not.toContain('skype.com');
    expect(ancestors).not.toContain('https://*.office365.com');
  });
});

describe('lone surrogates in ids (issue 20, item 11)', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startTestApp();
  });
  afterAll(() => running.close());

  it('answers 400 in Danish, not 500, for a lone UTF-16 surrogate in a body or an id', async () => {
    const inBody = await fetch(`${running.baseUrl}/api/klik-tasks/task-x/statuses/173`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"status":"Fuldf\\ud800rt"}' });
    expect(inBody.status).toBe(400);
    expect((await inBody.json()).error).toEqual({ code: 'InvalidCharacters', message: 'Indholdet har tegn, der ikke kan bruges (en halv tegnkode).' });
    const action = await fetch(`${running.baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"invoke","from":{"id":"29:x"},"conversation":{"id":"a:\\udc00"}}' });
    expect(action.status).toBe(400);
    const inPath = await fetch(`${running.baseUrl}/api/klik-tasks/${encodeURIComponent('task-')}%ED%A0%80`);
    expect(inPath.status).toBeLessThan(500);
  });
});
