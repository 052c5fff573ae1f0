import { DomainError, ImportRefused, ValidationError } from '../domain/errors.ts';

/**
 * An error of the HTTP edge itself (a body too large, a media type not taken): the status, a
 * stable code and a Danish message safe to show. The domain's failures are {@link DomainError}s,
 * mapped to a status once, here.
 */
export class AppError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, userMessage: string) {
    super(userMessage);
    this.name = 'AppError';
    this.status = status;
    this.code = code;
  }
}

/** The HTTP status of each kind of domain failure: the one table. */
export const STATUS_OF: Record<DomainError['kind'], number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  notFound: 404,
  conflict: 409,
  stale: 412,
  unavailable: 503,
};

/** An error body as the tab and API clients read it: a stable code, a Danish message, and the fields or rows at fault. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly issues?: unknown; readonly rows?: unknown };
}

/** The status and body for an error the app can name, or undefined for a fault (logged and answered 500 by the caller). */
export function errorResponse(error: unknown): { status: number; body: ErrorBody } | undefined {
  if (error instanceof ValidationError) return { status: 400, body: { error: { code: error.code, message: 'Nogle felter er ikke udfyldt rigtigt.', issues: error.issues } } };
  if (error instanceof ImportRefused) return { status: 400, body: { error: { code: error.code, message: error.message, rows: error.rows } } };
  if (error instanceof DomainError) return { status: STATUS_OF[error.kind], body: { error: { code: error.code, message: error.message } } };
  if (error instanceof AppError) return { status: error.status, body: { error: { code: error.code, message: error.message } } };
  return undefined;
}
