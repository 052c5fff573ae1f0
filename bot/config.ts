import { isIPv4, isIPv6 } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

const list = (fallback = '') =>
  z
  .string()
  .default(fallback)
  .transform((s) => s.split(/[,;\s]+/).map((x) => x.trim().toLowerCase()).filter(Boolean));
const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
    .optional()
    .transform((v) => (v === undefined || v === '' ? fallback : ['true', '1', 'yes'].includes(v)));

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('.data'),
  STORAGE_CONNECTION_STRING: z.string().optional(),
  STORAGE_TABLE_ENDPOINT: z.url().optional(),
  STORAGE_QUEUE_ENDPOINT: z.url().optional(),
  AZURE_CLIENT_ID: z.string().optional(),
  BOT_ID: z.string().optional(),
  BOT_PASSWORD: z.string().optional(),
  BOT_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
  BOT_TENANT_ID: z.string().optional(),
  AAD_APP_CLIENT_ID: z.string().optional(),
  AAD_APP_TENANT_ID: z.string().optional(),
  TAB_ENDPOINT: z.string().optional(),
  TEAMS_APP_ID: z.string().default('kombit-programledere-local'),
  STAFF_EMAIL_DOMAINS: list('kombit.dk'),
  STAFF_USER_IDS: list(),
  STAFF_APP_ROLE: z.string().default('KombitStaff'),
  DEV_USER_IS_STAFF: flag(true),
  EVALUATION_HASH_KEY: z.string().min(16).optional(),
  AUTH_JWKS_URL: z.url().optional(),
  AUTH_ISSUER: z.string().optional(),
  DEMO_DATA: flag(true),
  PLAYGROUND: flag(true),
  PLAYGROUND_PORT: z.coerce.number().int().min(0).max(65535).default(56150),
  DELIVERY_LEASE_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
  GRAPH_CATALOG_APP_ID: z.string().optional(),
  GRAPH_BASE_URL: z.url().default('https://graph.microsoft.com'),
  GRAPH_CLIENT_SECRET: z.string().optional(),
  GRAPH_ACTIVITY_FEED: flag(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** Where the app keeps its data. */
export type StorageConfig =
  | { kind: 'embedded'; dataDir: string }
  | { kind: 'connectionString'; connectionString: string }
  | { kind: 'managedIdentity'; tableEndpoint: string; queueEndpoint: string; clientId?: string };

/** The bot's identity towards the Bot Connector; absent in development mode. */
export interface BotCredentials {
  readonly appId: string;
  readonly appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  readonly password?: string;
  readonly tenantId?: string;
}

/** The app's configuration, read once at start from the environment. */
export interface Config {
  readonly port: number;
  readonly host: string;
  /** True without bot credentials and an Entra app: loopback only, demo users, no inbound auth. */
  readonly devMode: boolean;
  readonly storage: StorageConfig;
  readonly bot?: BotCredentials;
  readonly entra?: { readonly clientId: string; readonly tenantId: string };
  readonly tabEndpoint: string;
  readonly teamsAppId: string;
  /**
   * Microsoft Graph, for reaching the roster's people: the app's id in the organisation's app
   * catalogue, and Graph's address (a loopback address is the test stand-in, which takes no token).
   * The app registration named in the manifest's `webApplicationInfo` (AAD_APP_CLIENT_ID) signs in
   * with `GRAPH_CLIENT_SECRET`: the "Self" in TeamsAppInstallation.ReadWriteSelfForUser.All is that app. Absent: not connected.
   */
  readonly graph?: { readonly catalogAppId: string; readonly baseUrl: string; readonly standIn: boolean; readonly clientSecret?: string; readonly activityFeed: boolean };
  readonly staff: { readonly emailDomains: readonly string[]; readonly userIds: readonly string[]; readonly appRole: string; readonly devUserIsStaff: boolean };
  readonly evaluationHashKey: string;
  /**
   * Where the tab's SSO tokens are checked. Both default to Entra ID for `entra.tenantId`; tests
   * point them at a key set they serve on loopback.
   */
  readonly auth: { readonly jwksUrl?: string; readonly issuers?: readonly string[] };
  readonly demoData: boolean;
  readonly playground: { readonly enabled: boolean; readonly port: number };
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** How long a worker owns a send it started; after a crash, the send is retried when this runs out. */
  readonly deliveryLeaseMs: number;
}

/** Raised for a configuration the app must not start with; the message names the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * True for a loopback address, parsed as an address: 127.0.0.0/8 and ::1 (also written as
 * [::1] or ::ffff:127.x.y.z). Names are not loopback, "localhost" included: a resolver may send
 * "127.evil.example" or "127.0.0.1.nip.io" anywhere.
 */
export function isLoopback(host: string): boolean {
  const address = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIPv4(address)) return address.split('.')[0] === '127';
  if (!isIPv6(address)) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped) return isIPv4(mapped[1]!) && mapped[1]!.split('.')[0] === '127';
  return address === '::1' || /^(0{1,4}:){7}0{0,3}1$/.test(address) || address === '0:0:0:0:0:0:0:1';
}

/**
 * Reads and validates the configuration. Development mode (no bot credentials or Entra app)
 * refuses any host but loopback, so an unauthenticated server is never reachable from outside.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }
  const e = parsed.data;

  let storage: StorageConfig;
  if (e.STORAGE_CONNECTION_STRING) storage = { kind: 'connectionString', connectionString: e.STORAGE_CONNECTION_STRING };
  else if (e.STORAGE_TABLE_ENDPOINT || e.STORAGE_QUEUE_ENDPOINT) {
    if (!e.STORAGE_TABLE_ENDPOINT || !e.STORAGE_QUEUE_ENDPOINT) {
      throw new ConfigError('STORAGE_TABLE_ENDPOINT and STORAGE_QUEUE_ENDPOINT must be set together');
    }
    storage = { kind: 'managedIdentity', tableEndpoint: e.STORAGE_TABLE_ENDPOINT, queueEndpoint: e.STORAGE_QUEUE_ENDPOINT, clientId: e.AZURE_CLIENT_ID };
  } else storage = { kind: 'embedded', dataDir: path.resolve(e.DATA_DIR) };

  let bot: BotCredentials | undefined;
  if (e.BOT_ID) {
    const appType = e.BOT_TYPE ?? (e.BOT_PASSWORD ? 'SingleTenant' : 'UserAssignedMSI');
    if (appType !== 'UserAssignedMSI' && !e.BOT_PASSWORD) throw new ConfigError('BOT_PASSWORD is required when BOT_TYPE is not UserAssignedMSI');
    if (appType !== 'MultiTenant' && !e.BOT_TENANT_ID) throw new ConfigError('BOT_TENANT_ID is required for a single-tenant or managed-identity bot');
    bot = { appId: e.BOT_ID, appType, password: e.BOT_PASSWORD, tenantId: e.BOT_TENANT_ID };
  }
  const entra = e.AAD_APP_CLIENT_ID && e.AAD_APP_TENANT_ID ? { clientId: e.AAD_APP_CLIENT_ID, tenantId: e.AAD_APP_TENANT_ID } : undefined;
  const devMode = !bot || !entra;
  if (devMode && !isLoopback(e.HOST)) {
    throw new ConfigError(`HOST=${e.HOST}: without BOT_ID and AAD_APP_CLIENT_ID/AAD_APP_TENANT_ID the server runs in development mode and listens on loopback only`);
  }
  if (e.AUTH_JWKS_URL && !e.AUTH_JWKS_URL.startsWith('https://') && !isLoopback(new URL(e.AUTH_JWKS_URL).hostname)) {
    throw new ConfigError('AUTH_JWKS_URL must use https (plain http is accepted on loopback only, for tests)');
  }
  const graphHost = new URL(e.GRAPH_BASE_URL).hostname;
  const standIn = isLoopback(graphHost.replace(/^\[|\]$/g, ''));
  if (!standIn && !e.GRAPH_BASE_URL.startsWith('https://')) throw new ConfigError('GRAPH_BASE_URL must use https (plain http is accepted on loopback only, for the stand-in)');
  if (e.GRAPH_CATALOG_APP_ID && !standIn && (!entra || !e.GRAPH_CLIENT_SECRET)) {
    throw new ConfigError('GRAPH_CATALOG_APP_ID needs AAD_APP_CLIENT_ID, AAD_APP_TENANT_ID and GRAPH_CLIENT_SECRET: the app registration in the manifest\'s webApplicationInfo calls Microsoft Graph');
  }
  if (!devMode && !e.EVALUATION_HASH_KEY) throw new ConfigError('EVALUATION_HASH_KEY is required in production (a random secret of at least 16 characters)');
  if (!devMode && storage.kind === 'embedded') {
    // The embedded Azurite saves to disk every few seconds: in production a crash would lose what was answered as saved.
    throw new ConfigError('Production mode needs its own storage: set STORAGE_TABLE_ENDPOINT and STORAGE_QUEUE_ENDPOINT (managed identity, with AZURE_CLIENT_ID) or STORAGE_CONNECTION_STRING; the embedded storage is for development only');
  }

  return {
    port: e.PORT,
    host: e.HOST,
    devMode,
    storage,
    bot,
    entra,
    tabEndpoint: (e.TAB_ENDPOINT ?? `http://${isLoopback(e.HOST) ? '127.0.0.1' : e.HOST}:${e.PORT}`).replace(/\/$/, ''),
    teamsAppId: e.TEAMS_APP_ID,
    ...(e.GRAPH_CATALOG_APP_ID ? { graph: { catalogAppId: e.GRAPH_CATALOG_APP_ID, baseUrl: e.GRAPH_BASE_URL.replace(/\/$/, ''), standIn, clientSecret: e.GRAPH_CLIENT_SECRET, activityFeed: e.GRAPH_ACTIVITY_FEED } } : {}),
    staff: { emailDomains: e.STAFF_EMAIL_DOMAINS, userIds: e.STAFF_USER_IDS, appRole: e.STAFF_APP_ROLE, devUserIsStaff: e.DEV_USER_IS_STAFF },
    evaluationHashKey: e.EVALUATION_HASH_KEY ?? 'development-only-evaluation-key',
    auth: {
      jwksUrl: e.AUTH_JWKS_URL,
      issuers: e.AUTH_ISSUER ? e.AUTH_ISSUER.split(/[,;\s]+/).filter(Boolean) : undefined,
    },
    demoData: e.DEMO_DATA,
    playground: { enabled: devMode && e.PLAYGROUND, port: e.PLAYGROUND_PORT },
    logLevel: e.LOG_LEVEL,
    deliveryLeaseMs: e.DELIVERY_LEASE_SECONDS * 1000,
  };
}
