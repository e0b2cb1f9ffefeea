// The Proofwork API as the command sees it: JSON over HTTPS with a Bearer token. A refusal keeps the
// API's own error body; a server that cannot be reached is told apart, so a line can wait offline.

export interface ApiErrorBody {
  error: string;
  message: string;
  details?: { field?: string; message: string }[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message);
    this.name = 'ApiError';
  }
}

export class OfflineError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`cannot reach ${url}: ${reason}`);
    this.name = 'OfflineError';
  }
}

const TIMEOUT_MS = 15_000;
/** An upload of up to 50 MB over a slow line. */
const UPLOAD_TIMEOUT_MS = 10 * 60_000;

export class Client {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async request<T>(
    method: string,
    path: string,
    options: { body?: unknown; form?: FormData; idempotencyKey?: string; timeoutMs?: number } = {},
  ) {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    const url = `${this.baseUrl.replace(/\/$/, '')}/api/v1${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: options.form ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
        signal: AbortSignal.timeout(options.timeoutMs ?? TIMEOUT_MS),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      throw new OfflineError(this.baseUrl, cause?.code ?? (error as Error).name);
    }
    const text = await response.text();
    const body = text ? safeJson(text) : null;
    if (!response.ok) {
      const shaped =
        body && typeof body === 'object' && 'message' in body
          ? (body as ApiErrorBody)
          : { error: 'http_error', message: `HTTP ${response.status}` };
      throw new ApiError(response.status, shaped);
    }
    return body as T;
  }

  get<T>(path: string) {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body: unknown, idempotencyKey?: string) {
    return this.request<T>('POST', path, { body, idempotencyKey });
  }

  /** A multipart upload (a file read lazily from disk). */
  upload<T>(path: string, form: FormData) {
    return this.request<T>('POST', path, { form, timeoutMs: UPLOAD_TIMEOUT_MS });
  }

  delete(path: string) {
    return this.request<null>('DELETE', path);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
