import type { FieldIssue } from '../domain/validation.ts';

/**
 * An error that knows what the caller should be told: the HTTP status, a stable code, and a
 * Danish message safe to show a user. Anything else that reaches a boundary is logged and
 * answered with a generic apology.
 */
export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues?: readonly FieldIssue[];

  constructor(status: number, code: string, userMessage: string, issues?: readonly FieldIssue[]) {
    super(userMessage);
    this.name = 'AppError';
    this.status = status;
    this.code = code;
    this.issues = issues;
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super(404, 'NotFound', `${what} findes ikke.`);
  }
}

/** One bad row of an imported file, as a person finds it in Excel. */
export interface RowIssue {
  readonly row: number;
  readonly column: string;
  readonly message: string;
}

/** An import refused as a whole: nothing was written; every bad row is listed. */
export class ImportRefusedError extends AppError {
  readonly rows: readonly RowIssue[];
  constructor(userMessage: string, rows: readonly RowIssue[]) {
    super(400, 'ImportRefused', userMessage);
    this.rows = rows;
  }
}

/** Someone else changed the row since it was read; nothing was written. */
export class ConcurrencyError extends AppError {
  constructor(what: string) {
    super(412, 'ConcurrentChange', `${what} er blevet ændret af en anden i mellemtiden. Hent den igen, og prøv igen.`);
  }
}

export class ForbiddenError extends AppError {
  constructor(userMessage = 'Du har ikke adgang til at gøre dette.') {
    super(403, 'Forbidden', userMessage);
  }
}

export class UnauthorizedError extends AppError {
  constructor(userMessage = 'Du skal være logget ind.') {
    super(401, 'Unauthorized', userMessage);
  }
}
