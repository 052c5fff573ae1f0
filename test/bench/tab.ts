/**
 * `npm run bench:tab`: the tab's three speed figures against their limits (issue 7).
 *
 *   1. Initial JavaScript, gzipped: the entry chunk of index.html and every chunk it imports
 *      statically (what the browser must load before the first render). Limit 250 KB.
 *   2. `GET /api/portfolio` p50/p95 over 200 sequential requests with the demo data, through
 *      HTTP on loopback, after a short warm-up. Limit p95 25 ms.
 *   3. First meaningful render in headless Chromium: navigation start to the portfolio table
 *      drawn with data (the `kombit:portfolio-rendered` mark), median of 5 cold page loads (fresh
 *      browser context each). Limit 1000 ms.
 *
 * Prints each figure with its ratio to the limit; exits 1 when one is over.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildTab, TAB_DIST } from '../../tabs/build.ts';
import { startTabApp } from '../support/tabServer.ts';
import { launchBrowser } from '../support/browser.ts';
import { indexedOverview, portfolioOverview } from '../../bot/api/portfolio.ts';
import { ProgressIndex } from '../../bot/api/progressIndex.ts';

const LIMITS = { initialKb: 250, p95Ms: 25, renderMs: 1000 };

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

async function main(): Promise<number> {
  const build = await buildTab({ ifStale: true, quiet: true });
  const bundle = await measureBundle();

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
    const renders: number[] = [];
    try {
      for (let i = 0; i < 6; i++) {
        const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
        const page = await context.newPage();
        await page.goto(`${running.baseUrl}/tab/index.html?view=portfolio`);
        await page.locator('[data-testid="portfolio-table"] tbody tr').first().waitFor();
        const mark = await page.evaluate(() => performance.getEntriesByName('kombit:portfolio-rendered')[0]?.startTime ?? NaN);
        // The first load also warms the server's and the OS's caches; it is not counted.
        if (i > 0) renders.push(mark);
        await context.close();
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

    renders.sort((a, b) => a - b);

    const p50 = percentile(times, 0.5);
    const p95 = percentile(times, 0.95);
    const render = percentile(renders, 0.5);
    const rows: [string, string, number][] = [
      ['Initial JS (gzip)', `${fmt(kb(bundle.initial))} KB / ${LIMITS.initialKb} KB`, kb(bundle.initial) / LIMITS.initialKb],
      ['Portfolio API p95', `${fmt(p95, 2)} ms / ${LIMITS.p95Ms} ms (p50 ${fmt(p50, 2)} ms, 200 requests)`, p95 / LIMITS.p95Ms],
      ['First meaningful render', `${fmt(render, 0)} ms / ${LIMITS.renderMs} ms (median of ${renders.length} cold loads, max ${fmt(renders.at(-1)!, 0)} ms)`, render / LIMITS.renderMs],
    ];
    const out = [
      '',
      `Tab benchmark (${build.built ? `built the tab in ${fmt(build.ms / 1000)} s` : 'tab build was current'})`,
      ...rows.map(([name, figure, ratio]) => `  ${name.padEnd(25)} ${figure.padEnd(70)} ratio ${fmt(ratio, 2)}${ratio > 1 ? '  OVER LIMIT' : ''}`),
      '',
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
