import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LEADER_OID,
  TEST_CLIENT as CLIENT,
  TEST_TAB_HOST as TAB_HOST,
  TEST_TENANT as TENANT,
  saveProfile,
  startEntraStandIn,
  startTabApp,
  type EntraStandIn,
  type TabApp,
  type TokenOptions,
} from './support/tabServer.ts';
import { createEntraAuthenticator, entraEndpoints, isStaffClaims } from '../bot/auth/entraAuthenticator.ts';
import { loadConfig, ConfigError } from '../bot/config.ts';
import { testLog } from './support/storage.ts';
import type { MeView } from '../bot/api/me.ts';
import type { SignatureList } from '../bot/agreements/signatureList.ts';
import { Unavailable } from '../bot/domain/errors.ts';
import { errorResponse } from '../bot/http/errors.ts';

const ISSUER_V2 = `https://login.microsoftonline.com/${TENANT}/v2.0`;
const ISSUER_V1 = `https://sts.windows.net/${TENANT}/`;
const STAFF_OID = '22222222-aaaa-4bbb-8ccc-000000000001';

let entra: EntraStandIn;
let running: TabApp;
const token = (o?: TokenOptions) => entra.token(o);

const call = (path: string, bearer?: string, init: RequestInit = {}) =>
  fetch(`${running.baseUrl}${path}`, { ...init, headers: { ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}), ...(init.headers ?? {}) } });

beforeAll(async () => {
  entra = await startEntraStandIn();
  running = await startTabApp({ env: entra.env });
  await saveProfile(running, LEADER_OID, { name: 'Pia Programleder', municipalityCode: '766', followedSolutions: ['aula'] });
});
afterAll(async () => {
  await running?.close();
  await entra?.close();
});

describe('the tab API in production mode (Teams SSO tokens checked against a test key set)', () => {
  it('runs in production mode', () => {
    expect(running.config.devMode).toBe(false);
    expect(running.config.auth.jwksUrl).toMatch(/^http:\/\/127\.0\.0\.1:/);
  });

  it('answers 401 without a token, and with a malformed one', async () => {
    for (const path of ['/api/portfolio', '/api/me', '/api/me/progress', '/api/evaluation-results', '/api/meetings', '/api/meeting-view', '/api/klik-tasks/task-gdpr-revisionserklaeringer/statuses', '/api/agreements/agr-fbi-databehandleraftale/signatures']) {
      const res = await call(path);
      expect(res.status, path).toBe(401);
      expect((await res.json()).error.code).toBe('Unauthorized');
    }
    expect((await call('/api/me', 'not-a-jwt')).status).toBe(401);
    expect((await fetch(`${running.baseUrl}/api/me`, { headers: { Authorization: 'Basic dXNlcjpwYXNz' } })).status).toBe(401);
  });

  it('answers 401 for a token signed by another key, for another audience or issuer, expired, or unsigned', async () => {
    const cases: [string, string][] = [
      ['another key, same kid', await token({ key: entra.otherKey })],
      ['another key, unknown kid', await token({ key: entra.otherKey, kid: 'attacker' })],
      ['wrong audience', await token({ aud: 'api://someone-else/00000000-0000-0000-0000-000000000000' })],
      ['Graph audience', await token({ aud: '00000003-0000-0000-c000-000000000000' })],
      ['wrong tenant issuer', await token({ iss: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0' })],
      ['expired', await token({ exp: Math.floor(Date.now() / 1000) - 3600 })],
      ['no user id', await token({ claims: { oid: undefined } })],
    ];
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ oid: LEADER_OID, aud: CLIENT, iss: ISSUER_V2, exp: Math.floor(Date.now() / 1000) + 3600 })).toString('base64url');
    cases.push(['alg none', `${header}.${payload}.`]);
    for (const [what, bearer] of cases) {
      const res = await call('/api/me', bearer);
      expect(res.status, what).toBe(401);
      const body = await res.json();
      expect(body.error.message, what).toMatch(/login|adgangstoken/i);
    }
  });

  it('accepts a valid token: the user is the oid, with the municipality from their stored profile, and not staff', async () => {
    const res = await call('/api/me', await token());
    expect(res.status).toBe(200);
    const me = (await res.json()) as MeView;
    expect(me).toMatchObject({
      userId: LEADER_OID,
      name: 'Pia Programleder',
      email: 'pia@hedensted.dk',
      role: 'programleder',
      isStaff: false,
      demo: false,
      municipality: { code: '766', name: 'Hedensted' },
      followedSolutions: ['aula'],
    });
    expect((await call('/api/portfolio', await token())).status).toBe(200);
  });

  it('accepts v1 tokens (sts.windows.net issuer, api://TAB_DOMAIN/client audience), with the upn as e-mail', async () => {
    const v1 = await token({ iss: ISSUER_V1, aud: `api://${TAB_HOST}/${CLIENT}`, claims: { preferred_username: undefined, upn: 'Pia@Hedensted.dk', ver: '1.0' } });
    const res = await call('/api/me', v1);
    expect(res.status).toBe(200);
    expect(((await res.json()) as MeView).email).toBe('pia@hedensted.dk');
  });

  it('makes a person KOMBIT staff by the Entra app role or a staff e-mail domain, never by anything else', async () => {
    const byRole = (await (await call('/api/me', await token({ claims: { oid: STAFF_OID, preferred_username: 'konsulent@consultant.example', roles: ['KombitStaff'] } }))).json()) as MeView;
    expect(byRole).toMatchObject({ role: 'kombit', isStaff: true, municipality: null });
    const byDomain = (await (await call('/api/me', await token({ claims: { oid: STAFF_OID, preferred_username: 'mv@kombit.dk' } }))).json()) as MeView;
    expect(byDomain.isStaff).toBe(true);
    const otherRole = (await (await call('/api/me', await token({ claims: { roles: ['Reader', 'kombitstaff'] } }))).json()) as MeView;
    expect(otherRole.isStaff).toBe(false);
    expect(isStaffClaims({ emailDomains: ['kombit.dk'], userIds: [STAFF_OID], appRole: 'KombitStaff' }, { oid: STAFF_OID.toUpperCase() })).toBe(true);
    expect(isStaffClaims({ emailDomains: ['kombit.dk'], userIds: [], appRole: 'KombitStaff' }, { oid: 'x', signInName: 'a@notkombit.dk' })).toBe(false);
  });

  it('never makes staff from the unverified email claim, nor from a guest\'s names', async () => {
    const me = async (claims: Record<string, unknown>) => (await (await call('/api/me', await token({ claims }))).json()) as MeView;
    expect((await me({ oid: STAFF_OID, preferred_username: undefined, upn: undefined, email: 'guest@kombit.dk' })).isStaff).toBe(false);
    expect((await me({ oid: STAFF_OID, preferred_username: 'pia@hedensted.dk', email: 'boss@kombit.dk' })).isStaff).toBe(false);
    expect((await me({ oid: STAFF_OID, preferred_username: 'mv@kombit.dk', acct: 1 })).isStaff).toBe(false);
    expect((await me({ oid: STAFF_OID, preferred_username: 'mv@kombit.dk', idp: 'https://sts.windows.net/00000000-0000-0000-0000-00000000beef/' })).isStaff).toBe(false);
    expect((await me({ oid: STAFF_OID, upn: 'mv_kombit.dk#EXT#@kombitpl.onmicrosoft.com', preferred_username: undefined })).isStaff).toBe(false);
  });

  it('refuses a token of another tenant even when AUTH_ISSUER lists its issuer, and an app-only token', async () => {
    const foreign = '00000000-0000-0000-0000-00000000beef';
    const auth = createEntraAuthenticator(
      { tenantId: TENANT, clientId: CLIENT, jwksUrl: entra.env.AUTH_JWKS_URL, issuers: [ISSUER_V2, `https://login.microsoftonline.com/${foreign}/v2.0`], staff: { emailDomains: ['kombit.dk'], userIds: [], appRole: 'KombitStaff' }, users: { get: async () => undefined }, log: testLog },
    );
    const asReq = (bearer: string) => ({ header: (name: string) => (name === 'authorization' ? `Bearer ${bearer}` : undefined) }) as never;
    await expect(auth.authenticate(asReq(await token({ iss: `https://login.microsoftonline.com/${foreign}/v2.0`, claims: { tid: foreign } })))).rejects.toMatchObject({ message: 'Adgangstokenet er fra en anden organisation.' });
    await expect(auth.authenticate(asReq(await token({ claims: { tid: undefined } })))).rejects.toMatchObject({ code: 'Unauthorized' });
    expect((await auth.authenticate(asReq(await token()))).userId).toBe(LEADER_OID);
    const appOnly = await token({ claims: { idtyp: 'app', scp: undefined, roles: ['KombitStaff'], preferred_username: undefined } });
    const res = await call('/api/portfolio', appOnly);
    expect(res.status).toBe(401);
    expect((await res.json()).error.message).toBe('Adgangstokenet er ikke en brugers login.');
  });

  it('shows a program leader who is missing only where the agreement allows it; staff see everyone', async () => {
    const leader = await token();
    const fbi = (await (await call('/api/agreements/agr-fbi-databehandleraftale/signatures', leader)).json()) as SignatureList;
    expect(fbi.missing).toBeUndefined();
    expect(fbi.states).toBeUndefined();
    const bom = (await (await call('/api/agreements/agr-bom-databehandleraftale/signatures', leader)).json()) as SignatureList;
    expect(bom.missing?.map((m) => m.name)).toEqual(['Hedensted']);
    const staff = await token({ claims: { oid: STAFF_OID, roles: ['KombitStaff'] } });
    const staffFbi = (await (await call('/api/agreements/agr-fbi-databehandleraftale/signatures', staff)).json()) as SignatureList;
    expect(staffFbi.missing).toHaveLength(29);
  });

  it('keeps open evaluation results from a program leader, but shows the response count', async () => {
    const leader = await token();
    const { evaluations } = (await (await call('/api/evaluation-results', leader)).json()) as { evaluations: { id: string; summary: unknown; hidden?: string; responseCount: number }[] };
    const open = evaluations.find((e) => e.id === 'eval-pl-2024-02-28')!;
    expect(open).toMatchObject({ summary: null, hidden: 'open', responseCount: 27 });
  });

  it('answers 403 when a program leader changes another municipality’s KLIK status, 200 for their own', async () => {
    const path = (code: string) => `/api/klik-tasks/task-gdpr-revisionserklaeringer/statuses/${code}`;
    const put = (code: string, bearer?: string) => call(path(code), bearer, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ status: 'started' }) });
    const probe = await put('101', await token());
    expect(probe.status).toBe(403);
    expect((await put('766')).status).toBe(401);
    const own = await put('766', await token());
    expect(own.status).toBe(200);
    const staff = await put('101', await token({ claims: { oid: STAFF_OID, roles: ['KombitStaff'] } }));
    expect(staff.status).toBe(200);
  });

  it('fetches the key set once and reuses it', async () => {
    const before = entra.requests();
    for (let i = 0; i < 5; i++) expect((await call('/api/me', await token())).status).toBe(200);
    expect(entra.requests() - before).toBe(0);
  });
});

describe('the Entra authenticator on its own', () => {
  it('defaults to Entra ID for the tenant', () => {
    expect(entraEndpoints(TENANT)).toEqual({
      jwksUrl: `https://login.microsoftonline.com/${TENANT}/discovery/v2.0/keys`,
      issuers: [ISSUER_V2, ISSUER_V1],
    });
  });

  it('answers 503 (not 401) when the key set cannot be fetched', async () => {
    const auth = createEntraAuthenticator({
      tenantId: TENANT,
      clientId: CLIENT,
      jwksUrl: 'http://127.0.0.1:9/discovery/v2.0/keys',
      staff: { emailDomains: ['kombit.dk'], userIds: [], appRole: 'KombitStaff' },
      users: { get: async () => undefined },
      log: testLog,
    });
    const bearer = await token();
    const req = { header: (name: string) => (name === 'authorization' ? `Bearer ${bearer}` : undefined) } as never;
    const refusal = await auth.authenticate(req).then(() => undefined, (error: unknown) => error);
    expect(refusal).toBeInstanceOf(Unavailable);
    expect(errorResponse(refusal)?.status).toBe(503);
  });

  it('refuses a plain-http key set URL except on loopback', () => {
    const prod = { BOT_ID: 'b', BOT_TYPE: 'UserAssignedMSI', BOT_TENANT_ID: TENANT, AAD_APP_CLIENT_ID: CLIENT, AAD_APP_TENANT_ID: TENANT, EVALUATION_HASH_KEY: 'a-test-only-hash-key-0123456789', STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' };
    expect(() => loadConfig({ ...prod, AUTH_JWKS_URL: 'http://keys.example.com/keys' })).toThrow(ConfigError);
    expect(loadConfig({ ...prod, AUTH_JWKS_URL: 'https://keys.example.com/keys', AUTH_ISSUER: 'https://a/ https://b/' }).auth).toEqual({ jwksUrl: 'https://keys.example.com/keys', issuers: ['https://a/', 'https://b/'] });
  });
});
