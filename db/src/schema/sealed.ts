// A text column encrypted at rest (AES-256-GCM), for secrets the application must read back, such
// as an organization's single sign-on client secret: a dump of the database, or of its backups,
// does not show them. The key is derived from the server's AUTH_SECRET (`configureSealing`, called
// when the auth setup is built); each value names the key that sealed it, so a process that knows
// several (tests, a secret rotation) opens each with its own.
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { customType } from 'drizzle-orm/pg-core';

const VERSION = 'v1';
const keys = new Map<string, Buffer>();
let current: string | null = null;

/** Derives the sealing key from the server secret and makes it the one new values are sealed with. */
export function configureSealing(secret: string) {
  const key = Buffer.from(hkdfSync('sha256', secret, 'proofwork', 'sealed-column-v1', 32));
  const keyId = createHash('sha256').update(key).digest('base64url').slice(0, 8);
  keys.set(keyId, key);
  current = keyId;
}

export function seal(plain: string): string {
  if (!current) throw new Error('Sealed columns need a key: configureSealing() was not called');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.get(current)!, iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [
    VERSION,
    current,
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    data.toString('base64url'),
  ].join('.');
}

export function unseal(stored: string): string {
  const [version, keyId, iv, tag, data] = stored.split('.');
  if (version !== VERSION || !keyId || !iv || !tag || data === undefined) throw new Error('Not a sealed value');
  const key = keys.get(keyId);
  if (!key) throw new Error('This value was sealed with another AUTH_SECRET');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}

/** `text` in PostgreSQL, plain text in the application. */
export const sealedText = customType<{ data: string; driverData: string }>({
  dataType: () => 'text',
  toDriver: (value) => seal(value),
  fromDriver: (value) => unseal(value),
});
