// The demo organizations share a published password: `npm start` seeds them only into the
// embedded database, never into an external one unless asked, and never automatically in
// production. Run against a real, empty database.
import { demoSeedDecision, loadConfig, seedDemoAtStart } from '@proofwork/server';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db';

const SECRET = 'k3Jd9QmZ2xV7pLw4Rt8YbN1cF6gH0sAe';
const now = new Date('2026-11-25T14:00:00Z');
let tdb: TestDatabase;

async function organizations(): Promise<number> {
  const [row] = await tdb.db.execute<{ n: number }>(sql`select count(*)::int as n from organizations`);
  return row!.n;
}

beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb.drop();
});

describe('demo seed at start-up', () => {
  it('never seeds an empty external database in production (the compose shape)', async () => {
    const config = loadConfig({ NODE_ENV: 'production', AUTH_SECRET: SECRET, SEED_DEMO: 'auto' });
    const result = await seedDemoAtStart(tdb.db, config, { embedded: false, now });
    expect(result.created).toEqual([]);
    expect(result.decision).toMatchObject({ seed: false, reason: expect.stringMatching(/production/) });
    expect(await organizations()).toBe(0);
  });

  it('never seeds an empty external database automatically, even outside production', async () => {
    const result = await seedDemoAtStart(tdb.db, loadConfig({ SEED_DEMO: 'auto' }), { embedded: false, now });
    expect(result.decision).toMatchObject({ seed: false, reason: expect.stringMatching(/embedded/) });
    expect(await organizations()).toBe(0);
  });

  it('never seeds in production, even the embedded database', async () => {
    const config = loadConfig({ NODE_ENV: 'production', AUTH_SECRET: SECRET });
    expect((await seedDemoAtStart(tdb.db, config, { embedded: true, now })).created).toEqual([]);
    expect(await organizations()).toBe(0);
  });

  it("seeds a developer's empty embedded database, and only an empty one", () => {
    const dev = { SEED_DEMO: 'auto', NODE_ENV: 'development' } as const;
    expect(demoSeedDecision(dev, { embedded: true, organizations: 0 })).toEqual({ seed: true });
    expect(demoSeedDecision(dev, { embedded: true, organizations: 1 })).toMatchObject({ seed: false });
    expect(demoSeedDecision({ ...dev, SEED_DEMO: 'true' }, { embedded: true, organizations: 2 })).toMatchObject({
      seed: false,
    });
  });

  it('follows an explicit SEED_DEMO on an empty database', () => {
    const empty = { embedded: false, organizations: 0 };
    expect(demoSeedDecision({ SEED_DEMO: 'true', NODE_ENV: 'production' }, empty)).toEqual({ seed: true });
    expect(demoSeedDecision({ SEED_DEMO: 'false', NODE_ENV: 'development' }, { ...empty, embedded: true })).toEqual({
      seed: false,
      reason: 'SEED_DEMO=false',
    });
  });
});
