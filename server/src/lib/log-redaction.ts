// What request logs must never carry: the secrets in link URLs (share links, invitations) and the
// values bound to a failed query (a session token, a password hash, an e-mail address). The
// serializers here replace Fastify's defaults for `req` and `err`.
import type { FastifyRequest } from 'fastify';
import { type SerializedError, err as standardErr } from 'pino-std-serializers';

/** A path segment after /share/, /invite/ or /invitations/, plain or percent-encoded (in ?next=). */
const SECRET_SEGMENT = /((?:\/|%2f)(?:share|invite|invitations)(?:\/|%2f))([^/?#&%]+)/gi;

export function redactUrl(url: string): string {
  return url.replace(SECRET_SEGMENT, '$1[redacted]');
}

export function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/** Values a driver or query builder attaches to its errors: never logged. */
const BOUND_VALUES = new Set(['parameters', 'params', 'args', 'types']);

type ErrorLike = Error & Record<string, unknown>;
const isErrorLike = (value: unknown): value is ErrorLike =>
  typeof value === 'object' && value !== null && typeof (value as Error).message === 'string';

/** A copy of the error chain without bound values; the original error is left untouched. */
function withoutBoundValues(error: ErrorLike, depth = 0): ErrorLike {
  const copy = Object.create(Object.getPrototypeOf(error)) as ErrorLike;
  for (const key of Object.getOwnPropertyNames(error)) {
    if (BOUND_VALUES.has(key)) continue;
    const descriptor = Object.getOwnPropertyDescriptor(error, key)!;
    Object.defineProperty(copy, key, { ...descriptor, writable: true, configurable: true });
  }
  // Drizzle writes the bound values into its message and stack ("Failed query: …\nparams: …").
  if (typeof error.query === 'string' && error.message.startsWith('Failed query:') && 'params' in error) {
    copy.message = `Failed query: ${error.query}`;
    if (typeof error.stack === 'string') copy.stack = error.stack.replace(/\nparams: [\s\S]*?(?=\n\s+at |$)/, '');
  }
  // PostgreSQL's detail quotes the offending values ("Key (email)=(a@b.c) already exists").
  if (typeof error.detail === 'string') copy.detail = error.detail.replace(/=\(.*\)/gs, '=(…)');
  if (isErrorLike(error.cause) && depth < 5) copy.cause = withoutBoundValues(error.cause, depth + 1);
  return copy;
}

export function serializeError(error: Error): SerializedError {
  return standardErr(isErrorLike(error) ? withoutBoundValues(error) : error);
}

export const logSerializers = { req: serializeRequest, err: serializeError };
