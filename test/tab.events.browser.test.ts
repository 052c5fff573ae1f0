import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, saveScreenshot } from './support/browser.ts';
import { cardAction, person, post } from './support/activities.ts';
import { install } from './support/installs.ts';
import { startConnectorStandIn, type ConnectorStandIn } from './support/connectorStandIn.ts';
import { saveProfile, startTabApp, type TabApp } from './support/tabServer.ts';

/**
 * The Administration view's event section in headless Chromium (demo data at the decks'
 * 28-02-2024): the demo workshop, signed up for through the bot as Teams sends the clicks; and an
 * event created with the form, sent to a channel through the Bot Connector stand-in, and cancelled.
 */
let running: TabApp;
let connector: ConnectorStandIn;
const CHANNEL = '19:programledere-arrangementer@thread.tacv2';
let browser: Browser;
let context: BrowserContext;
const WORKSHOP = 'evt-programlederworkshop';
const anna = person(401, 'Anna Ærø'); // Lyngby-Taarbæk
const bo = person(402, 'Bo Østergaard'); // Aarhus
const cecilie = person(403, 'Cecilie Holm'); // Aarhus

beforeAll(async () => {
  connector = await startConnectorStandIn({ rateLimits: false });
  running = await startTabApp({ workers: true });
  await install(running.app.repos, connector.serviceUrl, { team: CHANNEL });
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
  await connector?.close();
});

async function api(path: string): Promise<any> {
  const res = await fetch(`${running.baseUrl}${path}`);
  expect(res.status).toBe(200);
  return res.json();
}

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

describe('creating, sending and cancelling an event with the form', () => {
  const title = 'Webinar: Fælles sprog for ydelser';
  const stored = async () => ((await api('/api/events')).events as { title: string }[]).filter((e) => e.title === title);

  it('names a bad field in Danish beside it and stores nothing; sending posts the card; new seats; "Aflys" after a confirmation shows Aflyst', async () => {
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${running.baseUrl}/tab/index.html?view=admin`);
    await page.getByRole('heading', { name: 'Administration' }).waitFor();
    await page.locator('[data-section="events"]').click();
    const form = page.getByTestId('event-form');
    await form.getByTestId('event-kind').selectOption({ label: 'Webinar' });
    await form.getByLabel('Titel').fill(title);
    await form.getByLabel('Beskrivelse (valgfri)').fill('En time om det fælles sprog, med spørgsmål til sidst.');
    await form.getByLabel('Link til onlinemødet').fill('https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0');
    await form.getByLabel('Starter').fill('14-03-2024 10:00');
    // The end before the start: the server's Danish message under the field and in the list beside the buttons.
    await form.getByLabel('Slutter').fill('14-03-2024 09:00');
    await form.getByLabel('Tilmeldingsfrist').fill('12-03-2024');
    await form.getByLabel('Antal pladser (valgfrit)').fill('40');
    await form.getByRole('button', { name: 'Send invitationen' }).click();
    await page.getByTestId('event-save-problems').getByText('Slutter: skal ligge efter starttidspunktet').waitFor();
    await form.getByText('skal ligge efter starttidspunktet', { exact: true }).waitFor();
    expect(await form.getByLabel('Slutter').getAttribute('aria-invalid')).toBe('true');
    // Focus lands on the field to correct.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('event-ends');
    expect(await stored()).toEqual([]);
    expect(connector.sent.filter((c) => c.conversationId === CHANNEL)).toHaveLength(0);
    await saveScreenshot(page, 'admin-event-form-problems');

    await form.getByLabel('Slutter').fill('14-03-2024 11:00');
    await form.getByRole('button', { name: 'Send invitationen' }).click();
    await page.getByTestId('event-save-ok').getByText(/^»Webinar: Fælles sprog for ydelser« er oprettet, og invitationen er sendt til \d+ samtaler? \(kanaler og 1:1-chats\)\.$/).waitFor();
    const [event] = (await stored()) as any[];
    expect(event).toMatchObject({ kind: 'webinar', state: 'announced', capacity: 40, audience: { channels: true } });
    expect(Date.parse(event.startsAt)).toBe(Date.parse('2024-03-14T09:00:00Z'));
    expect(Date.parse(event.signupDeadline)).toBe(Date.parse('2024-03-12T22:59:00Z'));
    // The card reaches the channel through the Bot Connector.
    const posted = await connector.waitFor((c) => c.conversationId === CHANNEL && JSON.stringify(c.activity).includes(title), 10_000);
    expect(JSON.stringify(posted.activity)).toContain('Invitation · Webinar');
    // The form is empty again and the new event is the one shown.
    expect(await form.getByLabel('Titel').inputValue()).toBe('');
    await expect.poll(() => page.getByTestId('event-choice').locator('option:checked').textContent()).toBe(`${title} (14-03-2024 kl. 10:00, sendt)`);
    await expect.poll(() => page.getByTestId('event-state').textContent()).toBe('Invitationen er sendt');
    await expect.poll(() => page.getByTestId('event-seats').textContent()).toBe('0 af 40 pladser taget');

    await page.getByTestId('event-new-capacity').fill('30');
    await page.getByRole('button', { name: 'Gem antal pladser' }).click();
    await page.getByTestId('event-action-ok').getByText('Antallet af pladser er nu 30.', { exact: false }).waitFor();
    await expect.poll(() => page.getByTestId('event-seats').textContent()).toBe('0 af 30 pladser taget');

    // "Aflys" asks first; "Fortryd" changes nothing.
    await page.getByRole('button', { name: 'Aflys' }).click();
    const dialog = page.getByRole('alertdialog', { name: `Aflys »${title}«?` });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Fortryd' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await stored())[0]).toMatchObject({ state: 'announced' });
    // Without the dialog's fade, so the screenshot shows it as it stands.
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.getByRole('button', { name: 'Aflys' }).click();
    await dialog.getByRole('button', { name: 'Ja, aflys arrangementet' }).waitFor();
    await saveScreenshot(page, 'admin-event-cancel-confirm');
    await dialog.getByRole('button', { name: 'Ja, aflys arrangementet' }).click();
    await page.getByTestId('event-action-ok').getByText(`»${title}« er aflyst.`).waitFor();
    expect(await page.getByTestId('event-state').textContent()).toBe('Aflyst');
    expect(await page.getByTestId('event-choice').locator('option:checked').textContent()).toBe(`${title} (14-03-2024 kl. 10:00, aflyst)`);
    expect(await page.getByRole('button', { name: 'Aflys' }).count()).toBe(0);
    expect((await stored())[0]).toMatchObject({ state: 'cancelled' });
    await page.close();
  });

  it('saves a draft with "Gem som kladde": nothing is sent until the invitation is', async () => {
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${running.baseUrl}/tab/index.html?view=admin`);
    await page.getByRole('heading', { name: 'Administration' }).waitFor();
    await page.locator('[data-section="events"]').click();
    const form = page.getByTestId('event-form');
    await form.getByTestId('event-kind').selectOption({ label: 'Gå-hjem-møde' });
    await form.getByLabel('Titel').fill('Gå-hjem-møde om Aula-arkivering');
    await form.getByLabel('Sted').fill('KOMBIT, Halfdansgade 8, København S');
    await form.getByLabel('Starter').fill('21-03-2024 15:00');
    await form.getByLabel('Slutter').fill('21-03-2024 16:30');
    await form.getByLabel('Tilmeldingsfrist').fill('20-03-2024 12:00');
    await form.getByTestId('event-audience').selectOption('regions');
    await form.getByRole('group', { name: 'Programledere i udvalgte regioner' }).getByLabel('Hovedstaden').check();
    await form.getByRole('button', { name: 'Gem som kladde' }).click();
    await page.getByTestId('event-save-ok').getByText('Kladden »Gå-hjem-møde om Aula-arkivering« er gemt. Send invitationen, når den er klar.').waitFor();
    const [draft] = ((await api('/api/events')).events as any[]).filter((e) => e.title === 'Gå-hjem-møde om Aula-arkivering');
    expect(draft).toMatchObject({ kind: 'goHomeMeeting', state: 'draft', place: 'KOMBIT, Halfdansgade 8, København S', audience: { regions: ['Hovedstaden'], channels: true } });
    expect(draft.capacity).toBeUndefined();
    await expect.poll(() => page.getByTestId('event-state').textContent()).toBe('Kladde (ikke sendt)');
    expect(connector.sent.filter((c) => JSON.stringify(c.activity).includes('Aula-arkivering'))).toHaveLength(0);
    await page.close();
  });
});
