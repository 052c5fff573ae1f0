import type { Request } from 'restify';
import type { Role, UserProfile } from '../domain/user.ts';
import { Forbidden } from '../domain/errors.ts';

/** Who is calling the API: from a validated Teams SSO token in production, a demo user in development. */
export interface Principal {
  readonly userId: string;
  readonly name?: string;
  readonly email?: string;
  readonly role: Role;
  readonly municipalityCode?: string;
  /** True for the development-mode demo user; the tab shows a banner. */
  readonly demo: boolean;
}

/**
 * The principal of a chat user, from their stored profile: the same role and municipality the
 * tab would give them, so a card action or command is authorised as the API would authorise it.
 */
export function principalOf(profile: Pick<UserProfile, 'userId' | 'name' | 'email' | 'role' | 'municipalityCode'>): Principal {
  return { userId: profile.userId, name: profile.name, email: profile.email, role: profile.role, municipalityCode: profile.municipalityCode, demo: false };
}

/** Finds out who sent a request; throws Unauthenticated (401) when it cannot. */
export interface Authenticator {
  authenticate(req: Request): Promise<Principal>;
}

/** Staff-only actions (publishing tasks and agreements, starting evaluations) call this first. */
export function requireStaff(principal: Principal): void {
  if (principal.role !== 'kombit') throw new Forbidden('Kun KOMBIT-medarbejdere kan gøre dette.');
}

/** A program leader may change only their own municipality; KOMBIT staff may change any. */
export function requireMunicipality(principal: Principal, municipalityCode: string): void {
  if (principal.role === 'kombit') return;
  if (!principal.municipalityCode) throw new Forbidden('Vælg først din kommune.');
  if (principal.municipalityCode !== municipalityCode) throw new Forbidden('Du kan kun ændre status for din egen kommune.');
}
