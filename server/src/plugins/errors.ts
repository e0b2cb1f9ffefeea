// Maps every failure to the API's JSON error shape; never an HTML page or a stack trace.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, type ErrorBody, type ErrorDetail } from '../lib/errors';

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
    case '40001':
    case '40P01':
      return new AppError(409, 'conflict', 'A concurrent change got in the way; please retry');
    case '57P01':
    case '57P03':
    case '08000':
    case '08001':
    case '08006':
      return new AppError(503, 'database_unavailable', 'The database is unavailable; please retry shortly');
    default:
      return null;
  }
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);

export function toErrorResponse(error: unknown): { status: number; body: ErrorBody } {
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
  if (e?.code && CONNECTION_CODES.has(e.code)) {
    return toErrorResponse(
      new AppError(503, 'database_unavailable', 'The database is unavailable; please retry shortly'),
    );
  }
  switch (e?.code) {
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

export function sendError(reply: FastifyReply, error: unknown) {
  const { status, body } = toErrorResponse(error);
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

async function errorsPlugin(app: FastifyInstance) {
  app.setErrorHandler((error, request: FastifyRequest, reply) => {
    const { status, body } = toErrorResponse(error);
    if (status >= 500) request.log.error({ err: error }, body.message);
    else request.log.info({ status, error: body.error }, body.message);
    return reply.code(status).type('application/json; charset=utf-8').send(body);
  });
}

export default fp(errorsPlugin, { name: 'errors' });
