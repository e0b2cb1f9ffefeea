// PostgreSQL holds the truth, Redis only queue state: losing Redis, a worker or a job attempt
// delays rollups but loses nothing, and they converge once things come back.
import { createDb, reconcile } from '@proofwork/db';
import { PROCESSORS, type Processor, type QueuePipeline, startQueuePipeline } from '@proofwork/workers';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { TEST_REDIS_URL } from '../support/env';
import {
  createMember,
  createOrganization,
  drained,
  dropRedisPrefixes,
  pendingMarks,
  redisPrefix,
  rollupCells,
  type TestMember,
  type TestOrganization,
  writeEntry,
} from './factories';
import { startRedisProxy } from './redis-proxy';
import { expectedCells } from './reference';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb?.drop();
  await dropRedisPrefixes();
});

const hour = 3_600_000;
const monday = Date.parse('2026-06-01T07:00:00Z');

function entryAt(org: TestOrganization, start: number, minutes = 45) {
  return {
    categoryId: org.categories.get('content.video')!,
    brandId: org.brands[0]!,
    startedAt: new Date(start),
    endedAt: new Date(start + minutes * 60_000),
  };
}

async function totalSeconds(organizationId: string) {
  const cells = await rollupCells(tdb.db, organizationId);
  return cells.reduce((sum, c) => sum + c.seconds, 0);
}

async function setup() {
  const org = await createOrganization(tdb.db, { timeZone: 'Europe/Paris' });
  const members: TestMember[] = [];
  for (let i = 0; i < 3; i++) members.push(await createMember(tdb.db, org));
  return { org, members };
}

async function stopWithin(pipeline: QueuePipeline, ms: number) {
  await Promise.race([pipeline.stop(), new Promise((resolve) => setTimeout(resolve, ms))]);
}

describe('Redis going away', () => {
  it('never fails a write, keeps every change as a dirty mark, and converges once Redis is back', async () => {
    const { org, members } = await setup();
    const proxy = await startRedisProxy(TEST_REDIS_URL);
    const pipeline = await startQueuePipeline({
      db: tdb.db,
      redisUrl: proxy.url,
      prefix: redisPrefix(),
      pollMs: 20,
      schedules: false,
    });
    try {
      await writeEntry(tdb.db, members[0]!, entryAt(org, monday));
      await drained(tdb.db, { organizationId: org.id });
      expect(await totalSeconds(org.id)).toBe(45 * 60);

      await proxy.cut();
      const slowest = { ms: 0 };
      for (let i = 0; i < 30; i++) {
        const started = performance.now();
        // Three members over two weeks: six member-weeks.
        await writeEntry(tdb.db, members[i % 3]!, entryAt(org, monday + (i % 2) * 7 * 24 * hour + i * hour));
        slowest.ms = Math.max(slowest.ms, performance.now() - started);
      }
      expect(slowest.ms).toBeLessThan(1000);
      // The dispatcher keeps trying while Redis is away; the marks stay in PostgreSQL.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(await pendingMarks(tdb.db, org.id)).toBe(6);
      expect(await totalSeconds(org.id)).toBe(45 * 60);

      await proxy.restore();
      await drained(tdb.db, { organizationId: org.id, timeoutMs: 30_000 });
      expect(await totalSeconds(org.id)).toBe(31 * 45 * 60);
      expect(await rollupCells(tdb.db, org.id)).toEqual(await expectedCells(tdb.db, org.id));
      expect(await reconcile(tdb.db, { organizationId: org.id })).toEqual([]);
    } finally {
      await stopWithin(pipeline, 5000);
      await proxy.close();
    }
  }, 60_000);
});

describe('a job attempt that fails', () => {
  it('is retried with backoff and the rollups converge', async () => {
    const { org, members } = await setup();
    let calls = 0;
    const rollup = PROCESSORS.find((p): p is Processor<'rollup.member-weeks'> => p.name === 'rollup.member-weeks')!;
    const flakyRollup: Processor<'rollup.member-weeks'> = {
      ...rollup,
      async handle(ctx, payload) {
        calls += 1;
        if (calls === 1) throw new Error('database hiccup');
        return rollup.handle(ctx, payload);
      },
    };
    const flaky = [...PROCESSORS.filter((p) => p !== rollup), flakyRollup];
    const pipeline = await startQueuePipeline({
      db: tdb.db,
      redisUrl: TEST_REDIS_URL,
      prefix: redisPrefix(),
      processors: flaky,
      pollMs: 20,
      schedules: false,
    });
    const failures: number[] = [];
    pipeline.worker!.on('failed', (job) => failures.push(job?.attemptsMade ?? -1));
    try {
      await writeEntry(tdb.db, members[0]!, entryAt(org, monday));
      await drained(tdb.db, { organizationId: org.id, timeoutMs: 15_000 });
      expect(failures).toEqual([1]);
      expect(calls).toBe(2);
      expect(await totalSeconds(org.id)).toBe(45 * 60);
    } finally {
      await pipeline.stop();
    }
  }, 30_000);
});

describe('a worker that dies in the middle of a job', () => {
  it('a worker killed mid-job leaves nothing half-done: the rollups converge once another worker runs', async () => {
    const { org, members } = await setup();
    const prefix = redisPrefix();
    // Worker A reaches Redis through a proxy we can cut, and has its own database pool.
    const proxy = await startRedisProxy(TEST_REDIS_URL);
    const dbA = createDb(tdb.url, { max: 3 });
    const workerA = await startQueuePipeline({
      db: dbA,
      redisUrl: proxy.url,
      prefix,
      pollMs: 20,
      lockDurationMs: 1000,
      stalledIntervalMs: 500,
      schedules: false,
    });
    let workerB: QueuePipeline | null = null;
    const blocker = await tdb.db.$sql.reserve();
    try {
      await writeEntry(tdb.db, members[0]!, entryAt(org, monday));
      await drained(tdb.db, { organizationId: org.id });

      // Hold the rollup row so A's next recompute blocks mid-job on the upsert.
      await blocker`begin`;
      await blocker`select 1 from weekly_rollups where member_id = ${members[0]!.id} for update`;
      await writeEntry(tdb.db, members[0]!, entryAt(org, monday + hour));
      let stuck = false;
      for (let i = 0; i < 200 && !stuck; i++) {
        const rows = await tdb.db.execute(sql`select 1 from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`);
        stuck = rows.length > 0;
        if (!stuck) await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(stuck).toBe(true);

      // A dies: its Redis link and its database connections go, so it can neither commit nor
      // report (its blocked backend aborts as soon as it finds the client gone).
      await proxy.cut();
      await workerA.worker!.close(true);
      // Its blocked backend is killed outright: PostgreSQL would otherwise notice the lost client
      // only after the lock is released, and could still commit A's recompute.
      await tdb.db.execute(sql`select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`);
      await dbA.$sql.end({ timeout: 0 });

      workerB = await startQueuePipeline({
        db: tdb.db,
        redisUrl: TEST_REDIS_URL,
        prefix,
        pollMs: 20,
        lockDurationMs: 1000,
        stalledIntervalMs: 500,
        schedules: false,
      });
      await blocker`rollback`;
      await drained(tdb.db, { organizationId: org.id, timeoutMs: 20_000 });
      // A is gone, so only B can have finished the work; the totals must be exact and drift-free.
      expect(await totalSeconds(org.id)).toBe(2 * 45 * 60);
      expect(await reconcile(tdb.db, { organizationId: org.id })).toEqual([]);
    } finally {
      blocker.release();
      await stopWithin(workerA, 3000);
      await dbA.close().catch(() => {});
      await proxy.close();
      await workerB?.stop();
    }
  }, 60_000);
});
