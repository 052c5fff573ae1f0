/**
 * Failures the domain can name, each with a stable code and a Danish message safe to show a
 * user. They know nothing of HTTP or chat: the HTTP edge maps each kind to a status and body
 * (`bot/http/errors.ts`), the bot edge to a chat reply (`bot/conversation/errorReplies.ts`).
 * Anything else that reaches an edge is a fault: logged, and answered with a neutral apology.
 */
export abstract class DomainError extends Error {
  abstract readonly kind: 'notFound' | 'conflict' | 'stale' | 'forbidden' | 'unauthenticated' | 'invalid' | 'unavailable';
  readonly code: string;

  constructor(code: string, userMessage: string) {
    super(userMessage);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The thing asked for does not exist ("Aftalen findes ikke."). */
export class NotFound extends DomainError {
  readonly kind = 'notFound';
  constructor(what: string) {
    super('NotFound', `${what} findes ikke.`);
  }
}

/** The request contradicts the thing's state: it is closed, already open, already there. Nothing was written. */
export class Conflict extends DomainError {
  readonly kind = 'conflict';
}

/** A row with that key exists already; storage refused the insert and wrote nothing. */
export class AlreadyExists extends Conflict {
  constructor(what: string, userMessage = `${what} findes allerede.`) {
    super('AlreadyExists', userMessage);
  }
}

/** Someone else changed the thing since it was read (its ETag is stale); nothing was written. */
export class Stale extends DomainError {
  readonly kind = 'stale';
  constructor(what: string) {
    super('ConcurrentChange', `${what} er blevet ændret af en anden i mellemtiden. Hent den igen, og prøv igen.`);
  }
}

/** The caller is known but may not do this. */
export class Forbidden extends DomainError {
  readonly kind = 'forbidden';
  constructor(userMessage = 'Du har ikke adgang til at gøre dette.') {
    super('Forbidden', userMessage);
  }
}

/** The caller could not be identified. */
export class Unauthenticated extends DomainError {
  readonly kind = 'unauthenticated';
  constructor(userMessage = 'Du skal være logget ind.') {
    super('Unauthorized', userMessage);
  }
}

/** A service the request needs cannot be reached now; trying again later may work. */
export class Unavailable extends DomainError {
  readonly kind = 'unavailable';
}

/** One problem with one field, in Danish, ready to show to a user. */
export interface FieldIssue {
  readonly field: string;
  readonly message: string;
}

/**
 * A value from outside (API body, card submission, import row) does not fit the domain. Carries
 * every problem found, each naming its field, so the caller can show them all.
 */
export class ValidationError extends DomainError {
  readonly kind = 'invalid';
  readonly issues: readonly FieldIssue[];

  constructor(issues: readonly FieldIssue[]) {
    super('ValidationFailed', issues.map((i) => `${i.field}: ${i.message}`).join('; '));
    this.issues = issues;
  }
}

/** One bad row of an imported file, as a person finds it in Excel. */
export interface RowIssue {
  readonly row: number;
  readonly column: string;
  readonly message: string;
}

/** An import refused as a whole: nothing was written; every bad row is listed. */
export class ImportRefused extends DomainError {
  readonly kind = 'invalid';
  readonly rows: readonly RowIssue[];
  constructor(userMessage: string, rows: readonly RowIssue[]) {
    super('ImportRefused', userMessage);
    this.rows = rows;
  }
}
