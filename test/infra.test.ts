import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPlaceholders, parseEnvFile, PROJECT_ROOT } from '../manifest/buildPackage.ts';

// These checks read the Bicep text; no Bicep compiler is needed (none installs offline here).
// No Bicep compiler can be installed from the registries this project's machines reach, so the
// template is checked as text here; `bicep build infra/azure.bicep` compiles it where one exists.

const INFRA = path.join(PROJECT_ROOT, 'infra');

/** The environment variable names the server reads from App Service settings. */
const ALLOWED_APP_SETTINGS = [
  'BOT_ID',
  'BOT_TYPE',
  'BOT_TENANT_ID',
  'AZURE_CLIENT_ID',
  'STORAGE_TABLE_ENDPOINT',
  'STORAGE_QUEUE_ENDPOINT',
  'AAD_APP_CLIENT_ID',
  'AAD_APP_TENANT_ID',
  'TAB_ENDPOINT',
  'TEAMS_APP_ID',
  'STAFF_EMAIL_DOMAINS',
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
  'ApplicationInsightsAgent_EXTENSION_VERSION',
  'HOST',
  'EVALUATION_HASH_KEY',
  'DEMO_DATA',
  'PLAYGROUND',
  'GRAPH_CATALOG_APP_ID',
  'GRAPH_CLIENT_SECRET',
  'GRAPH_ACTIVITY_FEED',
  'WEBSITE_NODE_DEFAULT_VERSION',
  'SCM_DO_BUILD_DURING_DEPLOYMENT',
];
/** Optional platform settings; all others in the list above must be set. */
const OPTIONAL_APP_SETTINGS = ['WEBSITE_NODE_DEFAULT_VERSION', 'SCM_DO_BUILD_DURING_DEPLOYMENT'];

function bicepFiles(dir = INFRA): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? bicepFiles(path.join(dir, e.name)) : e.name.endsWith('.bicep') ? [path.join(dir, e.name)] : [],
  );
}

/** Removes // and /* comments (not inside strings), so commented-out code neither passes nor fails a check. */
export function stripComments(src: string): string {
  let out = '';
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === "'") {
      const end = src.indexOf("'", i + 1);
      const stop = end < 0 ? src.length : end + 1;
      out += src.slice(i, stop);
      i = stop - 1;
    } else if (c === '/' && src[i + 1] === '/') {
      while (i < src.length && src[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      i = end < 0 ? src.length : end + 1;
    } else out += c;
  }
  return out;
}

/** The text between the brace or bracket at `open` and its match. */
function block(src: string, open: number): string {
  const pairs: Record<string, string> = { '{': '}', '[': ']' };
  const stack: string[] = [];
  for (let i = open; i < src.length; i++) {
    const c = src[i]!;
    if (c === "'") {
      i = src.indexOf("'", i + 1);
      if (i < 0) break;
    } else if (pairs[c]) stack.push(pairs[c]!);
    else if (c === stack.at(-1)) {
      stack.pop();
      if (!stack.length) return src.slice(open + 1, i);
    }
  }
  throw new Error(`unbalanced block at ${open}`);
}

/** Top-level keys of an object body (one `key: value` per line, values may span lines). */
function topLevelKeys(body: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  for (const line of body.split('\n')) {
    const m = /^\s*'?([A-Za-z_][A-Za-z0-9_]*)'?\s*:/.exec(line);
    if (depth === 0 && m) keys.push(m[1]!);
    for (const c of line.replace(/'[^']*'/g, '')) {
      if (c === '{' || c === '[') depth++;
      if (c === '}' || c === ']') depth--;
    }
  }
  return keys;
}

/**
 * Every app setting name in Bicep source: keys of `Microsoft.Web/sites/config` resources named
 * 'appsettings', and `name:` entries of `appSettings: [ ... ]` arrays in siteConfig.
 */
export function appSettingNames(src: string): string[] {
  const code = stripComments(src);
  const names: string[] = [];
  const configRe = /resource\s+\w+\s+'Microsoft\.Web\/sites(?:\/slots)?\/config@[^']+'\s*=\s*\{/g;
  for (const m of code.matchAll(configRe)) {
    const body = block(code, m.index + m[0].length - 1);
    if (!/\bname:\s*'appsettings'/i.test(body)) continue;
    const props = /\bproperties:\s*\{/.exec(body);
    if (props) names.push(...topLevelKeys(block(body, props.index + props[0].length - 1)));
  }
  for (const m of code.matchAll(/\bappSettings:\s*\[/g)) {
    const body = block(code, m.index + m[0].length - 1);
    for (const n of body.matchAll(/\bname:\s*'([^']+)'/g)) names.push(n[1]!);
  }
  return names;
}

/** `param` declarations: name and whether they have a default value. */
export function bicepParams(src: string): Map<string, { hasDefault: boolean; secure: boolean }> {
  const code = stripComments(src);
  const params = new Map<string, { hasDefault: boolean; secure: boolean }>();
  const re = /((?:@[\s\S]*?\)\s*)*)\bparam\s+([A-Za-z_][A-Za-z0-9_]*)\s+([A-Za-z]+)([^\n]*)/g;
  for (const m of code.matchAll(re)) {
    params.set(m[2]!, { hasDefault: /^\s*=/.test(m[4] ?? ''), secure: /@secure\(\)/.test(m[1] ?? '') });
  }
  return params;
}

function read(file: string): string {
  return readFileSync(file, 'utf8');
}

const mainBicep = read(path.join(INFRA, 'azure.bicep'));
const allBicep = bicepFiles().map(read).join('\n');
const code = stripComments(allBicep);
const parametersJson = JSON.parse(read(path.join(INFRA, 'azure.parameters.json'))) as {
  parameters: Record<string, { value?: unknown; reference?: unknown }>;
};

describe('the checkers themselves', () => {
  it('find app settings in both Bicep forms and ignore comments', () => {
    const sample = `
resource a 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: site
  name: 'appsettings'
  properties: {
    BOT_ID: id.properties.clientId
    NESTED: {
      INNER: 'x'
    }
    // OLD_NAME: 'gone'
    'QUOTED_NAME': 'y'
  }
}
resource s 'Microsoft.Web/sites@2023-12-01' = {
  properties: { siteConfig: { appSettings: [
    { name: 'MicrosoftAppPassword', value: 'x' }
  ] } }
}`;
    expect(appSettingNames(sample)).toEqual(['BOT_ID', 'NESTED', 'QUOTED_NAME', 'MicrosoftAppPassword']);
  });

  it('reads params with and without defaults, decorators included', () => {
    const params = bicepParams(`@secure()\n@minLength(16)\nparam key string\nparam loc string = resourceGroup().location\n// param old string\nparam n int`);
    expect([...params.entries()]).toEqual([
      ['key', { hasDefault: false, secure: true }],
      ['loc', { hasDefault: true, secure: false }],
      ['n', { hasDefault: false, secure: false }],
    ]);
  });
});

describe('infra/azure.bicep', () => {
  it('sets only the app settings the server reads, and all of them', () => {
    const names = appSettingNames(allBicep);
    expect(names.length).toBeGreaterThan(0);
    expect(new Set(names).size, 'no duplicate settings').toBe(names.length);
    for (const n of names) expect(ALLOWED_APP_SETTINGS, `app setting ${n}`).toContain(n);
    for (const n of ALLOWED_APP_SETTINGS.filter((x) => !OPTIONAL_APP_SETTINGS.includes(x))) expect(names, `missing ${n}`).toContain(n);
    expect(names).not.toContain('PORT'); // App Service sets it
  });

  it('wires the settings to the identity, the storage endpoints and fixed production values', () => {
    const settings = /name:\s*'appsettings'[\s\S]*?properties:\s*\{([\s\S]*?)\n {2}\}/.exec(code)?.[1] ?? '';
    expect(settings).toMatch(/BOT_ID:\s*identity\.properties\.clientId/);
    expect(settings).toMatch(/AZURE_CLIENT_ID:\s*identity\.properties\.clientId/);
    expect(settings).toMatch(/BOT_TENANT_ID:\s*identity\.properties\.tenantId/);
    expect(settings).toMatch(/BOT_TYPE:\s*'UserAssignedMSI'/);
    expect(settings).toMatch(/STORAGE_TABLE_ENDPOINT:\s*storage\.properties\.primaryEndpoints\.table/);
    expect(settings).toMatch(/STORAGE_QUEUE_ENDPOINT:\s*storage\.properties\.primaryEndpoints\.queue/);
    expect(settings).toMatch(/TAB_ENDPOINT:\s*'https:\/\/\$\{webApp\.properties\.defaultHostName\}'/);
    expect(settings).toMatch(/HOST:\s*'0\.0\.0\.0'/);
    expect(settings).toMatch(/DEMO_DATA:\s*'false'/);
    expect(settings).toMatch(/PLAYGROUND:\s*'false'/);
    expect(settings).toMatch(/APPLICATIONINSIGHTS_CONNECTION_STRING:\s*appInsights\.properties\.ConnectionString/);
    expect(settings).toMatch(/EVALUATION_HASH_KEY:\s*evaluationHashKey\b/);
  });

  it('has no storage keys, key-based connection strings or client secrets', () => {
    expect(allBicep).not.toMatch(/AccountKey/i);
    expect(allBicep).not.toMatch(/listKeys\s*\(/i);
    expect(allBicep).not.toMatch(/listAccountSas|listServiceSas|SharedAccessSignature/i);
    expect(allBicep).not.toMatch(/DefaultEndpointsProtocol/i);
    // The one exception, pinned below: the secret the SSO app registration calls Microsoft Graph with.
    const withoutGraphSecret = allBicep.replace(/^.*\bgraphClientSecret\b.*$/gm, '');
    expect(withoutGraphSecret).not.toMatch(/MicrosoftAppPassword|BOT_PASSWORD|clientSecret/i);
    expect(code).toMatch(/allowSharedKeyAccess:\s*false/);
    expect(code).not.toMatch(/allowSharedKeyAccess:\s*true/);
    expect(code).toMatch(/minimumTlsVersion:\s*'TLS1_2'/);
    expect(code).toMatch(/allowBlobPublicAccess:\s*false/);
  });

  it('gives the managed identity the Table and Queue data roles on the storage account', () => {
    expect(code).toMatch(/'0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'/); // Storage Table Data Contributor
    expect(code).toMatch(/'974c5e8b-45b9-4653-ba55-5f855dd0fb88'/); // Storage Queue Data Contributor
    const assignments = [...code.matchAll(/resource\s+\w+\s+'Microsoft\.Authorization\/roleAssignments@[^']+'\s*=\s*\{/g)].map((m) =>
      block(code, m.index + m[0].length - 1),
    );
    expect(assignments).toHaveLength(2);
    for (const a of assignments) {
      expect(a).toMatch(/scope:\s*storage\b/);
      expect(a).toMatch(/principalId:\s*identity\.properties\.principalId/);
      expect(a).toMatch(/principalType:\s*'ServicePrincipal'/);
    }
  });

  it('runs the web app on Linux Node 24 LTS, https only, always on, without FTP', () => {
    expect(code).toMatch(/reserved:\s*true/);
    expect(code).toMatch(/linuxFxVersion string = 'NODE\|24-lts'/);
    expect(code).toMatch(/appCommandLine:\s*'npm start'/);
    expect(code).toMatch(/alwaysOn:\s*true/);
    expect(code).toMatch(/httpsOnly:\s*true/);
    expect(code).toMatch(/ftpsState:\s*'Disabled'/);
    expect(code).toMatch(/minTlsVersion:\s*'1\.2'/);
    expect(code).toMatch(/type:\s*'UserAssigned'[\s\S]*?'\$\{identity\.id\}':\s*\{\}/);
  });

  it('registers the bot with the managed identity and connects it to Teams', () => {
    const bot = /resource\s+\w+\s+'Microsoft\.BotService\/botServices@[^']+'\s*=\s*\{/.exec(code);
    expect(bot).not.toBeNull();
    const body = block(code, bot!.index + bot![0].length - 1);
    expect(body).toMatch(/msaAppType:\s*'UserAssignedMSI'/);
    expect(body).toMatch(/msaAppId:\s*identity\.properties\.clientId/);
    expect(body).toMatch(/msaAppMSIResourceId:\s*identity\.id/);
    expect(body).toMatch(/msaAppTenantId:\s*identity\.properties\.tenantId/);
    expect(body).toMatch(/endpoint:\s*'https:\/\/\$\{webApp\.properties\.defaultHostName\}\/api\/messages'/);
    expect(code).toMatch(/'Microsoft\.BotService\/botServices\/channels@[^']+'[\s\S]*?name:\s*'MsTeamsChannel'/);
  });

  it('has Log Analytics and workspace-based Application Insights', () => {
    expect(code).toMatch(/'Microsoft\.OperationalInsights\/workspaces@/);
    expect(code).toMatch(/'Microsoft\.Insights\/components@[^']+'[\s\S]*?WorkspaceResourceId:\s*logAnalytics\.id/);
  });

  it('keeps EVALUATION_HASH_KEY a secure parameter without a default', () => {
    const p = bicepParams(mainBicep).get('evaluationHashKey');
    expect(p).toEqual({ hasDefault: false, secure: true });
    expect(parametersJson.parameters.evaluationHashKey?.value).toBe('${{SECRET_EVALUATION_HASH_KEY}}');
    expect(code).not.toMatch(/output\s+\w+\s+\w+\s*=\s*evaluationHashKey/);
  });

  it('passes the Microsoft Graph settings through, the client secret as a secure parameter that is never output', () => {
    const settings = /name:\s*'appsettings'[\s\S]*?properties:\s*\{([\s\S]*?)\n {2}\}/.exec(code)?.[1] ?? '';
    expect(settings).toMatch(/GRAPH_CATALOG_APP_ID:\s*graphCatalogAppId\b/);
    expect(settings).toMatch(/GRAPH_CLIENT_SECRET:\s*graphClientSecret\b/);
    expect(settings).toMatch(/GRAPH_ACTIVITY_FEED:\s*graphActivityFeed\b/);
    expect(bicepParams(mainBicep).get('graphClientSecret')).toEqual({ hasDefault: true, secure: true });
    expect(parametersJson.parameters.graphClientSecret?.value).toBe('${{SECRET_GRAPH_CLIENT_SECRET}}');
    expect(parametersJson.parameters.graphCatalogAppId?.value).toBe('${{GRAPH_CATALOG_APP_ID}}');
    expect(code).not.toMatch(/output\s+\w+\s+\w+\s*=\s*graphClientSecret/);
    expect((code.match(/graphClientSecret/g) ?? []).length).toBe(2);
  });

  it('outputs what the toolkit, the manifest and m365agents.yml need', () => {
    const outputs = [...code.matchAll(/^output\s+([A-Z0-9_]+)\s+string\s*=/gm)].map((m) => m[1]);
    for (const o of ['BOT_AZURE_APP_SERVICE_RESOURCE_ID', 'BOT_ID', 'BOT_TENANT_ID', 'BOT_DOMAIN', 'TAB_DOMAIN', 'TAB_ENDPOINT']) {
      expect(outputs).toContain(o);
    }
    expect(code).not.toMatch(/^output\s+\w+\s+\w+\s*=\s*appInsights\.properties\.ConnectionString/m);
  });
});

describe('infra/azure.parameters.json', () => {
  const params = bicepParams(mainBicep);
  const given = Object.keys(parametersJson.parameters);

  it('gives only parameters that azure.bicep declares', () => {
    for (const name of given) expect([...params.keys()], `parameter ${name}`).toContain(name);
  });

  it('gives every parameter that has no default', () => {
    const required = [...params.entries()].filter(([, p]) => !p.hasDefault).map(([n]) => n);
    expect(required).toEqual(
      expect.arrayContaining(['resourceBaseName', 'webAppSku', 'botDisplayName', 'botServiceSku', 'aadAppClientId', 'aadAppTenantId', 'staffEmailDomains']),
    );
    for (const name of required) expect(given, `parameter ${name} without default`).toContain(name);
    expect([...params.keys()]).toContain('location');
  });

  it('uses only placeholders that env/.env.dev defines (secrets come from env/.env.dev.user)', () => {
    const devKeys = Object.keys(parseEnvFile(read(path.join(PROJECT_ROOT, 'env', '.env.dev'))));
    for (const name of findPlaceholders(read(path.join(INFRA, 'azure.parameters.json')))) {
      if (name.startsWith('SECRET_')) expect(devKeys, `${name} must not be in the committed file`).not.toContain(name);
      else expect(devKeys, `${name} in env/.env.dev`).toContain(name);
    }
  });
});

describe('m365agents*.yml', () => {
  const outputs = [...code.matchAll(/^output\s+([A-Z0-9_]+)\s/gm)].map((m) => m[1]!);
  const written = (yml: string) => [...yml.matchAll(/^\s+\w+:\s+([A-Z][A-Z0-9_]+)\s*$/gm)].map((m) => m[1]!);
  const setByScript = (yml: string) => [...yml.matchAll(/::set-teamsfx-env\s+([A-Z0-9_]+)=/g)].map((m) => m[1]!);

  for (const [file, env] of [
    ['m365agents.yml', 'dev'],
    ['m365agents.local.yml', 'local'],
    ['m365agents.playground.yml', 'playground'],
  ] as const) {
    it(`${file} uses only variables that env/.env.${env} defines or an earlier step writes`, () => {
      const yml = read(path.join(PROJECT_ROOT, file));
      expect(yml).toMatch(/^version: v1\.\d+$/m);
      expect(yml).toMatch(/^environmentFolderPath: \.\/env$/m);
      const known = new Set([
        'TEAMSFX_ENV',
        ...Object.keys(parseEnvFile(read(path.join(PROJECT_ROOT, 'env', `.env.${env}`)))),
        ...written(yml),
        ...setByScript(yml),
        ...(file === 'm365agents.yml' ? outputs : []),
      ]);
      for (const name of findPlaceholders(yml)) {
        if (!name.startsWith('SECRET_')) expect([...known], `${name} in ${file}`).toContain(name);
      }
    });
  }

  it('packages ./manifest/manifest.json into ./build/appPackage.${{TEAMSFX_ENV}}.zip and deploys ./infra', () => {
    const yml = read(path.join(PROJECT_ROOT, 'm365agents.yml'));
    expect(yml).toContain('manifestPath: ./manifest/manifest.json');
    expect(yml).toContain('outputZipPath: ./build/appPackage.${{TEAMSFX_ENV}}.zip');
    expect(yml).toContain('- path: ./infra/azure.bicep');
    expect(yml).toContain('parameters: ./infra/azure.parameters.json');
    expect(yml).toContain('resourceId: ${{BOT_AZURE_APP_SERVICE_RESOURCE_ID}}');
    expect(yml).toContain('ignoreFile: ./infra/.webappignore');
    const ignore = read(path.join(INFRA, '.webappignore'));
    for (const p of ['node_modules/', 'env/', '.localConfigs', '.data/']) expect(ignore.split('\n')).toContain(p);
  });
});

describe('the app settings and the server', () => {
  it('sets only variables the server reads (bot/config.ts), apart from App Service\'s own', () => {
    const configSource = read(path.join(PROJECT_ROOT, 'bot', 'config.ts'));
    const schema = configSource.slice(configSource.indexOf('const envSchema'), configSource.indexOf('});', configSource.indexOf('const envSchema')));
    const serverReads = new Set([...schema.matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!));
    const platform = new Set(['APPLICATIONINSIGHTS_CONNECTION_STRING', 'ApplicationInsightsAgent_EXTENSION_VERSION', 'SCM_DO_BUILD_DURING_DEPLOYMENT', 'WEBSITE_NODE_DEFAULT_VERSION']);
    const settings = bicepFiles().flatMap((f) => appSettingNames(read(f)));
    expect(settings.length).toBeGreaterThan(10);
    expect(settings.filter((name) => !platform.has(name) && !serverReads.has(name))).toEqual([]);
  });
});

describe('the Node version', () => {
  const pkg = JSON.parse(read(path.join(PROJECT_ROOT, 'package.json'))) as { engines: { node: string }; devDependencies: Record<string, string> };
  const major = (version: string) => Number(/(\d+)/.exec(version)?.[1]);

  it('is Node 24 LTS in engines, the pinned node package, the Bicep runtime and the README', () => {
    expect(pkg.engines.node).toBe('>=24');
    expect(major(pkg.devDependencies.node!)).toBe(24);
    expect(read(path.join(INFRA, 'azure.bicep'))).toMatch(/linuxFxVersion string = 'NODE\|24-lts'/);
    const readme = read(path.join(PROJECT_ROOT, 'README.md'));
    expect(readme).toContain('NODE\\|24-lts');
    expect(readme).not.toMatch(/Node(\.js)? 20 (LTS|and npm)/);
  });

  it('is the Node the suite itself runs on (the node package comes first on the PATH of npm scripts)', () => {
    expect(major(process.versions.node)).toBe(major(pkg.devDependencies.node!));
  });
});

describe('the production dependency tree', () => {
  const pkg = JSON.parse(read(path.join(PROJECT_ROOT, 'package.json'))) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

  it('leaves the embedded storage and the test tools out of production, and loads Azurite only when no storage is configured', () => {
    for (const dev of ['azurite', 'vitest', 'playwright-core', '@microsoft/m365agentsplayground']) {
      expect(pkg.dependencies[dev], dev).toBeUndefined();
      expect(pkg.devDependencies[dev], dev).toBeDefined();
    }
    const storage = read(path.join(PROJECT_ROOT, 'bot', 'storage', 'storage.ts'));
    expect(storage).not.toMatch(/^import \{[^}]*startEmbeddedStorage/m);
  });
});
