// The app factory: used by `npm start` and by every test, so tests exercise the real stack.
import helmet from '@fastify/helmet';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyServerOptions } from 'fastify';
import type { AppDeps } from './context';
import { createValidatorCompiler } from './lib/validation';
import auth from './plugins/auth';
import errors from './plugins/errors';
import openapi from './plugins/openapi';
import web from './plugins/web';
import healthRoutes from './routes/health.routes';
import meRoutes from './routes/me.routes';
import tenantRoutes, { TENANT_PREFIX } from './routes/organizations/index';
import shareRoutes from './routes/share.routes';

export interface BuildOptions {
  logger?: FastifyServerOptions['logger'];
}

export async function buildApp(deps: AppDeps, options: BuildOptions = {}) {
  const app = Fastify({
    logger: options.logger ?? { level: deps.config.LOG_LEVEL },
    bodyLimit: deps.config.BODY_LIMIT,
    trustProxy: deps.config.TRUST_PROXY,
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
    return503OnClosing: true,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(createValidatorCompiler());
  app.decorate('deps', deps);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(errors);
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
  await app.register(openapi);
  await app.register(auth);
  await app.register(healthRoutes, { prefix: '/api/v1' });
  await app.register(meRoutes, { prefix: '/api/v1' });
  await app.register(shareRoutes, { prefix: '/api/v1' });
  await app.register(tenantRoutes, { prefix: TENANT_PREFIX });
  await app.register(web);
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
