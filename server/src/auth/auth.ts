// Identity: accounts, passwords, sessions and API keys come from better-auth. Tenancy rules
// (organizations, roles, invitations) live in our own services because they must share our
// transactions and our three roles.
import { apiKey } from '@better-auth/api-key';
import { type Database, schema } from '@proofwork/db';
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { uuidv7 } from 'uuidv7';
import type { Config } from '../config';

export const SESSION_COOKIE_PREFIX = 'proofwork';
export const API_TOKEN_PREFIX = 'pw_';
const DEV_SECRET = 'proofwork-development-secret-do-not-use-in-production';

export function publicUrl(config: Config): string {
  return (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/$/, '');
}

export function createAuth(config: Config, db: Database) {
  const baseURL = publicUrl(config);
  return betterAuth({
    appName: 'Proofwork',
    logger: { disabled: config.LOG_LEVEL === 'silent' },
    baseURL,
    basePath: '/api/auth',
    secret: config.AUTH_SECRET ?? DEV_SECRET,
    trustedOrigins: [baseURL],
    database: drizzleAdapter(db, {
      provider: 'pg',
      usePlural: true,
      schema: {
        users: schema.users,
        sessions: schema.sessions,
        accounts: schema.accounts,
        verifications: schema.verifications,
        apikeys: schema.apikeys,
      },
    }),
    user: { additionalFields: { locale: { type: 'string', required: false, input: true } } },
    emailAndPassword: { enabled: true, minPasswordLength: 8, maxPasswordLength: 128, autoSignIn: true },
    session: { expiresIn: 60 * 60 * 24 * 30, updateAge: 60 * 60 * 24 },
    // Login throttling is ours (per IP and per account, see plugins/auth.ts).
    rateLimit: { enabled: false },
    advanced: {
      cookiePrefix: SESSION_COOKIE_PREFIX,
      useSecureCookies: baseURL.startsWith('https://'),
      defaultCookieAttributes: { sameSite: 'lax', httpOnly: true },
      database: { generateId: () => uuidv7() },
      // The library skips its origin check under a test runner; keep it on so tests see what
      // production does (plugins/auth.ts vets the origin first and forwards the public one).
      disableOriginCheck: false,
    },
    plugins: [
      apiKey({
        defaultPrefix: API_TOKEN_PREFIX,
        enableMetadata: true,
        requireName: true,
        maximumNameLength: 80,
        rateLimit: { enabled: false },
        startingCharactersConfig: { shouldStore: true, charactersLength: 7 },
      }),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;
