import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser } from './support/browser.ts';
import { install } from './support/installs.ts';
import { person } from './support/activities.ts';
import { saveProfile, startTabApp, type TabApp } from './support/tabServer.ts';

/** The Administration view's coverage table in headless Chromium, against the real app with a roster imported through the API. */
let running: TabApp;
let browser: Browser;
let context: BrowserContext;
const anna = person(301, 'Anna Ærø');

beforeAll(async () => {
  running = await startTabApp();
  await saveProfile(running, 'demo-kombit', { name: 'Demo KOMBIT-medarbejder', role: 'kombit' });
  // Anna has the app in her 1:1 chat and Teams told it her e-mail; Bo has not installed it.
  await saveProfile(running, anna.aadObjectId, { name: anna.name, email: 'anna@ltk.dk' });
  await install(running.app.repos, 'https://smba.trafficmanager.net/emea/', { person: anna });
  const roster = ['Kommune;Navn;E-mail;Rolle', 'Lyngby-Taarbæk;Anna Ærø;anna@ltk.dk;Programleder', 'Aarhus;Bo Østergaard;bo@aarhus.dk;KOMBIT-programleder', 'Aarhus;Cecilie Holm;cecilie@aarhus.dk;Sikkerhedsansvarlig'];
  const res = await fetch(`${running.baseUrl}/api/roster/import?filename=roller.csv`, { method: 'POST', body: roster.join('\r\n') });
  expect(res.status).toBe(200);
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'da-DK', timezoneId: 'Europe/Copenhagen' });
}, 120_000);
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await running?.close();
});

describe('the coverage table', () => {
  it('shows how many municipalities can be reached, says Graph is not connected, and lists the unreached first with the reason', async () => {
    const page = await context.newPage();
    await page.goto(`${running.baseUrl}/tab/index.html?view=admin`);
    await page.getByRole('heading', { name: 'Administration' }).waitFor();
    await page.locator('[data-section="coverage"]').click();
    await expect.poll(() => page.getByTestId('coverage-summary').textContent(), { timeout: 10_000 }).toBe('1 af 98 kommuner kan nås i Teams');
    await page.getByText('Appen er ikke forbundet til Microsoft Graph').waitFor();
    const rows = page.getByTestId('coverage-table').locator('tbody tr');
    expect(await rows.count()).toBe(98);
    // Aarhus has people on the roster but none reachable; it is among the unreached, which all come before Lyngby-Taarbæk.
    const aarhus = page.locator('tr[data-code="751"]');
    expect(await aarhus.locator('td').allTextContents()).toEqual([
      'Aarhus',
      'Bo Østergaard (ikke forbundet til Microsoft Graph)',
      'Cecilie Holm (ikke forbundet til Microsoft Graph) – Sikkerhedsansvarlig',
      'ingen af de 2 på rollelisten kan nås',
    ]);
    expect(await rows.last().getAttribute('data-code')).toBe('173');
    expect(await rows.last().locator('td').allTextContents()).toEqual(['Lyngby-Taarbæk', 'Anna Ærø', '', 'Ja']);
    await page.close();
  });
});
