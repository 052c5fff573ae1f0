import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, saveScreenshot } from './support/browser.ts';
import { startTabApp, type TabApp } from './support/tabServer.ts';
import type { MeetingViewData } from '../bot/api/meetings.ts';
import { cardAction, person, post } from './support/activities.ts';

/**
 * Mødevisning in presentation mode, as shared in a Teams meeting: the real app with the demo data
 * at the decks' 28-02-2024 (the February meeting is today and its evaluation is open), with the
 * day's agenda given times as staff type them in Administration. Screenshots go to
 * test-results/screenshots/meeting-presentation-<size>.png.
 */
let running: TabApp;
let browser: Browser;
let view: MeetingViewData;

const AGENDA_TIMES = ['10:00', '10:20', '10:40', '10:55', '11:05', '11:15', '11:25'];

beforeAll(async () => {
  running = await startTabApp();
  const meeting = (await running.app.repos.meetings.get('pl-2024-02-28'))!;
  await running.app.repos.meetings.upsert({ ...meeting.value, agenda: meeting.value.agenda.map((a, i) => ({ ...a, time: AGENDA_TIMES[i] })) });
  view = (await (await fetch(`${running.baseUrl}/api/meeting-view`)).json()) as MeetingViewData;
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await running?.close();
});

async function present(width: number, height: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'da-DK', timezoneId: 'Europe/Copenhagen' });
  const page = await context.newPage();
  await page.goto(`${running.baseUrl}/tab/index.html?view=meeting&present=1`);
  await page.getByTestId('meeting-view').getByTestId('agenda').waitFor();
  await page.getByTestId('live-count').waitFor();
  return page;
}

/** Blocks whose box is not wholly inside the viewport (so below the fold or cut at a side). */
async function outside(page: Page, testIds: readonly string[]): Promise<string[]> {
  const { width, height } = page.viewportSize()!;
  const problems: string[] = [];
  for (const id of testIds) {
    const box = await page.getByTestId(id).boundingBox();
    if (!box) problems.push(`${id}: not shown`);
    else if (box.x < 0 || box.y < 0 || box.x + box.width > width + 0.5 || box.y + box.height > height + 0.5) problems.push(`${id}: ${JSON.stringify(box)}`);
  }
  return problems;
}

const KEY_BLOCKS = ['meeting-title', 'meeting-when', 'agenda', 'critical-tasks', 'agreements-due', 'live-evaluation'];

describe('Mødevisning in presentation mode', () => {
  it('at 1920×1080: no menu or demo banner, every key block and every overdue agreement above the fold, the agenda with its times, no text under 20 px, no near-empty column', async () => {
    const page = await present(1920, 1080);
    expect(await page.getByRole('tablist').count()).toBe(0);
    // The view tabs come in a chunk of their own, just after the first view: no header means no menu whether it has arrived or not.
    expect(await page.locator('header').count()).toBe(0);
    expect(await page.getByTestId('demo-banner').count()).toBe(0);
    expect(await outside(page, KEY_BLOCKS)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);

    // The overdue agreements are what the room must see: each is shown, inside the screen.
    const overdue = view.agreementsDue.filter((a) => a.daysLeft !== null && a.daysLeft < 0);
    expect(overdue.length).toBeGreaterThan(0);
    for (const a of overdue) {
      const row = page.getByTestId('agreements-due').locator(`[data-agreement="${a.id}"]`);
      expect(await row.getAttribute('data-overdue')).toBe('true');
      const box = (await row.boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(1080);
    }

    const times = await page.getByTestId('agenda').getByTestId('agenda-time').allTextContents();
    expect(times).toEqual(AGENDA_TIMES);

    const small = await page.evaluate(() => {
      const tooSmall: string[] = [];
      for (const el of Array.from(document.querySelectorAll('[data-testid="meeting-view"] *'))) {
        const ownText = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim());
        if (!ownText || !(el as HTMLElement).getClientRects().length) continue;
        const size = parseFloat(getComputedStyle(el).fontSize);
        if (size < 19.5) tooSmall.push(`${size}px: ${el.textContent!.trim().slice(0, 40)}`);
      }
      return tooSmall;
    });
    expect(small).toEqual([]);

    // Every column is used: its content reaches at least half its height.
    const sparse = await page.evaluate(() =>
      Array.from(document.querySelectorAll('[data-column]')).flatMap((col) => {
        const box = col.getBoundingClientRect();
        const bottom = Math.max(...Array.from(col.querySelectorAll('li, h3, p, [data-testid="live-evaluation"] > *')).map((e) => e.getBoundingClientRect().bottom));
        return bottom - box.top < box.height / 2 ? [`${col.getAttribute('data-column')}: ${Math.round(bottom - box.top)} of ${Math.round(box.height)} px`] : [];
      }),
    );
    expect(await page.locator('[data-column]').count()).toBeGreaterThanOrEqual(3);
    expect(sparse).toEqual([]);
    await saveScreenshot(page, 'meeting-presentation-1920x1080');
    await page.context().close();
  });

  it('at 1280×720: every key block inside the screen, and what does not fit is counted, not cut', async () => {
    const page = await present(1280, 720);
    expect(await outside(page, KEY_BLOCKS)).toEqual([]);
    // Type badges ("Obligatorisk på kritisk vej") are whole, not cut at a fixed height.
    const badges = await page.getByTestId('critical-tasks').locator('[data-type]:visible').evaluateAll((els) => els.map((b) => ({ text: b.textContent, clipped: b.scrollWidth > b.clientWidth + 1 || b.scrollHeight > b.clientHeight + 1 })));
    expect(badges.length).toBeGreaterThan(0);
    expect(badges.filter((b) => b.clipped)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);
    // Items that are shown lie wholly inside their list; the rest are named as "+ N mere".
    for (const id of ['agenda', 'critical-tasks', 'agreements-due']) {
      const list = page.getByTestId(id);
      const box = (await list.boundingBox())!;
      const items = await list.locator(':scope > li:visible').evaluateAll((lis) => lis.map((li) => li.getBoundingClientRect().bottom));
      expect(items.length).toBeGreaterThan(0);
      for (const bottom of items) expect(bottom).toBeLessThanOrEqual(box.y + box.height + 0.5);
      const all = await list.locator(':scope > li').count();
      if (items.length < all) await page.getByTestId(`${id}-more`).getByText(`+ ${all - items.length} mere`).waitFor();
    }
    await saveScreenshot(page, 'meeting-presentation-1280x720');
    await page.context().close();
  });

  it('leaves presentation mode with Escape, back to the menu, and enters it again with "Vis som præsentation"', async () => {
    const page = await present(1920, 1080);
    await page.keyboard.press('Escape');
    await page.getByRole('tab', { name: 'Mødevisning' }).waitFor();
    expect(page.url()).not.toContain('present=');
    await page.getByRole('button', { name: 'Vis som præsentation' }).click();
    await page.getByRole('tablist').waitFor({ state: 'detached' });
    expect(page.url()).toContain('present=1');
    await page.context().close();
  });

  it('shows a program leader\'s new evaluation answer on the shared screen within 5 s, by itself', async () => {
    const page = await present(1920, 1080);
    const count = page.getByTestId('live-count');
    const before = Number(await count.getAttribute('data-count'));
    const evaluation = view.evaluation!;
    const answers = Object.fromEntries(evaluation.questions.map((q, i) => [`a_${q.id}`, String((i % 5) + 1)]));
    // The answer as Teams sends it from the evaluation card (Action.Execute), over HTTP to the bot.
    const res = await post(running.baseUrl, cardAction(running.baseUrl, person(77, 'Programleder fra Vejle'), 'evaluationAnswer', { evaluationId: evaluation.id, ...answers }));
    expect(res.status).toBe(200);
    expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
    const answeredAt = Date.now();
    await expect.poll(async () => Number(await count.getAttribute('data-count')), { timeout: 5_000, interval: 100 }).toBe(before + 1);
    expect(Date.now() - answeredAt).toBeLessThan(5_000);
    expect(await count.textContent()).toBe(`${before + 1} svar indtil nu`);
    await page.context().close();
  });
});
