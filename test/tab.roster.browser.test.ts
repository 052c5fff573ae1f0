import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser } from './support/browser.ts';
import { install } from './support/installs.ts';
import { person } from './support/activities.ts';
import { saveProfile, startTabApp, type TabApp } from './support/tabServer.ts';
import { startGraphStandIn, type GraphStandIn } from './support/graphStandIn.ts';

/** The Administration view's coverage table in headless Chromium, against the real app with a roster imported through the API. */
let running: TabApp;
let withGraph: TabApp | undefined;
let graph: GraphStandIn | undefined;
let browser: Browser;
let context: BrowserContext;
const anna = person(301, 'Anna Ærø');

beforeAll(async () => {
  running = await startTabApp();
  await saveProfile(running, 'demo-kombit', { name: 'Demo KOMBIT-medarbejder', role: 'kombit' });
  // Anna has the app in her 1:1 chat and Teams told it her e-mail; Bo has not installed it.
  await saveProfile(running, anna.aadObjectId, { name: anna.name, email: 'anna@ltk.dk' });
  await install(running.app.repos, 'https://smba.trafficmanager.net/emea/', { person: anna });
  // Cecilie chose København herself; the roster says Aarhus: shown to staff, not resolved.
  await saveProfile(running, person(303, 'Cecilie Holm').aadObjectId, { name: 'Cecilie Holm', email: 'cecilie@aarhus.dk', municipalityCode: '101' });
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
  await withGraph?.close();
  await graph?.close();
});

describe('the coverage table', () => {
  it('shows how many municipalities can be reached, says Graph is not connected, lists the unreached first with the reason, and the municipality conflicts', async () => {
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
    expect(await page.getByTestId('coverage-conflicts').locator('li').allTextContents()).toEqual(['Cecilie Holm: valgte København, rollelisten siger Aarhus']);
    await page.close();
  });
});

describe('guest invitations from the coverage table', () => {
  it('invites a person who is not a guest with the button in their row and says so to the one who clicked', async () => {
    const catalogAppId = 'e3a8b1c2-0000-4000-8000-00000000ca7c';
    graph = await startGraphStandIn({ users: [], catalogAppId });
    withGraph = await startTabApp({ env: { GRAPH_CATALOG_APP_ID: catalogAppId, GRAPH_BASE_URL: graph.baseUrl } });
    await saveProfile(withGraph, 'demo-kombit', { name: 'Demo KOMBIT-medarbejder', role: 'kombit' });
    const roster = ['Kommune;Navn;E-mail;Rolle', 'Aarhus;Bo Østergaard;bo@aarhus.dk;KOMBIT-programleder', 'Aarhus;Cecilie Holm;cecilie@aarhus.dk;Sikkerhedsansvarlig'];
    expect((await fetch(`${withGraph.baseUrl}/api/roster/import?filename=roller.csv`, { method: 'POST', body: roster.join('\r\n') })).status).toBe(200);
    // Graph finds neither of them: both are "ikke gæst i KOMBITs Teams".
    const app = withGraph.app;
    await expect.poll(async () => {
      await app.scheduler.tick();
      return (await app.repos.roster.reachRecords()).filter((r) => r.reason === 'noSuchUser').length;
    }, { timeout: 15_000 }).toBe(2);
    const page = await context.newPage();
    await page.goto(`${withGraph.baseUrl}/tab/index.html?view=admin`);
    await page.getByRole('heading', { name: 'Administration' }).waitFor();
    await page.locator('[data-section="coverage"]').click();
    await page.getByTestId('invite-all').getByText('Inviter alle, der ikke er gæster (2)').waitFor();
    await page.locator('tr[data-code="751"]').getByRole('button', { name: 'Inviter Bo Østergaard' }).click();
    await expect.poll(() => page.getByTestId('invite-ok').textContent(), { timeout: 10_000 }).toBe('Gæsteinvitationen til Bo Østergaard sendes.');
    // The table is read again: Bo's invitation is on its way, and only Cecilie is left to invite.
    await page.getByText('Bo Østergaard (gæsteinvitationen sendes)').waitFor();
    await page.getByTestId('invite-all').getByText('Inviter alle, der ikke er gæster (1)').waitFor();
    expect(await page.locator('tr[data-code="751"]').getByRole('button').allTextContents()).toEqual(['Inviter Cecilie Holm']);
    await expect.poll(async () => {
      await app.scheduler.tick();
      return graph!.invitations.map((i) => i.email);
    }, { timeout: 10_000 }).toEqual(['bo@aarhus.dk']);
    await page.close();
  });
});
