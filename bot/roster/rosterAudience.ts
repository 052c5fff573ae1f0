import type { Repositories } from '../storage/repositories.ts';
import { AGREEMENT_ROLES, matchRosterRole, type RosterPerson, type RosterRoleId } from '../domain/roster.ts';

/** A roster person with the Teams user they are known as, where the app knows it. */
export interface KnownPerson extends RosterPerson {
  readonly userId?: string;
}

/**
 * Ties roster people (known by e-mail) to Teams users (known by Entra object id): through the
 * user found in Microsoft Graph when reaching them, else through the e-mail Teams gave a profile.
 */
export async function knownPeople(repos: Repositories): Promise<KnownPerson[]> {
  const [{ people }, users, reach] = await Promise.all([repos.roster.current(), repos.users.list(), repos.roster.reachRecords()]);
  const byEmail = new Map<string, string>();
  for (const u of users) if (u.email) byEmail.set(u.email.trim().toLowerCase(), u.userId);
  const byReach = new Map(reach.filter((r) => r.userId).map((r) => [r.email, r.userId!]));
  return people.map((p) => {
    const userId = byReach.get(p.email) ?? byEmail.get(p.email);
    return userId ? { ...p, userId } : p;
  });
}

/**
 * The Teams users who hold any of `roles` in any of `municipalityCodes`, by the roster: the read
 * model other capabilities address people by role through. People not yet known in Teams are left
 * out (the coverage report names them). `known` spares the reads when many are asked at once.
 */
export async function roleHolders(repos: Repositories, roles: readonly RosterRoleId[], municipalityCodes: Iterable<string>, known?: readonly KnownPerson[]): Promise<string[]> {
  const codes = new Set(municipalityCodes);
  const wanted = new Set(roles);
  const people = known ?? (await knownPeople(repos));
  return [...new Set(people.filter((p) => p.userId && codes.has(p.municipalityCode) && p.roles.some((r) => wanted.has(r))).map((p) => p.userId!))];
}

/**
 * Who gets a KLIK task's card in their 1:1 chat besides its followers: the holders of the task's
 * responsible role and the program leader, in each municipality that has not completed it. A role
 * the roster does not know ("Alle") leaves just the program leaders.
 */
export async function klikTaskRecipients(repos: Repositories, task: { id: string; responsibleRole: string }, allCodes: readonly string[], known?: readonly KnownPerson[]): Promise<string[]> {
  const done = new Set((await repos.klikTasks.statuses(task.id)).filter((s) => s.status === 'done').map((s) => s.municipalityCode));
  const role = matchRosterRole(task.responsibleRole);
  const roles: RosterRoleId[] = role && role !== 'programleder' ? ['programleder', role] : ['programleder'];
  return roleHolders(repos, roles, allCodes.filter((c) => !done.has(c)), known);
}

/**
 * Who is reminded of an agreement by the roster: the program leader, the underskriftsberettigede
 * and aftaleadministratorer of the municipalities that have not answered. `onRoster` are the Teams
 * users the roster knows: their roles are the roster's, so they are not also reminded as program
 * leaders by their self-chosen municipality.
 */
export async function agreementRecipients(repos: Repositories, unanswered: Iterable<string>): Promise<{ byRole: string[]; onRoster: Set<string> }> {
  const people = await knownPeople(repos);
  const codes = new Set(unanswered);
  const wanted = new Set<RosterRoleId>(AGREEMENT_ROLES);
  const known = people.filter((p) => p.userId);
  return {
    byRole: [...new Set(known.filter((p) => codes.has(p.municipalityCode) && p.roles.some((r) => wanted.has(r))).map((p) => p.userId!))],
    onRoster: new Set(known.map((p) => p.userId!)),
  };
}

/**
 * The municipality the roster gives a Teams user, found by the Entra object id the app reached
 * them as, else by their e-mail; undefined for someone not on the roster.
 */
export async function rosterMunicipalityOf(repos: Repositories, user: { readonly userId: string; readonly email?: string }): Promise<string | undefined> {
  const [{ people }, reach] = await Promise.all([repos.roster.current(), repos.roster.reachRecords()]);
  if (!people.length) return undefined;
  const email = reach.find((r) => r.userId === user.userId)?.email ?? user.email?.trim().toLowerCase();
  return email ? people.find((p) => p.email === email)?.municipalityCode : undefined;
}
