/**
 * Builds the Teams app package (build/appPackage.<env>.zip) from the manifest template.
 *
 * Reads env/.env.<env>, then env/.env.<env>.user (if present), then the process environment
 * (later wins), replaces every ${{NAME}} in manifest.json and its localization files, checks the
 * result against the official Teams JSON schemas shipped in @microsoft/app-manifest, and zips
 * manifest.json, the localization files and the icons at the root of the archive.
 *
 * It does the same as the Agents Toolkit's teamsApp/zipAppPackage action, offline and without
 * the toolkit, so a developer or CI can build and check the package with a plain npm script:
 *
 *   node --import tsx manifest/buildPackage.ts [--env local|dev|...] [--out build]
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import JSZip from 'jszip';

/** The project root: the folder above manifest/. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Variables that may be set to an empty string (everything else must have a value). */
export const DEFAULT_ALLOW_EMPTY: readonly string[] = ['APP_NAME_SUFFIX'];

/** A problem that stops the package from being built; the message says what to fix. */
export class PackageError extends Error {
  override name = 'PackageError';
}

export interface BuildOptions {
  /** Environment name: reads env/.env.<env> (default 'local'). */
  readonly env?: string;
  /** Where the zip goes (default <project>/build). */
  readonly outDir?: string;
  /** Folder with the .env.<env> files (default <project>/env). */
  readonly envDir?: string;
  /** Folder with manifest.json, localization files and icons (default <project>/manifest). */
  readonly manifestDir?: string;
  /** Overrides applied after the env files (default process.env; pass {} to ignore it). */
  readonly processEnv?: Readonly<Record<string, string | undefined>>;
  /** Variables allowed to be empty (default APP_NAME_SUFFIX). */
  readonly allowEmpty?: readonly string[];
  /** Check the filled manifest and localization files against the Teams JSON schemas (default true). */
  readonly validate?: boolean;
}

export interface BuildResult {
  readonly zipPath: string;
  readonly size: number;
  /** File names at the root of the zip. */
  readonly files: readonly string[];
  /** The filled manifest as it went into the zip. */
  readonly manifest: Record<string, unknown>;
  /** Which env files were read, in order. */
  readonly envFiles: readonly string[];
}

const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Parses a dotenv-style file: KEY=VALUE lines, # comments, optional quotes and `export `. */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1]!;
    let value = m[2] ?? '';
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.indexOf(quote, 1) > 0) {
      value = value.slice(1, value.indexOf(quote, 1));
      if (quote === '"') value = value.replace(/\\n/g, '\n');
    } else {
      value = value.replace(/\s+#.*$/, '').trim();
    }
    out[key] = value;
  }
  return out;
}

/** Every placeholder name in a text, once each, in order of appearance. */
export function findPlaceholders(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/**
 * Replaces ${{NAME}} in a JSON text. Values are escaped for a JSON string. Returns the names that
 * had no value (undefined, or empty unless allowed to be empty), leaving those placeholders as they were.
 */
export function fillPlaceholders(
  text: string,
  vars: Readonly<Record<string, string | undefined>>,
  allowEmpty: readonly string[] = DEFAULT_ALLOW_EMPTY,
): { text: string; missing: string[] } {
  const missing = new Set<string>();
  const filled = text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined || (value === '' && !allowEmpty.includes(name))) {
      missing.add(name);
      return whole;
    }
    return JSON.stringify(value).slice(1, -1);
  });
  return { text: filled, missing: [...missing] };
}

/** Reads env/.env.<env> and env/.env.<env>.user, then applies the overrides. */
export async function loadEnvironment(
  env: string,
  envDir: string,
  processEnv: Readonly<Record<string, string | undefined>>,
): Promise<{ vars: Record<string, string | undefined>; files: string[] }> {
  const base = path.join(envDir, `.env.${env}`);
  if (!existsSync(base)) {
    throw new PackageError(`No environment file ${rel(base)}: create it (see env/.env.dev) or pass another --env`);
  }
  const files = [base];
  const vars: Record<string, string | undefined> = parseEnvFile(await readFile(base, 'utf8'));
  const user = `${base}.user`;
  if (existsSync(user)) {
    files.push(user);
    Object.assign(vars, parseEnvFile(await readFile(user, 'utf8')));
  }
  for (const [k, v] of Object.entries(processEnv)) if (v !== undefined) vars[k] = v;
  vars.TEAMSFX_ENV ??= env;
  return { vars, files };
}

type Validator = ((data: unknown) => boolean) & { errors?: Array<{ instancePath: string; message?: string; params?: unknown }> | null };

/** Where @microsoft/app-manifest keeps the Teams JSON schema of a manifest version. */
export function schemaDir(manifestVersion: string): string {
  let pkg: string;
  try {
    pkg = createRequire(import.meta.url).resolve('@microsoft/app-manifest/package.json');
  } catch {
    pkg = path.join(PROJECT_ROOT, 'node_modules', '@microsoft', 'app-manifest', 'package.json');
  }
  return path.join(path.dirname(pkg), 'build', 'json-schemas', 'teams', `v${manifestVersion}`);
}

/** Compiles the official Teams manifest and localization schemas (JSON Schema draft-04). */
export async function loadSchemas(manifestVersion: string): Promise<{ manifest: Validator; localization: Validator }> {
  const dir = schemaDir(manifestVersion);
  const manifestSchema = path.join(dir, 'MicrosoftTeams.schema.json');
  const localizationSchema = path.join(dir, 'MicrosoftTeams.Localization.schema.json');
  if (!existsSync(manifestSchema) || !existsSync(localizationSchema)) {
    throw new PackageError(`No Teams schema for manifestVersion ${manifestVersion} in ${rel(dir)} (is @microsoft/app-manifest installed?)`);
  }
  const Ajv = Ajv04.default;
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats.default(ajv);
  return {
    manifest: ajv.compile(JSON.parse(await readFile(manifestSchema, 'utf8'))) as Validator,
    localization: ajv.compile(JSON.parse(await readFile(localizationSchema, 'utf8'))) as Validator,
  };
}

function describeErrors(v: Validator): string {
  return (v.errors ?? [])
    .slice(0, 10)
    .map((e) => `  ${e.instancePath || '/'} ${e.message ?? ''} ${e.params ? JSON.stringify(e.params) : ''}`.trimEnd())
    .join('\n');
}

function rel(p: string): string {
  const r = path.relative(process.cwd(), p);
  return r && !r.startsWith('..') ? r : p;
}

function parseJson(text: string, file: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw new PackageError(`${rel(file)} is not valid JSON after filling placeholders: ${(e as Error).message}`);
  }
}

/** Builds build/appPackage.<env>.zip; throws PackageError naming any placeholder left unfilled. */
export async function buildAppPackage(options: BuildOptions = {}): Promise<BuildResult> {
  const env = options.env ?? 'local';
  if (!/^[A-Za-z0-9_-]+$/.test(env)) throw new PackageError(`Invalid environment name "${env}"`);
  const manifestDir = options.manifestDir ?? path.join(PROJECT_ROOT, 'manifest');
  const envDir = options.envDir ?? path.join(PROJECT_ROOT, 'env');
  const outDir = options.outDir ?? path.join(PROJECT_ROOT, 'build');
  const allowEmpty = options.allowEmpty ?? DEFAULT_ALLOW_EMPTY;

  const { vars, files: envFiles } = await loadEnvironment(env, envDir, options.processEnv ?? process.env);

  // Fill the manifest first: it names the localization files and icons.
  const manifestPath = path.join(manifestDir, 'manifest.json');
  const template = await readFile(manifestPath, 'utf8');
  const missing = new Map<string, string[]>();
  const filledManifest = fillPlaceholders(template, vars, allowEmpty);
  if (filledManifest.missing.length) missing.set(manifestPath, filledManifest.missing);
  const manifest = parseJson(filledManifest.text, manifestPath);

  const loc = (manifest.localizationInfo ?? {}) as { defaultLanguageFile?: string; additionalLanguages?: Array<{ file: string }> };
  const locFiles = [...(loc.defaultLanguageFile ? [loc.defaultLanguageFile] : []), ...(loc.additionalLanguages ?? []).map((l) => l.file)];
  const localized: Array<{ name: string; json: Record<string, unknown> }> = [];
  for (const name of locFiles) {
    const file = path.join(manifestDir, name);
    if (!existsSync(file)) throw new PackageError(`${rel(manifestPath)} names the localization file ${name}, which is missing`);
    const filled = fillPlaceholders(await readFile(file, 'utf8'), vars, allowEmpty);
    if (filled.missing.length) missing.set(file, filled.missing);
    localized.push({ name, json: parseJson(filled.text, file) });
  }

  if (missing.size) {
    const names = [...new Set([...missing.values()].flat())];
    const where = [...missing.entries()].map(([f, n]) => `  ${rel(f)}: ${n.join(', ')}`).join('\n');
    throw new PackageError(
      `Unfilled placeholder${names.length > 1 ? 's' : ''} ${names.join(', ')} for environment "${env}":\n${where}\n` +
        `Set ${names.length > 1 ? 'them' : 'it'} in ${envFiles.map(rel).join(' or ')} (or ${rel(path.join(envDir, `.env.${env}.user`))}, ` +
        `or the process environment). \`atk provision --env ${env}\` writes most of them.`,
    );
  }

  // Bot and tab are served from the same host, so TAB_DOMAIN and BOT_DOMAIN are often equal.
  if (Array.isArray(manifest.validDomains)) manifest.validDomains = [...new Set(manifest.validDomains as string[])];

  if (options.validate ?? true) {
    const version = String(manifest.manifestVersion ?? '');
    const schemas = await loadSchemas(version);
    if (!schemas.manifest(manifest)) {
      throw new PackageError(`${rel(manifestPath)} does not match the Teams v${version} schema:\n${describeErrors(schemas.manifest)}`);
    }
    for (const l of localized) {
      if (!schemas.localization(l.json)) {
        throw new PackageError(`${l.name} does not match the Teams v${version} localization schema:\n${describeErrors(schemas.localization)}`);
      }
    }
  }

  const icons = (manifest.icons ?? {}) as Record<string, string>;
  const iconFiles = [...new Set(Object.values(icons))];
  const zip = new JSZip();
  const date = new Date('2024-01-01T00:00:00Z'); // fixed, so the same input gives the same zip
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`, { date });
  for (const l of localized) zip.file(l.name, `${JSON.stringify(l.json, null, 2)}\n`, { date });
  for (const icon of iconFiles) {
    const file = path.join(manifestDir, icon);
    if (!existsSync(file)) throw new PackageError(`${rel(manifestPath)} names the icon ${icon}, which is missing`);
    zip.file(icon, await readFile(file), { date, binary: true });
  }
  const buffer = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });

  await mkdir(outDir, { recursive: true });
  const zipPath = path.join(outDir, `appPackage.${env}.zip`);
  await writeFile(zipPath, buffer);
  const size = (await stat(zipPath)).size;
  return { zipPath, size, files: ['manifest.json', ...localized.map((l) => l.name), ...iconFiles], manifest, envFiles };
}

function parseArgs(argv: readonly string[]): { env?: string; outDir?: string } {
  const out: { env?: string; outDir?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (!v) throw new PackageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--env' || flag === '-e') out.env = value();
    else if (flag === '--out' || flag === '-o') out.outDir = path.resolve(value());
    else if (flag === '--help' || flag === '-h') {
      console.log('Usage: node --import tsx manifest/buildPackage.ts [--env local|dev|<name>] [--out <folder>]');
      process.exit(0);
    } else throw new PackageError(`Unknown argument ${arg} (use --env <name> and --out <folder>)`);
  }
  return out;
}

async function main(): Promise<void> {
  try {
    const args = parseArgs(process.argv.slice(2));
    const result = await buildAppPackage(args);
    console.log(`Teams app package: ${rel(result.zipPath)} (${result.size} bytes; ${result.files.join(', ')})`);
  } catch (e) {
    if (e instanceof PackageError) {
      console.error(`Cannot build the app package: ${e.message}`);
      process.exitCode = 1;
    } else throw e;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();
