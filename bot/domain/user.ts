import type { Language } from './language.ts';

export const ROLES = ['programleder', 'kombit'] as const;
export type Role = (typeof ROLES)[number];

/** A person who talks to the bot or opens the tab. */
export interface UserProfile {
  /** Teams/Entra user id (the AAD object id where known). */
  readonly userId: string;
  readonly name?: string;
  readonly email?: string;
  readonly municipalityCode?: string;
  readonly language: Language;
  readonly role: Role;
  readonly followedSolutions: readonly string[];
  /** Stops every 1:1 agreement reminder ("stop påmindelser"). */
  readonly remindersOptOut: boolean;
  /**
   * Agreements the person wants no more 1:1 reminders about. Optional because profiles saved
   * before per-agreement opt-outs existed have no such column; read it with {@link wantsAgreementReminders}.
   */
  readonly optedOutAgreements?: readonly string[];
}

/** A new profile with the defaults: Danish, program leader, following nothing. */
export function newProfile(userId: string, fields: Partial<UserProfile> = {}): UserProfile {
  return { language: 'da', role: 'programleder', followedSolutions: [], remindersOptOut: false, optedOutAgreements: [], ...fields, userId };
}

/** True when the person still wants 1:1 reminders about this agreement (neither stopped them all nor this one). */
export function wantsAgreementReminders(profile: UserProfile, agreementId: string): boolean {
  return !profile.remindersOptOut && !(profile.optedOutAgreements ?? []).includes(agreementId);
}
