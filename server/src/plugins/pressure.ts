// Load shedding: when the event loop lags (or memory passes a set limit), new requests are refused
// with 503, Retry-After and the API's error shape until the next sample shows the process has
// recovered, so a backlog drains instead of growing. Health stays answered: it is cheap, and a
// monitor must see a busy process as alive rather than restart it.
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { ErrorBody } from '../lib/errors';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: the route keeps answering while the process is under pressure. */
    shedUnderPressure?: boolean;
  }
}

const MIB = 1024 * 1024;

export const OVERLOADED: ErrorBody = {
  error: 'overloaded',
  message: 'The server is too busy to take this request; please retry shortly',
  details: [],
};

async function pressurePlugin(app: FastifyInstance) {
  const config = app.deps.config;
  const retryAfter = config.PRESSURE_RETRY_AFTER_S;
  let lastWarning = 0;
  // Starting up (plugins, schema compilation) holds the event loop, and the first samples after it
  // would read as pressure: the process sheds load only once a sample has been taken wholly after
  // it was ready, two intervals at most.
  let shedsFrom = Number.POSITIVE_INFINITY;
  app.addHook('onReady', async () => {
    shedsFrom = Date.now() + 2 * config.PRESSURE_SAMPLE_INTERVAL_MS;
  });
  await app.register(underPressure, {
    maxEventLoopDelay: config.PRESSURE_MAX_EVENT_LOOP_DELAY_MS,
    maxEventLoopUtilization: config.PRESSURE_MAX_EVENT_LOOP_UTILIZATION,
    // Utilization over the last sample, not since the process started.
    eventLoopUtilizationMode: 'interval',
    maxHeapUsedBytes: config.PRESSURE_MAX_HEAP_USED_MB * MIB,
    maxRssBytes: config.PRESSURE_MAX_RSS_MB * MIB,
    sampleInterval: config.PRESSURE_SAMPLE_INTERVAL_MS,
    retryAfter,
    // The plugin's types say void, but it sends whatever the handler returns (and lets the request
    // through on undefined), which is what lets health through and gives a refusal our error shape.
    pressureHandler: ((request: FastifyRequest, reply: FastifyReply, type: string, value: number | undefined) => {
      const now = Date.now();
      if (request.routeOptions.config.shedUnderPressure === false || now < shedsFrom) return;
      // One line per sample at most: logging every refused request would add to the load.
      if (now - lastWarning >= config.PRESSURE_SAMPLE_INTERVAL_MS) {
        lastWarning = now;
        request.log.warn({ pressure: type, value }, 'under pressure: refusing requests');
      }
      reply.code(503).header('retry-after', String(retryAfter)).type('application/json; charset=utf-8');
      return OVERLOADED;
    }) as never,
  });
}

export default fp(pressurePlugin, { name: 'pressure', dependencies: ['errors'] });
