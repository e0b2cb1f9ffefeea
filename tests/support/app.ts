// Builds the real app for a test file against its own database.
import type { Database } from '@proofwork/db';
import { buildApp, type Clock, loadConfig, type QueueStatus, systemClock } from '@proofwork/server';

export interface TestAppOptions {
  db: Database;
  clock?: Clock;
  queue?: QueueStatus;
  env?: Record<string, string>;
}

export async function buildTestApp(options: TestAppOptions) {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...options.env });
  return buildApp(
    {
      config,
      db: options.db,
      clock: options.clock ?? systemClock,
      queue: options.queue ?? { mode: 'in-process', ping: async () => true },
      webRoot: null,
    },
    { logger: false },
  );
}
