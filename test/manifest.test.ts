import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAppPackage,
  fillPlaceholders,
  findPlaceholders,
  PackageError,
  parseEnvFile,
  PROJECT_ROOT,
} from '../manifest/buildPackage.ts';

const exec = promisify(execFile);
const require = createRequire(import.meta.url);
interface DecodedPng {
  width: number;
  height: number;
  data: Buffer;
}
const { PNG } = require('pngjs') as { PNG: { sync: { read(buffer: Buffer): DecodedPng } } };

const MANIFEST_DIR = path.join(PROJECT_ROOT, 'manifest');
const SCHEMA_ROOT = path.join(PROJECT_ROOT, 'node_modules', '@microsoft', 'app-manifest', 'build', 'json-schemas', 'teams');

type Json = Record<string, unknown>;
type Validate = ((data: unknown) => boolean) & { errors?: unknown };

/** Values a provisioned environment would have. */
const TEST_VALUES: Record<string, string> = {
  TEAMSFX_ENV: 'test',
  APP_NAME_SUFFIX: '',
  TEAMS_APP_ID: '3f0e1a52-7c1b-4a3e-9a59-0a1b2c3d4e5f',
  BOT_ID: '8d2c4b6a-1e3f-4a5b-8c7d-9e0f1a2b3c4d',
  BOT_DOMAIN: 'kombitpltest-abc123.azurewebsites.net',
  TAB_DOMAIN: 'kombitpltest-abc123.azurewebsites.net',
  TAB_ENDPOINT: 'https://kombitpltest-abc123.azurewebsites.net',
  AAD_APP_CLIENT_ID: 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f',
};

function envText(values: Record<string, string>): string {
  return Object.entries(values).map(([k, v]) => `${k}=${/^\s|\s$/.test(v) ? JSON.stringify(v) : v}`).join('\n') + '\n';
}

function newestSchemaVersion(): string {
  const versions = readdirSync(SCHEMA_ROOT)
    .filter((d) => /^v\d+\.\d+$/.test(d) && existsSync(path.join(SCHEMA_ROOT, d, 'MicrosoftTeams.schema.json')))
    .map((d) => d.slice(1).split('.').map(Number) as [number, number])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const newest = versions.at(-1);
  if (!newest) throw new Error(`no Teams schemas in ${SCHEMA_ROOT}`);
  return newest.join('.');
}

async function compileSchema(file: string): Promise<Validate> {
  // Independent of manifest/buildPackage.ts, so a bug there cannot hide a schema violation here.
  const ajv = new Ajv04.default({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats.default(ajv);
  return ajv.compile(JSON.parse(await readFile(file, 'utf8'))) as Validate;
}

function fill(text: string, values: Record<string, string> = TEST_VALUES): Json {
  const { text: filled, missing } = fillPlaceholders(text, values);
  expect(missing).toEqual([]);
  return JSON.parse(filled) as Json;
}

/** Reads a value from a localization key such as bots[0].commandLists[1].commands[2].title. */
function lookup(root: unknown, key: string): unknown {
  let cur: unknown = root;
  for (const part of key.split('.')) {
    const m = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!m) return undefined;
    cur = (cur as Json | undefined)?.[m[1]!];
    for (const idx of (m[2] ?? '').match(/\d+/g) ?? []) cur = (cur as unknown[] | undefined)?.[Number(idx)];
  }
  return cur;
}

let manifestText: string;
let enText: string;
let manifest: Json;
let en: Json;
let version: string;

beforeAll(async () => {
  manifestText = await readFile(path.join(MANIFEST_DIR, 'manifest.json'), 'utf8');
  enText = await readFile(path.join(MANIFEST_DIR, 'en.json'), 'utf8');
  manifest = fill(manifestText);
  en = fill(enText);
  version = newestSchemaVersion();
});

describe('manifest template', () => {
  it('uses the newest Teams schema shipped in @microsoft/app-manifest', () => {
    expect(manifest.manifestVersion).toBe(version);
    expect(manifest.$schema).toBe(`https://developer.microsoft.com/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`);
    expect(en.$schema).toBe(`https://developer.microsoft.com/json-schemas/teams/v${version}/MicrosoftTeams.Localization.schema.json`);
  });

  it('matches the official manifest schema once filled', async () => {
    const validate = await compileSchema(path.join(SCHEMA_ROOT, `v${version}`, 'MicrosoftTeams.schema.json'));
    const ok = validate(manifest);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('has an English localization file that matches the official localization schema', async () => {
    const validate = await compileSchema(path.join(SCHEMA_ROOT, `v${version}`, 'MicrosoftTeams.Localization.schema.json'));
    const ok = validate(en);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('rejects a broken manifest (the schema check can fail)', async () => {
    const validate = await compileSchema(path.join(SCHEMA_ROOT, `v${version}`, 'MicrosoftTeams.schema.json'));
    const broken = structuredClone(manifest) as Json & { bots: Array<Json> };
    broken.bots[0]!.botId = 'not-a-guid';
    expect(validate(broken)).toBe(false);
    const extra = { ...manifest, unknownField: true };
    expect(validate(extra)).toBe(false);
    const locValidate = await compileSchema(path.join(SCHEMA_ROOT, `v${version}`, 'MicrosoftTeams.Localization.schema.json'));
    expect(locValidate({ ...en, 'name.short': 'x'.repeat(31) })).toBe(false);
  });

  it('speaks Danish by default and English through en.json, as Microsoft recommends (language only)', () => {
    expect(manifest.localizationInfo).toEqual({ defaultLanguageTag: 'da', additionalLanguages: [{ languageTag: 'en', file: 'en.json' }] });
    expect((manifest.name as Json).short).toBe('KOMBIT Programledere');
    expect((manifest.name as Json).full).toBe('KOMBIT Programledere – opgaver, aftaler og evaluering');
    expect((manifest.developer as Json).name).toBe('KOMBIT A/S');
    for (const url of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl']) {
      expect(String((manifest.developer as Json)[url])).toMatch(/^https:\/\/www\.kombit\.dk(\/|$)/);
    }
  });

  it('translates every user-facing string, and every key in en.json points at a manifest string', () => {
    const keys = Object.keys(en).filter((k) => k !== '$schema');
    for (const key of keys) expect(typeof lookup(manifest, key), key).toBe('string');
    const expected = ['name.short', 'name.full', 'description.short', 'description.full'];
    (manifest.staticTabs as Json[]).forEach((t, i) => t.name && expected.push(`staticTabs[${i}].name`));
    (((manifest.bots as Json[])[0]!.commandLists as Json[]) ?? []).forEach((list, li) =>
      (list.commands as Json[]).forEach((_, ci) =>
        expected.push(`bots[0].commandLists[${li}].commands[${ci}].title`, `bots[0].commandLists[${li}].commands[${ci}].description`),
      ),
    );
    ((manifest.activities as Json | undefined)?.activityTypes as Json[] | undefined)?.forEach((_, i) => expected.push(`activities.activityTypes[${i}].description`, `activities.activityTypes[${i}].templateText`));
    expect(keys.sort()).toEqual(expected.sort());
    for (const key of expected) expect(String(en[key]).trim(), key).not.toBe('');
  });

  it('has the bot with Danish command lists per scope, and "evaluering start" in teams only', () => {
    const bots = manifest.bots as Json[];
    expect(bots).toHaveLength(1);
    const bot = bots[0]!;
    expect(bot.botId).toBe(TEST_VALUES.BOT_ID);
    expect(bot.scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(bot.supportsFiles).toBe(false);
    const common = ['hjælp', 'opgaver', 'frister', 'aftaler', 'portefølje', 'kommune', 'følg', 'følger', 'stop påmindelser'];
    const lists = bot.commandLists as Array<{ scopes: string[]; commands: Array<{ title: string; description: string }> }>;
    expect(lists.map((l) => l.scopes)).toEqual([['personal'], ['team'], ['groupChat']]);
    for (const list of lists) {
      const titles = list.commands.map((c) => c.title);
      // Teams shows at most ten per scope: a team gets "evaluering start", a 1:1 or group chat (a meeting chat too) "spørgsmål".
      const want = list.scopes[0] === 'team' ? [...common.slice(0, 8), 'evaluering start', 'stop påmindelser'] : [...common, 'spørgsmål'];
      expect(titles, list.scopes[0]).toEqual(want);
      for (const c of list.commands) expect(c.description.length).toBeGreaterThan(10);
    }
  });

  it('has the configurable tab for channels, chats and meetings and the personal Portefølje tab', () => {
    const [tab, ...more] = manifest.configurableTabs as Json[];
    expect(more).toEqual([]);
    expect(tab).toMatchObject({
      configurationUrl: `${TEST_VALUES.TAB_ENDPOINT}/tab/config.html`,
      canUpdateConfiguration: true,
      scopes: ['team', 'groupChat'],
    });
    expect([...(tab!.context as string[])].sort()).toEqual(
      ['channelTab', 'privateChatTab', 'meetingChatTab', 'meetingDetailsTab', 'meetingSidePanel', 'meetingStage'].sort(),
    );
    const statics = manifest.staticTabs as Json[];
    const portfolio = statics.find((t) => t.entityId === 'portfolio');
    expect(portfolio).toMatchObject({
      name: 'Portefølje',
      contentUrl: `${TEST_VALUES.TAB_ENDPOINT}/tab/index.html?view=portfolio`,
      scopes: ['personal'],
    });
    expect(statics.every((t) => (t.scopes as string[]).join() === 'personal')).toBe(true);
    // Sharing to the meeting stage, and the meeting start/end and participant events the bot receives, need these resource-specific consents.
    expect(manifest.authorization).toEqual({
      permissions: {
        resourceSpecific: [
          { name: 'MeetingStage.Write.Chat', type: 'Delegated' },
          { name: 'ChannelMeetingStage.Write.Group', type: 'Delegated' },
          { name: 'OnlineMeeting.ReadBasic.Chat', type: 'Application' },
          { name: 'ChannelMeeting.ReadBasic.Group', type: 'Application' },
          { name: 'OnlineMeetingParticipant.Read.Chat', type: 'Application' },
        ],
      },
    });
  });

  it('declares the activity type reminders are sent to the Teams activity feed with, in Danish and English', () => {
    expect(manifest.activities).toEqual({ activityTypes: [{ type: 'reminder', description: 'Påmindelse om en frist', templateText: 'Påmindelse: {title}' }] });
    const en = JSON.parse(enText) as Json;
    expect(en['activities.activityTypes[0].templateText']).toBe('Reminder: {title}');
  });

  it('points SSO and valid domains at the tab host', () => {
    expect(manifest.webApplicationInfo).toEqual({
      id: TEST_VALUES.AAD_APP_CLIENT_ID,
      resource: `api://${TEST_VALUES.TAB_DOMAIN}/${TEST_VALUES.AAD_APP_CLIENT_ID}`,
    });
    expect(manifest.validDomains).toEqual([TEST_VALUES.TAB_DOMAIN, TEST_VALUES.BOT_DOMAIN]);
    expect(manifestText).toContain('"${{TAB_DOMAIN}}"');
    expect(manifestText).toContain('"${{BOT_DOMAIN}}"');
  });

  it('uses only placeholders that every environment file defines', async () => {
    const used = new Set([...findPlaceholders(manifestText), ...findPlaceholders(enText)]);
    expect([...used].sort()).toEqual(
      ['AAD_APP_CLIENT_ID', 'APP_NAME_SUFFIX', 'BOT_DOMAIN', 'BOT_ID', 'TAB_DOMAIN', 'TAB_ENDPOINT', 'TEAMS_APP_ID'].sort(),
    );
    for (const env of ['dev', 'local']) {
      const defined = parseEnvFile(await readFile(path.join(PROJECT_ROOT, 'env', `.env.${env}`), 'utf8'));
      for (const name of used) expect(Object.keys(defined), `${name} in env/.env.${env}`).toContain(name);
    }
  });

  it('keeps names within the schema limits with every committed APP_NAME_SUFFIX', async () => {
    for (const file of readdirSync(path.join(PROJECT_ROOT, 'env')).filter((f) => /^\.env\.[\w-]+$/.test(f))) {
      const suffix = parseEnvFile(await readFile(path.join(PROJECT_ROOT, 'env', file), 'utf8')).APP_NAME_SUFFIX ?? '';
      const values = { ...TEST_VALUES, APP_NAME_SUFFIX: suffix };
      for (const doc of [fill(manifestText, values), fill(enText, values)]) {
        const short = (doc.name as Json | undefined)?.short ?? doc['name.short'];
        const full = (doc.name as Json | undefined)?.full ?? doc['name.full'];
        expect(String(short).length, `${file}: ${String(short)}`).toBeLessThanOrEqual(30);
        expect(String(full).length, `${file}: ${String(full)}`).toBeLessThanOrEqual(100);
      }
    }
  });

  it('has an Entra ID manifest with the Teams SSO scope, the Teams clients and the KombitStaff app role', async () => {
    const text = await readFile(path.join(MANIFEST_DIR, 'aad.manifest.json'), 'utf8');
    const aad = fill(text, { ...TEST_VALUES, AAD_APP_OBJECT_ID: 'x', AAD_APP_ACCESS_AS_USER_PERMISSION_ID: 'y' }) as {
      identifierUris: string[];
      api: { oauth2PermissionScopes: Array<{ value: string }>; preAuthorizedApplications: Array<{ appId: string }> };
      appRoles: Array<{ value: string; id: string; allowedMemberTypes: string[] }>;
    };
    expect(aad.identifierUris).toEqual([`api://${TEST_VALUES.TAB_DOMAIN}/${TEST_VALUES.AAD_APP_CLIENT_ID}`]);
    expect(aad.api.oauth2PermissionScopes.map((s) => s.value)).toEqual(['access_as_user']);
    const clients = aad.api.preAuthorizedApplications.map((a) => a.appId);
    expect(clients).toContain('1fec8e78-bce4-4aaf-ab1b-5451cc387264'); // Teams desktop and mobile
    expect(clients).toContain('5e3ce6c0-2b1f-4285-8d4b-75ee78787346'); // Teams web
    expect(aad.appRoles).toHaveLength(1);
    expect(aad.appRoles[0]).toMatchObject({ value: 'KombitStaff', allowedMemberTypes: ['User'] });
    expect(aad.appRoles[0]!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('icons', () => {
  it('has a 192x192 colour icon, opaque inside, with white in it', async () => {
    const png = PNG.sync.read(await readFile(path.join(MANIFEST_DIR, 'color.png')));
    expect([png.width, png.height]).toEqual([192, 192]);
    const centre = (96 * 192 + 96) * 4;
    expect(png.data[centre + 3]).toBe(255);
    let white = 0;
    for (let i = 0; i < png.data.length; i += 4) if (png.data[i]! > 240 && png.data[i + 1]! > 240 && png.data[i + 2]! > 240 && png.data[i + 3] === 255) white++;
    expect(white).toBeGreaterThan(500);
  });

  it('has a 32x32 outline icon that is white on transparent', async () => {
    const png = PNG.sync.read(await readFile(path.join(MANIFEST_DIR, 'outline.png')));
    expect([png.width, png.height]).toEqual([32, 32]);
    let transparent = 0;
    let drawn = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      const alpha = png.data[i + 3]!;
      if (alpha === 0) transparent++;
      else {
        drawn++;
        expect([png.data[i], png.data[i + 1], png.data[i + 2]]).toEqual([255, 255, 255]);
      }
    }
    expect(transparent).toBeGreaterThan(32 * 32 * 0.4);
    expect(drawn).toBeGreaterThan(50);
  });
});

describe('env files', () => {
  it('parses KEY=VALUE lines, quotes, comments and export', () => {
    expect(parseEnvFile('# c\nA=1\nexport B=two words # note\nC=" (lokal)"\nD=\'x # y\'\nE=\n\nnot a line\n')).toEqual({
      A: '1',
      B: 'two words',
      C: ' (lokal)',
      D: 'x # y',
      E: '',
    });
  });

  it('keeps secrets out of the committed env files', async () => {
    for (const file of readdirSync(path.join(PROJECT_ROOT, 'env')).filter((f) => f.startsWith('.env.'))) {
      expect(file.endsWith('.user'), `${file} must not be committed`).toBe(false);
      const vars = parseEnvFile(await readFile(path.join(PROJECT_ROOT, 'env', file), 'utf8'));
      for (const [k, v] of Object.entries(vars)) {
        if (/SECRET|PASSWORD|KEY$/.test(k)) expect(v, `${file}: ${k}`).toBe('');
      }
    }
  });
});

describe('buildAppPackage', () => {
  let tmp: string;
  let envDir: string;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'kombit-manifest-'));
    envDir = path.join(tmp, 'env');
    await import('node:fs/promises').then((fs) => fs.mkdir(envDir));
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('writes build/appPackage.<env>.zip with manifest, localization and icons at the root', async () => {
    await writeFile(path.join(envDir, '.env.test'), envText(TEST_VALUES));
    const result = await buildAppPackage({ env: 'test', envDir, outDir: path.join(tmp, 'build'), processEnv: {} });
    expect(result.zipPath).toBe(path.join(tmp, 'build', 'appPackage.test.zip'));
    expect(result.size).toBeGreaterThan(1000);
    expect(result.size).toBeLessThan(100_000);
    const zip = await JSZip.loadAsync(await readFile(result.zipPath));
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'en.json', 'manifest.json', 'outline.png']);
    const inZip = JSON.parse(await zip.file('manifest.json')!.async('string')) as Json;
    expect(inZip).toEqual({ ...manifest, validDomains: [TEST_VALUES.TAB_DOMAIN] });
    expect(JSON.parse(await zip.file('en.json')!.async('string'))).toEqual(en);
    expect(await zip.file('manifest.json')!.async('string')).not.toContain('${{');
    expect(Buffer.compare(await zip.file('color.png')!.async('nodebuffer'), await readFile(path.join(MANIFEST_DIR, 'color.png')))).toBe(0);
    expect(Buffer.compare(await zip.file('outline.png')!.async('nodebuffer'), await readFile(path.join(MANIFEST_DIR, 'outline.png')))).toBe(0);
  });

  it('reads .env.<env>.user after .env.<env>, and the process environment last', async () => {
    await writeFile(path.join(envDir, '.env.layers'), envText({ ...TEST_VALUES, BOT_DOMAIN: 'from-env-file.example' }));
    await writeFile(path.join(envDir, '.env.layers.user'), envText({ BOT_DOMAIN: 'from-user-file.example', APP_NAME_SUFFIX: ' (dev)' }));
    const result = await buildAppPackage({
      env: 'layers',
      envDir,
      outDir: path.join(tmp, 'build'),
      processEnv: { TAB_DOMAIN: 'from-process.example' },
    });
    expect(result.envFiles.map((f) => path.basename(f))).toEqual(['.env.layers', '.env.layers.user']);
    expect(result.manifest.validDomains).toEqual(['from-process.example', 'from-user-file.example']);
    expect((result.manifest.name as Json).short).toBe('KOMBIT Programledere (dev)');
  });

  it('lists each validDomain once when tab and bot share a host', async () => {
    await writeFile(path.join(envDir, '.env.test'), envText(TEST_VALUES));
    const result = await buildAppPackage({ env: 'test', envDir, outDir: path.join(tmp, 'build'), processEnv: {} });
    expect(result.manifest.validDomains).toEqual([TEST_VALUES.TAB_DOMAIN]);
  });

  it('names every unfilled placeholder and the file it is in', async () => {
    const { BOT_ID: _bot, ...withoutBot } = TEST_VALUES;
    await writeFile(path.join(envDir, '.env.partial'), envText({ ...withoutBot, TEAMS_APP_ID: '' }));
    const build = buildAppPackage({ env: 'partial', envDir, outDir: path.join(tmp, 'build'), processEnv: {} });
    await expect(build).rejects.toBeInstanceOf(PackageError);
    await expect(build).rejects.toThrow(/Unfilled placeholders TEAMS_APP_ID, BOT_ID for environment "partial"/);
    await expect(build).rejects.toThrow(/manifest\.json: TEAMS_APP_ID, BOT_ID/);
    expect(existsSync(path.join(tmp, 'build', 'appPackage.partial.zip'))).toBe(false);
  });

  it('refuses a filled manifest that breaks the schema', async () => {
    await writeFile(path.join(envDir, '.env.badid'), envText({ ...TEST_VALUES, BOT_ID: 'not-a-guid' }));
    await expect(buildAppPackage({ env: 'badid', envDir, outDir: path.join(tmp, 'build'), processEnv: {} })).rejects.toThrow(
      /does not match the Teams v[\d.]+ schema[\s\S]*botId/,
    );
  });

  it('refuses a missing environment file', async () => {
    await expect(buildAppPackage({ env: 'nosuchenv', envDir, processEnv: {} })).rejects.toThrow(/No environment file .*\.env\.nosuchenv/);
  });

  it('runs as a command line tool', async () => {
    const script = path.join(PROJECT_ROOT, 'manifest', 'buildPackage.ts');
    const out = path.join(tmp, 'cli');
    const env: NodeJS.ProcessEnv = { ...process.env, ...TEST_VALUES, TEAMSFX_ENV: 'local', APP_NAME_SUFFIX: ' (lokal)' };
    const ok = await exec(process.execPath, ['--import', 'tsx', script, '--env', 'local', '--out', out], { cwd: PROJECT_ROOT, env });
    expect(ok.stdout).toMatch(/Teams app package: .*appPackage\.local\.zip \(\d+ bytes; manifest\.json, en\.json, color\.png, outline\.png\)/);
    expect(existsSync(path.join(out, 'appPackage.local.zip'))).toBe(true);

    const failed = await exec(process.execPath, ['--import', 'tsx', script, '--env=local', '--out', out], {
      cwd: PROJECT_ROOT,
      env: { ...env, BOT_ID: '' },
    }).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(/Cannot build the app package: Unfilled placeholder BOT_ID/);
  }, 60_000);
});
