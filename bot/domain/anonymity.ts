import { createHmac } from 'node:crypto';

/**
 * A keyed hash of a user id: the same person always maps to the same value (so a new answer
 * replaces the old one), but the value cannot be turned back into the person without the key.
 */
export function respondentHash(key: string, evaluationId: string, userId: string): string {
  return createHmac('sha256', key).update(`${evaluationId}\n${userId}`).digest('base64url');
}

/**
 * The anonymity rule, in one place for every way results leave the app (API, tab, cards, CSV,
 * meeting view; evaluations and anonymous surveys): below this many answers no averages,
 * distributions or comments are shown, to anyone, so one person's answers cannot be singled out;
 * only the counts are.
 */
export const MIN_RESPONSES_FOR_RESULTS = 3;
