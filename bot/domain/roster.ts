import { z } from 'zod';
import { foldText } from './text.ts';

/**
 * The roles of KLIK's Rollegalleri that the app sends by. The ids are stable (stored in the
 * roster); the labels are what KLIK shows and what the sheet says; the aliases are the other
 * ways people write them.
 */
export const ROSTER_ROLES = [
  { id: 'programleder', label: 'KOMBIT-programleder', aliases: ['Programleder', 'KOMBIT programleder', 'Programleder (KOMBIT)'] },
  { id: 'underskriftsberettiget', label: 'Underskriftsberettiget', aliases: ['Tegningsberettiget'] },
  { id: 'aftaleadministrator', label: 'Aftaleadministrator', aliases: ['Aftaleansvarlig'] },
  { id: 'sikkerhedsansvarlig', label: 'Sikkerhedsansvarlig', aliases: ['Informationssikkerhedsansvarlig'] },
  { id: 'dpo', label: 'Databeskyttelsesrådgiver (DPO)', aliases: ['DPO', 'Databeskyttelsesrådgiver'] },
  { id: 'systemansvarlig', label: 'Systemansvarlig', aliases: [] },
  { id: 'brugeradministrator', label: 'Brugeradministrator', aliases: ['Lokal administrator'] },
  { id: 'fakturamodtager', label: 'Fakturamodtager', aliases: [] },
  { id: 'testansvarlig', label: 'Testansvarlig', aliases: [] },
  { id: 'implementeringsansvarlig', label: 'Implementeringsansvarlig', aliases: [] },
  { id: 'forretningsansvarlig', label: 'Forretningsansvarlig', aliases: [] },
  { id: 'driftsansvarlig', label: 'Driftsansvarlig', aliases: ['Teknisk kontaktperson'] },
] as const;

export type RosterRoleId = (typeof ROSTER_ROLES)[number]['id'];
export const ROSTER_ROLE_IDS = ROSTER_ROLES.map((r) => r.id) as [RosterRoleId, ...RosterRoleId[]];

/** Compares role names as people type them: case, accents, hyphens, spaces and brackets aside, æ/ø/å as a/o/a too. */
function roleKey(text: string): string {
  return foldText(text).replace(/ /g, '').replace(/aa/g, 'a').replace(/ae/g, 'a').replace(/oe/g, 'o');
}

const byKey = new Map<string, RosterRoleId>(ROSTER_ROLES.flatMap((r) => [r.id, r.label, ...r.aliases].map((name) => [roleKey(name), r.id] as const)));

/** The role a person wrote ("Programleder", "kombit-programleder", "Sikkerhedsansvarlig"), or undefined. */
export function matchRosterRole(text: string): RosterRoleId | undefined {
  return byKey.get(roleKey(text));
}

/** The role's name as KLIK shows it. */
export function rosterRoleLabel(id: RosterRoleId): string {
  return ROSTER_ROLES.find((r) => r.id === id)!.label;
}

/** The roles that get an agreement reminder: who answers for the municipality. */
export const AGREEMENT_ROLES: readonly RosterRoleId[] = ['programleder', 'underskriftsberettiget', 'aftaleadministrator'];

/**
 * An e-mail address as the roster keys it: trimmed and lower-cased. One address, no display name,
 * a dot in the domain; enough to catch a name or a phone number typed in the wrong column.
 */
export const rosterEmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[^\s@<>(),;:"]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/, { error: 'skal være én e-mailadresse som navn@kommune.dk' });

/** One person on the roster: who they are, their municipality and their KLIK roles there. */
export interface RosterPerson {
  /** Lower-cased; the key. */
  readonly email: string;
  readonly name: string;
  readonly municipalityCode: string;
  readonly roles: readonly RosterRoleId[];
}

/** What replacing one roster with another changes, as the import answers. */
export interface RosterChanges {
  readonly came: RosterPerson[];
  readonly left: RosterPerson[];
  readonly changed: { readonly before: RosterPerson; readonly after: RosterPerson }[];
}

const sameRoles = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

/** Who came, who left and whose roles or municipality changed between two rosters. */
export function rosterChanges(before: readonly RosterPerson[], after: readonly RosterPerson[]): RosterChanges {
  const old = new Map(before.map((p) => [p.email, p]));
  const now = new Set(after.map((p) => p.email));
  const came: RosterPerson[] = [];
  const changed: RosterChanges['changed'] = [];
  for (const person of after) {
    const earlier = old.get(person.email);
    if (!earlier) came.push(person);
    else if (!sameRoles(earlier.roles, person.roles) || earlier.municipalityCode !== person.municipalityCode) changed.push({ before: earlier, after: person });
  }
  return { came, left: before.filter((p) => !now.has(p.email)), changed };
}

/** Why a roster person cannot be reached in Teams, in the words the coverage report uses. */
export const REACH_REASONS = {
  notConnected: 'ikke forbundet til Microsoft Graph',
  noSuchUser: 'ikke gæst i KOMBITs Teams',
  invitationPending: 'har ikke accepteret gæsteinvitationen',
  blockedByPolicy: 'appen er blokeret af en politik i Teams',
  forbidden: 'Microsoft Graph nægtede installationen (403)',
  waitingForTeams: 'installeret; venter på at Teams åbner chatten',
  inviting: 'gæsteinvitationen sendes',
  invitationRefused: 'Microsoft Graph nægtede at sende gæsteinvitationen',
  invitationExpired: 'har ikke accepteret gæsteinvitationen inden for 30 dage',
  chatRefused: 'installeret, men Teams nægtede at åbne chatten',
} as const;
export type ReachReason = keyof typeof REACH_REASONS;

/**
 * How far the app got in reaching one roster person through Microsoft Graph. Kept by e-mail across
 * imports, so a person who stays on the roster is never looked up or installed twice.
 */
export interface ReachRecord {
  readonly email: string;
  /** `pending`: still to do (or to retry at `nextAttemptAt`); `installed`: the app is installed for them; `unreachable`: given up, see `reason`. */
  readonly state: 'pending' | 'installed' | 'unreachable';
  /** Their Entra object id in KOMBIT's tenant, once found. */
  readonly userId?: string;
  readonly reason?: ReachReason;
  readonly attempts: number;
  readonly nextAttemptAt?: string;
  readonly updatedAt: string;
  /** Since when they have been a guest who has not accepted their invitation. */
  readonly waitingSince?: string;
  /** A guest invitation staff asked for: recorded before it is sent, so nobody is invited twice. */
  readonly invitation?: GuestInvitation;
}

/** A guest invitation to KOMBIT's tenant, sent through Microsoft Graph for a person who had no account there. */
export interface GuestInvitation {
  /** `requested`: staff asked and it is being sent; `sent`: Graph took it; `refused`: Graph refused it (see the reach reason). */
  readonly state: 'requested' | 'sent' | 'refused';
  readonly requestedAt: string;
  readonly requestedBy: string;
  readonly sentAt?: string;
}

/** How long the app keeps checking whether an invited guest has accepted before giving up. */
export const INVITATION_PATIENCE_DAYS = 30;

/**
 * The Danish text of a guest invitation (Graph sends it in its invitation mail, plain text only):
 * who invites, why, and what happens when they accept.
 */
export function invitationText(name: string, municipality: string): string {
  return [
    `Kære ${name}`,
    '',
    `KOMBIT inviterer dig som gæst i KOMBITs Microsoft Teams, fordi du står i KLIKs Rollegalleri for ${municipality}.`,
    'Når du accepterer invitationen, får du appen KOMBIT Programledere i Teams: påmindelser om KLIK-opgaver, aftaler og møder i en chat med appen.',
    '',
    'Du logger ind med din egen kommunale konto. Har du spørgsmål, så skriv til din kontakt i KOMBIT.',
  ].join('\n');
}
