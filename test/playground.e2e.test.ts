import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { startTestApp, type RunningApp } from './support/app.ts';
import { testLog } from './support/storage.ts';
import { launchBrowser, saveScreenshot } from './support/browser.ts';
import { launchPlayground, type Playground } from '../bot/local/playground.ts';
import { seedDemoDataIfEmpty } from '../bot/demo/seed.ts';
import { systemClock } from '../bot/domain/time.ts';

// End to end: the real app over in-memory Azurite with the demo data, the Microsoft 365 Agents
// Playground (a local Teams client) pointed at it, and Chromium driving the Playground's web chat.

const REPLY_MS = 15_000;

let running: RunningApp | undefined;
let playground: Playground | undefined;
let browser: Browser | undefined;
let page: Page;
let taskTitles: string[] = [];

beforeAll(async () => {
  running = await startTestApp();
  const seeded = await seedDemoDataIfEmpty(running.app.repos, systemClock, running.config.evaluationHashKey, testLog);
  expect(seeded.tasks).toBeGreaterThan(0);
  taskTitles = (await running.app.repos.klikTasks.list()).map((task) => task.title);
  playground = await launchPlayground(`${running.baseUrl}/api/messages`, { port: 0, openBrowser: false }, testLog);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 1800 } });
  // Hermetic: the page also asks Microsoft's CDN (res-1.cdn.office.net) for fonts and an animation
  // worklet; it renders without them, and the test must not depend on the internet.
  await page.route((url) => url.hostname !== '127.0.0.1' && url.hostname !== 'localhost', (route) => route.abort('blockedbyclient'));
});

afterAll(async () => {
  await browser?.close();
  await playground?.stop();
  await running?.close();
});

/** The Playground's chat box: a contenteditable (Lexical) textbox; cards' own inputs are never contenteditable. */
const chatBox = () => page.getByRole('textbox').and(page.locator('[contenteditable="true"]'));

/** A rendered Adaptive Card (the Adaptive Cards SDK's root class) that shows this exact text. */
const cardWith = (text: string | RegExp): Locator => page.locator('.ac-adaptiveCard').filter({ has: page.getByText(text, { exact: true }) });

/** Types a message in the chat box and sends it with the Send button. */
async function send(text: string): Promise<void> {
  const box = chatBox();
  await box.click();
  await page.keyboard.type(text);
  expect(await box.innerText()).toContain(text);
  await page.getByRole('button', { name: 'Send Message' }).click();
}

/** The demo tasks' titles a card shows, in its order (each TextBlock is a paragraph). */
async function shownTitles(card: Locator): Promise<string[]> {
  const texts = await card.getByRole('paragraph').allInnerTexts();
  return texts.map((text) => text.trim()).filter((text) => taskTitles.includes(text));
}

/** Waits for the newest card with this exact text and returns it. */
async function waitForCard(text: string | RegExp): Promise<Locator> {
  const card = cardWith(text).last();
  await card.waitFor({ state: 'visible', timeout: REPLY_MS });
  return card;
}

describe('the bot in the Microsoft 365 Agents Playground (Chromium)', () => {
  it('welcomes, answers "hjælp" and "opgaver", and handles card actions', { timeout: 120_000 }, async ({ onTestFailed }) => {
    onTestFailed(async () => {
      console.error(`Screenshot of the failure: ${await saveScreenshot(page, 'playground-failure')}`);
    });
    await page.goto(playground!.url);
    await chatBox().waitFor({ state: 'visible' });

    // Opening the Playground installs the app in a personal chat: the welcome asks for the municipality.
    await waitForCard('Velkommen! Hvilken kommune er du programleder for?');
    await saveScreenshot(page, 'playground-1-welcome');

    await send('hjælp');
    const help = await waitForCard('Det kan jeg hjælpe med');
    expect(await help.innerText()).toContain('opgaver [løsning]');
    await saveScreenshot(page, 'playground-2-help');

    await send('opgaver');
    const tasks = await waitForCard('Åbne KLIK-opgaver');
    const firstPage = await shownTitles(tasks);
    expect(firstPage.length).toBeGreaterThan(0);
    await saveScreenshot(page, 'playground-3-tasks');

    // Action.Execute "Vis flere": the card is replaced by its next page.
    await tasks.getByRole('button', { name: 'Vis flere' }).click();
    const nextPage = await shownTitles(await waitForCard(/viser 9-\d+ af \d+\)$/));
    expect(nextPage.length).toBeGreaterThan(0);
    expect(nextPage.filter((title) => firstPage.includes(title))).toEqual([]);
    await saveScreenshot(page, 'playground-4-tasks-page-2');

    // A name that fits several municipalities gives a choice; choosing answers with a confirmation in place.
    await send('kommune Taa');
    const choice = await waitForCard('Flere kommuner passer på "Taa". Hvilken er din?');
    await saveScreenshot(page, 'playground-5-municipality-choice');
    await choice.getByRole('button', { name: 'Lyngby-Taarbæk' }).click();
    await waitForCard('Din kommune er nu Lyngby-Taarbæk');
    await saveScreenshot(page, 'playground-6-municipality-set');

    // Now the task list carries Lyngby-Taarbæk's own status on each task.
    await send('opgaver');
    const mine = await waitForCard(/^Med status for Lyngby-Taarbæk/);
    await mine.getByText(/^Lyngby-Taarbæk: (Fuldført|Påbegyndt|Ikke påbegyndt)$/).first().waitFor({ state: 'visible' });
    expect(await shownTitles(mine)).toEqual(firstPage);
    await saveScreenshot(page, 'playground-7-tasks-lyngby-taarbaek');

    // No turn ended in the bot's apology, and no card action was refused.
    expect(await page.getByText(/^Beklager|Kortet kunne ikke læses|Den handling kender jeg ikke/).count()).toBe(0);
  });
});
