import type { Request } from 'restify';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Logger } from '../log.ts';
import type { UserRepository } from '../storage/userRepository.ts';
import { Unauthenticated, Unavailable } from '../domain/errors.ts';
import type { Authenticator, Principal } from './principal.ts';

/** What the Entra authenticator needs to know; everything but the tenant and client id has a default. */
export interface EntraAuthOptions {
  /** The Entra tenant (directory) id the tab's app registration lives in. */
  readonly tenantId: string;
  /** The tab's app registration (AAD_APP_CLIENT_ID): the token's audience. */
  readonly clientId: string;
  /** Host of the tab (TAB_DOMAIN), for the `api://{TAB_DOMAIN}/{clientId}` audience of v1 tokens. */
  readonly tabDomain?: string;
  /** Overrides Entra's key set URL (tests serve their own on loopback). */
  readonly jwksUrl?: string;
  /** Overrides the accepted issuers. */
  readonly issuers?: readonly string[];
  readonly staff: { readonly emailDomains: readonly string[]; readonly userIds: readonly string[]; readonly appRole: string };
  readonly users: Pick<UserRepository, 'get'>;
  readonly log: Logger;
  /** Seconds of clock skew tolerated on `exp` and `nbf`. */
  readonly clockToleranceSeconds?: number;
}

/** The claims of a Teams SSO token the app reads (v1 and v2 access tokens). */
interface EntraClaims extends JWTPayload {
  oid?: string;
  tid?: string;
  name?: string;
  preferred_username?: string;
  upn?: string;
  email?: string;
  roles?: unknown;
  /** 1 for a guest account (optional claim). */
  acct?: unknown;
  /** The identity provider; present and another tenant's issuer for a guest. */
  idp?: string;
  /** The token type; "app" for an app-only token (client credentials). */
  idtyp?: string;
  scp?: string;
}

const BEARER = /^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/i;

/** The Entra ID key set and issuers for a tenant. */
export function entraEndpoints(tenantId: string): { jwksUrl: string; issuers: string[] } {
  const tenant = encodeURIComponent(tenantId);
  return {
    jwksUrl: `https://login.microsoftonline.com/${tenant}/discovery/v2.0/keys`,
    issuers: [`https://login.microsoftonline.com/${tenantId}/v2.0`, `https://sts.windows.net/${tenantId}/`],
  };
}

/** True for a KOMBIT staff member: the configured Entra app role, a staff e-mail domain, or a listed user id. */
export function isStaffClaims(staff: EntraAuthOptions['staff'], claims: { oid: string; signInName?: string; roles?: unknown }): boolean {
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : [];
  if (staff.appRole && roles.includes(staff.appRole)) return true;
  const domain = claims.signInName?.split('@')[1]?.toLowerCase();
  if (domain && staff.emailDomains.includes(domain)) return true;
  return staff.userIds.includes(claims.oid.toLowerCase());
}

/**
 * Validates the tab's Teams SSO token (an Entra ID access token for the tab's app registration)
 * with `jose`: RS256 signature against the tenant's published keys (fetched and cached by
 * `createRemoteJWKSet`), audience, issuer, expiry and not-before. The user is the token's `oid`;
 * the role comes from the token (app role or staff domain), the municipality from the stored
 * profile the person chose in the bot. Never trusts anything the tab says about itself.
 */
export function createEntraAuthenticator(options: EntraAuthOptions, keys?: JWTVerifyGetKey): Authenticator {
  const defaults = entraEndpoints(options.tenantId);
  const jwks = keys ?? createRemoteJWKSet(new URL(options.jwksUrl ?? defaults.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000 });
  const issuers = options.issuers?.length ? [...options.issuers] : defaults.issuers;
  const audiences = [options.clientId, ...(options.tabDomain ? [`api://${options.tabDomain}/${options.clientId}`] : [])];

  return {
    async authenticate(req: Request): Promise<Principal> {
      const header = req.header('authorization') ?? '';
      const match = BEARER.exec(header.trim());
      if (!match) throw new Unauthenticated('Du skal være logget ind via Teams (mangler adgangstoken).');
      let claims: EntraClaims;
      try {
        const verified = await jwtVerify<EntraClaims>(match[1]!, jwks, {
          audience: audiences,
          issuer: issuers,
          algorithms: ['RS256'],
          requiredClaims: ['exp', 'oid'],
          clockTolerance: options.clockToleranceSeconds ?? 60,
        });
        claims = verified.payload;
      } catch (error) {
        throw mapJoseError(error, options.log);
      }
      if (typeof claims.oid !== 'string' || !claims.oid) throw new Unauthenticated('Adgangstokenet mangler brugerens id.');
      // Always, also with AUTH_ISSUER set: a token of another tenant is no user of this app.
      if (typeof claims.tid !== 'string' || claims.tid.toLowerCase() !== options.tenantId.toLowerCase()) {
        throw new Unauthenticated('Adgangstokenet er fra en anden organisation.');
      }
      // A token the app got for itself (client credentials) has no user behind it.
      if (claims.idtyp === 'app' || typeof claims.scp !== 'string') throw new Unauthenticated('Adgangstokenet er ikke en brugers login.');
      const oid = claims.oid;
      const rawEmail = claims.preferred_username ?? claims.upn ?? claims.email;
      const email = typeof rawEmail === 'string' && rawEmail.includes('@') ? rawEmail.toLowerCase() : undefined;
      // Staff by domain only from the sign-in name of a member of the tenant: the `email` claim is
      // optional and unverified ("nOAuth"), and a guest's names are their home tenant's.
      const guest = claims.acct === 1 || (typeof claims.idp === 'string' && claims.idp !== claims.iss) || /#ext#/i.test(String(claims.upn ?? claims.preferred_username ?? ''));
      const rawSignIn = claims.upn ?? claims.preferred_username;
      const signInName = !guest && typeof rawSignIn === 'string' && rawSignIn.includes('@') ? rawSignIn.toLowerCase() : undefined;
      const staff = isStaffClaims(options.staff, { oid, signInName, roles: claims.roles });
      const profile = (await options.users.get(oid))?.value;
      return {
        userId: oid,
        ...(typeof claims.name === 'string' ? { name: claims.name } : profile?.name ? { name: profile.name } : {}),
        ...(email ? { email } : {}),
        role: staff ? 'kombit' : 'programleder',
        ...(profile?.municipalityCode ? { municipalityCode: profile.municipalityCode } : {}),
        demo: false,
      };
    },
  };
}

/** Turns a jose failure into 401 (bad token) or 503 (Entra's keys could not be fetched). */
function mapJoseError(error: unknown, log: Logger): Unauthenticated | Unavailable {
  if (error instanceof joseErrors.JWTExpired) return new Unauthenticated('Dit login er udløbet. Genindlæs fanen.');
  if (error instanceof joseErrors.JWKSTimeout || (error instanceof TypeError && /fetch/i.test(error.message))) {
    log.error({ err: error }, 'could not fetch the Entra signing keys');
    return new Unavailable('AuthUnavailable', 'Login kan ikke kontrolleres lige nu. Prøv igen om lidt.');
  }
  if (error instanceof joseErrors.JOSEError) {
    log.info({ code: error.code, reason: error.message }, 'rejected an SSO token');
    return new Unauthenticated('Adgangstokenet er ikke gyldigt.');
  }
  log.error({ err: error }, 'unexpected error while checking an SSO token');
  return new Unauthenticated('Adgangstokenet er ikke gyldigt.');
}
