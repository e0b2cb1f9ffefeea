// A Redis that restarts without persistence forgets every job and schedule. The workers notice the
// reconnect: the nightly reconcile and the stale-timer check are scheduled again, and a rollup job
// lost with Redis is dispatched again at once (not after the lost-job delay).
import { reconcile } from '@proofwork/db';
import { startQueuePipeline } from '@proofwork/workers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createOrganization, drained, pendingMarks, writeEntry } from '../pipeline/factories';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { type OwnRedis, startOwnRedis } from '../support/own-redis';

let tdb: TestDatabase;
let redis: OwnRedis;
beforeAll(async () => {
  tdb = await createTestDatabase();
  redis = await startOwnRedis();
});
afterAll(async () => {
  await redis?.stop();
  await tdb?.drop();
});

async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<number | null> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await check().catch(() => false)) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return null;
}

describe('Redis restarting empty', () => {
  it('leaves the reconcile and stale-timer schedules in place and re-dispatches the lost jobs', async () => {
    const org = await createOrganization(tdb.db, { timeZone: 'Europe/Paris' });
    const member = await createMember(tdb.db, org);
    const pipeline = await startQueuePipeline({
      db: tdb.db,
      redisUrl: redis.url,
      prefix: 'pw-restart',
      pollMs: 20,
      // Far longer than the test: only the reconnect can bring the lost job back in time.
      lostAfterSeconds: 600,
    });
    const schedulers = async () => (await pipeline.queue.queue.getJobSchedulers()).map((s) => s.key).sort();
    try {
      expect(await schedulers()).toEqual([
        'evidence.scheduled',
        'maintenance.purge',
        'notifications.remind',
        'rollup.reconcile',
        'timer.stale-check',
      ]);

      // A write is dispatched as a job that no worker picks up before Redis goes.
      await pipeline.worker!.pause();
      await writeEntry(tdb.db, member, {
        categoryId: org.categories.get('moderation')!,
        startedAt: new Date('2026-06-02T08:00:00Z'),
        endedAt: new Date('2026-06-02T09:00:00Z'),
      });
      const enqueued = await eventually(
        async () => ((await pipeline.queue.queue.getJobCounts('waiting')).waiting ?? 0) > 0,
        10_000,
      );
      expect(enqueued).not.toBeNull();

      await redis.stop();
      await new Promise((resolve) => setTimeout(resolve, 500));
      await redis.start();
      pipeline.worker!.resume();

      const rescheduled = await eventually(
        async () =>
          JSON.stringify(await schedulers()) ===
          JSON.stringify([
            'evidence.scheduled',
            'maintenance.purge',
            'notifications.remind',
            'rollup.reconcile',
            'timer.stale-check',
          ]),
        15_000,
      );
      expect(rescheduled, 'schedules back after the restart').not.toBeNull();
      await drained(tdb.db, { organizationId: org.id, timeoutMs: 15_000 });
      expect(await pendingMarks(tdb.db, org.id)).toBe(0);
      expect(await reconcile(tdb.db, { organizationId: org.id })).toEqual([]);
      console.info(`schedules back ${rescheduled} ms after Redis restarted`);
    } finally {
      await pipeline.stop();
    }
  }, 60_000);
});
