import type { Authenticator, Principal } from './principal.ts';

/** The development-mode caller: a demo KOMBIT staff member, so the whole app can be tried locally. */
export const DEMO_STAFF: Principal = { userId: 'demo-kombit', name: 'Demo KOMBIT-medarbejder', email: 'demo@kombit.dk', role: 'kombit', demo: true };

/** Development mode only (loopback, no Entra app): every request acts as the demo staff member. */
export const devAuthenticator: Authenticator = {
  authenticate: async () => DEMO_STAFF,
};
