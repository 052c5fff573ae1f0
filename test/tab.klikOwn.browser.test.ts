import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, saveScreenshot } from './support/browser.ts';
import { saveProfile, startTabApp, type TabApp } from './support/tabServer.ts';
import type { PortfolioOverview } from '../bot/api/portfolio.ts';

/**
 * The KLIK view for a program leader's own municipality (Hedensted, 766), in its own app so the
 * statuses it sets touch no other test: what Hedensted still owes comes first, however overdue,
 * and a task Hedensted has finished is never marked overdue for it.
 */
let running: TabApp;
let browser: Browser;
let owed: PortfolioOverview['tasks'][number];
let finished: PortfolioOverview['tasks'][number];

beforeAll(async () => {
  running = await startTabApp();
  await saveProfile(running, 'demo-kombit', { name: 'Demo KOMBIT-medarbejder', role: 'kombit', municipalityCode: '766' });
  const overview = (await (await fetch(`${running.baseUrl}/api/portfolio`)).json()) as PortfolioOverview;
  // Two tasks long past their deadline (beyond the 30 days "Åbne og nylige" used to show) that not all 98 have finished.
  const old = overview.tasks.filter((t) => t.daysLeft < -30 && t.progress.done < t.progress.total).sort((a, b) => a.deadline.localeCompare(b.deadline));
  expect(old.length).toBeGreaterThanOrEqual(2);
  [owed, finished] = [old[0]!, old[1]!];
  const { repos } = running.app;
  for (const t of overview.tasks) await repos.klikTasks.setStatus({ taskId: t.id, municipalityCode: '766', status: 'done' });
  await repos.klikTasks.setStatus({ taskId: owed.id, municipalityCode: '766', status: 'started' });
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await running?.close();
});

describe('KLIK-opgaver for the own municipality', () => {
  it('opens on what Hedensted still owes, first, however overdue; a task Hedensted finished is not shown as overdue', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'da-DK', timezoneId: 'Europe/Copenhagen' });
    const page = await context.newPage();
    await page.goto(`${running.baseUrl}/tab/index.html?view=klik`);
    const rows = page.getByTestId('klik-table').locator('tbody tr[data-task]');
    await rows.first().waitFor();
    await expect.poll(() => rows.first().getAttribute('data-task')).toBe(owed.id);
    expect(await rows.first().getAttribute('data-owed')).toBe('true');
    expect(await rows.first().locator('[data-overdue="true"]').count()).toBe(1);

    await page.getByTestId('klik-show').selectOption('all');
    const done = page.locator(`tr[data-task="${finished.id}"]`);
    await done.waitFor();
    expect(await done.getAttribute('data-owed')).toBeNull();
    expect(await done.locator('[data-overdue="true"]').count()).toBe(0);
    await saveScreenshot(page, 'klik-own-first');
    await context.close();
  });
});
