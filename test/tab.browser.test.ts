import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, saveScreenshot } from './support/browser.ts';
import { install } from './support/installs.ts';
import { LEADER_OID, lowContrast, saveProfile, startEntraStandIn, startTabApp, type EntraStandIn, type TabApp } from './support/tabServer.ts';
import type { PortfolioOverview } from '../bot/api/portfolio.ts';

/**
 * The tab in headless Chromium against the real app (in-memory Azurite, demo data at the decks'
 * 28-02-2024). Development mode: the page runs outside Teams as the demo KOMBIT user, whose
 * profile says Hedensted and three followed solutions. Screenshots go to test-results/screenshots/.
 */
let running: TabApp;
let browser: Browser;
let context: BrowserContext;
let overview: PortfolioOverview;

const FOLLOWED = ['sygesikring', 'aula', 'borgerblikket'];

beforeAll(async () => {
  running = await startTabApp();
  await saveProfile(running, 'demo-kombit', { name: 'Demo KOMBIT-medarbejder', role: 'kombit', municipalityCode: '766', followedSolutions: FOLLOWED });
  overview = (await (await fetch(`${running.baseUrl}/api/portfolio`)).json()) as PortfolioOverview;
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'da-DK', timezoneId: 'Europe/Copenhagen' });
}, 120_000);
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await running?.close();
});

async function open(query: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${running.baseUrl}/tab/index.html?${query}`);
  return page;
}

const isDanishDate = (text: string) => /^\d{2}-\d{2}-\d{4}$/.test(text.trim());

describe('Porteføljeoversigt', () => {
  it('shows every solution in Danish with status as icon and text, next milestone, counts and driftsbidrag', async () => {
    const page = await open('view=portfolio');
    await page.getByTestId('demo-banner').getByText('Demo: du ser appen som en demo-bruger uden for Teams').waitFor();
    await page.getByRole('heading', { name: 'Porteføljeoversigt' }).waitFor();
    const rows = page.getByTestId('portfolio-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(overview.solutions.length);
    await page.getByText(`${overview.solutions.length} af ${overview.solutions.length} løsninger`).waitFor();
    for (const header of ['Løsning', 'Fase', 'Status', 'Næste milepæl', 'Åbne KLIK-opgaver', 'Aftaler til underskrift', 'Driftsbidrag']) {
      await page.getByRole('columnheader', { name: header }).waitFor();
    }
    const borgerblikket = page.locator('tr[data-solution="borgerblikket"]');
    await borgerblikket.getByText('4,70 kr.').waitFor();
    // The budget line as the April 2021 deck shows it: several prices, the knækmodel, and the guide's own total with its source.
    expect(await page.locator('tr[data-solution="aula"]').getByTestId('cost-price').allTextContents()).toEqual(['skole: 86,00 kr.pr. skolebarn', 'dagtilbud: 46,00 kr.pr. barn i daginstitution']);
    expect(await page.locator('tr[data-solution="fki"]').getByTestId('cost-price').allTextContents()).toEqual(['grundbetaling: 25,00 kr.pr. borger · knækmodel', 'buffetpris: 4,93 kr.pr. borger']);
    expect(await page.getByTestId('budget-total').textContent()).toBe(
      'Driftsbidrag 2022 i alt: 174,84 kr. pr. borger (heraf foreslået buffer 10,00 kr.). Kilde: Budgetvejledning 2022: 6-1 sektorskrivelse vedr. administration og IT.',
    );
    // Status is never colour alone: an icon (svg) and the Danish word.
    const badge = page.locator('tr[data-solution="aula"] [data-status]');
    expect(await badge.textContent()).toBe('Risiko for forsinkelse');
    expect(await badge.locator('svg').count()).toBe(1);
    const dates = await page.getByTestId('portfolio-table').locator('tbody td:nth-child(4) span').allTextContents();
    expect(dates.length).toBeGreaterThan(5);
    expect(dates.every(isDanishDate)).toBe(true);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('da');
    await saveScreenshot(page, 'portfolio');
    await page.close();
  });

  it('searches (accent-tolerant) and filters by phase, status and "kun mine fulgte"', async () => {
    const page = await open('view=portfolio');
    const rows = page.getByTestId('portfolio-table').locator('tbody tr');
    const total = overview.solutions.length;
    await page.getByText(`${total} af ${total} løsninger`).waitFor();

    await page.getByTestId('portfolio-search').fill('koereproeve');
    await page.getByText(`1 af ${total} løsninger`).waitFor();
    expect(await rows.first().getAttribute('data-solution')).toBe('koereproevebooking');
    await page.getByTestId('portfolio-search').fill('');

    await page.getByTestId('phase-filter').selectOption('operation');
    const inOperation = overview.solutions.filter((r) => r.solution.phase === 'operation');
    await page.getByText(`${inOperation.length} af ${total} løsninger`).waitFor();
    expect(await rows.locator('td:nth-child(2)').allTextContents()).toEqual(inOperation.map(() => 'Drift'));

    await page.getByTestId('status-filter').selectOption('atRisk');
    const atRisk = inOperation.filter((r) => r.solution.status === 'atRisk');
    await page.getByText(`${atRisk.length} af ${total} løsninger`).waitFor();
    expect(new Set(await rows.locator('[data-status]').allTextContents())).toEqual(new Set(atRisk.length ? ['Risiko for forsinkelse'] : []));

    await page.getByTestId('phase-filter').selectOption('');
    await page.getByTestId('status-filter').selectOption('');
    await page.getByRole('switch', { name: 'Kun dem, jeg følger' }).check();
    await page.getByText(`${FOLLOWED.length} af ${total} løsninger`).waitFor();
    expect((await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-solution')))).sort()).toEqual([...FOLLOWED].sort());
    await saveScreenshot(page, 'portfolio-followed');
    await page.close();
  });

  it('opens a detail panel with the milestone timeline, tasks, agreements and the KOMBIT contact', async () => {
    const page = await open('view=portfolio');
    await page.getByRole('button', { name: 'Vis detaljer for Køreprøvebooking' }).click();
    const panel = page.getByTestId('solution-detail');
    await panel.getByRole('heading', { name: 'Milepæle' }).waitFor();
    const solution = overview.solutions.find((r) => r.solution.id === 'koereproevebooking')!.solution;
    expect(await panel.getByTestId('milestone-timeline').locator('li').count()).toBe(solution.milestones.length);
    await panel.getByRole('heading', { name: 'KLIK-opgaver' }).waitFor();
    await panel.getByText('Tilknyt en systemansvarlig til Køreprøvebooking', { exact: false }).first().waitFor();
    await panel.getByText('Databehandleraftale (Køreprøvebooking)').waitFor();
    await panel.getByRole('heading', { name: 'Kontakt i KOMBIT' }).waitFor();
    if (solution.contact) expect(await panel.getByRole('link', { name: solution.contact.email }).getAttribute('href')).toBe(`mailto:${solution.contact.email}`);
    await saveScreenshot(page, 'portfolio-detail');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    await page.close();
  });

  it('can be used with the keyboard: the views are tabs', async () => {
    const page = await open('view=portfolio');
    const klik = page.getByRole('tab', { name: 'KLIK-opgaver' });
    await klik.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'KLIK-opgaver' }).waitFor();
    expect(await klik.getAttribute('aria-selected')).toBe('true');
    expect(page.url()).toContain('view=klik');
    await page.close();
  });
});

describe('KLIK-opgaver', () => {
  it('lists tasks by deadline (sortable), with type badges, progress over 98 and the own municipality highlighted', async () => {
    const page = await open('view=klik');
    await page.getByTestId('klik-show').selectOption('all');
    const deadlines = page.getByTestId('klik-table').getByTestId('task-deadline');
    await expect.poll(() => deadlines.count()).toBe(overview.tasks.length);
    const toIso = (d: string) => d.split('-').reverse().join('-');
    const ascending = (await deadlines.allTextContents()).map(toIso);
    expect(ascending).toEqual([...ascending].sort());
    await page.getByTestId('sort-deadline').click();
    await expect.poll(async () => (await deadlines.allTextContents()).map(toIso)).toEqual([...ascending].sort().reverse());
    expect(await page.getByTestId('sort-deadline').getAttribute('aria-sort')).toBe('descending');

    await page.getByRole('columnheader', { name: /^Slutdato/ }).waitFor(); // KLIK's word for the deadline
    // The critical path stands out: filled badge with an icon.
    const critical = page.locator('[data-type="criticalPath"]').first();
    expect(await critical.textContent()).toBe('Obligatorisk på kritisk vej');
    expect(await critical.locator('svg').count()).toBe(1);

    const gdpr = page.locator('tr[data-task="task-gdpr-revisionserklaeringer"]');
    await gdpr.getByRole('img', { name: 'Fuldført 58, påbegyndt 5, ikke påbegyndt 35 af 98 kommuner' }).waitFor();
    await gdpr.getByTestId('my-status').getByText('Status for Hedensted').waitFor();
    await page.getByRole('columnheader', { name: 'Din kommune: Hedensted' }).waitFor();
    await gdpr.getByRole('button', { name: 'Hvem har ikke påbegyndt? (35)' }).click();
    const list = page.getByTestId('not-started-list');
    await expect.poll(() => list.locator('li').count()).toBe(35);
    // All three of KLIK's statuses by name, as the decks list them, each a list to copy into a mail.
    expect(await page.getByTestId('started-list').locator('li').count()).toBe(5);
    expect(await page.getByTestId('done-list').locator('li').count()).toBe(58);
    await page.getByRole('region', { name: 'Påbegyndt (5)' }).waitFor();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: running.baseUrl });
    await page.getByTestId('copy-started-list').click();
    await page.getByRole('region', { name: 'Påbegyndt (5)' }).getByText('5 kommuner kopieret – én pr. linje.').waitFor();
    const started = (await page.getByTestId('started-list').locator('li').allTextContents()).map((n) => n.replace(/ \(din kommune\)$/, ''));
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(started.join('\n'));
    await saveScreenshot(page, 'klik-tasks');
    await page.close();
  });

  it('changes the own municipality’s status through the status endpoint', async () => {
    await running.app.repos.klikTasks.setStatus({ taskId: 'task-koereproevebooking-systemansvarlig', municipalityCode: '766', status: 'notStarted' });
    const page = await open('view=klik&theme=default');
    const row = page.locator('tr[data-task="task-koereproevebooking-systemansvarlig"]');
    // Counted after the reset above: Hedensted may have been done in the demo data.
    const before = { done: (await running.app.repos.klikTasks.statuses('task-koereproevebooking-systemansvarlig')).filter((x) => x.status === 'done').length };
    await row.getByTestId('my-status-select').selectOption('done');
    await row.getByTestId('my-status-message').getByText('Status er gemt.').waitFor();
    await row.getByRole('img', { name: new RegExp(`^Fuldført ${before.done + 1}, `) }).waitFor();
    expect((await running.app.repos.klikTasks.status('task-koereproevebooking-systemansvarlig', '766'))?.value.status).toBe('done');
    await saveScreenshot(page, 'klik-status-changed');
    await page.close();
  });

  it('shows the endpoint’s answer: the new count on the bar and "Status er gemt." (answer simulated, like the real one: { task })', async () => {
    const page = await open('view=klik');
    const row = page.locator('tr[data-task="task-koereproevebooking-systemansvarlig"]');
    const select = row.getByTestId('my-status-select');
    await select.waitFor();
    const task = overview.tasks.find((t) => t.id === 'task-koereproevebooking-systemansvarlig')!;
    const bodies: unknown[] = [];
    await page.route('**/api/klik-tasks/*/statuses/*', async (route) => {
      bodies.push(route.request().postDataJSON());
      expect(route.request().method()).toBe('PUT');
      expect(new URL(route.request().url()).pathname).toBe('/api/klik-tasks/task-koereproevebooking-systemansvarlig/statuses/766');
      const progress = { ...task.progress, done: task.progress.done + 1, notStarted: task.progress.notStarted - 1 };
      await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ task: { ...task, progress } }) });
    });
    // The select shows the stored status once the person's progress has loaded; choosing before
    // that could pick the value it is about to show, which sends nothing.
    const stored = (await running.app.repos.klikTasks.status(task.id, '766'))?.value.status ?? 'notStarted';
    await expect.poll(() => select.inputValue()).toBe(stored);
    const target = stored === 'done' ? 'started' : 'done';
    await select.selectOption(target);
    await row.getByTestId('my-status-message').getByText('Status er gemt.').waitFor();
    await row.getByRole('img', { name: new RegExp(`^Fuldført ${task.progress.done + 1}, `) }).waitFor();
    expect(bodies).toEqual([{ status: target }]);
    expect(await select.inputValue()).toBe(target);
    await page.close();
  });

  it('says clearly in Danish why a status change was refused (403, 412, 400)', async () => {
    const page = await open('view=klik');
    const row = page.locator('tr[data-task="task-koereproevebooking-systemansvarlig"]');
    await row.getByTestId('my-status-select').waitFor();
    const answers: Record<number, string> = {
      403: 'Du kan kun ændre status for din egen kommune.',
      412: 'Status er ændret af en anden i mellemtiden. Hent siden igen, og prøv igen.',
      400: 'Statussen blev ikke godkendt. Vælg Fuldført, Påbegyndt eller Ikke påbegyndt.',
    };
    const select = row.getByTestId('my-status-select');
    for (const [status, message] of Object.entries(answers)) {
      // The server's refusal is simulated here; the real 403 is tested in test/auth.test.ts.
      await page.route('**/api/klik-tasks/*/statuses/*', (route) =>
        route.fulfill({ status: Number(status), contentType: 'application/json', body: JSON.stringify({ error: { code: 'X', message: 'x' } }) }),
      );
      const current = await select.inputValue();
      await select.selectOption(['done', 'started', 'notStarted'].find((v) => v !== current)!);
      await row.getByTestId('my-status-message').getByText(message).waitFor();
      expect(await row.getByTestId('my-status-message').getAttribute('role')).toBe('alert');
      await page.unroute('**/api/klik-tasks/*/statuses/*');
    }
    await saveScreenshot(page, 'klik-status-refused');
    await page.close();
  });
});

describe('Aftaler', () => {
  it('shows deadlines ("hurtigst muligt" first, "ingen frist" last), signature progress, overdue highlighted, and who is missing where allowed', async () => {
    const page = await open('view=agreements');
    const table = page.getByTestId('agreements-table');
    await table.getByText('Databehandleraftale (FBI)').waitFor();
    const deadlines = await table.getByTestId('agreement-deadline').allTextContents();
    // "Hurtigst muligt" (EESSI, DUBU: "ASAP" in the deck) first; those the deck gives no deadline (FLIS, Aula, FBS) last, as "ingen frist".
    const rank = (d: string) => (d === 'hurtigst muligt' ? 0 : d === 'ingen frist' ? 2 : 1);
    expect(deadlines.filter((d) => rank(d) === 0)).toHaveLength(2);
    expect(deadlines.filter((d) => rank(d) === 2).length).toBeGreaterThanOrEqual(3);
    expect(deadlines.map(rank)).toEqual([...deadlines.map(rank)].sort());
    expect(deadlines.filter((d) => rank(d) === 1).every(isDanishDate)).toBe(true);

    // FBI's deadline is the decks' "today"; Gateway's (28-04-2023) is long past with 33 missing.
    const gateway = table.locator('tr[data-agreement="agr-gateway-tilslutning"]');
    expect(await gateway.getAttribute('data-overdue')).toBe('true');
    await gateway.getByText(/^Overskredet med \d+ dage$/).waitFor();
    await gateway.getByRole('img', { name: /mangler af 98$/ }).waitFor();

    const bom = table.locator('tr[data-agreement="agr-bom-databehandleraftale"]');
    await bom.getByRole('button', { name: 'Hvem mangler? (1)' }).click();
    await page.getByTestId('missing-list').getByText('Hedensted (din kommune)').waitFor();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: running.baseUrl });
    await page.getByTestId('copy-missing-list').click();
    await page.getByText('1 kommune kopieret – én pr. linje.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('Hedensted');
    await bom.getByTestId('my-signature').getByText('Mangler').waitFor();
    await saveScreenshot(page, 'agreements');
    await page.close();
  });
});

describe('Evalueringer', () => {
  it('shows each meeting’s results with response rate and comments, and averages over time as a chart', async () => {
    const page = await open('view=evaluations');
    const select = page.getByTestId('evaluation-select');
    await select.waitFor();
    expect(await select.locator('option').count()).toBe(5);
    await page.getByTestId('response-count').getByText('27 svar').waitFor();
    await select.selectOption('eval-pl-2023-06-22');
    await page.getByTestId('response-count').getByText('41 svar af 75 deltagere (55 %)').waitFor();
    const averages = await page.getByTestId('average').allTextContents();
    expect(averages).toHaveLength(4);
    expect(averages.every((a) => /^\d,\d{2}$/.test(a))).toBe(true);
    await page.getByTestId('comments').getByText('Visionen for Borgerblikket var spændende.').waitFor();
    const chart = page.locator('canvas[data-testid="trend-chart"]');
    await chart.waitFor();
    expect((await chart.boundingBox())!.height).toBeGreaterThan(200);
    expect(await page.getByTestId('trend-table').locator('tbody tr').count()).toBe(5);
    await saveScreenshot(page, 'evaluations');
    await page.close();
  });
});

describe('Mødevisning', () => {
  it('shows the day’s agenda, critical tasks, agreements due and the live evaluation, and updates by itself after a vote', async () => {
    const page = await open('view=meeting');
    const view = page.getByTestId('meeting-view');
    await view.getByRole('heading', { name: 'Programledermøde februar 2024' }).waitFor();
    await view.getByText('I dag: 28. februar 2024 · 10:00–11:30').waitFor();
    await view.getByTestId('agenda').getByText('"KP Basis" bliver til "KP"').waitFor();
    await view.getByTestId('critical-tasks').locator('li').first().waitFor();
    await view.getByTestId('agreements-due').getByText('Databehandleraftale (Køreprøvebooking)').waitFor();
    const count = view.getByTestId('live-count');
    const before = Number(await count.getAttribute('data-count'));
    await saveScreenshot(page, 'meeting-view');

    const { respondentHash } = await import('../bot/domain/anonymity.ts');
    await running.app.repos.evaluations.saveResponse({
      evaluationId: 'eval-pl-2024-02-28',
      respondentHash: respondentHash(running.config.evaluationHashKey, 'eval-pl-2024-02-28', 'browser-test-voter'),
      answers: { q1: 5, q2: 5, q3: 5, q4: 5 },
      submittedAt: new Date().toISOString(),
    });
    const started = Date.now();
    await count.getByText(`${before + 1} svar indtil nu`).waitFor({ timeout: 10_000 });
    expect(Date.now() - started).toBeLessThan(10_000);
    await saveScreenshot(page, 'meeting-view-after-vote');
    await page.close();
  });
});

describe('themes, language and roles', () => {
  const background = (page: Page) =>
    page.evaluate(() => {
      const el = document.querySelector('.fui-FluentProvider') as HTMLElement;
      return getComputedStyle(el.firstElementChild as HTMLElement).backgroundColor;
    });
  const luminance = (rgb: string) => {
    const [r, g, b] = rgb.match(/\d+/g)!.map(Number) as [number, number, number];
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  };

  it('follows the dark theme', async () => {
    const page = await open('view=portfolio&theme=dark');
    await page.getByTestId('portfolio-table').locator('tbody tr').first().waitFor();
    expect(await page.locator('[data-theme]').first().getAttribute('data-theme')).toBe('dark');
    expect(luminance(await background(page))).toBeLessThan(0.25);
    await saveScreenshot(page, 'portfolio-dark');
    await page.goto(`${running.baseUrl}/tab/index.html?view=meeting&theme=dark`);
    await page.getByTestId('agenda').waitFor();
    await saveScreenshot(page, 'meeting-view-dark');
    await page.close();
  });

  it('follows the high-contrast theme', async () => {
    const page = await open('view=klik&theme=contrast');
    await page.getByTestId('klik-table').locator('tbody tr').first().waitFor();
    expect(await page.locator('[data-theme]').first().getAttribute('data-theme')).toBe('contrast');
    expect(luminance(await background(page))).toBeLessThan(0.05);
    await saveScreenshot(page, 'klik-tasks-contrast');
    await page.goto(`${running.baseUrl}/tab/index.html?view=meeting&theme=contrast`);
    await page.getByTestId('agenda').waitFor();
    await saveScreenshot(page, 'meeting-view-contrast');
    await page.close();
  });

  it('keeps text contrast at WCAG AA (4.5:1, 3:1 for large text) in every view and theme', async () => {
    const problems: string[] = [];
    for (const theme of ['default', 'dark', 'contrast']) {
      for (const [view, ready] of [
        ['portfolio', 'portfolio-table'],
        ['klik', 'klik-table'],
        ['agreements', 'agreements-table'],
        ['evaluations', 'trend-table'],
        ['meeting', 'agenda'],
        ['admin', 'task-form'],
      ] as const) {
        const page = await open(`view=${view}&theme=${theme}`);
        await page.getByTestId(ready).waitFor();
        problems.push(...(await lowContrast(page)).map((p) => `${theme}/${view}: ${p}`));
        await page.close();
      }
    }
    expect(problems).toEqual([]);
  }, 180_000);

  it('speaks English with ?lang=en', async () => {
    const page = await open('view=portfolio&lang=en');
    await page.getByRole('heading', { name: 'Portfolio' }).waitFor();
    await page.getByTestId('demo-banner').getByText('Demo: you are viewing the app as a demo user outside Teams').waitFor();
    await page.locator('tr[data-solution="borgerblikket"]').getByText('DKK 4.70').waitFor();
    expect(await page.locator('tr[data-solution="aula"] [data-status]').textContent()).toBe('At risk');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    const dates = await page.getByTestId('portfolio-table').locator('tbody td:nth-child(4) span').allTextContents();
    expect(dates.every((d) => /^\d{2}\/\d{2}\/\d{4}$/.test(d))).toBe(true);
    await saveScreenshot(page, 'portfolio-english');
    await page.close();
  });

  it('serves the configurable tab’s setup page', async () => {
    const page = await open('');
    await page.goto(`${running.baseUrl}/tab/config.html`);
    await page.getByRole('radio', { name: 'Porteføljeoversigt' }).waitFor();
    expect(await page.getByRole('radio', { name: 'Porteføljeoversigt' }).isChecked()).toBe(true);
    await page.getByText('Denne side bruges, når fanen tilføjes i Microsoft Teams.').waitFor();
    await page.close();
  });
});

describe('Aftaler not yet sent', () => {
  it('does not list an agreement not yet sent as missing signatures: no progress bar, no "Hvem mangler?", no "Mangler" for the person’s municipality, never overdue', async () => {
    // One with no sent date yet (created here), and Borgerblikket's 2025 agreement, which goes out months after the decks' 28-02-2024.
    const created = await fetch(`${running.baseUrl}/api/agreements`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ solutionId: 'aula', kind: 'appendix', title: 'Bilag B – endnu ikke sendt (Aula)', deadline: '2024-01-31' }) });
    expect(created.status).toBe(201);
    const unsent = ((await created.json()) as { agreement: { id: string } }).agreement.id;
    // Portfolio reads are shared for a second or two: wait until they include the new agreement, as a person reloading would.
    await expect.poll(async () => ((await (await fetch(`${running.baseUrl}/api/portfolio`)).json()) as { agreements: { id: string }[] }).agreements.some((a) => a.id === unsent), { timeout: 10_000 }).toBe(true);
    const page = await open('view=agreements');
    const table = page.getByTestId('agreements-table');
    for (const id of [unsent, 'agr-borgerblikket-tilslutning-2025']) {
      const row = table.locator(`tr[data-agreement="${id}"]`);
      await row.getByTestId('not-sent').waitFor();
      expect(await row.getByTestId('not-sent').textContent()).toBe('Ikke sendt endnu: ingen skal underskrive den endnu.');
      expect(await row.getByRole('img', { name: /mangler af 98$/ }).count()).toBe(0);
      expect(await row.getByTestId('toggle-missing').count()).toBe(0);
      expect(await row.getByTestId('my-signature').count()).toBe(0);
      expect(await row.getAttribute('data-overdue')).toBeNull();
      expect(await row.getByText(/overskredet/i).count()).toBe(0);
    }
    await saveScreenshot(page, 'agreements-not-sent');
    // A sent one still shows who is missing.
    await table.locator('tr[data-agreement="agr-gateway-tilslutning"]').getByRole('img', { name: /mangler af 98$/ }).waitFor();
    await page.close();
  }, 60_000);
});

describe('At phone width (390 px)', () => {
  it('keeps every view inside the screen: tables scroll in their own box, every view tab can be reached, and the "Obligatorisk på kritisk vej" badge is never clipped', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'da-DK', timezoneId: 'Europe/Copenhagen', isMobile: true, hasTouch: true });
    const problems: string[] = [];
    try {
      for (const [view, ready] of [
        ['portfolio', 'portfolio-table'],
        ['klik', 'klik-table'],
        ['agreements', 'agreements-table'],
        ['evaluations', 'trend-table'],
        ['meeting', 'agenda'],
        ['admin', 'task-form'],
      ] as const) {
        const page = await phone.newPage();
        await page.goto(`${running.baseUrl}/tab/index.html?view=${view}`);
        await page.getByTestId(ready).waitFor();
        // Every task, so that critical-path badges are there whatever earlier tests did to the statuses.
        if (view === 'klik') {
          await page.getByTestId('klik-show').selectOption('all');
          await page.locator('[data-type="criticalPath"]').first().waitFor();
        }
        // The layout is checked once it has settled (fonts, lazily loaded parts): what a person sees after the first moment.
        const check = () => page.evaluate(() => {
          const out: string[] = [];
          const width = window.innerWidth;
          if (document.documentElement.scrollWidth > width + 1) out.push(`the page is ${document.documentElement.scrollWidth} px wide`);
          const tablist = document.querySelector('[role="tablist"]');
          // Each view tab lies inside the screen, or inside a tab list that scrolls to it.
          for (const tab of document.querySelectorAll<HTMLElement>('header [role="tab"]')) {
            const box = tab.getBoundingClientRect();
            const scrolls = tablist !== null && tablist.scrollWidth > tablist.clientWidth && ['auto', 'scroll'].includes(getComputedStyle(tablist).overflowX);
            if ((box.right > width + 1 || box.left < -1) && !scrolls) out.push(`tab "${tab.textContent}" is cut off (${Math.round(box.left)}–${Math.round(box.right)})`);
          }
          for (const table of document.querySelectorAll<HTMLElement>('table')) {
            if (table.getBoundingClientRect().width <= width) continue;
            let box: HTMLElement | null = table.parentElement;
            while (box && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
            if (!box || box === document.documentElement || box === document.body || box.getBoundingClientRect().right > width + 1) out.push(`table "${table.getAttribute('aria-label')}" overflows the screen`);
          }
          for (const badge of document.querySelectorAll<HTMLElement>('[data-type="criticalPath"]')) {
            if (badge.scrollWidth > badge.clientWidth + 1 || badge.scrollHeight > badge.clientHeight + 1) out.push(`badge clipped: ${badge.scrollWidth}×${badge.scrollHeight} in ${badge.clientWidth}×${badge.clientHeight}`);
          }
          return out;
        });
        let found: string[] = [];
        await expect.poll(async () => (found = await check()).length, { timeout: 5000 }).toBe(0).catch(() => undefined);
        problems.push(...found.map((p) => `${view}: ${p}`));
        if (view === 'klik') {
          expect(await page.locator('[data-type="criticalPath"]').count()).toBeGreaterThan(0);
          await saveScreenshot(page, 'phone-klik');
        }
        await page.close();
      }
    } finally {
      await phone.close();
    }
    expect(problems).toEqual([]);
  }, 120_000);
});

describe('Administration (the demo user is KOMBIT staff)', () => {
  const openAdmin = async (section: string) => {
    const page = await open('view=admin');
    await page.getByRole('heading', { name: 'Administration' }).waitFor();
    await page.getByRole('tablist', { name: 'Administrationens afsnit' }).getByRole('tab', { name: section }).click();
    return page;
  };

  it('publishes a KLIK task from the form, shows its delivery report, and the task appears in KLIK-opgaver', async () => {
    const title = 'Udpeg en testansvarlig for Sygesikring';
    const page = await openAdmin('KLIK-opgaver');
    const form = page.getByTestId('task-form');
    await form.getByLabel('Løsning').selectOption('sygesikring');
    await form.getByLabel('Titel').fill(title);
    await form.getByLabel('Beskrivelse').fill('Kommunen udpeger en testansvarlig før udrulningen.');
    await form.getByLabel('Type').selectOption('criticalPath');
    await form.getByLabel('Startdato').fill('2024-03-01');
    await form.getByLabel('Frist').fill('2024-04-15');
    await form.getByLabel('Ansvarlig rolle').fill('Testansvarlig');
    await form.getByRole('button', { name: 'Publicér' }).click();
    await page.getByTestId('task-ok').getByText('Opgaven er publiceret: kortet sendes til alle kanaler og til løsningens følgere.').waitFor();
    const stored = (await running.app.repos.klikTasks.list()).find((t) => t.title === title);
    expect(stored).toMatchObject({ solutionId: 'sygesikring', type: 'criticalPath', deadline: '2024-04-15', responsibleRole: 'Testansvarlig' });
    // The card went to the delivery engine: its report is the task's notification.
    expect(await page.getByTestId('delivery-report').getAttribute('data-notification')).toBe(`klikTask:${stored!.id}`);
    await page.getByTestId('delivery-report').getByRole('columnheader', { name: 'Sendt' }).waitFor();
    // The form now edits the published task.
    expect(await form.getByTestId('task-picker').inputValue()).toBe(stored!.id);
    await saveScreenshot(page, 'admin-task-published');

    await page.getByRole('tab', { name: 'KLIK-opgaver' }).first().click();
    const row = page.locator(`tr[data-task="${stored!.id}"]`);
    await row.getByText(title).waitFor();
    await row.getByText('15-04-2024').waitFor();
    await saveScreenshot(page, 'admin-task-in-klik-view');
    await page.close();
  });

  it('shows the row-level report in Danish for an import file with one bad row, and changes nothing', async () => {
    const before = await running.app.repos.klikTasks.list();
    const csv = [
      'Løsning;Titel;Beskrivelse;Type;Startdato;Frist;Rolle;KLIK-link;Id',
      'sygesikring;Tjek adgangen til Sygesikring;;Obligatorisk;01-03-2024;29-03-2024;Systemansvarlig;;',
      'aula;Opdatér kontaktoplysninger i Aula;;Måske;01-03-2024;12-04-2024;Aula-ansvarlig;;',
    ].join('\r\n');
    const page = await openAdmin('Import');
    const form = page.getByTestId('import-form');
    await form.getByLabel('Hvad vil du importere?').selectOption('klik');
    await form.getByLabel('Fil (CSV eller XLSX)').setInputFiles({ name: 'opgaver.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await form.getByRole('button', { name: 'Importér filen' }).click();
    const error = page.getByTestId('import-error');
    await error.getByText('Filen er ikke importeret. Intet er ændret.').waitFor();
    const report = error.getByRole('table', { name: 'Rækker med fejl' });
    for (const header of ['Række', 'Kolonne', 'Fejl']) await report.getByRole('columnheader', { name: header }).waitFor();
    const cells = await report.locator('tbody tr').first().locator('td').allTextContents();
    expect(cells.slice(0, 2)).toEqual(['3', 'Type']);
    expect(cells[2]).toBe('skal være Obligatorisk på kritisk vej, Obligatorisk eller Anbefalet (der står "Måske")');
    expect(await report.locator('tbody tr').count()).toBe(1);
    expect(await error.getAttribute('role')).toBe('alert');
    await saveScreenshot(page, 'admin-import-report');
    // All rows or none: the good row was not imported either.
    const after = await running.app.repos.klikTasks.list();
    expect(after.map((t) => t.id)).toEqual(before.map((t) => t.id));
    await page.close();
  });

  it('starts and closes an evaluation; starting a second open one is refused in Danish', async () => {
    const page = await openAdmin('Evalueringer');
    const form = page.getByTestId('evaluation-form');
    expect(await form.getByLabel('Møde').inputValue()).toBe('pl-2024-02-28');
    await form.getByRole('button', { name: 'Start evaluering' }).click();
    await page.getByTestId('evaluation-start-error').getByText('Der er allerede en åben evaluering af dette møde. Luk den, før du starter en ny.').waitFor();

    const list = page.getByTestId('evaluation-list');
    const first = list.locator('tr[data-evaluation="eval-pl-2024-02-28"]');
    await first.getByRole('button', { name: 'Luk evalueringen af Programledermøde februar 2024 (28-02-2024)' }).click();
    await page.getByTestId('evaluation-close-ok').getByText('Evalueringen er lukket: kortene viser nu det endelige resultat.').waitFor();
    await list.locator('tr[data-evaluation="eval-pl-2024-02-28"][data-state="closed"]').waitFor();
    expect((await running.app.repos.evaluations.get('eval-pl-2024-02-28'))?.value.state).toBe('closed');

    await form.getByLabel('Vis resultater løbende for alle').check();
    await form.getByRole('button', { name: 'Start evaluering' }).click();
    await page.getByTestId('evaluation-start-ok').getByText(/^Evalueringen er startet: kortet sendes til \d+ kanaler og mødechats\.$/).waitFor();
    expect(await page.getByTestId('evaluation-start-ok').getByTestId('delivery-report').getAttribute('data-notification')).toBe('evaluation:eval-pl-2024-02-28-2');
    const second = list.locator('tr[data-evaluation="eval-pl-2024-02-28-2"][data-state="open"]');
    await second.waitFor();
    expect((await running.app.repos.evaluations.get('eval-pl-2024-02-28-2'))?.value).toMatchObject({ state: 'open', showLiveResults: true });
    await saveScreenshot(page, 'admin-evaluation-started');
    await second.getByTestId('evaluation-close').click();
    await list.locator('tr[data-evaluation="eval-pl-2024-02-28-2"][data-state="closed"]').waitFor();
    expect((await running.app.repos.evaluations.get('eval-pl-2024-02-28-2'))?.value.state).toBe('closed');
    await page.close();
  });

  it('edits a solution’s milestones and driftsbidrag (Danish decimal comma), and shows the server’s Danish field errors on bad values', async () => {
    const page = await openAdmin('Løsninger');
    const form = page.getByTestId('solution-form');
    await form.getByTestId('solution-picker').selectOption('aula');
    await expect.poll(() => form.getByTestId('solution-name').inputValue()).toBe('AULA');
    const milestones = form.getByTestId('milestones');
    const count = await milestones.getByRole('group').count();
    await milestones.getByRole('button', { name: 'Tilføj milepæl' }).click();
    const added = milestones.getByRole('group', { name: `milepæl ${count + 1}` });
    await added.getByLabel('Milepæl', { exact: true }).fill('Evaluering af Aula');
    await added.getByLabel('Dato', { exact: true }).fill('2024-11-29');
    await form.getByLabel('Kontakt i KOMBIT, e-mail').fill('ikke-en-adresse');
    await form.getByLabel('Driftsbidrag, kr.').fill('fem kroner');
    await form.getByLabel('Driftsbidrag, grundlag (fx pr. indbygger)').fill('kr. pr. indbygger');
    await form.getByLabel('Driftsbidrag, år').fill('2025');
    await form.getByRole('button', { name: 'Gem ændringer' }).click();
    await page.getByTestId('solution-error').getByText('Nogle felter er ikke udfyldt rigtigt. Ret dem, og prøv igen.').waitFor();
    await form.getByText('skal være en e-mailadresse').first().waitFor();
    await form.getByText('skal være et beløb i kroner, fx 4,70').first().waitFor();
    // The summary names the fields as the form labels them, not by the server's paths.
    const summary = page.getByTestId('solution-error').getByRole('list');
    expect(await summary.getByRole('listitem').allTextContents()).toEqual(expect.arrayContaining(['Kontakt i KOMBIT, e-mail: skal være en e-mailadresse', 'Driftsbidrag, kr.: skal være et beløb i kroner, fx 4,70']));
    expect((await running.app.repos.solutions.get('aula'))?.value.milestones).toHaveLength(count);

    await form.getByLabel('Kontakt i KOMBIT, e-mail').fill('aula@kombit.dk');
    await form.getByLabel('Driftsbidrag, kr.').fill('5,10');
    await form.getByRole('button', { name: 'Gem ændringer' }).click();
    await page.getByTestId('solution-ok').getByText('Ændringerne er gemt.').waitFor();
    const saved = (await running.app.repos.solutions.get('aula'))!.value;
    expect(saved.milestones.at(-1)).toEqual({ id: 'evaluering-af-aula', title: 'Evaluering af Aula', date: '2024-11-29', done: false });
    expect(saved.contact?.email).toBe('aula@kombit.dk');
    // The form edits the first price; AULA's second price (dagtilbud) is kept as it was.
    expect(saved.operatingCost).toEqual({ label: 'skole', amount: 5.1, basis: 'kr. pr. indbygger', year: 2025, more: [{ label: 'dagtilbud', amount: 46, basis: 'kr. pr. barn i daginstitution' }] });
    await saveScreenshot(page, 'admin-solution-saved');
    await page.close();
  });

  it('removes a solution’s KOMBIT contact and driftsbidrag and a KLIK task’s link when the fields are emptied', async () => {
    const page = await openAdmin('Løsninger');
    const form = page.getByTestId('solution-form');
    await form.getByTestId('solution-picker').selectOption('mit-sygefravaer');
    await expect.poll(() => form.getByLabel('Kontakt i KOMBIT, navn').inputValue()).toBe('Jakob Volmer');
    for (const label of ['Kontakt i KOMBIT, navn', 'Kontakt i KOMBIT, e-mail', 'Driftsbidrag, kr.', 'Driftsbidrag, grundlag (fx pr. indbygger)', 'Driftsbidrag, år']) await form.getByLabel(label).fill('');
    await form.getByRole('button', { name: 'Gem ændringer' }).click();
    await page.getByTestId('solution-ok').getByText('Ændringerne er gemt.').waitFor();
    const solution = (await running.app.repos.solutions.get('mit-sygefravaer'))!.value;
    expect(solution.contact).toBeUndefined();
    expect(solution.operatingCost).toBeUndefined();
    expect(solution.name).toBe('Mit Sygefravær');
    // The form is read anew after the save: the fields stay empty.
    expect(await form.getByLabel('Kontakt i KOMBIT, navn').inputValue()).toBe('');
    expect(await form.getByLabel('Driftsbidrag, kr.').inputValue()).toBe('');

    await page.getByRole('tablist', { name: 'Administrationens afsnit' }).getByRole('tab', { name: 'KLIK-opgaver' }).click();
    const taskForm = page.getByTestId('task-form');
    await taskForm.getByTestId('task-picker').selectOption('task-systemoverblik-onboarding');
    await expect.poll(() => taskForm.getByLabel('Link til KLIK').inputValue()).toMatch(/^https:\/\//);
    await taskForm.getByLabel('Link til KLIK').fill('');
    await taskForm.getByRole('button', { name: 'Gem ændringer' }).click();
    await page.getByTestId('task-ok').getByText('Opgaven er ændret: de sendte kort opdateres.').waitFor();
    expect((await running.app.repos.klikTasks.get('task-systemoverblik-onboarding'))!.value.klikUrl).toBeUndefined();
    await page.close();
  });

  it('sends an agreement whose sent date lies ahead with "Send nu" (its delivery report shows the targets), closes it, and shows why it cannot be sent again', async () => {
    const title = 'Tilslutningsaftale til Aula-arkivering';
    // One channel has the app (the demo data has none): the card's one target. No workers run here, so it stays pending.
    await install(running.app.repos, running.baseUrl, { team: '19:programledere@thread.tacv2' });
    const page = await openAdmin('Aftaler');
    const form = page.getByTestId('agreement-form');
    await form.getByLabel('Løsning').selectOption('aula');
    await form.getByLabel('Titel').fill(title);
    await form.getByLabel('Udsendt (tom = ikke udsendt endnu)').fill('2024-03-20');
    await form.getByLabel('Frist (tom = hurtigst muligt)').fill('2024-04-30');
    // No "Send nu" before there is an agreement to send.
    expect(await form.getByTestId('agreement-send').count()).toBe(0);
    await form.getByRole('button', { name: 'Opret' }).click();
    await page.getByTestId('agreement-ok').getByText('Aftalen er oprettet.', { exact: false }).waitFor();
    const created = (await running.app.repos.agreements.list()).find((g) => g.title === title)!;
    expect(created.sentDate).toBe('2024-03-20');
    expect(await running.app.repos.notifications.get(`agreement:${created.id}`)).toBeUndefined();

    await form.getByRole('button', { name: 'Send nu' }).click();
    const ok = page.getByTestId('agreement-ok');
    await ok.getByText('Aftalen er sendt: kortet sendes til alle kanaler og til løsningens følgere.').waitFor();
    expect(await ok.getByTestId('delivery-report').getAttribute('data-notification')).toBe(`agreement:${created.id}`);
    await expect.poll(() => ok.getByTestId('report-total').textContent()).toBe('1');
    expect(await ok.getByTestId('report-pending').textContent()).toBe('1');
    // Sent today (the decks' 28-02-2024), and the form shows it.
    expect((await running.app.repos.agreements.get(created.id))!.value.sentDate).toBe('2024-02-28');
    await expect.poll(() => form.getByLabel('Udsendt (tom = ikke udsendt endnu)').inputValue()).toBe('28-02-2024');
    await saveScreenshot(page, 'admin-agreement-sent');

    await form.getByRole('button', { name: 'Luk aftalen' }).click();
    await page.getByTestId('agreement-ok').getByText('Aftalen er lukket: der kommer ikke flere påmindelser, og kortene viser, at den er lukket.').waitFor();
    expect((await running.app.repos.agreements.get(created.id))!.value.closed).toBe(true);
    await expect.poll(() => form.getByTestId('agreement-closed').isChecked()).toBe(true);

    await form.getByRole('button', { name: 'Send nu' }).click();
    const refused = page.getByTestId('agreement-error');
    await refused.getByText('Aftalen er lukket og kan ikke sendes.').waitFor();
    expect(await refused.getAttribute('role')).toBe('alert');
    await page.close();
  });

  it('can be used with the keyboard alone: reach Administration, switch to Aftaler, fill in, submit, land on the field in error, correct it', async () => {
    const page = await open('view=portfolio');
    await page.getByRole('heading', { name: 'Porteføljeoversigt' }).waitFor();
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        const attr = (name: string) => el?.getAttribute(name) ?? '';
        return { role: attr('role'), view: attr('data-view'), section: attr('data-section'), testId: attr('data-testid') };
      });
    /** Presses `key` until the focused element is the one sought; a bounded number of presses, so a focus trap fails the test. */
    const pressUntil = async (key: string, found: (f: Awaited<ReturnType<typeof focused>>) => boolean, limit = 40) => {
      for (let i = 0; i < limit; i++) {
        if (found(await focused())) return;
        await page.keyboard.press(key);
      }
      throw new Error(`${key} never reached the element sought; focus is on ${JSON.stringify(await focused())}`);
    };

    await pressUntil('Tab', (f) => f.role === 'tab');
    await pressUntil('ArrowRight', (f) => f.view === 'admin', 10);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Administration' }).waitFor();

    await pressUntil('Tab', (f) => f.section !== '');
    await pressUntil('ArrowRight', (f) => f.section === 'agreements', 10);
    await page.keyboard.press('Space');
    const form = page.getByTestId('agreement-form');
    await form.waitFor();
    expect(await page.locator('[data-section="agreements"]').getAttribute('aria-selected')).toBe('true');

    const solution = form.getByTestId('agreement-solution');
    await pressUntil('Tab', (f) => f.testId === 'agreement-solution');
    const firstSolution = await solution.inputValue();
    await page.keyboard.press('ArrowDown');
    const chosenSolution = await solution.inputValue();
    expect(chosenSolution).not.toBe(firstSolution);
    await pressUntil('Tab', (f) => f.testId === 'agreement-show-missing');
    await page.keyboard.press('Space');
    expect(await form.getByTestId('agreement-show-missing').isChecked()).toBe(true);
    // Submitted without a title: the server's message is announced, and focus goes to the title.
    await pressUntil('Tab', (f) => f.testId === 'agreement-submit');
    await page.keyboard.press('Enter');
    const alert = page.getByTestId('agreement-error');
    await alert.getByText('Nogle felter er ikke udfyldt rigtigt. Ret dem, og prøv igen.').waitFor();
    expect(await alert.getAttribute('role')).toBe('alert');
    await expect.poll(async () => (await focused()).testId).toBe('agreement-title');
    const title = form.getByTestId('agreement-title');
    expect(await title.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await title.getAttribute('aria-describedby'))!.split(' ');
    const descriptions = await Promise.all(describedBy.map((id) => page.locator(`[id="${id}"]`).textContent()));
    expect(descriptions).toContain('må ikke være tom');

    await page.keyboard.type('Tilslutningsaftale oprettet med tastaturet');
    await pressUntil('Tab', (f) => f.testId === 'agreement-submit');
    await page.keyboard.press('Enter');
    await page.getByTestId('agreement-ok').getByText('Aftalen er oprettet.', { exact: false }).waitFor();
    // Focus stayed on the button through the save (it now says "Gem ændringer"), not thrown back to the page's start.
    expect(await focused()).toMatchObject({ testId: 'agreement-submit' });
    expect(await form.getByTestId('agreement-submit').textContent()).toBe('Gem ændringer');
    const stored = (await running.app.repos.agreements.list()).find((g) => g.title === 'Tilslutningsaftale oprettet med tastaturet');
    expect(stored).toMatchObject({ solutionId: chosenSolution, showMissingList: true, deadline: null });
    await saveScreenshot(page, 'admin-keyboard');
    await page.close();
  });

  it('takes and shows dates as dd-mm-åååå in an English browser, and names 31-02-2026 as a date that does not exist', async () => {
    const title = 'Bekræft datoformatet i Aula';
    const english = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-US', timezoneId: 'Europe/Copenhagen' });
    try {
      const page = await english.newPage();
      await page.goto(`${running.baseUrl}/tab/index.html?view=admin`);
      await page.getByRole('tablist', { name: 'Administrationens afsnit' }).getByRole('tab', { name: 'KLIK-opgaver' }).click();
      const form = page.getByTestId('task-form');
      const deadline = form.getByLabel('Frist');
      // A text field with the Danish pattern, not the browser's date input (mm/dd/yyyy in English).
      expect(await deadline.getAttribute('type')).toBe('text');
      expect(await deadline.getAttribute('placeholder')).toBe('dd-mm-åååå');
      await form.getByLabel('Løsning').selectOption('aula');
      await form.getByLabel('Titel').fill(title);
      await form.getByLabel('Startdato').fill('01-02-2026');
      await deadline.fill('31-02-2026');
      await form.getByLabel('Ansvarlig rolle').fill('Aula-ansvarlig');
      await form.getByRole('button', { name: 'Publicér' }).click();
      await page.getByTestId('task-error').getByRole('list').getByText('Frist: er ikke en gyldig dato').waitFor();
      expect(await deadline.getAttribute('aria-invalid')).toBe('true');
      expect((await running.app.repos.klikTasks.list()).some((t) => t.title === title)).toBe(false);

      await deadline.fill('27-02-2026');
      await form.getByRole('button', { name: 'Publicér' }).click();
      await page.getByTestId('task-ok').waitFor();
      const stored = (await running.app.repos.klikTasks.list()).find((t) => t.title === title);
      expect(stored).toMatchObject({ startDate: '2026-02-01', deadline: '2026-02-27' });
      // Read back from the server, the form shows the dates as typed.
      await expect.poll(() => form.getByTestId('task-picker').inputValue()).toBe(stored!.id);
      expect(await form.getByLabel('Startdato').inputValue()).toBe('01-02-2026');
      expect(await deadline.inputValue()).toBe('27-02-2026');
      await saveScreenshot(page, 'admin-danish-dates');
    } finally {
      await english.close();
    }
  });

  it('reads an evaluation’s closing time as Danish time on a computer set to New York, and shows it back in Danish', async () => {
    const meeting = await fetch(`${running.baseUrl}/api/meetings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ date: '2024-04-24', title: 'Programledermøde april 2024' }) });
    expect(meeting.status).toBe(201);
    const newYork = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'da-DK', timezoneId: 'America/New_York' });
    try {
      const page = await newYork.newPage();
      await page.goto(`${running.baseUrl}/tab/index.html?view=admin`);
      await page.getByRole('tablist', { name: 'Administrationens afsnit' }).getByRole('tab', { name: 'Evalueringer' }).click();
      // The page really runs in New York time.
      expect(await page.evaluate(() => new Date('2024-04-24T12:30').getTimezoneOffset())).toBe(240);
      const form = page.getByTestId('evaluation-form');
      await form.getByLabel('Møde').selectOption('pl-2024-04-24');
      await form.getByText('Dansk tid').waitFor();
      // Summer time in Denmark (UTC+2): 12:30 Danish is 10:30 UTC, not 16:30 UTC as New York's 12:30 would be.
      await form.getByLabel('Lukker automatisk (valgfrit)').fill('24-04-2024 12:30');
      await form.getByRole('button', { name: 'Start evaluering' }).click();
      const ok = page.getByTestId('evaluation-start-ok');
      // One target here, named in the singular (not "1 kanaler").
      await ok.getByText(/^Evalueringen er startet: kortet sendes til 1 kanal eller mødechat\. Den lukker automatisk 24-04-2024 kl\. 12:30 \(dansk tid\)\.$/).waitFor();
      const stored = (await running.app.repos.evaluations.list()).find((e) => e.meetingId === 'pl-2024-04-24')!;
      expect(new Date(stored.closesAt!).toISOString()).toBe('2024-04-24T10:30:00.000Z');
      await page.getByTestId('evaluation-list').locator(`tr[data-evaluation="${stored.id}"]`).getByText('Åben · lukker 24-04-2024 kl. 12:30').waitFor();
      await saveScreenshot(page, 'admin-evaluation-danish-closing-time');
    } finally {
      await newYork.close();
    }
  });
});

describe('Administration for a program leader (development mode with DEV_USER_IS_STAFF=false)', () => {
  let leaderApp: TabApp;
  beforeAll(async () => {
    leaderApp = await startTabApp({ env: { DEV_USER_IS_STAFF: 'false' } });
  }, 60_000);
  afterAll(() => leaderApp?.close());

  it('shows no Administration tab and no admin forms, even when asked for by URL', async () => {
    const page = await context.newPage();
    await page.goto(`${leaderApp.baseUrl}/tab/index.html?view=admin`);
    await page.getByText('Logget ind som Demo-programleder').waitFor();
    await page.getByRole('heading', { name: 'Porteføljeoversigt' }).waitFor();
    expect(await page.getByRole('tab').evaluateAll((tabs) => tabs.map((t) => t.getAttribute('data-view')))).toEqual(['portfolio', 'klik', 'agreements', 'evaluations', 'meeting']);
    expect(await page.getByTestId('admin-view').count()).toBe(0);
    expect(await page.locator('form').count()).toBe(0);
    await saveScreenshot(page, 'admin-hidden-for-program-leader');
    await page.close();
  });
});

describe('as a program leader in production mode (SSO token from a test key set)', () => {
  let prod: TabApp;
  let entra: EntraStandIn;
  let leaderContext: BrowserContext;

  beforeAll(async () => {
    entra = await startEntraStandIn();
    prod = await startTabApp({ env: entra.env });
    await saveProfile(prod, LEADER_OID, { name: 'Pia Programleder', municipalityCode: '766', followedSolutions: ['aula'] });
    // The token Teams would give the tab, added by the browser to every request.
    leaderContext = await browser.newContext({ viewport: { width: 1400, height: 900 }, extraHTTPHeaders: { Authorization: `Bearer ${await entra.token()}` } });
  }, 60_000);
  afterAll(async () => {
    await leaderContext?.close();
    await prod?.close();
    await entra?.close();
  });

  it('shows the portfolio without the demo banner and without Administration, with the person’s municipality', async () => {
    const page = await leaderContext.newPage();
    await page.goto(`${prod.baseUrl}/tab/index.html?view=klik`);
    await page.getByText('Logget ind som Pia Programleder · Hedensted').waitFor();
    await page.getByRole('columnheader', { name: 'Din kommune: Hedensted' }).waitFor();
    expect(await page.getByRole('tab').evaluateAll((tabs) => tabs.map((t) => t.getAttribute('data-view')))).toEqual(['portfolio', 'klik', 'agreements', 'evaluations', 'meeting']);
    expect(await page.getByTestId('demo-banner').count()).toBe(0);
    await saveScreenshot(page, 'klik-tasks-program-leader');
    // Asking for the admin view directly falls back to the portfolio.
    await page.goto(`${prod.baseUrl}/tab/index.html?view=admin`);
    await page.getByRole('heading', { name: 'Porteføljeoversigt' }).waitFor();
    expect(await page.getByTestId('admin-view').count()).toBe(0);
    await page.close();
  });

  it('asks for Teams when there is no token', async () => {
    const anonymous = await browser.newContext();
    const page = await anonymous.newPage();
    await page.goto(`${prod.baseUrl}/tab/index.html?view=portfolio`);
    await page.getByText('Åbn appen i Microsoft Teams for at logge ind.').first().waitFor();
    await anonymous.close();
  });
});
