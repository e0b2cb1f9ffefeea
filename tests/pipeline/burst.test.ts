// A burst of writes to one member-week coalesces into a handful of rollup jobs (one mark, one
// deterministic job id), and the last write is never lost to a job that read an older version.
import { reconcile } from '@proofwork/db';
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

describe('a burst of writes to one member-week', () => {
  it('makes far fewer rollup jobs than writes, and the final rollup is right', async () => {
    const org = await createOrganization(tdb.db, { timeZone: 'America/New_York' });
    const member = await createMember(tdb.db, org);
    const pipeline = await startQueuePipeline({
      db: tdb.db,
      redisUrl: TEST_REDIS_URL,
      prefix: redisPrefix(),
      schedules: false,
    });
    const jobs: string[] = [];
    pipeline.worker!.on('completed', (job) => jobs.push(job.name));
    const refreshed: number[] = [];
    pipeline.onRollupRefreshed((event) => {
      if (event.memberId === member.id) refreshed.push(event.version ?? 0);
    });
    const categories = ['content.video', 'moderation', 'reporting'].map((k) => org.categories.get(k)!);
    try {
      const writes = 1000;
      const start = Date.parse('2026-09-14T12:00:00Z');
      // Eight writers at once, like a busy API.
      await Promise.all(
        Array.from({ length: 8 }, async (_, lane) => {
          for (let i = lane; i < writes; i += 8) {
            await writeEntry(tdb.db, member, {
              categoryId: categories[i % 3]!,
              startedAt: new Date(start + i * 60_000),
              endedAt: new Date(start + i * 60_000 + 30_000),
            });
          }
        }),
      );
      await drained(tdb.db, { organizationId: org.id });
      const cells = await rollupCells(tdb.db, org.id);
      expect(cells.reduce((sum, c) => sum + c.entryCount, 0)).toBe(writes);
      expect(cells.reduce((sum, c) => sum + c.seconds, 0)).toBe(writes * 30);
      expect(cells).toEqual(await expectedCells(tdb.db, org.id));
      expect(await reconcile(tdb.db, { organizationId: org.id })).toEqual([]);
      const rollupJobs = jobs.filter((name) => name === 'rollup.member-weeks').length;
      console.info(`${writes} writes → ${rollupJobs} rollup jobs`);
      expect(rollupJobs).toBeGreaterThan(0);
      expect(rollupJobs).toBeLessThan(writes / 10);
      // Every job announced its refresh (the server's live updates ride on these).
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(refreshed.length).toBe(rollupJobs);
    } finally {
      await pipeline.stop();
    }
  }, 60_000);
});
