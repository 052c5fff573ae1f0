import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { launchBrowser } from './support/browser.ts';
import { LEADER_OID, saveProfile, startEntraStandIn, startTabApp, type EntraStandIn, type TabApp } from './support/tabServer.ts';

/**
 * Staff take what the tab shows with them (issue 18, item 11): in production mode, signed in with
 * an SSO token (from a test key set), the views offer CSV and Excel files of their lists and of an
 * evaluation's results. The file is fetched with the token and saved from a Blob: a plain link to
 * the API could not carry the Teams sign-in. A program leader gets no such buttons, and the API
 * refuses them the files.
 */
let prod: TabApp;
let entra: EntraStandIn;
let browser: Browser;
let staffContext: BrowserContext;
let leaderContext: BrowserContext;
const STAFF_OID = '22222222-bbbb-4ccc-8ddd-000000000001';
const exportRequests: { url: string; authorization?: string }[] = [];

beforeAll(async () => {
  entra = await startEntraStandIn();
  prod = await startTabApp({ env: entra.env });
  await saveProfile(prod, LEADER_OID, { name: 'Pia Programleder', municipalityCode: '766' });
  const staffToken = await entra.token({ claims: { oid: STAFF_OID, name: 'Karin KOMBIT', preferred_username: 'karin@kombit.dk', roles: ['KombitStaff'] } });
  browser = await launchBrowser();
  // The token Teams would give the tab, on every request the page makes.
  staffContext = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true, extraHTTPHeaders: { Authorization: `Bearer ${staffToken}` } });
  staffContext.on('request', (req) => {
    if (new URL(req.url()).pathname.startsWith('/api/exports/')) exportRequests.push({ url: req.url(), authorization: req.headers().authorization });
  });
  leaderContext = await browser.newContext({ viewport: { width: 1400, height: 900 }, extraHTTPHeaders: { Authorization: `Bearer ${await entra.token()}` } });
}, 120_000);
afterAll(async () => {
  await staffContext?.close();
  await leaderContext?.close();
  await browser?.close();
  await prod?.close();
  await entra?.close();
});

async function open(view: string): Promise<Page> {
  const page = await staffContext.newPage();
  await page.goto(`${prod.baseUrl}/tab/index.html?view=${view}`);
  await page.getByText('Logget ind som Karin KOMBIT').waitFor();
  return page;
}

/** Clicks a download button and returns the saved file, which must come from a Blob the page made. */
async function download(page: Page, group: string, button: 'CSV' | 'Excel'): Promise<{ download: Download; body: Buffer }> {
  const [saved] = await Promise.all([page.waitForEvent('download'), page.getByRole('group', { name: group }).getByRole('button', { name: button, exact: true }).click()]);
  expect(saved.url()).toMatch(/^blob:/);
  return { download: saved, body: await readFile((await saved.path())!) };
}

const csvLines = (body: Buffer) => {
  const text = body.toString('utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  return text.slice(1).trimEnd().split('\r\n');
};

async function sheetRows(body: Buffer): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe('downloads from the tab with the person’s sign-in', () => {
  it('saves the portfolio as CSV for Danish Excel and as an Excel workbook', async () => {
    const page = await open('portfolio');
    const csv = await download(page, 'Hent listen', 'CSV');
    expect(csv.download.suggestedFilename()).toBe('portefolje-2024-02-28.csv');
    const lines = csvLines(csv.body);
    expect(lines[0]).toBe('Løsning;Fase;Status;Næste milepæl;Milepælsdato;Åbne KLIK-opgaver;Aftaler til underskrift;Driftsbidrag (kr.);Driftsbidrag pr.;Driftsbidrag år;Kontakt;Kontaktens e-mail');
    expect(lines.find((l) => l.startsWith('Borgerblikket (BOB);'))).toMatch(/;4,70;/);
    const solutions = (await (await fetch(`${prod.baseUrl}/api/portfolio`, { headers: { authorization: exportRequests[0]!.authorization! } })).json()) as { solutions: unknown[] };
    expect(lines).toHaveLength(solutions.solutions.length + 1);

    const xlsx = await download(page, 'Hent listen', 'Excel');
    expect(xlsx.download.suggestedFilename()).toBe('portefolje-2024-02-28.xlsx');
    const rows = await sheetRows(xlsx.body);
    expect(rows[0]![0]).toBe('Løsning');
    const borgerblikket = rows.find((r) => r[0] === 'Borgerblikket (BOB)')!;
    expect(borgerblikket[7]).toBe(4.7); // a number in Excel, not text
    expect(exportRequests.every((r) => r.authorization?.startsWith('Bearer '))).toBe(true);
    await page.close();
  });

  it('saves the KLIK tasks and the agreements the views list', async () => {
    let page = await open('klik');
    const tasks = csvLines((await download(page, 'Hent listen', 'CSV')).body);
    expect(tasks[0]).toBe('Løsning;Opgave;Type;Rolle;Startdato;Frist;Fuldført;Påbegyndt;Ikke påbegyndt;KLIK-link');
    expect(tasks.find((l) => l.includes('Indmeld modtager/-e af GDPR-revisionserklæringer'))).toMatch(/;\d{2}-\d{2}-\d{4};\d{2}-\d{2}-\d{4};58;5;35;/);
    await page.close();

    page = await open('agreements');
    const agreements = csvLines((await download(page, 'Hent listen', 'CSV')).body);
    expect(agreements[0]).toBe('Løsning;Aftale;Type;Sendt;Frist;Underskrevet;Takket nej;Mangler;Status');
    expect(agreements.find((l) => l.includes('Gateway') && l.includes('Tilslutningsaftale'))).toMatch(/;33;Sendt$/);
    await page.close();
  });

  it('saves the list behind "Hvem har ikke påbegyndt?" and "Hvem mangler?" with every municipality', async () => {
    let page = await open('klik');
    await page.getByTestId('klik-show').selectOption('all');
    await page.locator('tr[data-task="task-gdpr-revisionserklaeringer"]').getByRole('button', { name: 'Hvem har ikke påbegyndt? (35)' }).click();
    await page.getByTestId('not-started-list').waitFor();
    const statuses = csvLines((await download(page, 'Hent status for alle 98 kommuner', 'CSV')).body);
    expect(statuses[0]).toBe('Opgave;Kommune;Kommunekode;Region;Status;Ændret');
    expect(statuses).toHaveLength(99);
    expect(statuses.filter((l) => l.split(';')[4] === 'Ikke påbegyndt')).toHaveLength(35);
    expect(statuses.filter((l) => l.split(';')[4] === 'Fuldført')).toHaveLength(58);
    await page.close();

    page = await open('agreements');
    await page.locator('tr[data-agreement="agr-bom-databehandleraftale"]').getByRole('button', { name: 'Hvem mangler? (1)' }).click();
    await page.getByTestId('missing-list').waitFor();
    const answers = csvLines((await download(page, 'Hent svar fra alle 98 kommuner', 'CSV')).body);
    expect(answers[0]).toBe('Aftale;Kommune;Kommunekode;Region;Status;Selvrapporteret');
    expect(answers).toHaveLength(99);
    expect(answers.filter((l) => l.split(';')[4] === 'Mangler').map((l) => l.split(';')[1])).toEqual(['Hedensted']);
    await page.close();
  });

  it('saves an evaluation’s responses and summary, and the overview across meetings', async () => {
    const page = await open('evaluations');
    await page.getByTestId('evaluation-result').waitFor();
    const responses = csvLines((await download(page, 'Hent alle svar', 'CSV')).body);
    expect(responses[0]).toMatch(/^Møde;Dato;Svar nr\.;1\. /);
    expect(responses.length).toBeGreaterThan(3);
    const summary = await sheetRows((await download(page, 'Hent resumé', 'Excel')).body);
    expect(summary[0]!.slice(0, 8)).toEqual(['Møde', 'Dato', 'Besvarelser', 'Deltagere', 'Svarprocent', 'Udsagn', 'Antal svar', 'Gennemsnit']);
    expect(typeof summary[1]![7]).toBe('number');
    const overview = csvLines((await download(page, 'Hent oversigten', 'CSV')).body);
    expect(overview[0]).toBe('Møde;Dato;Status;Besvarelser;Deltagere;Svarprocent;Udsagn;Gennemsnit');
    await page.close();
  });

  it('says in Danish why an evaluation with too few answers has no file of single answers', async () => {
    const { repos } = prod.app;
    await repos.meetings.upsert({ id: 'pl-2024-03-27', date: '2024-03-27', startTime: '10:00', endTime: '11:30', title: 'Programledermøde marts 2024', agenda: [] });
    const started = await fetch(`${prod.baseUrl}/api/evaluations`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: exportRequests[0]!.authorization! }, body: JSON.stringify({ meetingId: 'pl-2024-03-27' }) });
    expect(started.status).toBe(201);
    const page = await open('evaluations');
    await page.getByTestId('evaluation-select').selectOption({ label: '27-03-2024 – Programledermøde marts 2024' });
    await page.getByRole('group', { name: 'Hent alle svar' }).getByRole('button', { name: 'CSV', exact: true }).click();
    await page.getByRole('alert').getByText(/^Evalueringen har 0 svar\. Svarene kan først hentes enkeltvis, når mindst 3 har svaret/).waitFor();
    await page.close();
  });
});

describe('a program leader', () => {
  it('sees no download buttons, and the API refuses the files', async () => {
    const page = await leaderContext.newPage();
    await page.goto(`${prod.baseUrl}/tab/index.html?view=klik`);
    await page.getByText('Logget ind som Pia Programleder').waitFor();
    await page.getByTestId('klik-table').waitFor();
    expect(await page.getByRole('button', { name: 'CSV' }).count()).toBe(0);
    const res = await page.request.get(`${prod.baseUrl}/api/exports/klik-tasks?format=csv`);
    expect(res.status()).toBe(403);
    expect((await res.json()).error.message).toBe('Kun KOMBIT-medarbejdere kan gøre dette.');
    await page.close();
  });

  it('gets 401 without a sign-in, and a Danish answer for an unknown list or format', async () => {
    const auth = { authorization: exportRequests[0]!.authorization! };
    const unknown = await fetch(`${prod.baseUrl}/api/exports/hemmeligt?format=csv`, { headers: auth });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as any).error.message).toBe('Listen findes ikke.');
    const anonymous = await fetch(`${prod.baseUrl}/api/exports/portfolio?format=csv`);
    expect(anonymous.status).toBe(401);
    const file = await fetch(`${prod.baseUrl}/api/exports/agreements?format=xlsx`, { headers: auth });
    expect(file.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(file.headers.get('cache-control')).toContain('no-store');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    const format = await fetch(`${prod.baseUrl}/api/exports/portfolio?format=pdf`, { headers: auth });
    expect(format.status).toBe(400);
    expect(((await format.json()) as any).error.issues).toEqual([{ field: 'format', message: 'skal være csv eller xlsx' }]);
  });
});
