import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, saveScreenshot } from './support/browser.ts';
import { DEMO_NOW, saveProfile, startTabApp, type TabApp } from './support/tabServer.ts';
import type { PortfolioOverview } from '../bot/api/portfolio.ts';

/**
 * Reported in Teams versus the status in KLIK (issue 19, item 4), in Chromium against the real
 * app with the demo data: Hedensted (766) reported a task "Fuldført" on 20-02-2024, KLIK's export
 * of 27-02-2024 says "Påbegyndt". The KLIK view shows both beside the own status, and
 * Administration lists the difference for a consultant to chase.
 */
let running: TabApp;
let browser: Browser;
let context: BrowserContext;
let task: PortfolioOverview['tasks'][number];

beforeAll(async () => {
  running = await startTabApp();
  await saveProfile(running, 'demo-kombit', { name: 'Demo KOMBIT-medarbejder', role: 'kombit', municipalityCode: '766' });
  const overview = (await (await fetch(`${running.baseUrl}/api/portfolio`)).json()) as PortfolioOverview;
  task = overview.tasks.find((t) => t.daysLeft >= 0)!;
  expect(task).toBeDefined();

  // The report in Teams a week before KLIK's export, then the export, both over the app's HTTP API.
  running.clock.set('2024-02-20T10:00:00+01:00');
  const reported = await fetch(`${running.baseUrl}/api/klik-tasks/${task.id}/statuses/766`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'Fuldført' }) });
  expect(reported.status).toBe(200);
  running.clock.set(DEMO_NOW);
  const imported = await fetch(`${running.baseUrl}/api/klik-tasks/status/import?filename=klik.csv&eksportdato=27-02-2024`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: Buffer.from(`Opgave;Kommune;Status\r\n${task.id};Hedensted;Påbegyndt\r\n`, 'latin1') });
  expect(await imported.json()).toEqual({ statuses: 1, changed: 1, unchanged: 0, confirmed: 0, contradicted: 1, awaitingKlik: 0 });

  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'da-DK', timezoneId: 'Europe/Copenhagen' });
}, 120_000);
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await running?.close();
});

describe('reported in Teams versus the status in KLIK', () => {
  it('the KLIK view shows "Meldt i Teams" beside "Status i KLIK" for the own municipality, flagged', async () => {
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${running.baseUrl}/tab/index.html?view=klik`);
    await page.getByTestId('klik-show').selectOption('all');
    const row = page.locator(`tr[data-task="${task.id}"]`);
    const difference = row.getByTestId('klik-difference');
    await difference.waitFor();
    expect(await difference.getAttribute('data-check')).toBe('contradicted');
    expect(await difference.innerText()).toContain('Meldt i Teams: Fuldført · Status i KLIK: Påbegyndt (pr. 27-02-2024)');
    expect(await difference.innerText()).toContain('KLIK viser ikke det, der er meldt i Teams. Sæt status i KLIK.');
    // The select is what Hedensted reported; KLIK's status is what the bar counts.
    expect(await row.getByTestId('my-status-select').inputValue()).toBe('done');
    await saveScreenshot(page, 'klik-status-difference');

    // Reporting again in the tab reminds the person that KLIK is where the status counts.
    await row.getByTestId('my-status-select').selectOption('started');
    await row.getByTestId('my-status-message').getByText('Husk også at sætte status i KLIK – det er status i KLIK, der tæller.').waitFor();
    // Teams and KLIK now agree, so the difference is gone.
    await expect.poll(() => row.getByTestId('klik-difference').count()).toBe(0);
    await page.close();
  });

  it('Administration lists the differences, those KLIK contradicts first, with the names to copy', async () => {
    // Hedensted reports Fuldført again; KLIK's export still says Påbegyndt.
    running.clock.set('2024-02-20T10:00:00+01:00');
    await fetch(`${running.baseUrl}/api/klik-tasks/${task.id}/statuses/766`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'Fuldført' }) });
    running.clock.set(DEMO_NOW);

    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${running.baseUrl}/tab/index.html?view=admin`);
    await page.getByRole('heading', { name: 'Administration' }).waitFor();
    await page.getByRole('tablist', { name: 'Administrationens afsnit' }).getByRole('tab', { name: 'Teams og KLIK' }).click();
    const panel = page.getByTestId('klik-status-differences');
    await panel.getByText('1 forskel, heraf 1, hvor KLIK modsiger Teams').waitFor();
    const line = panel.locator(`tr[data-difference="${task.id}:766"]`);
    expect(await line.getAttribute('data-check')).toBe('contradicted');
    const cells = await line.locator('td').allInnerTexts();
    expect(cells).toEqual([task.title, 'Hedensted', 'Fuldført (Demo KOMBIT-medarbejder)', 'Påbegyndt (pr. 27-02-2024)', 'KLIK modsiger']);
    await panel.getByTestId('copy-klik-contradicted').waitFor();
    await saveScreenshot(page, 'klik-status-admin');
    await page.close();
  });

  it('Administration imports KLIK\'s status export with its date, and names a bad row without changing anything', async () => {
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${running.baseUrl}/tab/index.html?view=admin`);
    await page.getByRole('heading', { name: 'Administration' }).waitFor();
    await page.getByRole('tablist', { name: 'Administrationens afsnit' }).getByRole('tab', { name: 'Import' }).click();
    const form = page.getByTestId('import-form');
    await form.getByLabel('Hvad vil du importere?').selectOption('klikStatus');
    await form.getByLabel('Eksportdato fra KLIK').fill('27-02-2024');
    const file = (status: string) => ({ name: 'klik-status.csv', mimeType: 'text/csv', buffer: Buffer.from(`Opgave;Kommune;Status\r\n${task.id};Aarhus;${status}\r\n`, 'latin1') });

    await form.getByLabel('Fil (CSV eller XLSX)').setInputFiles(file('Færdig'));
    await form.getByRole('button', { name: 'Importér filen' }).click();
    const report = page.getByTestId('import-report');
    await report.waitFor();
    expect(await report.locator('tbody tr').first().locator('td').allInnerTexts()).toEqual(['2', 'Status', 'skal være Fuldført, Påbegyndt eller Ikke påbegyndt (der står "Færdig")']);
    expect((await running.app.repos.klikTasks.status(task.id, '751'))?.value.klikStatus).toBeUndefined();

    await form.getByLabel('Fil (CSV eller XLSX)').setInputFiles(file('Fuldført'));
    await form.getByRole('button', { name: 'Importér filen' }).click();
    await page.getByTestId('import-ok').getByText('Status fra KLIK importeret: 1 række, 1 ændret, 0 uændret.').waitFor();
    expect((await running.app.repos.klikTasks.status(task.id, '751'))?.value).toMatchObject({ status: 'done', klikStatus: 'done', klikExportDate: '2024-02-27' });
    await page.close();
  });
});
