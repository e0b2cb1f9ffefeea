// How passwords are hashed. In every deployment: the auth library's scrypt (N = 2^14, r = 16), about
// 0.17 s of CPU per sign-in, which is the point. Test runs sign in and up hundreds of times, and that
// work was a seventh of the integration tests' CPU; PASSWORD_HASHING=fast (refused by the configuration
// of a public deployment) uses the same scrypt with N = 2^10, sixteen times cheaper. A fast hash
// says so in its own prefix, which the standard hasher never matches: a database holding one lets
// nobody sign in with it on a standard server.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { hashPassword as standardHash, verifyPassword as standardVerify } from 'better-auth/crypto';

export const PASSWORD_HASHINGS = ['standard', 'fast'] as const;
export type PasswordHashing = (typeof PASSWORD_HASHINGS)[number];

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(input: { hash: string; password: string }): Promise<boolean>;
}

const FAST_PREFIX = 'scrypt-fast$';
const FAST = { N: 1024, r: 16, p: 1, maxmem: 128 * 1024 * 16 * 2 };

function fastKey(password: string, salt: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, 64, FAST, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

const standard: PasswordHasher = { hash: standardHash, verify: standardVerify };

const fast: PasswordHasher = {
  async hash(password) {
    const salt = randomBytes(16).toString('hex');
    return `${FAST_PREFIX}${salt}:${(await fastKey(password, salt)).toString('hex')}`;
  },
  async verify({ hash, password }) {
    // Hashes written by a standard hasher (a copied database) still verify, at their own cost.
    if (!hash.startsWith(FAST_PREFIX)) return standardVerify({ hash, password });
    const [salt, key] = hash.slice(FAST_PREFIX.length).split(':');
    if (!salt || !key) return false;
    const expected = Buffer.from(key, 'hex');
    const actual = await fastKey(password, salt);
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  },
};

export function passwordHasher(hashing: PasswordHashing): PasswordHasher {
  return hashing === 'fast' ? fast : standard;
}
