import { DomainError, ValidationError } from '../domain/errors.ts';

/** How each kind of domain failure is said in a chat: the one table at the bot edge (the HTTP edge has its own in bot/http/errors.ts). */
const REPLIES: Record<DomainError['kind'], (error: DomainError) => string> = {
  invalid: (error) =>
    error instanceof ValidationError ? `Det kunne ikke gemmes: ${error.issues.map((i) => `${i.field} ${i.message}`).join('; ')}. Intet er ændret.` : `${error.message} Intet er ændret.`,
  unauthenticated: () => 'Jeg kunne ikke se, hvem du er. Intet er ændret – prøv igen om lidt.',
  forbidden: (error) => `${error.message} Intet er ændret.`,
  notFound: (error) => `${error.message} Intet er ændret.`,
  conflict: (error) => `${error.message} Intet er ændret.`,
  stale: () => 'Nogen ændrede det samme lige før dig. Intet er ændret – prøv igen.',
  unavailable: () => 'Det kan ikke lade sig gøre lige nu. Intet er ændret – prøv igen om lidt.',
};

/**
 * The Danish chat reply to a failure the domain can name, or undefined for anything else: a fault,
 * which the caller logs and answers with its neutral apology, never with the error's text.
 */
export function chatReplyFor(error: unknown): string | undefined {
  return error instanceof DomainError ? REPLIES[error.kind](error) : undefined;
}
