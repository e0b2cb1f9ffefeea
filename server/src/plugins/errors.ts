// Maps every failure to the API's JSON error shape; never an HTML page or a stack trace. While the
// database is away every request gets 503 with Retry-After (never a 500), and so does a request
// that arrives while the server drains on shutdown.
import { DomainError, type ErrorKind, messageOf } from '@proofwork/app';
import { type Database, isDatabaseUnavailable } from '@proofwork/db';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, databaseUnavailable, type ErrorBody, type ErrorDetail } from '../lib/errors';

/** What a 503 tells clients to wait before trying again, in seconds. */
export const RETRY_AFTER_SECONDS = 2;

declare module 'fastify' {
  interface FastifyInstance {
    /** Whether the database answers now (asked at most once a second): tells an outage from a bug. */
    databaseAnswers(): Promise<boolean>;
  }
}

const STATUS_OF: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
};

type SchemaNode = { properties?: Record<string, unknown>; anyOf?: SchemaNode[] };

function hasProperty(schema: unknown, name: string): boolean {
  const node = schema as SchemaNode | undefined;
  if (!node) return false;
  if (node.properties && Object.hasOwn(node.properties, name)) return true;
  return node.anyOf?.some((s) => hasProperty(s, name)) ?? false;
}

/**
 * Where a service's field came from in this request: the route's schema says whether `weekStart`
 * is a path parameter, `to` a query parameter or `entries` a body field. A field none of them
 * declares belongs to the body of a write and the query of a read.
 */
function placeField(request: FastifyRequest | undefined, field: string): string {
  const name = field.split('.')[0]!;
  const schema = request?.routeOptions.schema;
  if (hasProperty(schema?.params, name)) return `params.${field}`;
  if (hasProperty(schema?.querystring, name)) return `query.${field}`;
  if (hasProperty(schema?.body, name)) return `body.${field}`;
  const read = !request || request.method === 'GET' || request.method === 'HEAD' || request.method === 'DELETE';
  return `${read ? 'query' : 'body'}.${field}`;
}

function fromDomain(error: DomainError, request: FastifyRequest | undefined): { status: number; body: ErrorBody } {
  const placed = error.withFields((field) => placeField(request, field));
  return {
    status: STATUS_OF[error.kind],
    body: { error: placed.code, message: messageOf(placed), details: placed.details },
  };
}

interface ValidationIssue {
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
  keyword?: string;
}

const CONTEXT_NAMES: Record<string, string> = { querystring: 'query' };

function fieldOf(context: string, issue: ValidationIssue): string {
  const base = CONTEXT_NAMES[context] ?? context;
  const pathParts = issue.instancePath.split('/').filter(Boolean);
  const missing = issue.params?.missingProperty ?? issue.params?.additionalProperty;
  if (typeof missing === 'string') pathParts.push(missing);
  return [base, ...pathParts].join('.');
}

function validationBody(
  error: FastifyError & { validation: ValidationIssue[]; validationContext?: string },
): ErrorBody {
  const context = error.validationContext ?? 'body';
  const details: ErrorDetail[] = error.validation.map((issue) => {
    const field = fieldOf(context, issue);
    const message =
      issue.keyword === 'additionalProperties' ? 'is not an allowed field' : (issue.message ?? 'is invalid');
    return { field, message };
  });
  const first = details[0];
  return {
    error: 'validation_failed',
    message: first ? `${first.field} ${first.message}` : 'The request is invalid',
    details,
  };
}

/** PostgreSQL errors that a request can cause and that must not become 500s. */
function fromPostgres(error: { code?: string; constraint_name?: string; message: string }): AppError | null {
  switch (error.code) {
    case '22P02': // invalid_text_representation (e.g. a malformed uuid)
    case '22007': // invalid_datetime_format
    case '22008': // datetime_field_overflow
    case '22003': // numeric_value_out_of_range
    case '22001': // string_data_right_truncation
    case '22021': // character_not_in_repertoire (e.g. NUL byte)
      return new AppError(400, 'bad_request', 'A value in the request is not valid');
    case '23505':
      return new AppError(409, 'conflict', 'This already exists', [{ message: error.constraint_name ?? 'unique' }]);
    case '23503':
      return new AppError(409, 'conflict', 'A referenced item does not exist or is still in use');
    case '23514':
      return new AppError(400, 'bad_request', 'A value is out of the allowed range', [
        { message: error.constraint_name ?? 'check' },
      ]);
    // The database layer already ran the transaction again a few times (see createDb).
    case '40001':
    case '40P01':
    case '55P03':
      return new AppError(409, 'conflict', 'A concurrent change got in the way; please retry');
    default:
      return null;
  }
}

/**
 * The auth library wraps whatever failed in its session lookup as "Failed to get session" (500)
 * and keeps the cause to itself; the lookup's only I/O is the database (no secondary storage).
 */
function isSessionLookupFailure(error: unknown): boolean {
  const e = error as { statusCode?: unknown; body?: { code?: unknown } } | null;
  return e?.statusCode === 500 && e.body?.code === 'FAILED_TO_GET_SESSION';
}

export function toErrorResponse(error: unknown, request?: FastifyRequest): { status: number; body: ErrorBody } {
  if (error instanceof DomainError) return fromDomain(error, request);
  if (error instanceof AppError) {
    return { status: error.statusCode, body: { error: error.code, message: error.message, details: error.details } };
  }
  // Drizzle wraps driver errors; the driver's code is on the cause.
  const cause = (error as { cause?: unknown })?.cause;
  if (cause && typeof cause === 'object' && 'code' in cause && !(error as { code?: string }).code) {
    return toErrorResponse(cause);
  }
  const e = error as FastifyError & { validation?: ValidationIssue[]; validationContext?: string; code?: string };
  if (e?.validation) return { status: 400, body: validationBody(e as never) };
  const pg = e && typeof e === 'object' && 'code' in e ? fromPostgres(e as never) : null;
  if (pg) return toErrorResponse(pg);
  if (isDatabaseUnavailable(e) || isSessionLookupFailure(e)) return toErrorResponse(databaseUnavailable());
  switch (e?.code) {
    // The note search ran out of its time budget (SearchTimeoutError from the query layer).
    case 'search_timeout':
      return {
        status: 422,
        body: {
          error: 'search_too_slow',
          message: 'The search took too long; search a shorter period or more specific words',
          details: [{ field: 'query.q', message: 'took too long to search' }],
        },
      };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, body: { error: 'invalid_json', message: 'The body is not valid JSON', details: [] } };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, body: { error: 'invalid_json', message: 'The JSON body is empty', details: [] } };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, body: { error: 'payload_too_large', message: 'The body is too large', details: [] } };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        body: { error: 'unsupported_media_type', message: 'Send application/json', details: [] },
      };
  }
  const status = typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 600 ? e.statusCode : 500;
  if (status === 429) {
    return { status, body: { error: 'rate_limited', message: 'Too many requests; slow down', details: [] } };
  }
  if (status < 500) {
    return { status, body: { error: 'bad_request', message: e?.message ?? 'Bad request', details: [] } };
  }
  return { status: 500, body: { error: 'internal_error', message: 'Something went wrong on our side', details: [] } };
}

function send(reply: FastifyReply, status: number, body: ErrorBody | string) {
  if (status === 503 && !reply.hasHeader('retry-after')) reply.header('retry-after', RETRY_AFTER_SECONDS);
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

export function sendError(reply: FastifyReply, error: unknown) {
  const { status, body } = toErrorResponse(error, reply.request);
  return send(reply, status, body);
}

/**
 * Whether the database answers a trivial query, asked at most once a second whatever the number
 * of failing requests. Used for failures that hide their cause (a library that turns a dropped
 * connection into a 500): if the database is away, the honest answer is 503.
 */
function databaseProbe(db: Database, timeoutMs = 1500) {
  let last: { at: number; answers: Promise<boolean> } | null = null;
  return () => {
    if (!last || Date.now() - last.at > 1000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      const query = db.$sql`select 1`.then(
        () => true,
        () => false,
      );
      last = { at: Date.now(), answers: Promise.race([query, timeout]).finally(() => clearTimeout(timer)) };
    }
    return last.answers;
  };
}

async function errorsPlugin(app: FastifyInstance) {
  const databaseAnswers = databaseProbe(app.deps.db);
  app.decorate('databaseAnswers', databaseAnswers);
  app.setErrorHandler(async (error, request: FastifyRequest, reply) => {
    let { status, body } = toErrorResponse(error, request);
    if (status === 500 && !(await databaseAnswers())) ({ status, body } = toErrorResponse(databaseUnavailable()));
    if (status >= 500 && status !== 503) request.log.error({ err: error }, body.message);
    // One line per request during an outage: the cause's code and message, not its stack.
    else if (status === 503) {
      const cause = error as { code?: unknown; message?: unknown };
      request.log.warn(
        { status, error: body.error, cause: { code: cause?.code, message: cause?.message } },
        body.message,
      );
    } else request.log.info({ status, error: body.error }, body.message);
    return send(reply, status, body);
  });

  // Fastify's own drain answer (return503OnClosing) has a body of its own; ours has the API's
  // shape. From the moment close() starts, a request that still arrives (on a kept-alive
  // connection) is told to come back: the process is about to go, another one will answer.
  let draining = false;
  app.addHook('preClose', async () => {
    draining = true;
  });
  app.addHook('onRequest', async (_request, reply) => {
    if (!draining) return;
    const body: ErrorBody = {
      error: 'shutting_down',
      message: 'The server is restarting; please retry shortly',
      details: [],
    };
    // As text: the route's serializer (e.g. the health check's own 503 body) must not apply.
    reply.header('connection', 'close');
    return send(reply, 503, JSON.stringify(body));
  });
}

export default fp(errorsPlugin, { name: 'errors' });
