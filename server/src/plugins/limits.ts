// Throttling shared by every API process: per-address request limits (@fastify/rate-limit) and
// the sign-in back-off keep their counters in Redis when REDIS_URL is set, in this process's
// memory otherwise. A Redis that does not answer never blocks a request: the request limits skip,
// the back-off counts in memory until Redis is back.
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Redis } from 'ioredis';
import {
  type FailureStore,
  FallbackFailureStore,
  MemoryFailureStore,
  RedisFailureStore,
  SignInBackoff,
} from '../lib/sign-in-backoff';

declare module 'fastify' {
  interface FastifyInstance {
    limits: { shared: boolean; signIn: SignInBackoff };
  }
}

const RATE_LIMIT_PREFIX = 'pw:rl:';

async function limitsPlugin(app: FastifyInstance) {
  const { config } = app.deps;
  const own = app.deps.redis === undefined && config.REDIS_URL !== undefined;
  const redis = own
    ? new Redis(config.REDIS_URL!, {
        maxRetriesPerRequest: 1,
        commandTimeout: 1000,
        connectionName: 'proofwork-limits',
      })
    : (app.deps.redis ?? null);
  if (own && redis) app.addHook('onClose', async () => void (await redis.quit().catch(() => redis.disconnect())));

  let warnedAt = 0;
  const warn = (error: unknown) => {
    if (Date.now() - warnedAt < 60_000) return;
    warnedAt = Date.now();
    app.log.warn({ err: error }, 'rate-limit counters: Redis did not answer; counting in this process meanwhile');
  };
  redis?.on('error', warn);

  await app.register(rateLimit, {
    global: false,
    ...(redis ? { redis, nameSpace: RATE_LIMIT_PREFIX } : {}),
    skipOnError: true,
  });
  const store: FailureStore = redis
    ? new FallbackFailureStore(new RedisFailureStore(redis), new MemoryFailureStore(), warn)
    : new MemoryFailureStore();
  app.decorate('limits', { shared: redis !== null, signIn: new SignInBackoff(store) });
}

export default fp(limitsPlugin, { name: 'limits' });
