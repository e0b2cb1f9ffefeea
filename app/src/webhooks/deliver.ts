// One POST of a webhook: connected through the address guard, no redirects followed (a 3xx is a
// failure like any non-2xx), a bounded wait and a bounded read of the answer.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { guardedLookup, isPublicAddress, RefusedAddressError, type TargetPolicy } from './ssrf';

export interface DeliveryAttempt {
  ok: boolean;
  statusCode: number | null;
  latencyMs: number;
  /** Why it failed, in a line an operator can read (never the response body). */
  error: string | null;
}

const TIMEOUT_MS = 10_000;
const USER_AGENT = 'Proofwork-Webhooks/1';

export function postWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
  policy: TargetPolicy,
  options: { timeoutMs?: number } = {},
): Promise<DeliveryAttempt> {
  const started = performance.now();
  const target = new URL(url);
  // A literal address never goes through the lookup: check it here.
  const literal = target.hostname.replace(/^\[|\]$/g, '');
  if (isIP(literal) && !policy.allowPrivate && !isPublicAddress(literal)) {
    return Promise.resolve({
      ok: false,
      statusCode: null,
      latencyMs: 0,
      error: `refused: ${literal} is a private or reserved address`,
    });
  }
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (statusCode: number | null, error: string | null) => {
      if (settled) return;
      settled = true;
      const ok = error === null && statusCode !== null && statusCode >= 200 && statusCode < 300;
      resolve({
        ok,
        statusCode,
        latencyMs: Math.round(performance.now() - started),
        error: ok ? null : (error ?? `HTTP ${statusCode}`),
      });
    };
    const req = send(
      target,
      {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': USER_AGENT,
        },
        lookup: guardedLookup(policy) as never,
        timeout: options.timeoutMs ?? TIMEOUT_MS,
      },
      (res) => {
        // The answer's body is not needed; read a little and drop the rest.
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > 64 * 1024) res.destroy();
        });
        res.on('end', () => finish(res.statusCode ?? null, null));
        res.on('close', () => finish(res.statusCode ?? null, null));
        res.on('error', () => finish(res.statusCode ?? null, null));
      },
    );
    req.on('timeout', () => {
      req.destroy();
      finish(null, `no answer within ${Math.round((options.timeoutMs ?? TIMEOUT_MS) / 1000)} s`);
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error instanceof RefusedAddressError || error.code === 'ERR_REFUSED_ADDRESS') {
        finish(null, `refused: ${error.message} (a private or reserved address)`);
      } else finish(null, `${error.code ?? 'error'}: ${error.message}`);
    });
    req.end(body);
  });
}
