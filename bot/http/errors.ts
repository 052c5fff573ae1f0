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
