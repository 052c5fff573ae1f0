import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Repositories } from '../storage/repositories.ts';
import type { Authenticator } from './principal.ts';
import { createDevAuthenticator } from './devAuthenticator.ts';
import { createEntraAuthenticator } from './entraAuthenticator.ts';

/** Teams SSO tokens validated against Entra in production; the demo user in development mode (loopback only). */
export function authenticatorFor(config: Config, repos: Repositories, log: Logger): Authenticator {
  if (config.devMode || !config.entra) {
    return createDevAuthenticator({ userIsStaff: config.staff.devUserIsStaff, staffUserIds: config.staff.userIds, users: repos.users });
  }
  return createEntraAuthenticator({
    tenantId: config.entra.tenantId,
    clientId: config.entra.clientId,
    tabDomain: new URL(config.tabEndpoint).host,
    jwksUrl: config.auth.jwksUrl,
    issuers: config.auth.issuers,
    staff: config.staff,
    users: repos.users,
    log,
  });
}
