// Liveness and readiness: the database must answer; the queue is reported but not required.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'drizzle-orm';
import Type from 'typebox';
import { RETRY_AFTER_SECONDS } from '../plugins/errors';

const HealthBody = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  db: Type.Union([Type.Literal('up'), Type.Literal('down')]),
  queue: Type.Union([Type.Literal('up'), Type.Literal('down'), Type.Literal('in-process')]),
  time: Type.String({ format: 'date-time' }),
});

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);
}

const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health',
    {
      config: { public: true, shedUnderPressure: false },
      schema: {
        tags: ['system'],
        summary: 'Health of the API, its database and its job queue',
        security: [],
        response: { 200: HealthBody, 503: HealthBody },
      },
    },
    async (_request, reply) => {
      const { db, queue, clock } = app.deps;
      const dbUp = await withTimeout(db.execute(sql`select 1`), 2000).then(
        () => true,
        () => false,
      );
      const queueState =
        queue.mode === 'in-process'
          ? ('in-process' as const)
          : (await withTimeout(queue.ping(), 1000).catch(() => false))
            ? ('up' as const)
            : ('down' as const);
      if (!dbUp) reply.header('retry-after', RETRY_AFTER_SECONDS);
      return reply.code(dbUp ? 200 : 503).send({
        status: dbUp ? 'ok' : 'unavailable',
        db: dbUp ? 'up' : 'down',
        queue: queueState,
        time: clock.now().toISOString(),
      });
    },
  );
};

export default healthRoutes;
