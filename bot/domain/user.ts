import { z } from 'zod';
import { LANGUAGES, type Language } from './language.ts';

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
  readonly remindersOptOut: boolean;
}

export const languageSchema = z.enum(LANGUAGES, { error: 'skal være da eller en' });

/** A new profile with the defaults: Danish, program leader, following nothing. */
export function newProfile(userId: string, fields: Partial<UserProfile> = {}): UserProfile {
  return { language: 'da', role: 'programleder', followedSolutions: [], remindersOptOut: false, ...fields, userId };
}
