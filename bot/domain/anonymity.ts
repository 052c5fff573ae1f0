import { createHmac } from 'node:crypto';

/**
 * A keyed hash of a user id: the same person always maps to the same value (so a new answer
 * replaces the old one), but the value cannot be turned back into the person without the key.
 */
export function respondentHash(key: string, evaluationId: string, userId: string): string {
  return createHmac('sha256', key).update(`${evaluationId}\n${userId}`).digest('base64url');
}
