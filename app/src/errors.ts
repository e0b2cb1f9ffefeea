// What a service throws on purpose. A domain error says what went wrong in words of the service's
// own input (field `entries.3.categoryId`, not `body.entries.3.categoryId`); the caller's adapter
// (the HTTP error handler, a job, the CLI) decides where that input came from and how to answer.
export interface ErrorDetail {
  field?: string;
  message: string;
  [key: string]: unknown;
}

export type ErrorKind =
  | 'invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'unprocessable'
  | 'rate_limited'
  | 'unavailable';

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** The message reads "<field>: <message>" once the first detail's field is placed. */
    readonly aboutField = false,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  /** The same error with every field renamed (e.g. to point at the text a line came from). */
  withFields(rename: (field: string) => string): DomainError {
    return new DomainError(
      this.kind,
      this.code,
      this.message,
      this.details.map((d) => (d.field === undefined ? d : { ...d, field: rename(d.field) })),
      this.aboutField,
    );
  }
}

export const invalidField = (field: string, message: string) =>
  new DomainError('invalid', 'validation_failed', message, [{ field, message }], true);
export const notFound = (what: string) => new DomainError('not_found', 'not_found', `${what} not found`);
export const forbidden = (message = 'Your role does not allow this') =>
  new DomainError('forbidden', 'forbidden', message);
export const conflict = (message: string, details: ErrorDetail[] = []) =>
  new DomainError('conflict', 'conflict', message, details);
export const unauthorized = (message = 'Sign in first') => new DomainError('unauthorized', 'unauthorized', message);

/** The message a person reads, once the first detail's field has its final name. */
export function messageOf(error: DomainError): string {
  const field = error.details[0]?.field;
  return error.aboutField && field !== undefined ? `${field}: ${error.message}` : error.message;
}

/** The prefix of a field under a path of the input: '' at its root, `entries.3.` in a list. */
export const under = (path: string) => (path ? `${path}.` : '');
