import type { Config } from '../config.ts';
import type { Repositories } from '../storage/repositories.ts';
import { newProfile, type UserProfile } from '../domain/user.ts';
import { profileIdOf, type TurnInfo } from './turn.ts';
import { rosterMunicipalityOf } from '../roster/rosterAudience.ts';

/**
 * True when a person is KOMBIT staff: by the domain of their sign-in name as a member of the
 * tenant (never by the unverified e-mail, and never a guest), by the configured list, or as the
 * local demo user.
 */
export function isStaff(config: Config, person: { id: string; aadObjectId?: string; upn?: string }): boolean {
  const domain = person.upn?.split('@')[1]?.toLowerCase();
  if (domain && config.staff.emailDomains.includes(domain)) return true;
  const ids = [person.id, person.aadObjectId].filter(Boolean).map((x) => x!.toLowerCase());
  if (ids.some((id) => config.staff.userIds.includes(id))) return true;
  return config.devMode && config.staff.devUserIsStaff;
}

/**
 * The person's profile, created on first contact. Name, e-mail and role follow what Teams and
 * the staff rules say now; municipality, language and follows are the person's own choices.
 */
export async function profileOf(repos: Repositories, config: Config, turn: TurnInfo): Promise<{ profile: UserProfile; etag?: string; isNew: boolean }> {
  const id = profileIdOf(turn);
  const existing = await repos.users.get(id);
  // Teams sends no roster entry with card actions (and the roster may not answer): without one, a
  // staff role found earlier stands rather than being taken away by missing information.
  const keepStaff = !turn.user.upn && !turn.user.email && existing?.value.role === 'kombit';
  const role = isStaff(config, turn.user) || keepStaff ? 'kombit' : 'programleder';
  if (existing) {
    const p = existing.value;
    const changed = p.role !== role || (turn.user.name && p.name !== turn.user.name) || (turn.user.email && p.email !== turn.user.email);
    if (!changed) return { profile: p, etag: existing.etag, isNew: false };
    const profile = { ...p, role, name: turn.user.name ?? p.name, email: turn.user.email ?? p.email } as UserProfile;
    const etag = await repos.users.save(profile, existing.etag);
    return { profile, etag, isNew: false };
  }
  const language = 'da'; // Danish by default whatever the client's locale (Teams in Denmark often runs in English); "sprog en" switches.
  // Someone KLIK's roster knows starts with the roster's municipality rather than being asked for it.
  const municipalityCode = role === 'programleder' ? await rosterMunicipalityOf(repos, { userId: id, email: turn.user.email }) : undefined;
  const profile = newProfile(id, { name: turn.user.name, email: turn.user.email, role, language, ...(municipalityCode ? { municipalityCode } : {}) });
  return { profile, isNew: true };
}
