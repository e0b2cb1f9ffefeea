// One error model for the whole API: every 4xx/5xx is JSON { error, message, details }. Services
// throw the application layer's DomainError; AppError is for what only HTTP knows (a header, a
// route, a body that is not JSON).
import type { ErrorDetail } from '@proofwork/app';
import { redactUrl } from './log-redaction';

export type { ErrorDetail } from '@proofwork/app';

export interface ErrorBody {
  error: string;
  message: string;
  details: ErrorDetail[];
}

/** An error of the transport itself, with its HTTP status. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const routeNotFound = (method: string, url: string) =>
  new AppError(404, 'not_found', `Route ${method} ${redactUrl(url.split('?')[0]!)} not found`);
export const databaseUnavailable = () =>
  new AppError(503, 'database_unavailable', 'The database is unavailable; please retry shortly');
