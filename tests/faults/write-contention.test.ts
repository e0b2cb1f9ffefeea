// Concurrent writes through the API while both rollup runners recompute the same member-weeks: no
// deadlock in PostgreSQL, no 409 for a client, and the rollups equal a recompute from the entries.
import { type Database, schema } from '@proofwork/db';
import { startInProcessPipeline, startQueuePipeline } from '@proofwork/workers';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drained, dropRedisPrefixes, redisPrefix, rollupCells } from '../pipeline/factories';
import { expectedCells } from '../pipeline/reference';
import { buildTestApp } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { TEST_REDIS_URL } from '../support/env';
import { addMember, createOrganization } from '../support/factories';
import { signIn } from '../support/http';

let tdb: TestDatabase;
let app: Awaited<ReturnType<typeof buildTestApp>>;
beforeAll(async () => {
  tdb = await createTestDatabase();
  app = await buildTestApp({ db: tdb.db });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await tdb?.drop();
  await dropRedisPrefixes();
});

/** Deadlocks PostgreSQL has detected in this file's database (its statistics lag a little). */
async function deadlocks(db: Database): Promise<number> {
  const [row] = await db.execute<{ n: number }>(sql`select pg_stat_clear_snapshot(),
    (select deadlocks::int from pg_stat_database where datname = current_database()) as n`);
  return row!.n;
}

const WEEKS = ['2026-06-01', '2026-06-08', '2026-06-15'];

describe('writes racing the rollup recompute', () => {
  it('end with no deadlock, no 409, and rollups equal to the entries', async () => {
    const { organization, owner } = await createOrganization(tdb.db, { timeZone: 'Europe/Paris' });
    const members: string[] = [];
    for (let i = 0; i < 4; i++) members.push((await addMember(tdb.db, organization.id, 'member')).member.id);
    const [category] = await tdb.db
      .select({ id: schema.categories.id })
      .from(schema.categories)
      .where(sql`${schema.categories.organizationId} = ${organization.id} and ${schema.categories.key} = 'moderation'`);
    const client = await signIn(app, owner.email);
    const base = `/api/v1/organizations/${organization.id}`;

    // Both runners at once: the in-process one recomputes batches, the BullMQ one member-week jobs.
    const inProcess = await startInProcessPipeline({ db: tdb.db, pollMs: 5, concurrency: 2, recomputeBatch: 4 });
    const queued = await startQueuePipeline({
      db: tdb.db,
      redisUrl: TEST_REDIS_URL,
      prefix: redisPrefix(),
      pollMs: 5,
      concurrency: 2,
      schedules: false,
    });
    const statuses = new Map<number, number>();
    const count = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
    const before = await deadlocks(tdb.db);
    try {
      const lanes = 12;
      const perLane = 30;
      await Promise.all(
        Array.from({ length: lanes }, async (_, lane) => {
          for (let i = 0; i < perLane; i++) {
            const n = lane * perLane + i;
            const memberId = members[n % members.length]!;
            const week = WEEKS[(n >> 2) % WEEKS.length]!;
            const start = new Date(`${week}T08:00:00Z`).getTime() + (n % 5) * 86_400_000 + (n % 9) * 600_000;
            const res = await client.post(`${base}/time-entries`, {
              memberId,
              categoryId: category!.id,
              startedAt: new Date(start).toISOString(),
              endedAt: new Date(start + 25 * 60_000).toISOString(),
            });
            count(res.statusCode);
            // Every third entry moves to the next week: one transaction marks two member-weeks.
            if (res.statusCode === 201 && n % 3 === 0) {
              const moved = new Date(start + 7 * 86_400_000);
              const patch = await client.patch(`${base}/time-entries/${res.json().id}`, {
                startedAt: moved.toISOString(),
                endedAt: new Date(moved.getTime() + 25 * 60_000).toISOString(),
              });
              count(patch.statusCode);
            }
          }
        }),
      );
      await drained(tdb.db, { organizationId: organization.id, timeoutMs: 30_000 });
      expect(await rollupCells(tdb.db, organization.id)).toEqual(await expectedCells(tdb.db, organization.id));
    } finally {
      await inProcess.stop();
      await queued.stop();
    }
    // The statistics collector reports a backend's counts within a second or so.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const found = (await deadlocks(tdb.db)) - before;
    console.info(`writes: ${JSON.stringify(Object.fromEntries(statuses))}; deadlocks: ${found}`);
    expect(Object.fromEntries(statuses)).toEqual({ 201: 360, 200: 120 });
    expect(found).toBe(0);
  }, 120_000);
});
