import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, saveScreenshot } from './support/browser.ts';
import { install } from './support/installs.ts';
import { saveProfile, startTabApp, type TabApp } from './support/tabServer.ts';

/**
 * Administration details of issue 18, item 13, in Chromium against the real app (demo data at
 * the decks' 28-02-2024; the demo user is KOMBIT staff): the meeting's participant figures, which
 * the evaluation's response rate and CSV summary need; no solution chosen for a new task until
 * the person chooses; an evaluation's closing time typed as dd-mm-åååå tt:mm; singular counts; and
 * the delivery report laid out like the views, naming what was sent.
 */
let running: TabApp;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  running = await startTabApp();
  await saveProfile(running, 'demo-kombit', { name: 'Demo KOMBIT-medarbejder', role: 'kombit', municipalityCode: '766' });
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-US', timezoneId: 'America/New_York' });
}, 120_000);
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await running?.close();
});

async function openAdmin(section: string): Promise<Page> {
  const page = await context.newPage();
  // A step that never comes fails with the locator it waited for, well inside the test's time.
  page.setDefaultTimeout(10_000);
  await page.goto(`${running.baseUrl}/tab/index.html?view=admin`);
  await page.getByRole('heading', { name: 'Administration' }).waitFor();
  await page.getByRole('tablist', { name: 'Administrationens afsnit' }).getByRole('tab', { name: section }).click();
  return page;
}

async function summaryCsv(evaluationId: string): Promise<string[]> {
  const res = await fetch(`${running.baseUrl}/api/evaluations/${evaluationId}/results.csv?view=summary`);
  return (await res.text()).replace(/^\uFEFF/, '').trimEnd().split('\r\n');
}

describe('a meeting’s participants', () => {
  it('are entered in the meeting form, and the evaluation’s CSV summary then gives participants and response rate', async () => {
    const page = await openAdmin('Møder');
    const form = page.getByTestId('meeting-form');
    await form.getByLabel('Titel').fill('Programledermøde april 2024');
    await form.getByLabel('Dato').fill('24-04-2024');
    await form.getByLabel('Deltagere (personer)').fill('femoghalvfjerds');
    await form.getByRole('button', { name: 'Opret' }).click();
    await page.getByTestId('meeting-error').getByText('Deltagere (personer): skal være et antal deltagere, fx 75').waitFor();
    expect(await running.app.repos.meetings.get('pl-2024-04-24')).toBeUndefined();

    await form.getByLabel('Deltagere (personer)').fill('75');
    await form.getByLabel('Deltagende kommuner').fill('59');
    await form.getByRole('button', { name: 'Opret' }).click();
    await page.getByTestId('meeting-ok').getByText('Oprettet.').waitFor();
    expect((await running.app.repos.meetings.get('pl-2024-04-24'))!.value).toMatchObject({ participantCount: 75, participantMunicipalities: 59 });
    await saveScreenshot(page, 'admin-meeting-participants');

    const started = await fetch(`${running.baseUrl}/api/evaluations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ meetingId: 'pl-2024-04-24' }) });
    const { evaluation } = (await started.json()) as { evaluation: { id: string } };
    const lines = await summaryCsv(evaluation.id);
    expect(lines[0]).toBe('Møde;Dato;Besvarelser;Deltagere;Svarprocent;Udsagn;Antal svar;Gennemsnit;Helt uenig;Uenig;Hverken enig eller uenig;Enig;Helt enig');
    expect(lines[1]).toMatch(/^Programledermøde april 2024;24-04-2024;0;75;0,0;1\. /);

    // Emptying the field removes the figure again.
    await form.getByTestId('meeting-picker').selectOption('pl-2024-04-24');
    await expect.poll(() => form.getByLabel('Deltagere (personer)').inputValue()).toBe('75');
    await form.getByLabel('Deltagende kommuner').fill('');
    await form.getByRole('button', { name: 'Gem ændringer' }).click();
    await page.getByTestId('meeting-ok').getByText('Ændringerne er gemt.').waitFor();
    const meeting = (await running.app.repos.meetings.get('pl-2024-04-24'))!.value;
    expect(meeting.participantCount).toBe(75);
    expect(meeting.participantMunicipalities).toBeUndefined();
    await page.close();
  });
});

describe('a new KLIK task', () => {
  it('has no solution chosen until the person chooses one, and is refused in Danish without one', async () => {
    const before = (await running.app.repos.klikTasks.list()).length;
    const page = await openAdmin('KLIK-opgaver');
    const form = page.getByTestId('task-form');
    const solution = form.getByLabel('Løsning');
    expect(await solution.inputValue()).toBe('');
    expect(await solution.locator('option:checked').textContent()).toBe('Vælg løsning …');
    await form.getByLabel('Titel').fill('Udpeg en ansvarlig');
    await form.getByLabel('Startdato').fill('01-03-2024');
    await form.getByLabel('Frist').fill('29-03-2024');
    await form.getByLabel('Ansvarlig rolle').fill('Programleder');
    await form.getByRole('button', { name: 'Publicér' }).click();
    await page.getByTestId('task-error').getByText('Løsning: skal vælges').waitFor();
    expect(await running.app.repos.klikTasks.list()).toHaveLength(before);
    await page.close();
  });
});

describe('an evaluation started from Administration', () => {
  it('takes its closing time as dd-mm-åååå tt:mm in Danish time in an English browser in New York, names a time that does not exist, and counts one channel in the singular', async () => {
    await running.app.repos.meetings.upsert({ id: 'pl-2024-05-29', date: '2024-05-29', startTime: '10:00', endTime: '11:30', title: 'Programledermøde maj 2024', agenda: [] });
    await install(running.app.repos, running.baseUrl, { team: '19:programledere@thread.tacv2' });
    const page = await openAdmin('Evalueringer');
    const form = page.getByTestId('evaluation-form');
    await form.getByLabel('Møde').selectOption('pl-2024-05-29');
    const closes = form.getByLabel('Lukker automatisk (valgfrit)');
    expect(await closes.getAttribute('type')).toBe('text');
    expect(await closes.getAttribute('placeholder')).toBe('dd-mm-åååå tt:mm');

    await closes.fill('31-05-2024 25:00');
    await form.getByRole('button', { name: 'Start evaluering' }).click();
    await page.getByTestId('evaluation-start-error').getByText('Lukker automatisk (valgfrit): er ikke en dato og et klokkeslæt, der findes').waitFor();
    expect((await running.app.repos.evaluations.list()).some((e) => e.meetingId === 'pl-2024-05-29')).toBe(false);

    await closes.fill('29-05-2024 11:45');
    await form.getByRole('button', { name: 'Start evaluering' }).click();
    const ok = page.getByTestId('evaluation-start-ok');
    await ok.getByText('Evalueringen er startet: kortet sendes til 1 kanal eller mødechat. Den lukker automatisk 29-05-2024 kl. 11:45 (dansk tid).').waitFor();
    const stored = (await running.app.repos.evaluations.list()).find((e) => e.meetingId === 'pl-2024-05-29')!;
    // Summer time in Denmark: 11:45 Danish is 09:45 UTC.
    expect(new Date(stored.closesAt!).toISOString()).toBe('2024-05-29T09:45:00.000Z');

    // The delivery report, laid out as the views show progress: a heading, a bar with its sentence, the counts.
    const report = ok.getByTestId('delivery-report');
    await report.getByRole('heading', { name: 'Leveringsrapport' }).waitFor();
    await report.getByRole('img', { name: '0 af 1 modtagere har fået kortet · 1 venter · 0 fejlet · 0 sprunget over' }).waitFor();
    await expect.poll(() => report.getByTestId('report-total').textContent()).toBe('1');
    await saveScreenshot(page, 'admin-evaluation-report');
    await page.close();
  });

  it('lists evaluations in the delivery reports by meeting, and names the sending in the report', async () => {
    const page = await openAdmin('Leveringsrapporter');
    const picker = page.getByTestId('reports-picker');
    const option = picker.locator('optgroup[label="Evalueringer"] option', { hasText: '29-05-2024 · Programledermøde maj 2024' });
    await option.waitFor({ state: 'attached' });
    await picker.selectOption({ label: '29-05-2024 · Programledermøde maj 2024' });
    await page.getByTestId('reports-show').click();
    await page.getByTestId('delivery-report').getByRole('heading', { name: 'Leveringsrapport: 29-05-2024 · Programledermøde maj 2024' }).waitFor();
    await saveScreenshot(page, 'admin-reports');
    await page.close();
  });
});

describe('an import of one task', () => {
  it('says "1 ny opgave" in the singular', async () => {
    const csv = ['Løsning;Titel;Beskrivelse;Type;Startdato;Frist;Rolle;KLIK-link;Id', 'sygesikring;Tjek adgangen til Sygesikring (import);;Obligatorisk;01-03-2024;29-03-2024;Systemansvarlig;;'].join('\r\n');
    const page = await openAdmin('Import');
    const form = page.getByTestId('import-form');
    await form.getByLabel('Hvad vil du importere?').selectOption('klik');
    await form.getByLabel('Fil (CSV eller XLSX)').setInputFiles({ name: 'opgave.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await form.getByRole('button', { name: 'Importér filen' }).click();
    await page.getByTestId('import-ok').getByText('Importeret: 1 ny opgave, 0 ændrede, 0 statusser.').waitFor();
    await page.close();
  });
});
