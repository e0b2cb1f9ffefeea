// Link secrets (share links, invitations): 32 random bytes in base64url, shown once; only their
// SHA-256 is stored, so a database dump opens nothing.
import { createHash, randomBytes } from 'node:crypto';

export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** A new secret and the hash to store. */
export function newSecret(): { secret: string; hash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { secret, hash: hashSecret(secret) };
}

/** The shape of a secret made here (43 base64url characters); anything else is not worth a lookup. */
export const looksLikeSecret = (value: string) => /^[A-Za-z0-9_-]{43}$/.test(value);
