// The typed API client: openapi-fetch over the types generated from the server's OpenAPI document
// (`npm run api:types`). Same origin, cookie session; every failure becomes an ApiError.
import createClient from 'openapi-fetch';
import type { paths } from './schema';

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });

export interface ApiErrorDetail {
  field?: string;
  message: string;
}

/** What the API said went wrong: its error code, its English message and the fields at fault. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ApiErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** No answer at all: offline, DNS, server down. */
  get isNetwork(): boolean {
    return this.status === 0;
  }
}

function fromBody(status: number, body: unknown): ApiError {
  const b = (body ?? {}) as { error?: unknown; message?: unknown; details?: unknown; code?: unknown };
  const code = typeof b.error === 'string' ? b.error : typeof b.code === 'string' ? b.code.toLowerCase() : 'http_error';
  const message = typeof b.message === 'string' ? b.message : `HTTP ${status}`;
  const details = Array.isArray(b.details) ? (b.details as ApiErrorDetail[]) : [];
  return new ApiError(status, code, message, details);
}

interface Result<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Fires when the API says the session is gone, so the app can go back to the sign-in page. */
export const sessionEvents = new EventTarget();

/** Awaits an openapi-fetch call and returns its data, or throws an ApiError. */
export async function ok<T>(call: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await call;
  } catch (error) {
    throw new ApiError(0, 'network', error instanceof Error ? error.message : 'Network error');
  }
  if (!result.response.ok) {
    const error = fromBody(result.response.status, result.error);
    if (error.status === 401 && new URL(result.response.url).pathname.startsWith('/api/v1/')) {
      sessionEvents.dispatchEvent(new Event('unauthorized'));
    }
    throw error;
  }
  return result.data as T;
}

/** True when a thrown value means "the request never reached the server". */
export function isNetworkError(error: unknown): boolean {
  return error instanceof ApiError && error.isNetwork;
}

/** A fresh key for a write the client may retry (offline queue, double click). */
export function idempotencyKey(): string {
  return crypto.randomUUID();
}
