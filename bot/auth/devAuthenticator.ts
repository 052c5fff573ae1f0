import type { Authenticator, Principal } from './principal.ts';
import type { UserRepository } from '../storage/userRepository.ts';
import { isMunicipalityCode } from '../domain/municipality.ts';

/** The development-mode caller when `DEV_USER_IS_STAFF` is true (the default): a demo KOMBIT staff member. */
export const DEMO_STAFF: Principal = { userId: 'demo-kombit', name: 'Demo KOMBIT-medarbejder', email: 'demo@kombit.dk', role: 'kombit', demo: true };

/** The development-mode caller when `DEV_USER_IS_STAFF=false`: a program leader, so the tab can be tried without staff rights. */
export const DEMO_PROGRAM_LEADER: Principal = { userId: 'demo-programleder', name: 'Demo-programleder', role: 'programleder', demo: true };

export interface DevAuthOptions {
  /** `staff.devUserIsStaff` from the configuration. */
  readonly userIsStaff: boolean;
  /**
   * `staff.userIds` from the configuration: listing `demo-kombit` there keeps the tab's demo user
   * staff while `DEV_USER_IS_STAFF=false` makes chat users program leaders (what the bot tests need).
   */
  readonly staffUserIds: readonly string[];
  /** The demo program leader's municipality is the one stored in their profile, as for a real user. */
  readonly users: Pick<UserRepository, 'get'>;
}

/**
 * Development mode only (loopback, no Entra app): every request acts as the demo user, staff or
 * program leader as `DEV_USER_IS_STAFF` (or `STAFF_USER_IDS`) says, or, with `x-demo-municipality: <kommunekode>`, as
 * a demo program leader of that municipality, so the program leaders' rules can be tried locally.
 */
export function createDevAuthenticator(options: DevAuthOptions): Authenticator {
  return {
    authenticate: async (req) => {
      const code = req.header('x-demo-municipality');
      if (code && isMunicipalityCode(code)) {
        return { userId: `demo-programleder-${code}`, name: `Demo-programleder (${code})`, role: 'programleder', municipalityCode: code, demo: true };
      }
      if (options.userIsStaff || options.staffUserIds.includes(DEMO_STAFF.userId)) return DEMO_STAFF;
      const profile = (await options.users.get(DEMO_PROGRAM_LEADER.userId))?.value;
      return profile?.municipalityCode ? { ...DEMO_PROGRAM_LEADER, municipalityCode: profile.municipalityCode } : DEMO_PROGRAM_LEADER;
    },
  };
}
