import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, saveScreenshot } from './support/browser.ts';
import { saveProfile, startTabApp, type TabApp } from './support/tabServer.ts';
import { municipalityByCode } from '../bot/domain/municipality.ts';
import type { WaveView } from '../bot/waves/waveService.ts';

/**
 * Rollout waves in the tab, in Chromium against the real app with the demo data (the decks'
 * 28-02-2024; the demo user is KOMBIT staff): UDK Boligstøtte's waves B1-B6 with the deck's dates,
 * a task published to Bølge 2 counted over its 19 municipalities, and a program leader's request
 * to change wave answered from Administration.
 */
let running: TabApp;
let browser: Browser;
let context: BrowserContext;
let asker: string;

beforeAll(async () => {
  running = await startTabApp();
  await saveProfile(running, 'demo-kombit', { name: 'Demo KOMBIT-medarbejder', role: 'kombit', municipalityCode: '766' });
  const b2 = (await running.app.repos.waves.get('udk-b2'))!.value;
  const code = b2.municipalityCodes.find((c) => c !== '766')!;
  asker = municipalityByCode(code)!.name;
  // As the card's "Vi kan ikke rulle i denne bølge" stores it (test/waves.test.ts sends it from the card).
  await running.app.repos.waves.putRequest({
    id: 'wr-demo',
    solutionId: 'udk-boligstoette-oeir',
    municipalityCode: code,
    fromWaveId: 'udk-b2',
    toWaveId: 'udk-b5',
    reason: 'Vi skifter ERP-leverandør i efteråret',
    requestedBy: { userId: 'pl-demo', name: 'Anne Andersen' },
    requestedAt: '2024-02-27T10:00:00.000Z',
    state: 'pending',
  });
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'da-DK', timezoneId: 'Europe/Copenhagen' });
}, 120_000);
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await running?.close();
});

async function open(view: string): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await page.goto(`${running.baseUrl}/tab/index.html?view=${view}`);
  return page;
}

describe('a KLIK task published to a wave', () => {
  it('is counted over the wave\'s municipalities, names the wave, and lists only them', async () => {
    const page = await open('klik');
    await page.getByTestId('klik-show').selectOption('all');
    const row = page.locator('tr[data-task="task-udk-abonnement-finanssortiment"]');
    await row.getByRole('img', { name: 'Fuldført 17, påbegyndt 1, ikke påbegyndt 1 af 19 kommuner' }).waitFor();
    expect(await row.getByTestId('task-concerns-label').textContent()).toBe(' · Bølge 2');
    await row.getByRole('button', { name: 'Hvem har ikke påbegyndt? (1)' }).click();
    expect(await page.getByTestId('task-concerns').textContent()).toBe('Opgaven vedrører Bølge 2 (19 kommuner).');
    await expect.poll(() => page.getByTestId('done-list').locator('li').count()).toBe(17);
    expect(await page.getByTestId('started-list').locator('li').count()).toBe(1);
    expect(await page.getByTestId('not-started-list').locator('li').count()).toBe(1);
    await saveScreenshot(page, 'klik-wave');
    await page.close();
  });
});

describe('Administration › Bølger', () => {
  it('shows the deck\'s six waves, and moving a municipality on request moves it and marks the request answered', async () => {
    const page = await open('admin');
    await page.getByRole('heading', { name: 'Administration' }).waitFor();
    await page.getByRole('tablist', { name: 'Administrationens afsnit' }).getByRole('tab', { name: 'Bølger' }).click();
    const waves = page.getByTestId('wave');
    await expect.poll(() => waves.count()).toBe(6);
    for (const line of [
      'Bølge 1: kick-off 03-05-2021, idriftsættelse 24-05-2021 (3 kommuner)',
      'Bølge 2: kick-off 07-06-2021, idriftsættelse 24-09-2021 (19 kommuner)',
      'Bølge 3: kick-off 07-06-2021, idriftsættelse 25-10-2021 (19 kommuner)',
      'Bølge 4: kick-off 07-06-2021, idriftsættelse 24-11-2021 (19 kommuner)',
      'Bølge 5: kick-off 28-10-2021, idriftsættelse 22-02-2022 (19 kommuner)',
      'Bølge 6: kick-off 28-10-2021, idriftsættelse 25-03-2022 (19 kommuner)',
    ]) await page.getByText(line, { exact: true }).waitFor();

    const request = page.getByTestId('wave-request');
    expect(await request.getByTestId('wave-request-title').textContent()).toBe(`${asker}: fra Bølge 2 til Bølge 5`);
    expect(await request.getByTestId('wave-request-state').textContent()).toBe('Afventer svar');
    await request.getByText('Begrundelse: Vi skifter ERP-leverandør i efteråret').waitFor();
    await request.getByTestId('wave-request-note').fill('I er velkomne i bølge 5.');
    await request.getByTestId('wave-request-accept').click();
    await page.getByText('Kommunen er flyttet, og programlederen har fået besked i chatten.').waitFor();
    await expect.poll(() => request.getByTestId('wave-request-state').textContent()).toBe('Flyttet');
    await page.getByText('Bølge 2: kick-off 07-06-2021, idriftsættelse 24-09-2021 (18 kommuner)').waitFor();
    await page.getByText('Bølge 5: kick-off 28-10-2021, idriftsættelse 22-02-2022 (20 kommuner)').waitFor();
    expect(await page.locator('[data-wave="udk-b5"]').getByTestId('wave-municipalities').textContent()).toContain(asker);
    const stored = (await (await fetch(`${running.baseUrl}/api/waves`)).json()) as { waves: WaveView[] };
    expect(stored.waves.find((w) => w.id === 'udk-b5')!.municipalities).toContain(asker);
    await saveScreenshot(page, 'admin-waves');
    await page.close();
  });
});
