/**
 * Builds the tab into `dist/tab` with Vite.
 *
 *   node --import tsx tabs/build.ts             always build
 *   node --import tsx tabs/build.ts --if-stale  build only when the sources changed (prestart, tests)
 *
 * "Changed" means a different hash of everything under `tabs/` and the lock file; the hash is
 * stored beside the build. The new build is written to a temporary
 * folder and swapped in, so a running server never serves half a build.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const TAB_DIST = path.join(ROOT, 'dist', 'tab');
const STAMP = '.build-hash';

/** Files whose content decides the build: the tab's sources, the server modules it bundles, and the lock file (the server types it imports vanish in the build). */
async function inputs(): Promise<string[]> {
  const out: string[] = [];
  async function walk(dir: string): Promise<void> {
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules') await walk(p);
      } else out.push(p);
    }
  }
  await walk(path.join(ROOT, 'tabs'));
  // The server's dependency-free modules the tab bundles (labels, text helpers).
  out.push(path.join(ROOT, 'bot', 'domain', 'labels.ts'), path.join(ROOT, 'bot', 'domain', 'text.ts'));
  out.push(path.join(ROOT, 'package-lock.json'), path.join(ROOT, 'package.json'));
  return out.sort();
}

/** A hash over the inputs' paths and contents. */
export async function sourceHash(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of await inputs()) {
    hash.update(path.relative(ROOT, file));
    try {
      hash.update(await fs.readFile(file));
    } catch {
      hash.update('(missing)');
    }
  }
  return hash.digest('hex');
}

/** True when `dist/tab` holds a build of the current sources. */
export async function isFresh(hash?: string): Promise<boolean> {
  try {
    const [stamp] = await Promise.all([fs.readFile(path.join(TAB_DIST, STAMP), 'utf8'), fs.access(path.join(TAB_DIST, 'index.html'))]);
    return stamp.trim() === (hash ?? (await sourceHash()));
  } catch {
    return false;
  }
}

/** Text files worth compressing; the server sends the `.br` or `.gz` beside one when the browser takes it. */
const COMPRESSIBLE = /\.(html|js|mjs|css|json|svg|txt)$/;

/**
 * Writes a brotli (`.br`, highest quality) and a gzip (`.gz`, level 9) copy beside every text file
 * of the build over 1 KB: the best compression costs seconds, so it is paid once here rather than
 * by the server on the first request after each start (tabFiles.ts compresses only what it finds
 * without a copy).
 */
async function precompress(dir: string): Promise<void> {
  const files: string[] = [];
  for (const entry of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && COMPRESSIBLE.test(entry.name) && !entry.parentPath.includes(`${path.sep}.`)) files.push(path.join(entry.parentPath, entry.name));
  }
  await Promise.all(
    files.map(async (file) => {
      const body = await fs.readFile(file);
      if (body.length <= 1024) return;
      const [br, gz] = await Promise.all([
        brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
        gzip(body, { level: 9 }),
      ]);
      await Promise.all([fs.writeFile(`${file}.br`, br), fs.writeFile(`${file}.gz`, gz)]);
    }),
  );
}

export interface BuildResult {
  readonly built: boolean;
  readonly ms: number;
}

/** Builds the tab (or, with `ifStale`, only when the sources changed since the last build). */
export async function buildTab(options: { ifStale?: boolean; quiet?: boolean } = {}): Promise<BuildResult> {
  const started = performance.now();
  const hash = await sourceHash();
  if (options.ifStale && (await isFresh(hash))) return { built: false, ms: performance.now() - started };
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch {
    // A production install without dev dependencies: use the build that was shipped, if any.
    if (await fs.access(path.join(TAB_DIST, 'index.html')).then(() => true, () => false)) {
      if (!options.quiet) process.stderr.write('vite is not installed: serving the existing build in dist/tab\n');
      return { built: false, ms: performance.now() - started };
    }
    const message = 'The tab is not built and vite is not installed: run "npm install" (with dev dependencies) and "npm run build:tab".';
    // Starting without the tab still gives a working bot; /tab/ then says how to build it.
    if (options.ifStale) {
      process.stderr.write(`${message}\n`);
      return { built: false, ms: performance.now() - started };
    }
    throw new Error(message);
  }
  const tmp = `${TAB_DIST}.tmp-${process.pid}`;
  await fs.rm(tmp, { recursive: true, force: true });
  // Vite takes NODE_ENV from the calling process: under vitest (NODE_ENV=test) it would bundle
  // React's development build (70 KB more, slower first render). The tab is always a production build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await vite.build({
      configFile: path.join(ROOT, 'tabs', 'vite.config.ts'),
      mode: 'production',
      logLevel: options.quiet ? 'error' : 'warn',
      build: { outDir: tmp, emptyOutDir: true },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  await precompress(tmp);
  await fs.writeFile(path.join(tmp, STAMP), hash);
  const old = `${TAB_DIST}.old-${process.pid}`;
  await fs.rename(TAB_DIST, old).catch(() => undefined);
  try {
    await fs.rename(tmp, TAB_DIST);
  } catch (error) {
    // Another build swapped its result in at the same moment: keep that one.
    await fs.rm(tmp, { recursive: true, force: true });
    if (!(await isFresh(hash))) throw error;
  }
  await fs.rm(old, { recursive: true, force: true });
  return { built: true, ms: performance.now() - started };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const ifStale = process.argv.includes('--if-stale');
  try {
    const result = await buildTab({ ifStale });
    process.stdout.write(result.built ? `Fanen er bygget til dist/tab (${(result.ms / 1000).toFixed(1)} s)\n` : 'Fanen er allerede bygget (dist/tab)\n');
  } catch (error) {
    process.stderr.write(`Fanen kunne ikke bygges: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
