// Two BullMQ workers (each with its dispatcher, as two `npm run worker` processes) share one
// database and one Redis: writes to many member-weeks come in while both run, the batches of
// member-weeks spread over the two, and the rollups they leave equal SQL over the entries.
import { createDb, reconcile } from '@proofwork/db';
import { startQueuePipeline } from '@proofwork/workers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { TEST_REDIS_URL } from '../support/env';
import {
  createMember,
  createOrganization,
  drained,
  dropRedisPrefixes,
  redisPrefix,
  rollupCells,
  writeEntry,
} from './factories';
import { expectedCells } from './reference';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb?.drop();
  await dropRedisPrefixes();
});

describe('two workers on one database and one Redis', () => {
  it('share the batches and leave the rollups equal to SQL over the entries', async () => {
    const org = await createOrganization(tdb.db, { timeZone: 'Europe/Paris' });
    const members = await Promise.all(
      Array.from({ length: 6 }, (_, i) => createMember(tdb.db, org, i % 2 ? { timeZone: 'America/New_York' } : {})),
    );
    const prefix = redisPrefix();
    // Each worker with a pool of its own, as a process of its own would have.
    const pools = [createDb(tdb.url, { max: 4 }), createDb(tdb.url, { max: 4 })];
    const workers = await Promise.all(
      pools.map((db) =>
        startQueuePipeline({ db, redisUrl: TEST_REDIS_URL, prefix, schedules: false, concurrency: 2, pollMs: 20 }),
      ),
    );
    const done = workers.map(() => ({ jobs: 0, memberWeeks: 0 }));
    workers.forEach((w, i) => {
      w.worker!.on('completed', (_job, result: unknown[]) => {
        done[i]!.jobs += 1;
        done[i]!.memberWeeks += result.length;
      });
    });
    const categories = [...org.categories.values()];
    try {
      const start = Date.parse('2026-03-02T07:00:00Z');
      // 600 writes over 6 members × 10 weeks, from six writers at once, while both workers run.
      await Promise.all(
        members.map(async (member, lane) => {
          for (let i = 0; i < 100; i++) {
            const at = start + (i % 10) * 7 * 86_400_000 + Math.floor(i / 10) * 3_600_000 + lane * 60_000;
            await writeEntry(tdb.db, member, {
              categoryId: categories[(i + lane) % categories.length]!,
              startedAt: new Date(at),
              endedAt: new Date(at + 25 * 60_000),
            });
          }
        }),
      );
      await drained(tdb.db, { organizationId: org.id, timeoutMs: 30_000 });
      expect(await rollupCells(tdb.db, org.id)).toEqual(await expectedCells(tdb.db, org.id));
      expect(await reconcile(tdb.db, { organizationId: org.id })).toEqual([]);
      console.info(`two workers: ${JSON.stringify(done)} (60 member-weeks, 600 writes)`);
      // Both took batches; together far fewer jobs than writes.
      expect(done[0]!.jobs).toBeGreaterThan(0);
      expect(done[1]!.jobs).toBeGreaterThan(0);
      expect(done[0]!.jobs + done[1]!.jobs).toBeLessThan(600);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await Promise.all(pools.map((p) => p.close()));
    }
  }, 90_000);
});
