// Builds the real app for a test file against its own database.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type DataFolders, dataFolders } from '@proofwork/app';
import type { Database } from '@proofwork/db';
import { buildApp, type Clock, loadConfig, type QueueStatus, systemClock } from '@proofwork/server';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from './db';

export interface TestAppOptions {
  db: Database;
  clock?: Clock;
  queue?: QueueStatus;
  env?: Record<string, string>;
  /** Shared counters for rate limits; in memory when omitted. */
  redis?: Redis | null;
}

/**
 * Uploaded imports of this test process, out of the repository. The folder is kept in the process's
 * IMPORT_DIR so that every test app of the process is told the same one (see testFolders).
 */
export function testImportDirectory(): string {
  process.env.IMPORT_DIR ??= mkdtempSync(path.join(tmpdir(), 'pw-imports-'));
  return process.env.IMPORT_DIR;
}

/** The folders the test apps of this process are told (a file may set EXPORT_DIR first): give them to its workers. */
export function testFolders(): DataFolders {
  return dataFolders({ EXPORT_DIR: process.env.EXPORT_DIR, IMPORT_DIR: testImportDirectory() });
}

/** Messages of test apps without an SMTP server go to a temporary folder, never the repository's. */
export function testMailDirectory(): string {
  process.env.PW_TEST_MAIL_DIR ??= mkdtempSync(path.join(tmpdir(), 'pw-mail-'));
  return process.env.PW_TEST_MAIL_DIR;
}

export async function buildTestApp(options: TestAppOptions) {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    // Off: a busy test process can go a whole sample without an event-loop tick, which the load
    // shedder reads as an infinite delay. Shedding is proven by its own test (tests/api/pressure).
    PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
    // Test runs sign in and up hundreds of times; the full-cost hash has tests of its own
    // (tests/api/passwords.test.ts).
    PASSWORD_HASHING: 'fast',
    // The export folder a test file chose; its workers are told the same (testFolders).
    ...(process.env.EXPORT_DIR ? { EXPORT_DIR: process.env.EXPORT_DIR } : {}),
    IMPORT_DIR: testImportDirectory(),
    MAIL_DIR: testMailDirectory(),
    ...options.env,
  });
  return buildApp(
    {
      config,
      db: options.db,
      clock: options.clock ?? systemClock,
      queue: options.queue ?? { mode: 'in-process', ping: async () => true },
      webRoot: null,
      redis: options.redis ?? null,
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
