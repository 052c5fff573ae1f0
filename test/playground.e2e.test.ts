import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { startTestApp, type RunningApp } from './support/app.ts';
import { testLog } from './support/storage.ts';
import { launchBrowser, saveScreenshot } from './support/browser.ts';
import { launchPlayground, type Playground } from '../bot/local/playground.ts';
import { seedDemoDataIfEmpty } from '../bot/demo/seed.ts';
import { systemClock, todayIn } from '../bot/domain/time.ts';
import { agreementNotificationId } from '../bot/agreements/agreementService.ts';
import { MEETING_ID, MEETING_JOIN_URL } from './support/activities.ts';

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
  // The delivery worker sends cards to the Playground's chat; the scheduler stays off, so no reminder or
  // card refresh fires at a moment of its own (a test runs the refresh it checks itself).
  await running.app.startWorkers({ scheduler: false });
  playground = await launchPlayground(`${running.baseUrl}/api/messages`, { port: 0, openBrowser: false }, testLog);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await playground?.stop();
  await running?.close();
});

/**
 * Opens the Playground's chat in a fresh browser context (so a test does not depend on what an
 * earlier one left on screen) and waits until its chat box is there.
 */
async function openChat(): Promise<void> {
  const context = await browser!.newContext({ viewport: { width: 1400, height: 1800 } });
  // Hermetic: the page also asks Microsoft's CDN (res-1.cdn.office.net) for fonts and an animation
  // worklet; it renders without them, and the test must not depend on the internet.
  await context.route((url) => url.hostname !== '127.0.0.1' && url.hostname !== 'localhost', (route) => route.abort('blockedbyclient'));
  page = await context.newPage();
  await page.goto(playground!.url);
  await chatBox().waitFor({ state: 'visible' });
}

/** Saves a screenshot of the page when the test fails, and says where. */
function screenshotOnFailure(onTestFailed: (handler: () => Promise<void>) => void, name: string): void {
  onTestFailed(async () => {
    console.error(`Screenshot of the failure: ${await saveScreenshot(page, name)}`);
  });
}

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

/** No turn ended in the bot's apology, and no card action was refused. */
async function expectNoFailures(): Promise<void> {
  expect(await page.getByText(/^Beklager|Kortet kunne ikke læses|Den handling kender jeg ikke/).count()).toBe(0);
}

describe('the bot in the Microsoft 365 Agents Playground (Chromium)', () => {
  it('welcomes, answers "hjælp" and "opgaver", and handles card actions', { timeout: 120_000 }, async ({ onTestFailed }) => {
    screenshotOnFailure(onTestFailed, 'playground-failure');
    await openChat();

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

    // The Playground's user is KOMBIT staff: a name that fits several municipalities gives a choice, the
    // choice shows that municipality's status in place, and from there it can be made the user's own.
    await send('kommune Taa');
    const choice = await waitForCard('Flere kommuner passer på "Taa". Hvilken mener du?');
    await saveScreenshot(page, 'playground-5-municipality-choice');
    await choice.getByRole('button', { name: 'Lyngby-Taarbæk' }).click();
    const status = await waitForCard('Status for Lyngby-Taarbæk Kommune');
    await status.getByRole('button', { name: 'Vælg Lyngby-Taarbæk som min kommune' }).click();
    await waitForCard('Din kommune er nu Lyngby-Taarbæk');
    await saveScreenshot(page, 'playground-6-municipality-set');

    // Now the task list carries Lyngby-Taarbæk's own status on each task, what it still owes first.
    await send('opgaver');
    const mine = await waitForCard(/^Med status for Lyngby-Taarbæk/);
    await mine.getByText(/^Lyngby-Taarbæk: (Fuldført|Påbegyndt|Ikke påbegyndt)$/).first().waitFor({ state: 'visible' });
    expect((await shownTitles(mine)).length).toBe(firstPage.length);
    expect(await mine.getByText(/^Lyngby-Taarbæk: /).first().innerText()).not.toBe('Lyngby-Taarbæk: Fuldført');
    await saveScreenshot(page, 'playground-7-tasks-lyngby-taarbaek');

    await expectNoFailures();
  });
});

describe('a meeting evaluation in the Microsoft 365 Agents Playground (Chromium)', () => {
  const SCALE = ['Helt uenig', 'Uenig', 'Hverken enig eller uenig', 'Enig', 'Helt enig'];
  const FORM_TITLE = 'Hvor enig eller uenig er du i følgende udsagn?';
  const THANKS_TITLE = 'Tak! Dit svar er gemt';

  /** A statement's five choices in a form card; its label is "1. <statement>". */
  const statement = (card: Locator, index: number, text: string) => card.getByRole('radiogroup', { name: `${index + 1}. ${text}` });

  /** The answer shown under each statement in a thank-you card, in the statements' order. */
  async function shownAnswers(card: Locator, statements: readonly string[]): Promise<string[]> {
    const lines = (await card.innerText()).split('\n').map((line) => line.trim()).filter(Boolean);
    return statements.map((text) => lines[lines.findIndex((line) => line.endsWith(text)) + 1] ?? '(no statement)');
  }

  it('shows the card, takes a vote with a click, shows the thank-you view, and lets the person change the answer', { timeout: 120_000 }, async ({ onTestFailed }) => {
    screenshotOnFailure(onTestFailed, 'playground-evaluation-failure');
    await openChat();
    const before = new Set((await running!.app.repos.evaluations.list()).map((e) => e.id));
    // The test's own meeting, named in the command: which demo meeting is "today's" and whether it
    // already has an open evaluation depends on the day the demo data is shifted to.
    const created = await fetch(`${running!.baseUrl}/api/meetings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ date: '2019-06-13', title: 'Programledermøde juni 2019', agenda: [{ time: '10:00', title: 'Velkomst', presenter: 'KOMBIT' }] }),
    });
    expect(created.status).toBe(201);

    // The demo user is KOMBIT staff in development mode, so the 1:1 chat can start an evaluation
    // and shows the card as participants see it.
    await send('evaluering start pl-2019-06-13');
    // (The chat list in the side bar previews the same text; the reply itself is a paragraph.)
    await page.getByRole('paragraph').filter({ hasText: /^Evalueringen af .+ er startet/ }).waitFor({ state: 'visible', timeout: REPLY_MS });
    const form = await waitForCard(FORM_TITLE);
    const [evaluation] = (await running!.app.repos.evaluations.list()).filter((e) => !before.has(e.id));
    if (!evaluation) throw new Error('"evaluering start" stored no evaluation');
    const statements = evaluation.questions.map((q) => q.text);
    expect(statements).toHaveLength(4);
    expect(evaluation.meetingId).toBe('pl-2019-06-13');
    const meeting = (await running!.app.repos.meetings.get(evaluation.meetingId))!.value;
    await form.getByText(new RegExp(`^Evaluering · ${meeting.title} · `)).waitFor({ state: 'visible' });
    for (const [i, text] of statements.entries()) {
      const choices = await statement(form, i, text).getByRole('radio').evaluateAll((radios) => radios.map((radio) => radio.closest('.fui-Radio')?.textContent?.trim()));
      expect(choices).toEqual(SCALE);
    }
    expect(await form.getByText('Ingen har svaret endnu.', { exact: true }).count()).toBe(1);

    // The shared card's "Ret mit svar" is sent by the Teams renderer although no statement is chosen
    // (the button takes no inputs): someone who has not answered is told so, in a form of their own.
    await form.getByRole('button', { name: 'Ret mit svar', exact: true }).click();
    const own = await waitForCard('Du har ikke svaret endnu. Vælg et svar ved hvert udsagn, og tryk Send.');

    // One click per statement, a comment, and Send.
    const picks = ['Helt enig', 'Enig', 'Hverken enig eller uenig', 'Uenig'];
    for (const [i, text] of statements.entries()) await statement(own, i, text).getByRole('radio', { name: picks[i], exact: true }).check();
    await own.getByRole('textbox', { name: 'Kommentar (valgfri)' }).fill('Mere tid til dialog, tak.');
    await saveScreenshot(page, 'playground-8-evaluation-form');
    await own.getByRole('button', { name: 'Send', exact: true }).click();

    // The card turns into the person's own view: their answers and "Ret mit svar".
    const thanks = await waitForCard(THANKS_TITLE);
    expect(await shownAnswers(thanks, statements)).toEqual(picks);
    await thanks.getByText('Din kommentar', { exact: true }).waitFor({ state: 'visible' });
    await thanks.getByText('Mere tid til dialog, tak.', { exact: true }).waitFor({ state: 'visible' });
    const edit = thanks.getByRole('button', { name: 'Ret mit svar', exact: true });
    expect(await edit.isEnabled()).toBe(true);
    await saveScreenshot(page, 'playground-9-evaluation-thanks');
    let stored = await running!.app.repos.evaluations.responses(evaluation.id);
    expect(stored.map((r) => ({ answers: r.answers, comment: r.comment }))).toEqual([{ answers: { q1: 5, q2: 4, q3: 3, q4: 2 }, comment: 'Mere tid til dialog, tak.' }]);

    // "Ret mit svar" brings back the form with the stored answer; sending again replaces it.
    await edit.click();
    const again = await waitForCard(FORM_TITLE);
    for (const [i, text] of statements.entries()) expect(await statement(again, i, text).getByRole('radio', { name: picks[i], exact: true }).isChecked()).toBe(true);
    await statement(again, 3, statements[3]!).getByRole('radio', { name: 'Enig', exact: true }).check();
    await again.getByRole('button', { name: 'Send', exact: true }).click();
    const replaced = await waitForCard('Dit tidligere svar er erstattet af dette.');
    expect(await shownAnswers(replaced, statements)).toEqual(['Helt enig', 'Enig', 'Hverken enig eller uenig', 'Enig']);
    await saveScreenshot(page, 'playground-10-evaluation-changed');
    stored = await running!.app.repos.evaluations.responses(evaluation.id);
    expect(stored.map((r) => r.answers)).toEqual([{ q1: 5, q2: 4, q3: 3, q4: 4 }]);

    await expectNoFailures();
  });
});

describe('an agreement card in the Microsoft 365 Agents Playground (Chromium)', () => {
  it('answers one click on "Vi har underskrevet" with the municipality\'s confirmation, and the card update keeps it', { timeout: 120_000 }, async ({ onTestFailed }) => {
    screenshotOnFailure(onTestFailed, 'playground-agreement-failure');
    await openChat();
    await send('kommune Aarhus');
    await (await waitForCard('Status for Aarhus Kommune')).getByRole('button', { name: 'Vælg Aarhus som min kommune' }).click();
    await waitForCard('Din kommune er nu Aarhus');

    // The team's channel: opening it in the Playground adds the bot to the team.
    await page.getByText('General', { exact: true }).click();
    await expect.poll(async () => (await running!.app.repos.installations.listPage(100, undefined, { activeOnly: true })).items.some((i) => i.conversationType === 'channel'), { timeout: REPLY_MS }).toBe(true);

    // KOMBIT sends a new agreement today: its card goes to the channel (shared) and the followers' 1:1 chats.
    const title = 'Tilslutningsaftale til Fælleskommunal Gateway (Playground)';
    const res = await fetch(`${running!.baseUrl}/api/agreements`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ solutionId: 'gateway', kind: 'connection', title, sentDate: todayIn(systemClock), deadline: null }),
    });
    expect(res.status).toBe(201);
    const { agreement } = (await res.json()) as { agreement: { id: string } };
    const card = await waitForCard(title);
    await card.getByText(/^Har jeres kommune underskrevet\?/).waitFor({ state: 'visible', timeout: REPLY_MS });

    // One click: the person sees at once what was recorded for Aarhus, and the button is gone.
    await card.getByRole('button', { name: 'Vi har underskrevet', exact: true }).click();
    const confirmed = await waitForCard(/^Aarhus: Underskrevet \d{2}-\d{2}-\d{4} – meldt af .+, afventer KOMBITs bekræftelse$/);
    await confirmed.getByText(/^Tak! Aarhus står nu som underskrevet\./).waitFor({ state: 'visible' });
    expect(await confirmed.getByRole('button', { name: 'Vi har underskrevet', exact: true }).count()).toBe(0);
    await saveScreenshot(page, 'playground-11-agreement-signed');

    // The update of the posted card (new totals for everyone) does not take the confirmation away: the
    // shared card names what was recorded for Aarhus. (Teams also refreshes it into the clicker's own
    // view, without the button; the Playground does not run a card's refresh, so here the button stays
    // for the others in the channel.)
    await running!.app.delivery.refreshNow(agreementNotificationId(agreement.id));
    const refreshed = await waitForCard(/^1 underskrevet · 0 takket nej · 97 mangler/);
    await refreshed.getByText(/^Aarhus: Underskrevet \d{2}-\d{2}-\d{4} – meldt af .+, afventer KOMBITs bekræftelse$/).waitFor({ state: 'visible', timeout: REPLY_MS });
    expect(await refreshed.getByText('Tak! Aarhus står nu som underskrevet.', { exact: false }).count()).toBe(0);
    await saveScreenshot(page, 'playground-12-agreement-refreshed');

    await expectNoFailures();
  });
});

/**
 * Sends an activity through the Playground's own "Mock an Activity" > "Custom activity": the
 * Playground fills its editor with an activity of its own (its ids, service URL, user and the open
 * conversation) whose type is left to fill in; `shape` makes it the activity wanted, the test writes
 * it in the editor and presses "Send activity". Returns what the Playground sent on.
 */
async function mockActivity(shape: (base: Record<string, unknown> & { channelData?: Record<string, unknown> }) => Record<string, unknown>): Promise<unknown> {
  await page.getByText('Mock an Activity', { exact: true }).click();
  const template = page.waitForResponse((res) => res.url().includes('/_internal/v1/customActivities/template'));
  await page.getByRole('menuitem', { name: 'Custom activity' }).click();
  const base = (await (await template).json()) as Record<string, unknown> & { channelData?: Record<string, unknown> };
  expect(base.type).toBe('<custom-activity-type>');
  const dialog = page.getByRole('dialog').filter({ hasText: 'Custom activity' });
  await dialog.locator('.monaco-editor').waitFor({ state: 'visible' });
  const activity = shape(base);
  await dialog.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(JSON.stringify(activity));
  const sent = page.waitForRequest((req) => req.method() === 'POST' && req.url().endsWith('/_internal/v1/customActivities'));
  await dialog.getByRole('button', { name: 'Send activity' }).click();
  const body = (await sent).postDataJSON();
  await dialog.waitFor({ state: 'hidden' });
  // What the Playground sent on is what was written in its editor.
  expect(body).toEqual(activity);
  return body;
}

describe('a Teams meeting starting and ending, mocked in the Microsoft 365 Agents Playground (Chromium)', () => {
  it('sends meetingStart and meetingEnd through the Playground\'s "Mock an Activity" > "Custom activity": the agenda card takes a question, the end shows the evaluation card', { timeout: 120_000 }, async ({ onTestFailed }) => {
    screenshotOnFailure(onTestFailed, 'playground-meeting-end-failure');
    await openChat();
    // The Playground has no meeting chat; its group chat stands in for one. Opening it adds the bot to it.
    await page.getByText('Group Chat', { exact: true }).click();
    await expect.poll(async () => (await running!.app.repos.installations.listPage(100, undefined, { activeOnly: true })).items.some((i) => i.conversationType === 'groupChat'), { timeout: REPLY_MS }).toBe(true);

    // Today's program-leader meeting with its Teams join link: the event names the same link.
    const created = await fetch(`${running!.baseUrl}/api/meetings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ date: todayIn(systemClock), startTime: '06:00', endTime: '06:30', title: 'Programledermøde i Playground', agenda: [], joinUrl: MEETING_JOIN_URL }),
    });
    expect(created.status).toBe(201);
    const meetingId = ((await created.json()) as { meeting: { id: string } }).meeting.id;
    expect((await running!.app.repos.evaluations.list()).some((e) => e.meetingId === meetingId)).toBe(false);

    // Teams' meetingStart and meetingEnd as Microsoft documents them, on the Playground's own activity.
    const meetingEvent = (which: 'Start' | 'End') => (base: Record<string, unknown> & { channelData?: Record<string, unknown> }) => ({
      ...base,
      type: 'event',
      name: `application/vnd.microsoft.meeting${which}`,
      channelData: { ...base.channelData, meeting: { id: MEETING_ID } },
      value: { MeetingType: 'Scheduled', Title: 'Programledermøde i Playground', Id: MEETING_ID, JoinUrl: MEETING_JOIN_URL, [`${which}Time`]: new Date().toISOString() },
    });

    // The start: the agenda card, with the field for a question and "Stil et spørgsmål".
    await mockActivity(meetingEvent('Start'));
    const agenda = await waitForCard('Mødet er begyndt');
    await agenda.getByText('Programledermøde i Playground', { exact: true }).waitFor({ state: 'visible' });
    await agenda.getByRole('textbox', { name: 'Spørgsmål til mødet eller idé til et kommende møde' }).fill('Kommer præsentationen ud bagefter?');
    await saveScreenshot(page, 'playground-13-meeting-start-agenda');
    await agenda.getByRole('button', { name: 'Stil et spørgsmål', exact: true }).click();
    await page.getByText('Tak for dit spørgsmål. Det er sendt til KOMBIT, og du får svaret i din chat med mig.', { exact: true }).waitFor({ state: 'visible', timeout: REPLY_MS });
    const asked = (await running!.app.repos.meetingQuestions.list()).filter((q) => q.meetingId === meetingId);
    expect(asked.map((q) => [q.kind, q.text])).toEqual([['question', 'Kommer præsentationen ud bagefter?']]);

    // The end.
    await mockActivity(meetingEvent('End'));
    await saveScreenshot(page, 'playground-14-mock-meeting-end');

    // The meeting's evaluation starts and its card appears in the chat.
    const form = await waitForCard('Hvor enig eller uenig er du i følgende udsagn?');
    await form.getByText(/^Evaluering · Programledermøde i Playground · /).waitFor({ state: 'visible' });
    await saveScreenshot(page, 'playground-15-meeting-end-evaluation');
    const evaluations = (await running!.app.repos.evaluations.list()).filter((e) => e.meetingId === meetingId);
    expect(evaluations.map((e) => e.state)).toEqual(['open']);
    await expectNoFailures();
  });
});
