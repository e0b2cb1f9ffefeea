// The evidence tests' shared setup: the demo organizations seeded on the test file's own database,
// rollups rebuilt, and the Lumen organization's manager signed in.
import { DEMO_PASSWORD, rebuildRollups, seedDemo } from '@proofwork/db';
import { hashPassword } from 'better-auth/crypto';
import { afterAll, beforeAll } from 'vitest';
import { buildTestApp } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { type Client, signIn } from '../support/http';

export const NOW = new Date('2026-11-25T14:00:00Z');
export const FROM = '2026-09-07';
export const TO = '2026-11-22';

export interface EvidenceFixture {
  tdb: TestDatabase;
  app: Awaited<ReturnType<typeof buildTestApp>>;
  manager: Client;
  cm: Client;
  orgId: string;
}

let shared: EvidenceFixture | null = null;

/** One seeded demo per test file, however many suites of the file ask for it (seeding takes seconds). */
export function useDemo(): EvidenceFixture {
  if (shared) return shared;
  const ctx = {} as EvidenceFixture;
  shared = ctx;
  beforeAll(async () => {
    ctx.tdb = await createTestDatabase();
    await seedDemo(ctx.tdb.db, { now: NOW, hashPassword });
    await rebuildRollups(ctx.tdb.db);
    ctx.app = await buildTestApp({ db: ctx.tdb.db });
    ctx.manager = await signIn(ctx.app, 'manager@lumen.example', DEMO_PASSWORD);
    ctx.cm = await signIn(ctx.app, 'cm@lumen.example', DEMO_PASSWORD);
    ctx.orgId = (await ctx.manager.get('/api/v1/me')).json().memberships[0].organizationId;
  });
  afterAll(async () => {
    await ctx.app?.close();
    await ctx.tdb?.drop();
  });
  return ctx;
}
