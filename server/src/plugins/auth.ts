// Authentication for every request: the auth library's routes under /api/auth, the caller's
// identity from the session cookie or a Bearer API token, CSRF protection for cookie-authenticated
// writes, and login throttling per IP and per account.
import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Locale } from '@proofwork/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import Type from 'typebox';
import { type Auth, createAuth, publicUrl } from '../auth/auth';
import { AttemptLimiter } from '../lib/attempt-limiter';
import { AppError, forbidden, unauthorized } from '../lib/errors';
import { ErrorResponses } from '../lib/schemas';

export interface Principal {
  userId: string;
  email: string;
  name: string;
  locale: Locale | null;
  via: 'session' | 'token';
  /** A token belongs to one organization; null for a session. */
  tokenOrganizationId: string | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    auth: Auth;
  }
  interface FastifyRequest {
    /** Resolved once per request; null when the caller is anonymous. */
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** Routes open to anonymous callers. */
    public?: boolean;
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

async function resolvePrincipal(auth: Auth, request: FastifyRequest): Promise<Principal | null> {
  const token = bearerToken(request);
  if (token !== null) {
    if (!token) throw unauthorized('Malformed Authorization header: use "Bearer <token>"');
    const result = await auth.api.verifyApiKey({ body: { key: token } }).catch(() => null);
    if (!result?.valid || !result.key) throw unauthorized('This API token is invalid or has been revoked');
    const metadata = (
      typeof result.key.metadata === 'string' ? JSON.parse(result.key.metadata) : result.key.metadata
    ) as {
      organizationId?: string;
    } | null;
    const user = await auth.$context.then((ctx) => ctx.internalAdapter.findUserById(result.key!.referenceId));
    if (!user || !metadata?.organizationId) throw unauthorized('This API token is invalid or has been revoked');
    return {
      userId: user.id,
      email: user.email,
      name: user.name,
      locale: ((user as { locale?: Locale | null }).locale ?? null) as Locale | null,
      via: 'token',
      tokenOrganizationId: metadata.organizationId,
    };
  }
  if (!request.headers.cookie) return null;
  const session = await auth.api.getSession({ headers: toHeaders(request) });
  if (!session) return null;
  return {
    userId: session.user.id,
    email: session.user.email,
    name: session.user.name,
    locale: ((session.user as { locale?: Locale | null }).locale ?? null) as Locale | null,
    via: 'session',
    tokenOrganizationId: null,
  };
}

/** Cookie-authenticated writes must come from our own pages (Origin check). */
function checkOrigin(request: FastifyRequest, allowed: string) {
  const origin = request.headers.origin;
  if (origin) {
    const sameHost = `${request.protocol}://${request.headers.host}`;
    if (origin !== allowed && origin !== sameHost) throw forbidden('Cross-site request refused');
    return;
  }
  const site = request.headers['sec-fetch-site'];
  if (site === 'same-origin' || site === 'none') return;
  throw forbidden('Cross-site request refused: send an Origin header, or use an API token');
}

/** Forwards one request to the auth library and reshapes its errors to our error model. */
async function forward(auth: Auth, baseUrl: string, request: FastifyRequest, reply: FastifyReply) {
  const init: RequestInit = { method: request.method, headers: toHeaders(request) };
  if (request.method !== 'GET' && request.body !== undefined) {
    init.body = JSON.stringify(request.body);
    (init.headers as Headers).set('content-type', 'application/json');
  }
  (init.headers as Headers).delete('content-length');
  // The onRequest hook accepted this origin (the public URL or the request's own host, e.g.
  // http://127.0.0.1:3000 beside http://localhost:3000): the library only knows the public one.
  if ((init.headers as Headers).has('origin')) (init.headers as Headers).set('origin', baseUrl);
  const response = await auth.handler(new Request(`${baseUrl}${request.url}`, init));
  for (const cookie of response.headers.getSetCookie()) reply.header('set-cookie', cookie);
  const text = await response.text();
  const body = text ? (JSON.parse(text) as Record<string, unknown>) : null;
  if (response.status >= 400) {
    const code = typeof body?.code === 'string' ? body.code.toLowerCase() : 'auth_failed';
    const message = typeof body?.message === 'string' ? body.message : 'Authentication failed';
    throw new AppError(response.status, code, message);
  }
  return reply.code(response.status).send(body);
}

const Email = Type.String({ format: 'email', maxLength: 254 });
const Password = Type.String({ minLength: 8, maxLength: 128 });

const authRoutes: FastifyPluginAsyncTypebox<{ auth: Auth; baseUrl: string }> = async (app, { auth, baseUrl }) => {
  const perIp = app.rateLimit({ max: 30, timeWindow: '5 minutes', keyGenerator: (req) => `ip:${req.ip}` });
  const accounts = new AttemptLimiter(10, 15 * 60_000);
  const perAccount = async (request: FastifyRequest, reply: FastifyReply) => {
    const email = String((request.body as { email?: string })?.email ?? '').toLowerCase();
    const wait = accounts.hit(email);
    if (wait > 0) {
      reply.header('retry-after', wait);
      throw new AppError(429, 'rate_limited', 'Too many sign-in attempts for this account; try again later');
    }
  };
  const common = { tags: ['me'], security: [], response: ErrorResponses };
  const send = (request: FastifyRequest, reply: FastifyReply) => forward(auth, baseUrl, request, reply);

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
    send,
  );
  app.post(
    '/sign-in/email',
    {
      config: { public: true },
      onRequest: perIp,
      preHandler: perAccount,
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
    send,
  );
  app.post(
    '/sign-out',
    { schema: { ...common, summary: 'Sign out (clears the session cookie)', body: Type.Optional(Type.Object({})) } },
    send,
  );
  app.get(
    '/get-session',
    { config: { public: true }, schema: { ...common, summary: 'The current session, or null' } },
    send,
  );
  app.post(
    '/change-password',
    {
      onRequest: perIp,
      schema: {
        ...common,
        summary: 'Change the password (other sessions can be revoked)',
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
    send,
  );
};

async function authPlugin(app: FastifyInstance) {
  const { config, db } = app.deps;
  const auth = createAuth(config, db);
  const baseUrl = publicUrl(config);
  app.decorate('auth', auth);
  app.decorateRequest('principal', null);
  await app.register(rateLimit, { global: false });

  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    request.principal = await resolvePrincipal(auth, request);
    if (request.principal?.via === 'session' && UNSAFE.has(request.method)) checkOrigin(request, baseUrl);
    // Sign-in and sign-up carry no cookie yet but set one: check their origin too.
    if (
      !request.principal &&
      UNSAFE.has(request.method) &&
      request.url.startsWith('/api/auth/') &&
      request.headers.origin
    ) {
      checkOrigin(request, baseUrl);
    }
    const routed = request.routeOptions.url !== undefined;
    if (!request.principal && routed && request.url.startsWith('/api/v1/') && !request.routeOptions.config?.public) {
      throw unauthorized();
    }
  });

  await app.register(authRoutes, { prefix: '/api/auth', auth, baseUrl });
}

export default fp(authPlugin, { name: 'auth', dependencies: ['errors'] });
