import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, saveScreenshot } from './support/browser.ts';
import { install } from './support/installs.ts';
import { cardAction, person, post } from './support/activities.ts';
import { saveProfile, startTabApp, type TabApp } from './support/tabServer.ts';

/**
 * Issue 16, item 6, in Chromium against the real app (demo data at the decks' 28-02-2024; the demo
 * user is KOMBIT staff): "Spørgeskemaer" in Administration writes a survey beside a preview of its
 * card rendered by the Adaptive Cards renderer from the JSON the bot sends, names the problems in
 * Danish beside the form (and stores nothing), sends it, follows the answers as they come in,
 * reminds those missing, closes it and exports the results.
 */
let running: TabApp;
let browser: Browser;
let context: BrowserContext;
const leaders = [
  { who: person(61, 'Anna Hansen'), code: '101' },
  { who: person(62, 'Cecilie Holm'), code: '147' },
  { who: person(63, 'Dan Madsen'), code: '151' },
];

beforeAll(async () => {
  running = await startTabApp();
  await saveProfile(running, 'demo-kombit', { name: 'Demo KOMBIT-medarbejder', role: 'kombit', municipalityCode: '766' });
  for (const { who, code } of leaders) {
    await saveProfile(running, who.aadObjectId, { name: who.name, role: 'programleder', municipalityCode: code });
    await install(running.app.repos, running.baseUrl, { person: who });
  }
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true, locale: 'da-DK' });
}, 120_000);
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await running?.close();
});

async function openSurveys(): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await page.goto(`${running.baseUrl}/tab/index.html?view=admin`);
  await page.getByRole('heading', { name: 'Administration' }).waitFor();
  await page.getByRole('tablist', { name: 'Administrationens afsnit' }).getByRole('tab', { name: 'Spørgeskemaer' }).click();
  return page;
}

describe('Spørgeskemaer in Administration', () => {
  it('writes a survey beside the card Teams will show, names problems in Danish, sends it, follows the answers, reminds, closes and exports', async () => {
    const page = await openSurveys();
    const form = page.getByTestId('survey-form');
    await form.getByLabel('Titel').fill('Modtagere af revisionserklæringer');
    await form.getByLabel('Ét svar pr. kommune').check();
    await form.getByTestId('survey-audience').selectOption('municipalities');
    await form.getByLabel('Kommunekoder, adskilt af komma (fx 101, 147)').fill('101, 147, 151');
    await form.getByLabel('Svarfrist').fill('15-03-2024 16:00');
    // An audience by a role the Rollegalleri does not know: the server's reason under the audience and in the list beside the form.
    await form.getByTestId('survey-audience').selectOption('roles');
    await form.getByLabel('Roller, adskilt af komma (fx programleder, dpo, sikkerhedsansvarlig)').fill('kaffeansvarlig');
    await page.getByTestId('survey-preview-problems').getByText('Modtagere: skal være roller fra KLIKs Rollegalleri (fx Programleder, Sikkerhedsansvarlig)').waitFor();
    await form.getByText('skal være roller fra KLIKs Rollegalleri (fx Programleder, Sikkerhedsansvarlig)', { exact: true }).waitFor();
    await form.getByTestId('survey-audience').selectOption('municipalities');
    await form.getByTestId('survey-q1-type').selectOption('single');
    await form.getByTestId('survey-q1-text').fill('Hvem skal modtage erklæringen?');

    // A choice question without choices: the server's Danish message beside the form, on the question.
    const problems = page.getByTestId('survey-preview-problems');
    await problems.getByText('Spørgsmål 1 mangler svarmuligheder').waitFor();
    await form.getByTestId('survey-question-1').getByText('Spørgsmål 1 mangler svarmuligheder').waitFor();
    await form.getByTestId('survey-save').click();
    await page.getByTestId('survey-save-problems').getByText('Spørgsmål 1 mangler svarmuligheder').waitFor();
    expect(await running.app.repos.surveys.list()).toEqual([]);

    await form.getByTestId('survey-q1-choices').fill('Borgmesteren\nKommunaldirektøren');
    await form.getByTestId('survey-add-question').click();
    await form.getByTestId('survey-q2-type').selectOption('text');
    await form.getByTestId('survey-q2-text').fill('Bemærkninger');

    // The preview is the bot's card, rendered by the Adaptive Cards renderer.
    const preview = page.getByTestId('survey-card-preview');
    await preview.getByText('Modtagere af revisionserklæringer').waitFor();
    await preview.getByText('0 af 3 kommuner har svaret · Svarfrist 15. marts 2024 kl. 16.00').waitFor();
    await preview.getByText('Kommunaldirektøren').waitFor();
    await preview.getByText('2. Bemærkninger (valgfrit)').waitFor();
    expect(await preview.locator('.ac-adaptiveCard').count()).toBe(1);
    expect(await preview.getByRole('button', { name: 'Send' }).count()).toBe(1);
    await expect.poll(() => problems.count()).toBe(0);
    await saveScreenshot(page, 'admin-survey-preview');

    // A closing time that does not exist is refused beside its field; nothing is stored.
    await form.getByLabel('Svarfrist').fill('15-03-2024 25:00');
    await form.getByTestId('survey-save').click();
    await page.getByTestId('survey-save-problems').getByText('er ikke en dato og et klokkeslæt, der findes').waitFor();
    expect(await running.app.repos.surveys.list()).toEqual([]);

    await form.getByLabel('Svarfrist').fill('15-03-2024 16:00');
    await form.getByTestId('survey-save').click();
    await page.getByTestId('survey-save-ok').getByText('Kladden »Modtagere af revisionserklæringer« er gemt. Send den fra listen nedenfor.').waitFor();
    const [survey] = await running.app.repos.surveys.list();
    expect(survey).toMatchObject({ state: 'draft', perMunicipality: true, closesAt: '2024-03-15T15:00:00.000Z', audience: { municipalities: ['101', '147', '151'] } });

    await page.getByRole('button', { name: 'Send Modtagere af revisionserklæringer' }).click();
    await page.getByTestId('survey-send-ok').getByText('Sendt: 3 modtagere, 3 kort på vej.').waitFor();
    const follow = page.getByTestId('survey-follow');
    const progress = follow.getByTestId('survey-progress');
    await expect.poll(() => progress.textContent()).toBe('0 af 3 kommuner har svaret');

    // A program leader answers in the card; the view follows without a reload.
    const answered = await post(running.baseUrl, cardAction(running.baseUrl, leaders[0]!.who, 'surveyAnswer', { surveyId: survey!.id, q_q1: '2', q_q2: '' }));
    expect(JSON.stringify(answered.body)).toContain('Tak! Dit svar er gemt');
    await expect.poll(() => progress.textContent(), { timeout: 10_000 }).toBe('1 af 3 kommuner har svaret');
    await page.getByTestId('survey-list').getByText('1 af 3 kommuner har svaret').waitFor();

    await follow.getByRole('button', { name: 'Påmind de manglende nu' }).click();
    await page.getByTestId('survey-action-ok').getByText('Påmindelse sendt til 2 personer.').waitFor();
    await saveScreenshot(page, 'admin-survey-follow');

    await follow.getByRole('button', { name: 'Luk spørgeskemaet' }).click();
    await page.getByTestId('survey-action-ok').getByText('Spørgeskemaet er lukket: kortene viser nu, at det er lukket.').waitFor();
    expect((await running.app.repos.surveys.get(survey!.id))!.value.state).toBe('closed');
    await expect.poll(() => follow.getAttribute('data-state')).toBe('closed');
    expect(await follow.getByRole('button', { name: 'Påmind de manglende nu' }).count()).toBe(0);

    const [saved] = await Promise.all([page.waitForEvent('download'), follow.getByRole('button', { name: 'CSV', exact: true }).click()]);
    expect(saved.suggestedFilename()).toBe(`spoergeskema-${survey!.id}.csv`);
    const lines = (await readFile((await saved.path())!, 'utf8')).replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('Navn;Kommune;Kommunekode;Besvaret;1. Hvem skal modtage erklæringen?;2. Bemærkninger');
    expect(lines[1]).toMatch(/^Anna Hansen;Københavns Kommune;101;.*;Kommunaldirektøren;$/);
    await page.close();
  });

  it('starts from the built-in evaluation template (sent to the channels and meeting chats), saves a survey as a template, and lists the meeting evaluations beside the surveys', async () => {
    await install(running.app.repos, running.baseUrl, { team: '19:programledere@thread.tacv2' });
    const page = await openSurveys();
    const form = page.getByTestId('survey-form');
    await form.getByTestId('survey-template').selectOption('evaluation');
    await form.getByTestId('survey-template-use').click();
    await expect.poll(() => form.getByLabel('Titel').inputValue()).toBe('Evaluering af dagens programledermøde');
    expect(await form.getByTestId('survey-q1-text').inputValue()).toBe('Dagens oplæg var relevante for mig');
    expect(await form.getByTestId('survey-q5-text').inputValue()).toBe('Kommentar');
    expect(await form.getByLabel('Anonymt (navne gemmes ikke med svarene)').isChecked()).toBe(true);
    expect(await form.getByTestId('survey-audience').inputValue()).toBe('chats');

    // Previewed and saved as a draft for the channels and meeting chats where the app is installed.
    await form.getByLabel('Svarfrist').fill('28-02-2024 12:00');
    await page.getByTestId('survey-card-preview').getByText('Dagens programledermøde har skabt værdi for mig', { exact: false }).waitFor();
    await form.getByTestId('survey-save').click();
    await page.getByTestId('survey-save-ok').getByText('Kladden »Evaluering af dagens programledermøde« er gemt. Send den fra listen nedenfor.').waitFor();
    const made = (await running.app.repos.surveys.list()).find((s) => s.templateId === 'evaluation');
    expect(made).toMatchObject({ kind: 'evaluation', anonymous: true, audience: { conversations: ['19:programledere@thread.tacv2'] }, closesAt: '2024-02-28T11:00:00.000Z' });
    expect(made!.questions).toHaveLength(5);

    // Any survey can be saved as a template from its view.
    const follow = page.getByTestId('survey-follow');
    await follow.getByRole('button', { name: 'Gem som skabelon' }).click();
    await page.getByTestId('survey-action-ok').getByText('Skabelonen »Evaluering af dagens programledermøde« er gemt.').waitFor();
    expect((await running.app.repos.surveyTemplates.list()).map((x) => x.fromSurvey)).toEqual([made!.id]);
    // The demo data's evaluations of the evaluation API are listed, marked as evaluations.
    const list = page.getByTestId('survey-list');
    await list.getByText('Evaluering', { exact: true }).first().waitFor();
    await page.close();
  });
});
