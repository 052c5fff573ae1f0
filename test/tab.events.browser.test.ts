import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, saveScreenshot } from './support/browser.ts';
import { cardAction, person, post } from './support/activities.ts';
import { saveProfile, startTabApp, type TabApp } from './support/tabServer.ts';

/** The Administration view's event section in headless Chromium: the demo workshop, signed up for through the bot as Teams sends the clicks. */
let running: TabApp;
let browser: Browser;
let context: BrowserContext;
const WORKSHOP = 'evt-programlederworkshop';
const anna = person(401, 'Anna Ærø'); // Lyngby-Taarbæk
const bo = person(402, 'Bo Østergaard'); // Aarhus
const cecilie = person(403, 'Cecilie Holm'); // Aarhus

beforeAll(async () => {
  running = await startTabApp();
  await saveProfile(running, 'demo-kombit', { name: 'Demo KOMBIT-medarbejder', role: 'kombit' });
  await saveProfile(running, anna.aadObjectId, { name: anna.name, municipalityCode: '173' });
  await saveProfile(running, bo.aadObjectId, { name: bo.name, municipalityCode: '751' });
  await saveProfile(running, cecilie.aadObjectId, { name: cecilie.name, municipalityCode: '751' });
  // Two seats, so the third is on the waiting list.
  const patched = await fetch(`${running.baseUrl}/api/events/${WORKSHOP}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ capacity: 2 }) });
  expect(patched.status).toBe(200);
  for (const p of [bo, anna, cecilie]) {
    const res = await post(running.baseUrl, cardAction('https://smba.trafficmanager.net/emea/', p, 'eventSignup', { eventId: WORKSHOP }));
    expect(res.status).toBe(200);
  }
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'da-DK', timezoneId: 'Europe/Copenhagen' });
}, 120_000);
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await running?.close();
});

describe('the event section of Administration', () => {
  it('shows who signed up per municipality, seats and waiting list, and copies one line per municipality', async () => {
    const page = await context.newPage();
    await page.goto(`${running.baseUrl}/tab/index.html?view=admin`);
    await page.getByRole('heading', { name: 'Administration' }).waitFor();
    await page.locator('[data-section="events"]').click();
    await expect.poll(() => page.getByTestId('event-seats').textContent(), { timeout: 10_000 }).toBe('2 af 2 pladser taget · 1 på ventelisten, fra 2 kommuner');
    expect(await page.getByTestId('event-choice').locator('option').first().textContent()).toMatch(/^Programleder-workshop: Den nye programlederrolle \(\d{2}-\d{2}-\d{4} kl\. 09:30, sendt\)$/);
    const rows = page.getByTestId('event-signups-table').locator('tbody tr');
    expect(await rows.count()).toBe(2);
    // Danish order: Aarhus (Aa = Å) after Lyngby-Taarbæk; Bo clicked first and has a seat, Cecilie waits.
    expect(await rows.nth(0).locator('td').allTextContents()).toEqual(['Lyngby-Taarbæk', 'Anna Ærø', '']);
    expect(await rows.nth(1).locator('td').allTextContents()).toEqual(['Aarhus', 'Bo Østergaard', 'Cecilie Holm (nr. 1)']);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: running.baseUrl });
    await page.getByTestId('copy-event-signups').click();
    await page.getByText('2 kommuner kopieret – én pr. linje.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('Lyngby-Taarbæk: Anna Ærø\nAarhus: Bo Østergaard, Cecilie Holm (venteliste)');
    await page.getByRole('group', { name: 'Hent tilmeldte' }).waitFor();
    await saveScreenshot(page, 'admin-events');
    await page.close();
  });

  it('refuses the list to a program leader through the API the section reads', async () => {
    const res = await fetch(`${running.baseUrl}/api/events/${WORKSHOP}/signups`, { headers: { 'x-demo-municipality': '751' } });
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toBe('Kun KOMBIT-medarbejdere kan gøre dette.');
  });
});
