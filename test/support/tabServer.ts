import type { CryptoKey } from 'jose';
import type { Page } from 'playwright-core';
import { ManualClock } from '../../bot/domain/time.ts';
import { seedDemoDataIfEmpty } from '../../bot/demo/seed.ts';
import { newProfile, type UserProfile } from '../../bot/domain/user.ts';
import { startTestApp, type RunningApp } from './app.ts';
import { testLog } from './storage.ts';

/** The decks' "today" (the February 2024 meeting day, 09:30 in Copenhagen): demo dates are not shifted. */
export const DEMO_NOW = '2024-02-28T09:30:00+01:00';

export interface TabApp extends RunningApp {
  readonly clock: ManualClock;
}

/** The real app over in-memory Azurite, with the demo data loaded, at the decks' "today"; `workers` also delivers cards (to the Bot Connector stand-in the test installs). */
export async function startTabApp(options: { env?: Record<string, string>; now?: string; workers?: boolean } = {}): Promise<TabApp> {
  const clock = new ManualClock(options.now ?? DEMO_NOW);
  const running = await startTestApp({ env: options.env, clock, workers: options.workers });
  await seedDemoDataIfEmpty(running.app.repos, clock, running.config.evaluationHashKey, testLog);
  return { ...running, clock };
}

/** Stores a profile as the bot would after "kommune Hedensted" and "følg ...". */
export async function saveProfile(running: RunningApp, userId: string, fields: Partial<UserProfile>): Promise<void> {
  await running.app.repos.users.save(newProfile(userId, fields));
}

/** Ids of the test tenant and the tab's app registration. */
export const TEST_TENANT = '4f3c1b2a-0000-4000-8000-00000000abcd';
export const TEST_CLIENT = '9a8b7c6d-1111-4222-8333-444455556666';
export const TEST_TAB_HOST = 'programledere.kombit.example';

export interface TokenOptions {
  key?: CryptoKey;
  kid?: string;
  aud?: string;
  iss?: string;
  exp?: number | string;
  claims?: Record<string, unknown>;
}

/** A stand-in for Entra ID: a key set on loopback and tokens shaped like Teams SSO access tokens, signed with its key. */
export interface EntraStandIn {
  readonly jwksUrl: string;
  /** How many times the key set was fetched. */
  readonly requests: () => number;
  /** The production-mode environment that trusts this key set. */
  readonly env: Record<string, string>;
  token(options?: TokenOptions): Promise<string>;
  /** A key the app does not trust. */
  readonly otherKey: CryptoKey;
  close(): Promise<void>;
}

export async function startEntraStandIn(): Promise<EntraStandIn> {
  const { SignJWT, exportJWK, generateKeyPair } = await import('jose');
  const http = await import('node:http');
  const pair = await generateKeyPair('RS256', { extractable: true });
  const otherKey = (await generateKeyPair('RS256')).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'test-key-1', use: 'sig', alg: 'RS256' };
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests++;
    // Plain statusCode/setHeader: restify, loaded in the same process, patches writeHead.
    res.statusCode = req.url === '/discovery/v2.0/keys' ? 200 : 404;
    res.setHeader('Content-Type', 'application/json');
    res.end(res.statusCode === 200 ? JSON.stringify({ keys: [jwk] }) : '{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const jwksUrl = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}/discovery/v2.0/keys`;
  return {
    jwksUrl,
    requests: () => requests,
    otherKey,
    env: {
      BOT_ID: '33333333-0000-4000-8000-000000000000',
      BOT_TYPE: 'UserAssignedMSI',
      BOT_TENANT_ID: TEST_TENANT,
      AAD_APP_CLIENT_ID: TEST_CLIENT,
      AAD_APP_TENANT_ID: TEST_TENANT,
      EVALUATION_HASH_KEY: 'a-test-only-hash-key-0123456789',
      TAB_ENDPOINT: `https://${TEST_TAB_HOST}`,
      AUTH_JWKS_URL: jwksUrl,
    },
    token(o: TokenOptions = {}) {
      return new SignJWT({ oid: LEADER_OID, tid: TEST_TENANT, name: 'Pia Programleder', preferred_username: 'pia@hedensted.dk', scp: 'access_as_user', ver: '2.0', ...o.claims })
        .setProtectedHeader({ alg: 'RS256', kid: o.kid ?? 'test-key-1', typ: 'JWT' })
        .setIssuedAt()
        .setNotBefore('0s')
        .setIssuer(o.iss ?? `https://login.microsoftonline.com/${TEST_TENANT}/v2.0`)
        .setAudience(o.aud ?? TEST_CLIENT)
        .setExpirationTime(o.exp ?? '1h')
        .sign(o.key ?? pair.privateKey);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The program leader of Hedensted that stand-in tokens name by default. */
export const LEADER_OID = '11111111-aaaa-4bbb-8ccc-000000000766';

/**
 * Text whose colour is too close to its background: every element with its own text, against the
 * first opaque background up the tree (WCAG 2 relative luminance).
 */
export function lowContrast(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    type Rgba = { r: number; g: number; b: number; a: number };
    const parse = (c: string): Rgba | null => {
      const m = /rgba?\(([^)]+)\)/.exec(c);
      if (!m) return null;
      const [r = 0, g = 0, b = 0, a = 1] = m[1]!.split(/[ ,/]+/).filter(Boolean).map(Number);
      return { r, g, b, a };
    };
    const channel = (v: number) => {
      const x = v / 255;
      return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
    };
    const lum = (c: Rgba) => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
    const backgroundOf = (el: Element): Rgba => {
      for (let e: Element | null = el; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c && c.a > 0.5) return c;
      }
      return { r: 255, g: 255, b: 255, a: 1 };
    };
    const problems: string[] = [];
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const ownText = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim());
      if (!ownText || !(el as HTMLElement).getClientRects().length) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || Number(style.opacity) === 0) continue;
      const fg = parse(style.color);
      if (!fg) continue;
      const [hi, lo] = [lum(fg), lum(backgroundOf(el))].sort((a, b) => b - a) as [number, number];
      const ratio = (hi + 0.05) / (lo + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) problems.push(`<${el.tagName.toLowerCase()}> "${el.textContent!.trim().slice(0, 40)}" ${ratio.toFixed(2)}:1`);
    }
    return problems;
  });
}

