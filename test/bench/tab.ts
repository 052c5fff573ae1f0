/**
 * `npm run bench:tab`: the tab's speed figures against their targets (issue 17).
 *
 *   1. Cold first render: navigation start to the paint that shows the portfolio rows, as the
 *      browser itself reports it (Element Timing on the rows' cells, `elementtiming="portfolio-rows"`;
 *      not a mark the app sets when it thinks it has rendered), in a fresh browser context (empty
 *      HTTP cache). Target 600 ms.
 *   2. Warm first render: the same, on a second visit in the same context (hashed assets from the
 *      browser cache, index.html revalidated), as in Teams where the tab is opened again and again.
 *      Target 300 ms.
 *   3. Initial JavaScript, gzipped: the entry chunk of index.html and every chunk it imports
 *      statically (what the browser must load before the first render). Target 120 KB.
 *   4. `GET /api/portfolio` p50/p95 over 200 sequential requests with the demo data, through
 *      HTTP on loopback, after a short warm-up. Target p95 25 ms.
 *
 * The view tabs and the portfolio's filters load just after the rows (their chunk is asked for once
 * the rows are shown); the timeline line shows when the filters were drawn too (the animation
 * frame after they enter the page).
 *
 * Renders are medians of {@link LOADS} loads (after one uncounted load that warms the server and
 * the OS), with min–max. Headless Chromium, 1400×900, no CPU or network throttling; on a shared
 * machine the load average is printed with the figures, as they move with it.
 * Prints each figure with its ratio to the target; exits 1 when one is over.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildTab, TAB_DIST } from '../../tabs/build.ts';
import { startTabApp } from '../support/tabServer.ts';
import type { BrowserContext } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { indexedOverview, portfolioOverview } from '../../bot/api/portfolio.ts';
import { ProgressIndex } from '../../bot/storage/progressIndex.ts';

const TARGETS = { initialKb: 120, p95Ms: 25, coldMs: 600, warmMs: 300 };
/** Counted loads of each kind (the issue asks for at least 7). */
const LOADS = 9;

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

const kb = (bytes: number) => bytes / 1024;
const fmt = (n: number, decimals = 1) => n.toLocaleString('da-DK', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)]!;

async function gzipSize(file: string): Promise<number> {
  return gzipSync(await fs.readFile(path.join(TAB_DIST, file)), { level: 9 }).length;
}

/** Sums the gzipped size of a manifest entry and its static imports, transitively. */
async function bundleSize(manifest: Record<string, ManifestChunk>, key: string): Promise<{ bytes: number; files: string[] }> {
  const seen = new Set<string>();
  const visit = (k: string) => {
    if (seen.has(k)) return;
    seen.add(k);
    for (const i of manifest[k]?.imports ?? []) visit(i);
  };
  visit(key);
  const files = [...seen].map((k) => manifest[k]!.file);
  let bytes = 0;
  for (const f of files) bytes += await gzipSize(f);
  return { bytes, files };
}

async function measureBundle() {
  const manifest = JSON.parse(await fs.readFile(path.join(TAB_DIST, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const initial = await bundleSize(manifest, 'index.html');
  const teamsKey = Object.keys(manifest).find((k) => k.includes('@microsoft/teams-js'));
  const teamsBytes = teamsKey ? (await bundleSize(manifest, teamsKey)).bytes : 0;
  const evaluationsKey = Object.keys(manifest).find((k) => k.endsWith('views/EvaluationsView.tsx'));
  const evaluations = evaluationsKey ? await gzipSize(manifest[evaluationsKey]!.file) : 0;
  return { initial: initial.bytes, files: initial.files, teamsJs: teamsBytes, evaluationsChunk: evaluations };
}

/** What the browser reports about one load, in ms from navigation start. */
interface LoadFigures {
  /** Element Timing of the portfolio rows: the paint that first shows them. */
  readonly rows: number;
  /**
   * The frame that first shows the portfolio's filters, which load after the rows: the next
   * animation frame after the search field enters the page (Element Timing cannot see Fluent's
   * labels: it reports text per block, and Fluent passes no unknown attribute to its elements).
   */
  readonly filters: number;
  readonly fcp: number;
  readonly lcp: number;
  /** The tag and test id of the LCP element, to see what the browser took as the main content. */
  readonly lcpElement: string;
  readonly htmlEnd: number;
  /** The last script of the first bundle loaded (responseEnd); the chunks loaded after the first paint are not counted. */
  readonly scriptsEnd: number;
  /** The portfolio answer arrived (responseEnd of /api/portfolio), or NaN if it came with the page. */
  readonly dataEnd: number;
  /** Main-thread time of the page's renderer until the rows and filters were seen painted: all tasks, and script alone (CPU time, less moved by the machine's load than the wall-clock figures). */
  readonly taskMs: number;
  readonly scriptMs: number;
  /** Requests answered from the browser's cache. */
  readonly fromCache: number;
  readonly requests: number;
}

/**
 * Loads the tab in `context` and waits until the browser has reported the paint of the portfolio
 * rows. The observers are installed before any of the page's scripts run.
 */
async function load(context: BrowserContext, url: string, initialFiles: readonly string[]): Promise<LoadFigures> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  let fromCache = 0;
  let requests = 0;
  cdp.on('Network.requestWillBeSent', () => requests++);
  // The memory cache reports requestServedFromCache; the disk cache (incognito: in memory too) a flag on the response.
  cdp.on('Network.requestServedFromCache', () => fromCache++);
  cdp.on('Network.responseReceived', (e) => {
    if (e.response.fromDiskCache) fromCache++;
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __bench: { rows?: number; filters?: number; lcp?: number; lcpElement?: string } };
    w.__bench = {};
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as (PerformanceEntry & { identifier?: string; renderTime?: number })[]) {
        if (e.identifier === 'portfolio-rows' && w.__bench.rows === undefined) w.__bench.rows = e.renderTime || e.startTime;
      }
    }).observe({ type: 'element', buffered: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as (PerformanceEntry & { element?: Element | null })[]) {
        w.__bench.lcp = e.startTime;
        w.__bench.lcpElement = e.element ? `${e.element.tagName.toLowerCase()}${e.element.id ? `#${e.element.id}` : ''}` : '?';
      }
    }).observe({ type: 'largest-contentful-paint', buffered: true });
    const filters = new MutationObserver(() => {
      if (!document.querySelector('[data-testid="portfolio-search"]')) return;
      filters.disconnect();
      requestAnimationFrame((t) => (w.__bench.filters = t));
    });
    filters.observe(document, { childList: true, subtree: true });
  });
  await page.goto(url);
  await page.waitForFunction(() => {
    const bench = (window as unknown as { __bench: { rows?: number; filters?: number } }).__bench;
    return bench.rows !== undefined && bench.filters !== undefined;
  });
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name: string) => (metrics.find((m) => m.name === name)?.value ?? NaN) * 1000;
  const figures = await page.evaluate((initial) => {
    const bench = (window as unknown as { __bench: { rows: number; filters: number; lcp?: number; lcpElement?: string } }).__bench;
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const scripts = resources.filter((r) => initial.some((file) => new URL(r.name).pathname.endsWith(`/${file}`)));
    const data = resources.find((r) => new URL(r.name).pathname === '/api/portfolio');
    return {
      rows: bench.rows,
      filters: bench.filters,
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
      lcp: bench.lcp ?? NaN,
      lcpElement: bench.lcpElement ?? '-',
      htmlEnd: nav.responseEnd,
      scriptsEnd: Math.max(0, ...scripts.map((r) => r.responseEnd)),
      dataEnd: data?.responseEnd ?? NaN,
    };
  }, initialFiles);
  await page.close();
  return { ...figures, taskMs: metric('TaskDuration'), scriptMs: metric('ScriptDuration'), fromCache, requests };
}

const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 0.5);
const spread = (values: number[]) => `${Math.round(Math.min(...values))}–${Math.round(Math.max(...values))}`;
const ms = (n: number) => (Number.isNaN(n) ? '–' : `${Math.round(n)}`);

/** The load average over the last 1, 5 and 15 minutes, as `uptime` prints it. */
const loadAverage = () => os.loadavg().map((n) => n.toFixed(2)).join(', ');

async function main(): Promise<number> {
  const build = await buildTab({ ifStale: true, quiet: true });
  const bundle = await measureBundle();
  const loadBefore = loadAverage();

  const running = await startTabApp();
  try {
    const url = `${running.baseUrl}/api/portfolio`;
    for (let i = 0; i < 20; i++) await (await fetch(url)).arrayBuffer();
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      const res = await fetch(url, { headers: { 'accept-encoding': 'gzip' } });
      await res.arrayBuffer();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const browser = await launchBrowser();
    const cold: LoadFigures[] = [];
    const warm: LoadFigures[] = [];
    try {
      const tabUrl = `${running.baseUrl}/tab/index.html?view=portfolio`;
      for (let i = 0; i <= LOADS; i++) {
        // A fresh context has an empty HTTP cache: the first load is cold, the second warm.
        const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'da-DK' });
        const first = await load(context, tabUrl, bundle.files);
        const second = await load(context, tabUrl, bundle.files);
        await context.close();
        // The first round also warms the server's and the OS's caches; it is not counted.
        if (i > 0) {
          cold.push(first);
          warm.push(second);
        }
      }
    } finally {
      await browser.close();
    }
    // Measured last, when the seed's rows are older than the index's 5 s overlap. For comparison: what one shared read costs (lists + the index's "what changed" queries),
    // and reading every task's and agreement's partition instead.
    const sample = async (read: () => Promise<unknown>) => {
      const ts: number[] = [];
      for (let i = 0; i < 15; i++) {
        const t0 = performance.now();
        await read();
        ts.push(performance.now() - t0);
      }
      return ts.sort((a, b) => a - b);
    };
    const index = new ProgressIndex(running.storage);
    await index.sync();
    const incremental = await sample(() => indexedOverview(running.app.repos, index, running.clock));
    const everyPartition = await sample(() => portfolioOverview(running.app.repos, running.clock));

    const p50 = percentile(times, 0.5);
    const p95 = percentile(times, 0.95);
    const coldRows = cold.map((f) => f.rows);
    const warmRows = warm.map((f) => f.rows);
    const rows: [string, string, number][] = [
      ['Cold first render', `${ms(median(coldRows))} ms / ${TARGETS.coldMs} ms (median of ${cold.length} loads, spread ${spread(coldRows)} ms)`, median(coldRows) / TARGETS.coldMs],
      ['Warm first render', `${ms(median(warmRows))} ms / ${TARGETS.warmMs} ms (median of ${warm.length} loads, spread ${spread(warmRows)} ms)`, median(warmRows) / TARGETS.warmMs],
      ['Initial JS (gzip)', `${fmt(kb(bundle.initial))} KB / ${TARGETS.initialKb} KB`, kb(bundle.initial) / TARGETS.initialKb],
      ['Portfolio API p95', `${fmt(p95, 2)} ms / ${TARGETS.p95Ms} ms (p50 ${fmt(p50, 2)} ms, 200 requests)`, p95 / TARGETS.p95Ms],
    ];
    const timeline = (name: string, loads: LoadFigures[]) =>
      `  ${name}: HTML ${ms(median(loads.map((f) => f.htmlEnd)))}, scripts ${ms(median(loads.map((f) => f.scriptsEnd)))}, data ${ms(median(loads.map((f) => f.dataEnd)))}, ` +
      `FCP ${ms(median(loads.map((f) => f.fcp)))}, rows painted ${ms(median(loads.map((f) => f.rows)))}, filters drawn ${ms(median(loads.map((f) => f.filters)))}, LCP ${ms(median(loads.map((f) => f.lcp)))} (${[...new Set(loads.map((f) => f.lcpElement))].join('/')}); ` +
      `main thread ${ms(median(loads.map((f) => f.taskMs)))} (script ${ms(median(loads.map((f) => f.scriptMs)))}); ` +
      `${median(loads.map((f) => f.fromCache))} of ${median(loads.map((f) => f.requests))} requests from the browser cache`;
    const out = [
      '',
      `Tab benchmark (${build.built ? `built the tab in ${fmt(build.ms / 1000)} s` : 'tab build was current'}; load average ${loadBefore} before, ${loadAverage()} after, ${os.cpus().length} CPUs)`,
      ...rows.map(([name, figure, ratio]) => `  ${name.padEnd(18)} ${figure.padEnd(72)} ratio ${fmt(ratio, 2)}${ratio > 1 ? '  OVER TARGET' : ''}`),
      '',
      '  Medians in ms from navigation start:',
      timeline('  cold', cold),
      timeline('  warm', warm),
      `  Initial chunks: ${bundle.files.join(', ')}`,
      `  Loaded later: teams-js ${fmt(kb(bundle.teamsJs))} KB gzip (only inside Teams; initial + teams-js = ${fmt(kb(bundle.initial + bundle.teamsJs))} KB), Evalueringer view with chart.js ${fmt(kb(bundle.evaluationsChunk))} KB gzip`,
      `  One shared read from storage (every 1-2 s under load): p50 ${fmt(percentile(incremental, 0.5), 1)} ms; reading every partition instead: p50 ${fmt(percentile(everyPartition, 0.5), 1)} ms`,
      '',
    ];
    process.stdout.write(out.join('\n'));
    return rows.some(([, , ratio]) => ratio > 1) ? 1 : 0;
  } finally {
    await running.close();
  }
}

process.exitCode = await main().catch((error: unknown) => {
  process.stderr.write(`bench:tab failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
});
