// Webhook signatures: HMAC-SHA256 over "<timestamp>.<body>", sent as
// `Proofwork-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>]` — one v1 per active secret, so a
// receiver keeps verifying while a rotated secret overlaps the new one. Receivers should refuse a
// timestamp older than a few minutes (replays) and de-duplicate by `Proofwork-Event-Id`.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'proofwork-signature';
export const EVENT_ID_HEADER = 'proofwork-event-id';
export const EVENT_TYPE_HEADER = 'proofwork-event';

const hmac = (secret: string, timestamp: number, body: string) =>
  createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

export function signatureHeader(secrets: readonly string[], timestamp: number, body: string): string {
  return [`t=${timestamp}`, ...secrets.map((s) => `v1=${hmac(s, timestamp, body)}`)].join(',');
}

/** What a receiver does: true when one v1 matches the secret and the timestamp is recent enough. */
export function verifySignature(
  header: string,
  secret: string,
  body: string,
  options: { now: number; toleranceSeconds?: number } = { now: Date.now() / 1000 },
): boolean {
  const parts = header.split(',').map((p) => p.split('=', 2) as [string, string]);
  const timestamp = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(timestamp)) return false;
  if (Math.abs(options.now - timestamp) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(hmac(secret, timestamp, body), 'hex');
  return parts.some(([k, v]) => {
    if (k !== 'v1' || !/^[0-9a-f]{64}$/.test(v)) return false;
    return timingSafeEqual(Buffer.from(v, 'hex'), expected);
  });
}
