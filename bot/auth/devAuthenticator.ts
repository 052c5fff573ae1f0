import type { Authenticator, Principal } from './principal.ts';
import { isMunicipalityCode } from '../domain/municipality.ts';

/** The development-mode caller: a demo KOMBIT staff member, so the whole app can be tried locally. */
export const DEMO_STAFF: Principal = { userId: 'demo-kombit', name: 'Demo KOMBIT-medarbejder', email: 'demo@kombit.dk', role: 'kombit', demo: true };

/**
 * Development mode only (loopback, no Entra app): every request acts as the demo staff member,
 * or, with `x-demo-municipality: <kommunekode>`, as a demo program leader of that municipality,
 * so the program leaders' rules can be tried locally too.
 */
export const devAuthenticator: Authenticator = {
  authenticate: async (req) => {
    const code = req.header('x-demo-municipality');
    if (code && isMunicipalityCode(code)) {
      return { userId: `demo-programleder-${code}`, name: `Demo-programleder (${code})`, role: 'programleder', municipalityCode: code, demo: true };
    }
    return DEMO_STAFF;
  },
};
