// Builds the real app for a test file against its own database.
import type { Database } from '@proofwork/db';
import { buildApp, type Clock, loadConfig, type QueueStatus, systemClock } from '@proofwork/server';
import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from './db';

export interface TestAppOptions {
  db: Database;
  clock?: Clock;
  queue?: QueueStatus;
  env?: Record<string, string>;
}

export async function buildTestApp(options: TestAppOptions) {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    // Workers find export files through the environment; the API must look in the same place.
    ...(process.env.EXPORT_DIR ? { EXPORT_DIR: process.env.EXPORT_DIR } : {}),
    ...options.env,
  });
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

/**
 * The usual test-file setup: its own database and the app on it, closed and dropped afterwards.
 * Read `ctx.app` and `ctx.tdb` inside tests (they are set in beforeAll).
 */
export function useTestApp(options: Omit<TestAppOptions, 'db'> = {}) {
  const ctx = {} as { tdb: TestDatabase; app: Awaited<ReturnType<typeof buildTestApp>> };
  beforeAll(async () => {
    ctx.tdb = await createTestDatabase();
    ctx.app = await buildTestApp({ ...options, db: ctx.tdb.db });
    await ctx.app.ready();
  });
  afterAll(async () => {
    await ctx.app?.close();
    await ctx.tdb?.drop();
  });
  return ctx;
}
