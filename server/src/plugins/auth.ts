// Authentication for every API route: the auth library's routes under /api/auth, the caller's
// identity from the session cookie or a Bearer API token, CSRF protection for cookie-authenticated
// writes, the token scope each route needs, and sign-in throttling.
//
// Every decision is made on the route the request reached (its config), never on the raw URL, so
// an encoded path such as /%61pi/v1/me meets the same checks as /api/v1/me. Every route under
// /api/ must say who may call it: `config.public`, or `config.scope` (what a token needs; a
// session may do what its role allows). A route that says neither stops the server at start.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  type Access,
  assertAccess,
  revokeTokensOnPasswordChange,
  type TokenScope,
  tokenGrant,
  unauthorized,
} from '@proofwork/app';
import type { Locale } from '@proofwork/core';
import { recordTokenAddress } from '@proofwork/db';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import Type from 'typebox';
import { type Auth, createAuth, publicUrl } from '../auth/auth';
import { passwordHasher } from '../auth/passwords';
import { AuthCache } from '../lib/auth-cache';
import { AppError, databaseUnavailable } from '../lib/errors';
import { ErrorResponses } from '../lib/schemas';

export interface Principal {
  userId: string;
  email: string;
  name: string;
  locale: Locale | null;
  via: 'session' | 'token';
  /** A token belongs to one organization; null for a session. */
  tokenOrganizationId: string | null;
  tokenId: string | null;
  /** What a token may do; a session is limited by its role only. */
  scopes: readonly TokenScope[];
  /** Whether the account signs in with a second factor (an organization may require it). */
  twoFactorEnabled: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    auth: Auth;
    /** Sessions and memberships kept for a few seconds, dropped on any change (lib/auth-cache.ts). */
    authCache: AuthCache;
  }
  interface FastifyRequest {
    /** Resolved once per request; null when the caller is anonymous. */
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** Routes open to anonymous callers. */
    public?: boolean;
    /** What an API token needs to call this route ('session': tokens never may). */
    scope?: Access;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function toHeaders(request: FastifyRequest): Headers {
  const headers = new Headers();
  for (const [key, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    else headers.set(key, String(value));
  }
  return headers;
}

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1]! : '';
}

const revoked = () => unauthorized('This API token is invalid, expired or revoked');

async function resolvePrincipal(app: FastifyInstance, request: FastifyRequest): Promise<Principal | null> {
  const auth = app.auth;
  const token = bearerToken(request);
  if (token !== null) {
    if (!token) throw unauthorized('Malformed Authorization header: use "Bearer <token>"');
    const result = await auth.api.verifyApiKey({ body: { key: token } }).catch(() => null);
    if (!result?.valid || !result.key) {
      // The library reports a failed lookup as an invalid key: a database that does not answer
      // is an outage (503), and must not tell a script to throw a good token away.
      if (!(await request.server.databaseAnswers())) throw databaseUnavailable();
      throw revoked();
    }
    const grant = tokenGrant(result.key);
    if (!grant) throw revoked();
    const user = await auth.$context.then((ctx) => ctx.internalAdapter.findUserById(result.key!.referenceId));
    if (!user) throw revoked();
    await recordTokenAddress(app.deps.db, result.key.id, request.ip);
    return {
      userId: user.id,
      email: user.email,
      name: user.name,
      locale: ((user as { locale?: Locale | null }).locale ?? null) as Locale | null,
      via: 'token',
      tokenOrganizationId: grant.organizationId,
      tokenId: result.key.id,
      scopes: grant.scopes,
      twoFactorEnabled: Boolean((user as { twoFactorEnabled?: boolean | null }).twoFactorEnabled),
    };
  }
  const cookie = request.headers.cookie;
  if (!cookie) return null;
  // The session is a function of the cookies sent: the whole header is the key.
  return app.authCache.read<Principal>(app.authCache.sessions, cookie, async () => {
    const session = await auth.api.getSession({ headers: toHeaders(request) });
    if (!session) return null;
    const principal: Principal = {
      userId: session.user.id,
      email: session.user.email,
      name: session.user.name,
      locale: ((session.user as { locale?: Locale | null }).locale ?? null) as Locale | null,
      via: 'session',
      tokenOrganizationId: null,
      tokenId: null,
      scopes: [],
      twoFactorEnabled: Boolean((session.user as { twoFactorEnabled?: boolean | null }).twoFactorEnabled),
    };
    return {
      value: principal,
      tags: [`u:${session.user.id}`],
      until: new Date(session.session.expiresAt).getTime(),
    };
  });
}

/** Cookie-authenticated writes must come from our own pages (Origin check). */
function checkOrigin(request: FastifyRequest, allowed: string) {
  const origin = request.headers.origin;
  if (origin) {
    const sameHost = `${request.protocol}://${request.headers.host}`;
    if (origin !== allowed && origin !== sameHost) throw new AppError(403, 'forbidden', 'Cross-site request refused');
    return;
  }
  const site = request.headers['sec-fetch-site'];
  if (site === 'same-origin' || site === 'none') return;
  throw new AppError(403, 'forbidden', 'Cross-site request refused: send an Origin header, or use an API token');
}

/** The session travels in its httpOnly cookie only: JSON never carries it, so no script can read it. */
function withoutSessionToken(body: Record<string, unknown> | null) {
  if (!body) return body;
  const { token: _token, ...rest } = body;
  const session = rest.session as Record<string, unknown> | null | undefined;
  if (session && typeof session === 'object') {
    const { token: _sessionToken, ...safe } = session;
    rest.session = safe;
  }
  return rest;
}

/** The auth library's answer to one request: status, cookies to pass on, JSON body. */
async function callAuth(auth: Auth, baseUrl: string, request: FastifyRequest, payload: unknown = request.body) {
  const init: RequestInit = { method: request.method, headers: toHeaders(request) };
  if (request.method !== 'GET' && payload !== undefined) {
    init.body = JSON.stringify(payload);
    (init.headers as Headers).set('content-type', 'application/json');
  }
  (init.headers as Headers).delete('content-length');
  // The onRequest hook accepted this origin (the public URL or the request's own host, e.g.
  // http://127.0.0.1:3000 beside http://localhost:3000): the library only knows the public one.
  if ((init.headers as Headers).has('origin')) (init.headers as Headers).set('origin', baseUrl);
  const response = await auth.handler(new Request(`${baseUrl}${request.url}`, init));
  const text = await response.text();
  let answer: Record<string, unknown> | null = null;
  try {
    answer = text ? (JSON.parse(text) as Record<string, unknown>) : null;
  } catch {
    answer = null;
  }
  return {
    status: response.status,
    cookies: response.headers.getSetCookie(),
    body: answer,
    location: response.headers.get('location'),
  };
}

type AuthAnswer = Awaited<ReturnType<typeof callAuth>>;

function authError({ status, body }: AuthAnswer): AppError {
  const code = typeof body?.code === 'string' ? body.code.toLowerCase() : 'auth_failed';
  const message = typeof body?.message === 'string' ? body.message : 'Authentication failed';
  return new AppError(status, code, message);
}

/** Sends the library's answer in our shapes: errors as { error, message, details }, no session token. */
function reply(answer: AuthAnswer, response: FastifyReply) {
  for (const cookie of answer.cookies) response.header('set-cookie', cookie);
  if (answer.status >= 400) throw authError(answer);
  return response.code(answer.status).send(withoutSessionToken(answer.body));
}

/**
 * Sign-up must not tell whether an address has an account. The library answers "user already
 * exists"; we answer the same code and words as any other refusal to create an account, after
 * hashing the password as a real sign-up would, so the time taken does not tell either.
 */
const SIGN_UP_REFUSALS = new Set([
  'USER_ALREADY_EXISTS',
  'USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL',
  'FAILED_TO_CREATE_USER',
]);
const signUpRefused = () =>
  new AppError(
    422,
    'sign_up_failed',
    'This account could not be created. If you already have an account with this address, sign in instead.',
  );

const Email = Type.String({ format: 'email', maxLength: 254 });
const Password = Type.String({ minLength: 8, maxLength: 128 });

const authRoutes: FastifyPluginAsyncTypebox<{ baseUrl: string }> = async (app, { baseUrl }) => {
  const auth = app.auth;
  // Account creation and password changes: 30 per 5 minutes per address. Sign-in counts its
  // failures instead (the back-off below), with a looser guard against floods of attempts (each
  // costs a password hash), so an office behind one address is never refused for signing in.
  const perIp = app.rateLimit({ max: 30, timeWindow: '5 minutes', keyGenerator: (req) => `auth:${req.ip}` });
  const signInFlood = app.rateLimit({
    max: 120,
    timeWindow: '5 minutes',
    keyGenerator: (req) => `signin:${req.ip}`,
  });
  const backoff = app.limits.signIn;
  const common = { tags: ['me'], security: [], response: ErrorResponses };
  const tooManyFailures = (reply: FastifyReply, wait: number) => {
    reply.header('retry-after', wait);
    return new AppError(
      429,
      'rate_limited',
      `Too many failed sign-ins for this account: try again in ${wait} second${wait === 1 ? '' : 's'}`,
    );
  };

  app.post(
    '/sign-up/email',
    {
      config: { public: true },
      onRequest: perIp,
      schema: {
        ...common,
        summary: 'Create an account with e-mail and password (signs in)',
        body: Type.Object(
          {
            email: Email,
            password: Password,
            name: Type.String({ minLength: 1, maxLength: 120 }),
            locale: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('fr')])),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, response) => {
      const answer = await callAuth(auth, baseUrl, request);
      if (answer.status >= 400 && SIGN_UP_REFUSALS.has(String(answer.body?.code))) {
        if (answer.body?.code !== 'FAILED_TO_CREATE_USER') {
          await passwordHasher(app.deps.config.PASSWORD_HASHING).hash(request.body.password);
        }
        throw signUpRefused();
      }
      return reply(answer, response);
    },
  );

  app.post(
    '/sign-in/email',
    {
      config: { public: true },
      onRequest: signInFlood,
      schema: {
        ...common,
        summary: 'Sign in with e-mail and password (sets the session cookie)',
        body: Type.Object(
          {
            email: Email,
            password: Type.String({ minLength: 1, maxLength: 128 }),
            rememberMe: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, response) => {
      const { email } = request.body;
      const wait = await backoff.wait(email, request.ip);
      if (wait > 0) throw tooManyFailures(response, wait);
      const answer = await callAuth(auth, baseUrl, request);
      if (answer.status === 401) await backoff.failed(email, request.ip);
      else if (answer.status < 400) await backoff.succeeded(email, request.ip);
      return reply(answer, response);
    },
  );

  app.post(
    '/sign-out',
    {
      config: { scope: 'session' },
      schema: { ...common, summary: 'Sign out (clears the session cookie)', body: Type.Optional(Type.Object({})) },
    },
    async (request, response) => reply(await callAuth(auth, baseUrl, request), response),
  );

  app.get(
    '/get-session',
    { config: { public: true }, schema: { ...common, summary: 'The current session, or null' } },
    async (request, response) => reply(await callAuth(auth, baseUrl, request), response),
  );

  app.post(
    '/change-password',
    {
      config: { scope: 'session' },
      onRequest: perIp,
      schema: {
        ...common,
        summary: 'Change the password; every API token of the account is revoked (other sessions can be too)',
        body: Type.Object(
          {
            currentPassword: Type.String({ minLength: 1, maxLength: 128 }),
            newPassword: Password,
            revokeOtherSessions: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, response) => {
      const { email, userId } = request.principal!;
      // A stolen session must not become a way to guess the password either.
      const wait = await backoff.wait(email, request.ip);
      if (wait > 0) throw tooManyFailures(response, wait);
      const answer = await callAuth(auth, baseUrl, request);
      if (answer.status === 400 && answer.body?.code === 'INVALID_PASSWORD') await backoff.failed(email, request.ip);
      if (answer.status < 400) await revokeTokensOnPasswordChange(app.deps.db, userId);
      return reply(answer, response);
    },
  );

  await app.register(ssoAuthRoutes, { baseUrl, perIp, signInFlood });
  await app.register(twoFactorRoutes, { baseUrl, perIp });
};

type Limiter = ReturnType<FastifyInstance['rateLimit']>;

/**
 * "Sign in with your company": the address's domain names the organization's connection; the
 * answer is the identity provider's address to send the browser to. The provider sends the browser
 * back to the callback, which sets the session and leads to the page asked for (or, on a refusal,
 * to the sign-in page with the reason in `?error=`).
 */
const ssoAuthRoutes: FastifyPluginAsyncTypebox<{ baseUrl: string; perIp: Limiter; signInFlood: Limiter }> = async (
  app,
  { baseUrl, signInFlood },
) => {
  const auth = app.auth;
  const common = { tags: ['me'], security: [], response: ErrorResponses };
  app.post(
    '/sign-in/sso',
    {
      config: { public: true },
      onRequest: signInFlood,
      schema: {
        ...common,
        summary: "Sign in through the identity provider of the address's organization (single sign-on)",
        body: Type.Object(
          {
            email: Email,
            next: Type.Optional(
              Type.String({
                maxLength: 500,
                pattern: '^/(?![/\\\\])',
                description: 'A path of this site to open after signing in',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ url: Type.String({ description: "The identity provider's sign-in page" }) }),
          ...ErrorResponses,
        },
      },
    },
    async (request, response) => {
      const { email, next } = request.body;
      const answer = await callAuth(auth, baseUrl, request, {
        email,
        providerType: 'oidc',
        callbackURL: `${baseUrl}${next ?? '/'}`,
        errorCallbackURL: `${baseUrl}/sign-in`,
      });
      if (answer.status === 404) {
        throw new AppError(404, 'sso_not_configured', 'No organization signs in with this e-mail domain');
      }
      if (answer.status >= 400 || typeof answer.body?.url !== 'string') throw authError(answer);
      // The state cookie ties the provider's answer to this browser.
      for (const cookie of answer.cookies) response.header('set-cookie', cookie);
      return { url: answer.body.url };
    },
  );

  app.get(
    '/sso/callback/:providerId',
    {
      config: { public: true },
      schema: {
        ...common,
        summary: 'Where the identity provider sends the browser back (sets the session cookie, then redirects)',
        params: Type.Object({ providerId: Type.String({ minLength: 1, maxLength: 100 }) }),
        querystring: Type.Object(
          {
            code: Type.Optional(Type.String({ maxLength: 2048 })),
            state: Type.Optional(Type.String({ maxLength: 2048 })),
            error: Type.Optional(Type.String({ maxLength: 200 })),
            error_description: Type.Optional(Type.String({ maxLength: 1000 })),
          },
          { additionalProperties: true },
        ),
        response: { 302: Type.Null(), ...ErrorResponses },
      },
    },
    async (request, response) => {
      const answer = await callAuth(auth, baseUrl, request);
      for (const cookie of answer.cookies) response.header('set-cookie', cookie);
      const location = answer.location;
      // Only ever to this site: the library builds it from our own callback addresses.
      const safe = location && (location.startsWith(`${baseUrl}/`) || location === baseUrl) ? location : null;
      if (answer.status >= 300 && answer.status < 400 && safe) return response.redirect(safe, 302);
      const code = typeof answer.body?.code === 'string' ? answer.body.code.toLowerCase() : 'sso_failed';
      return response.redirect(`${baseUrl}/sign-in?error=${encodeURIComponent(code)}`, 302);
    },
  );
};

const TotpCode = Type.String({ pattern: '^[0-9]{6}$', description: 'The 6 digits the authenticator app shows' });
const OptionalPassword = Type.Optional(
  Type.String({ minLength: 1, maxLength: 128, description: 'Required when the account has a password' }),
);

/**
 * Two-factor authentication (TOTP with recovery codes) from the auth library's plugin. Enrolment,
 * recovery codes and turning it off need the session (and the password, when the account has one);
 * the two verification routes also finish a sign-in that asked for a code (the library's short-lived
 * challenge cookie), so they are open, and share a per-address limit on top of the library's own
 * lock after five wrong codes.
 */
const twoFactorRoutes: FastifyPluginAsyncTypebox<{ baseUrl: string; perIp: Limiter }> = async (
  app,
  { baseUrl, perIp },
) => {
  const auth = app.auth;
  const backoff = app.limits.signIn;
  const common = { tags: ['me'], security: [], response: ErrorResponses };
  const codeTries = app.rateLimit({
    max: 30,
    timeWindow: '5 minutes',
    keyGenerator: (req) => `2fa:${req.ip}`,
  });
  const PasswordBody = Type.Object({ password: OptionalPassword }, { additionalProperties: false });

  /** A wrong password counts toward the sign-in back-off, like a change of password. */
  const withPassword = async (request: FastifyRequest, response: FastifyReply) => {
    const { email } = request.principal!;
    const wait = await backoff.wait(email, request.ip);
    if (wait > 0) {
      response.header('retry-after', wait);
      throw new AppError(429, 'rate_limited', `Too many wrong passwords: try again in ${wait} s`);
    }
    const answer = await callAuth(auth, baseUrl, request);
    if (answer.status === 400 && answer.body?.code === 'INVALID_PASSWORD') await backoff.failed(email, request.ip);
    return answer;
  };

  app.post(
    '/two-factor/enable',
    {
      config: { scope: 'session' },
      onRequest: perIp,
      schema: {
        ...common,
        summary: 'Start two-factor enrolment: a TOTP secret (as an otpauth URI) and recovery codes, shown once',
        description: 'Two-factor authentication is on once a first code is confirmed with /two-factor/verify-totp.',
        body: PasswordBody,
        response: {
          200: Type.Object({ totpURI: Type.String(), backupCodes: Type.Array(Type.String()) }),
          ...ErrorResponses,
        },
      },
    },
    async (request, response) => {
      const answer = await withPassword(request, response);
      if (answer.status >= 400) return reply(answer, response);
      for (const cookie of answer.cookies) response.header('set-cookie', cookie);
      return { totpURI: String(answer.body?.totpURI), backupCodes: answer.body?.backupCodes as string[] };
    },
  );

  app.post(
    '/two-factor/verify-totp',
    {
      config: { public: true },
      onRequest: codeTries,
      schema: {
        ...common,
        summary: 'Confirm a TOTP code: finishes enrolment, or a sign-in that asked for a code',
        body: Type.Object({ code: TotpCode }, { additionalProperties: false }),
      },
    },
    async (request, response) => reply(await callAuth(auth, baseUrl, request), response),
  );

  app.post(
    '/two-factor/verify-backup-code',
    {
      config: { public: true },
      onRequest: codeTries,
      schema: {
        ...common,
        summary: 'Finish a sign-in with a recovery code (each works once)',
        body: Type.Object(
          { code: Type.String({ minLength: 1, maxLength: 64, description: 'One of the recovery codes' }) },
          { additionalProperties: false },
        ),
      },
    },
    async (request, response) => reply(await callAuth(auth, baseUrl, request), response),
  );

  app.post(
    '/two-factor/generate-backup-codes',
    {
      config: { scope: 'session' },
      onRequest: perIp,
      schema: {
        ...common,
        summary: 'Replace the recovery codes (the old ones stop working); the new ones are shown once',
        body: PasswordBody,
        response: { 200: Type.Object({ backupCodes: Type.Array(Type.String()) }), ...ErrorResponses },
      },
    },
    async (request, response) => {
      const answer = await withPassword(request, response);
      if (answer.status >= 400) return reply(answer, response);
      return { backupCodes: answer.body?.backupCodes as string[] };
    },
  );

  app.post(
    '/two-factor/disable',
    {
      config: { scope: 'session' },
      onRequest: perIp,
      schema: { ...common, summary: 'Turn two-factor authentication off', body: PasswordBody },
    },
    async (request, response) => reply(await withPassword(request, response), response),
  );
};

/**
 * Addresses and passwords by mail: confirming the address (sent at sign-up, again on request) and
 * resetting a forgotten password. The links land on the web app's pages, which call these.
 */
const mailRoutes: FastifyPluginAsyncTypebox<{ baseUrl: string }> = async (app, { baseUrl }) => {
  const auth = app.auth;
  // Asking for a mail: a few per address (each costs a message). Trying a link's secret: a few more.
  const perIp = app.rateLimit({ max: 10, timeWindow: '10 minutes', keyGenerator: (req) => `auth-mail:${req.ip}` });
  const secretTries = app.rateLimit({
    max: 30,
    timeWindow: '10 minutes',
    keyGenerator: (req) => `auth-secret:${req.ip}`,
  });
  const common = { tags: ['me'], response: ErrorResponses };
  const Status = Type.Object({ status: Type.Boolean() });

  app.post(
    '/send-verification-email',
    {
      config: { scope: 'session' },
      onRequest: perIp,
      schema: {
        ...common,
        summary: 'Mail the signed-in user a new link to confirm their address',
        body: Type.Optional(Type.Object({}, { additionalProperties: false })),
        response: { 200: Status, ...ErrorResponses },
      },
    },
    async (request, response) => {
      const answer = await callAuth(auth, baseUrl, request, { email: request.principal!.email });
      if (answer.body?.code === 'EMAIL_ALREADY_VERIFIED')
        throw new AppError(409, 'email_already_verified', 'This address is already confirmed');
      return reply(answer, response);
    },
  );

  app.get(
    '/verify-email',
    {
      config: { public: true },
      onRequest: secretTries,
      schema: {
        ...common,
        security: [],
        summary: 'Confirm an address with the secret of the mailed link',
        querystring: Type.Object(
          { token: Type.String({ minLength: 1, maxLength: 2000 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ status: Type.Boolean() }, { additionalProperties: true }), ...ErrorResponses },
      },
    },
    async (request, response) => {
      response.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      const answer = await callAuth(auth, baseUrl, request);
      if (answer.status >= 400)
        throw new AppError(400, 'invalid_token', 'This link is invalid or has expired: ask for a new one');
      return reply(answer, response);
    },
  );

  app.post(
    '/request-password-reset',
    {
      config: { public: true },
      onRequest: perIp,
      schema: {
        ...common,
        security: [],
        summary: 'Mail a link to choose a new password (the same answer whether the address has an account or not)',
        body: Type.Object({ email: Email }, { additionalProperties: false }),
        response: { 200: Type.Object({ status: Type.Boolean(), message: Type.String() }), ...ErrorResponses },
      },
    },
    async (request, response) => reply(await callAuth(auth, baseUrl, request, { email: request.body.email }), response),
  );

  app.post(
    '/reset-password',
    {
      config: { public: true },
      onRequest: secretTries,
      schema: {
        ...common,
        security: [],
        summary:
          'Choose a new password with the secret of the mailed link; every session and API token of the account stops',
        body: Type.Object(
          { token: Type.String({ minLength: 1, maxLength: 200 }), newPassword: Password },
          { additionalProperties: false },
        ),
        response: { 200: Status, ...ErrorResponses },
      },
    },
    async (request, response) => {
      const answer = await callAuth(auth, baseUrl, request);
      if (answer.status >= 400 && answer.body?.code === 'INVALID_TOKEN') {
        throw new AppError(400, 'invalid_token', 'This link is invalid, used or expired: ask for a new one');
      }
      return reply(answer, response);
    },
  );
};

/** A route under /api/ that names no access rule is a mistake: refuse to start with it. */
function requireAccessRule(route: { url: string; method: string | string[]; config?: unknown }) {
  if (!route.url.startsWith('/api/')) return;
  const config = (route.config ?? {}) as { public?: boolean; scope?: Access };
  if (!config.public && config.scope === undefined) {
    throw new Error(
      `${String(route.method)} ${route.url} declares no access rule: set config.scope ('read', 'entries:write', 'manage' or 'session') or config.public`,
    );
  }
}

async function authPlugin(app: FastifyInstance) {
  const { config, db } = app.deps;
  const auth = createAuth(config, db, app.log, app.deps.mail);
  const baseUrl = publicUrl(config);
  app.decorate('auth', auth);
  const authCache = new AuthCache({ ttlMs: config.AUTH_CACHE_SECONDS * 1000 });
  app.decorate('authCache', authCache);
  await authCache.listen(db).catch((error) => {
    // Without its notifications the cache keeps nothing: every request asks the database.
    app.log.warn({ err: error }, 'auth cache: could not listen for changes; sessions are not cached');
  });
  app.addHook('onClose', () => authCache.close());
  // This process does not wait for its own notification: a sign-out, a new password, a role or an
  // organization changed here are forgotten before the answer leaves, so the next request sees them.
  app.addHook('onSend', async (request, _reply, payload) => {
    const { scope } = request.routeOptions.config as { scope?: Access };
    if (UNSAFE.has(request.method) && (scope === 'manage' || scope === 'session')) {
      if (request.principal) authCache.changed(`u:${request.principal.userId}`);
      const { orgId } = (request.params ?? {}) as { orgId?: string };
      if (orgId) authCache.changed(`o:${orgId}`);
    }
    return payload;
  });
  app.decorateRequest('principal', null);
  app.addHook('onRoute', requireAccessRule);

  app.addHook('onRequest', async (request) => {
    const route = request.routeOptions;
    const access = route.config as { public?: boolean; scope?: Access };
    // Only API routes: web pages, static files and unknown URLs carry no identity.
    if (route.url === undefined || !(access.public || access.scope !== undefined)) return;
    const unsafe = UNSAFE.has(request.method);
    if (access.public) {
      // Sign-in and sign-up carry no session yet but set one: a page elsewhere must not do it.
      if (unsafe && request.headers.origin) checkOrigin(request, baseUrl);
      return;
    }
    const principal = await resolvePrincipal(app, request);
    request.principal = principal;
    if (!principal) throw unauthorized();
    if (principal.via === 'session' && unsafe) checkOrigin(request, baseUrl);
    assertAccess(principal, access.scope!);
  });

  await app.register(authRoutes, { prefix: '/api/auth', baseUrl });
  await app.register(mailRoutes, { prefix: '/api/auth', baseUrl });
}

export default fp(authPlugin, { name: 'auth', dependencies: ['errors', 'limits'] });
