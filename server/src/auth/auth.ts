// Identity: accounts, passwords, sessions and API keys come from better-auth. Tenancy rules
// (organizations, roles, invitations) live in our own services because they must share our
// transactions and our three roles.
import { apiKey } from '@better-auth/api-key';
import { sso } from '@better-auth/sso';
import {
  type MailDeps,
  provisionSsoMember,
  resolveSsoSignIn,
  revokeTokensOnPasswordChange,
  sendPasswordResetMail,
  sendVerificationMail,
  TOKEN_DEFAULT_DAYS,
  TOKEN_MAX_DAYS,
} from '@proofwork/app';
import type { Locale } from '@proofwork/core';
import { configureSealing, type Database, schema } from '@proofwork/db';
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { twoFactor } from 'better-auth/plugins/two-factor';
import type { FastifyBaseLogger } from 'fastify';
import { uuidv7 } from 'uuidv7';
import type { Config } from '../config';
import { passwordHasher } from './passwords';

export const SESSION_COOKIE_PREFIX = 'proofwork';
export const API_TOKEN_PREFIX = 'pw_';
/** Used outside production when AUTH_SECRET is unset; config.ts refuses it in a public deployment. */
const DEV_SECRET = 'proofwork-development-secret-do-not-use-in-production';

export function publicUrl(config: Config): string {
  return (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/$/, '');
}

/** Links in verification and reset mails stay valid this long. */
export const VERIFY_EMAIL_SECONDS = 24 * 3600;
export const RESET_PASSWORD_SECONDS = 3600;

export function createAuth(config: Config, db: Database, log?: FastifyBaseLogger, mail?: MailDeps | null) {
  const baseURL = publicUrl(config);
  const secret = config.AUTH_SECRET ?? DEV_SECRET;
  // Single sign-on client secrets are sealed at rest with a key derived from this secret.
  configureSealing(secret);
  /**
   * Mail leaves in the background: the answer must not wait on the SMTP server, nor take longer for
   * an address that has an account than for one that has none.
   */
  const background = (what: string, send: () => Promise<unknown>) => {
    if (!mail) return;
    send().catch((err: unknown) => log?.error({ err }, `${what} mail could not be sent`));
  };
  type MailUser = { email: string; name: string; locale?: Locale | null };
  return betterAuth({
    appName: 'Proofwork',
    // Through our logger, so its errors meet the same redaction (a failed session query carries
    // the session token among its values).
    logger: {
      disabled: config.LOG_LEVEL === 'silent',
      level: 'warn',
      ...(log
        ? {
            log: (level: 'debug' | 'info' | 'warn' | 'error', message: string, ...args: unknown[]) => {
              const err = args.find((a) => a instanceof Error);
              log[level](err ? { err } : {}, `auth: ${message}`);
            },
          }
        : {}),
    },
    baseURL,
    basePath: '/api/auth',
    secret,
    // Internal identity providers the operator listed may be reached on private addresses.
    trustedOrigins: [baseURL, ...config.SSO_TRUSTED_ORIGINS],
    database: drizzleAdapter(db, {
      provider: 'pg',
      usePlural: true,
      // The SSO plugin decides who signs in inside one transaction with the account it writes.
      transaction: true,
      schema: {
        users: schema.users,
        sessions: schema.sessions,
        accounts: schema.accounts,
        verifications: schema.verifications,
        apikeys: schema.apikeys,
        twoFactors: schema.twoFactors,
        ssoProviders: schema.ssoProviders,
      },
    }),
    user: { additionalFields: { locale: { type: 'string', required: false, input: true } } },
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 8,
      maxPasswordLength: 128,
      autoSignIn: true,
      // The account works at once; what needs a verified address (accepting an invitation,
      // receiving mail) checks it.
      requireEmailVerification: false,
      resetPasswordTokenExpiresIn: RESET_PASSWORD_SECONDS,
      revokeSessionsOnPasswordReset: true,
      // The library's own hashing unless a test run asked for the cheap one.
      ...(config.PASSWORD_HASHING === 'standard' ? {} : { password: passwordHasher(config.PASSWORD_HASHING) }),
      sendResetPassword: async ({ user, token }) =>
        background('password reset', () => sendPasswordResetMail(mail!, user as MailUser, token)),
      // Whoever reset the password may not be the one holding the API tokens: they all stop.
      onPasswordReset: async ({ user }) => {
        await revokeTokensOnPasswordChange(db, user.id);
      },
    },
    emailVerification: {
      sendOnSignUp: true,
      autoSignInAfterVerification: false,
      expiresIn: VERIFY_EMAIL_SECONDS,
      sendVerificationEmail: async ({ user, token }) =>
        background('verification', () => sendVerificationMail(mail!, user as MailUser, token)),
    },
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
      twoFactor({
        issuer: 'Proofwork',
        // A person who signs in only through their company (no password) can still enrol.
        allowPasswordless: true,
        backupCodeOptions: { amount: 10, length: 10, storeBackupCodes: 'encrypted' },
      }),
      sso({
        // Connections are saved by our own service (plugins/auth.ts mounts only sign-in and callback).
        providersLimit: 0,
        resolveUser: (input) =>
          resolveSsoSignIn(db, {
            providerId: input.providerId,
            email: input.providerUser.email,
            accountId: input.accountKey.accountId,
          }),
        provisionUserOnEveryLogin: true,
        provisionUser: ({ user, provider }) =>
          provisionSsoMember(db, { providerId: provider.providerId, userId: user.id }),
        organizationProvisioning: { disabled: true },
      }),
      apiKey({
        defaultPrefix: API_TOKEN_PREFIX,
        enableMetadata: true,
        requireName: true,
        maximumNameLength: 80,
        rateLimit: { enabled: false },
        startingCharactersConfig: { shouldStore: true, charactersLength: 7 },
        // Tokens always expire; scopes and expiry are chosen by the token service.
        keyExpiration: { defaultExpiresIn: TOKEN_DEFAULT_DAYS * 86_400, minExpiresIn: 1, maxExpiresIn: TOKEN_MAX_DAYS },
      }),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;
