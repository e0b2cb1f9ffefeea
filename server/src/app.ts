// The app factory: used by `npm start` and by every test, so tests exercise the real stack.

import path from 'node:path';
import helmet from '@fastify/helmet';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { createMailer } from '@proofwork/app';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { publicUrl } from './auth/auth';
import type { AppDeps } from './context';
import { logSerializers } from './lib/log-redaction';
import { createValidatorCompiler, serializerCompiler } from './lib/validation';
import auth from './plugins/auth';
import contentTypes from './plugins/content-types';
import errors from './plugins/errors';
import limits from './plugins/limits';
import openapi from './plugins/openapi';
import pressure from './plugins/pressure';
import web from './plugins/web';
import healthRoutes from './routes/health.routes';
import meRoutes from './routes/me.routes';
import tenantRoutes, { TENANT_PREFIX } from './routes/organizations/index';
import shareRoutes from './routes/share.routes';
import unsubscribeRoutes from './routes/unsubscribe.routes';

export interface BuildOptions {
  logger?: FastifyServerOptions['logger'];
}

/**
 * A hop count trusts that many proxies in front (X-Forwarded-For is read from the right, and the
 * entries a client wrote itself are ignored). Fastify now refuses bare numbers, because a client
 * that reaches the app directly could then write the header itself: give a count only when every
 * request comes through the proxies (otherwise list their addresses).
 */
export function trustProxyOption(value: AppDeps['config']['TRUST_PROXY']): FastifyServerOptions['trustProxy'] {
  if (typeof value !== 'number') return value;
  if (value === 0) return false;
  return (_address: string, hop: number) => hop < value;
}

/** Logs never carry link secrets or a failed query's values, whoever configures the logger. */
function withRedaction(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return logger;
  const base = logger === true ? {} : logger;
  return { ...base, serializers: { ...(base.serializers ?? {}), ...logSerializers } };
}

export async function buildApp(deps: AppDeps, options: BuildOptions = {}) {
  const app = Fastify({
    logger: withRedaction(options.logger ?? { level: deps.config.LOG_LEVEL }),
    bodyLimit: deps.config.BODY_LIMIT,
    trustProxy: trustProxyOption(deps.config.TRUST_PROXY),
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
    // plugins/errors.ts answers requests that arrive while closing, in the API's error shape.
    return503OnClosing: false,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(createValidatorCompiler());
  app.setSerializerCompiler(serializerCompiler);
  if (deps.mail === undefined) {
    const mailer = createMailer({
      smtpUrl: deps.config.SMTP_URL,
      from: deps.config.MAIL_FROM,
      mailDir: deps.config.MAIL_DIR ?? path.join(deps.config.DATA_DIR, 'mail'),
      log: app.log,
    });
    app.addHook('onClose', async () => mailer.close());
    deps = { ...deps, mail: { mailer, publicUrl: publicUrl(deps.config) } };
  }
  app.decorate('deps', deps);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(errors);
  await app.register(contentTypes);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // The web app's own CSP meta tag pins its inline bootstrap script by hash.
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  // Before the routes and the auth hook, so a refused request costs no session lookup.
  await app.register(pressure);
  await app.register(openapi);
  await app.register(limits);
  await app.register(auth);
  await app.register(healthRoutes, { prefix: '/api/v1' });
  await app.register(meRoutes, { prefix: '/api/v1' });
  await app.register(shareRoutes, { prefix: '/api/v1' });
  await app.register(unsubscribeRoutes, { prefix: '/api/v1' });
  await app.register(tenantRoutes, { prefix: TENANT_PREFIX });
  await app.register(web);
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
