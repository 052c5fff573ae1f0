import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, saveScreenshot } from './support/browser.ts';
import { saveProfile, startTabApp, type TabApp } from './support/tabServer.ts';
import { install } from './support/installs.ts';
import { MEETING_JOIN_URL, person } from './support/activities.ts';
import { openInTeamsHost, TAB_ORIGIN } from './support/teamsHost.ts';

/**
 * The meeting in Teams as the tab shows it: the demo data at the decks' 28-02-2024 (the February
 * meeting is today), the attendance Teams' participant events gave, and the meeting's Teams link,
 * recording and "Send opfølgning" in Administration.
 */
let running: TabApp;
let browser: Browser;
const MEETING = 'pl-2024-02-28';
const leader = person(20, 'Lise Brøndby');

beforeAll(async () => {
  running = await startTabApp();
  const at = '2024-02-28T09:05:00.000Z';
  const attendee = (participantId: string, fields: { municipalityCode?: string; kombit?: boolean }) =>
    running.app.repos.teamsMeetings.saveAttendee({ meetingId: MEETING, participantId, kombit: false, firstJoinedAt: at, inMeeting: true, updatedAt: at, ...fields });
  await attendee('p1', { municipalityCode: '101' });
  await attendee('p2', { municipalityCode: '147' });
  await attendee('p3', { municipalityCode: '147' });
  await attendee('k1', { kombit: true });
  await saveProfile(running, leader.aadObjectId, { name: leader.name, municipalityCode: '153' });
  await install(running.app.repos, running.baseUrl, { person: leader });
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await running?.close();
});

async function open(query: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'da-DK', timezoneId: 'Europe/Copenhagen' });
  const page = await context.newPage();
  await page.goto(`${running.baseUrl}/tab/index.html?${query}`);
  return page;
}

describe('the meeting in Teams, in the tab', () => {
  it('Mødevisning shows the attendance by municipality, KOMBIT apart, and who was not there', async () => {
    const page = await open('view=meeting');
    const attendance = page.getByTestId('attendance');
    await attendance.getByTestId('attendance-headline').waitFor();
    expect(await attendance.getByTestId('attendance-headline').textContent()).toBe('2 kommuner (3 deltagere)');
    expect(await attendance.locator('summary').textContent()).toContain('og 1 fra KOMBIT');
    await attendance.locator('summary').click();
    expect(await attendance.getByTestId('attendance-present').textContent()).toBe('Med i mødet: Frederiksberg (2), København (1)');
    const absent = (await attendance.getByTestId('attendance-absent').textContent())!;
    expect(absent.startsWith('Ikke med (96):')).toBe(true);
    expect(absent).toContain('Brøndby');
    expect(absent).not.toContain('København');
    // Each list as names a consultant can paste into a mail, one a line.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: running.baseUrl });
    await attendance.getByTestId('copy-attendance-present').click();
    await attendance.getByText('2 kommuner kopieret – én pr. linje.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('Frederiksberg\nKøbenhavn');
    await attendance.getByTestId('copy-attendance-absent').click();
    await attendance.getByText('96 kommuner kopieret – én pr. linje.').waitFor();
    expect((await page.evaluate(() => navigator.clipboard.readText())).split('\n')).toHaveLength(96);
    await saveScreenshot(page, 'meeting-attendance');
    await page.close();
  });

  it('Administration takes the Teams meeting link (refusing another kind of link in Danish), the recording, and sends the follow-up with its delivery report', async () => {
    const page = await open('view=admin');
    await page.getByRole('heading', { name: 'Administration' }).waitFor();
    await page.getByRole('tablist', { name: 'Administrationens afsnit' }).getByRole('tab', { name: 'Møder' }).click();
    const form = page.getByTestId('meeting-form');
    await form.getByTestId('meeting-picker').selectOption(MEETING);
    await expect.poll(() => form.getByTestId('meeting-title').inputValue()).not.toBe('');

    await form.getByLabel('Teams-mødelink (Deltag i mødet)').fill('https://zoom.us/j/123456');
    await form.getByRole('button', { name: 'Gem ændringer' }).click();
    await form.getByText('skal være et Teams-mødelink', { exact: false }).first().waitFor();
    expect((await running.app.repos.meetings.get(MEETING))!.value.joinUrl).toBeUndefined();

    await form.getByLabel('Teams-mødelink (Deltag i mødet)').fill(MEETING_JOIN_URL);
    await form.getByLabel('Link til optagelsen').fill('https://kombit.sharepoint.com/optagelse-februar.mp4');
    await form.getByRole('button', { name: 'Gem ændringer' }).click();
    await page.getByTestId('meeting-ok').getByText('Ændringerne er gemt.').waitFor();
    const saved = (await running.app.repos.meetings.get(MEETING))!.value;
    expect([saved.joinUrl, saved.recordingUrl, saved.presentationUrl]).toEqual([MEETING_JOIN_URL, 'https://kombit.sharepoint.com/optagelse-februar.mp4', undefined]);

    await form.getByRole('button', { name: 'Send opfølgning' }).click();
    const ok = page.getByTestId('meeting-ok');
    await ok.getByText('Opfølgningen er sendt til 1 programleder.', { exact: false }).waitFor();
    expect(await ok.getByTestId('delivery-report').getAttribute('data-notification')).toBe(`meetingFollowUp-${MEETING}`);
    await saveScreenshot(page, 'admin-meeting-follow-up');
    await page.close();
  });

  it('Administration lists the program leaders\' questions and ideas; staff answer one and put one on an agenda, and each asker is told', async () => {
    const { repos } = running.app;
    const asked = (id: string, kind: 'question' | 'idea', text: string) =>
      repos.meetingQuestions.create({ id, kind, text, askedBy: { userId: leader.aadObjectId, name: leader.name, municipalityCode: '153' }, askedAt: '2024-02-28T09:20:00.000Z', state: 'new', ...(kind === 'question' ? { meetingId: MEETING } : {}) });
    await repos.meetings.upsert({ id: 'pl-2024-04-24', date: '2024-04-24', startTime: '10:00', endTime: '11:30', title: 'Programledermøde april 2024', agenda: [] });
    await asked('q-1', 'question', 'Hvornår kommer testmiljøet til Sygesikring?');
    await asked('q-2', 'idea', 'Et tema om kunstig intelligens');
    const page = await open('view=admin');
    await page.getByRole('heading', { name: 'Administration' }).waitFor();
    await page.getByRole('tablist', { name: 'Administrationens afsnit' }).getByRole('tab', { name: 'Spørgsmål og idéer' }).click();
    const question = page.locator('[data-question="q-1"]');
    await question.getByTestId('question-text').waitFor();
    expect(await question.textContent()).toContain('Fra Lise Brøndby, Brøndby');
    expect(await question.textContent()).toContain('Til Programledermøde februar 2024 (28-02-2024)');

    await question.getByRole('button', { name: 'Send svar' }).click();
    await question.getByText('må ikke være tom').first().waitFor();
    expect((await repos.meetingQuestions.get('q-1'))!.value.state).toBe('new');

    await question.getByLabel('Svar').fill('Testmiljøet åbner 4. marts.');
    await question.getByRole('button', { name: 'Send svar' }).click();
    await expect.poll(() => page.locator('[data-question="q-1"]').getAttribute('data-state')).toBe('answered');
    const idea = page.locator('[data-question="q-2"]');
    await idea.getByLabel('Møde').selectOption('pl-2024-04-24');
    await idea.getByRole('button', { name: 'Sæt på dagsordenen' }).click();
    await expect.poll(() => page.locator('[data-question="q-2"]').getAttribute('data-state')).toBe('onAgenda');
    expect(await page.locator('[data-question="q-2"]').textContent()).toContain('På dagsordenen: Programledermøde april 2024 (24-04-2024)');

    const told = (await repos.notifications.list()).filter((n) => n.kind === 'text' && n.subjectId.startsWith('q-')).map((n) => String(n.payload.text));
    expect(told.sort()).toEqual([
      'Din idé "Et tema om kunstig intelligens" er sat på dagsordenen for Programledermøde april 2024 24-04-2024.',
      'Svar på dit spørgsmål "Hvornår kommer testmiljøet til Sygesikring?":\n\nTestmiljøet åbner 4. marts.',
    ]);
    await saveScreenshot(page, 'admin-questions');
    await page.close();
  });
});

describe('Mødevisning in the meeting side panel, in the Teams stand-in (teams-js)', () => {
  const MEETING_VIEW = '/tab/index.html?view=meeting';

  it('"Del på skærmen" shares Mødevisning to the meeting stage and says so', async () => {
    const host = await openInTeamsHost(browser, running.baseUrl, MEETING_VIEW, { frameContext: 'sidePanel' });
    const button = host.tab.getByRole('button', { name: 'Del på skærmen' });
    await button.waitFor();
    await button.click();
    await host.tab.getByRole('status').filter({ hasText: 'Mødevisning vises nu på skærmen i mødet.' }).waitFor();
    expect(await host.sharedToStage()).toEqual([`${TAB_ORIGIN}/tab/index.html?view=meeting`]);
    await saveScreenshot(host.page, 'meeting-side-panel-shared');
    await host.close();
  });

  it('tells the person in Danish when Teams does not let the app share, or the share fails, and shares nothing', async () => {
    for (const [options, message] of [
      [{ mayShare: false }, 'Appen må ikke dele på skærmen i dette møde. Opdatér appen i Teams, eller bed mødearrangøren om lov.'],
      [{ shareError: { errorCode: 1000, message: 'Permission denied' } }, 'Mødevisning kunne ikke deles på skærmen. Prøv igen, eller del din skærm fra Teams.'],
    ] as const) {
      const host = await openInTeamsHost(browser, running.baseUrl, MEETING_VIEW, { frameContext: 'sidePanel', ...options });
      await host.tab.getByRole('button', { name: 'Del på skærmen' }).click();
      await host.tab.getByRole('status').filter({ hasText: message }).waitFor();
      expect(await host.sharedToStage()).toEqual([]);
      expect(await host.tab.getByText('Permission denied').count()).toBe(0);
      await host.close();
    }
  });

  it('offers no "Del på skærmen" outside the side panel: not in a channel tab, not on the stage itself', async () => {
    for (const frameContext of ['content', 'meetingStage']) {
      const host = await openInTeamsHost(browser, running.baseUrl, MEETING_VIEW, { frameContext });
      await host.tab.getByTestId('meeting-view').getByTestId('meeting-title').waitFor();
      expect(await host.tab.getByRole('button', { name: 'Del på skærmen' }).count()).toBe(0);
      if (frameContext === 'meetingStage') expect(await host.tab.getByRole('tablist').count()).toBe(0);
      await host.close();
    }
  });
});
