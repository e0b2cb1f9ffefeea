// Job contracts: every job name has a processor or the workers refuse to start, ids are
// deterministic, and a payload that fails validation is failed at once, never retried.
import {
  createQueueClient,
  createRegistry,
  InvalidPayloadError,
  JOB_NAMES,
  jobIdOf,
  MissingProcessorError,
  PROCESSORS,
  startInProcessPipeline,
  startQueuePipeline,
} from '@proofwork/workers';
import { Job, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { TEST_REDIS_URL } from '../support/env';
import { dropRedisPrefixes, redisPrefix } from './factories';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb?.drop();
  await dropRedisPrefixes();
});

const withoutStaleCheck = PROCESSORS.filter((p) => p.name !== 'timer.stale-check');

describe('start-up', () => {
  it('has a processor for every job name', () => {
    expect(PROCESSORS.map((p) => p.name).sort()).toEqual([...JOB_NAMES].sort());
    expect(() => createRegistry(PROCESSORS)).not.toThrow();
  });

  it('fails when a job name has no processor', async () => {
    expect(() => createRegistry(withoutStaleCheck)).toThrow(MissingProcessorError);
    expect(() => createRegistry(withoutStaleCheck)).toThrow(/'timer\.stale-check'/);
    const prefix = redisPrefix();
    await expect(
      startQueuePipeline({ db: tdb.db, redisUrl: TEST_REDIS_URL, prefix, processors: withoutStaleCheck }),
    ).rejects.toThrow(MissingProcessorError);
    await expect(startInProcessPipeline({ db: tdb.db, processors: withoutStaleCheck })).rejects.toThrow(
      MissingProcessorError,
    );
    // It failed before touching Redis.
    const redis = new Redis(TEST_REDIS_URL);
    expect(await redis.keys(`${prefix}:*`)).toEqual([]);
    redis.disconnect();
  });

  it('refuses two processors for one job', () => {
    expect(() => createRegistry([...PROCESSORS, PROCESSORS[0]!])).toThrow(/two processors/);
  });
});

describe('enqueueing', () => {
  it('gives a member-week one deterministic job id, without the ":" BullMQ 6.7 rejects', async () => {
    const payload = {
      organizationId: '01900000-0000-7000-8000-000000000001',
      memberId: '01900000-0000-7000-8000-000000000002',
      weekStart: '2026-03-30',
    };
    expect(jobIdOf('rollup.member-week', payload)).toBe(`rollup_${payload.memberId}_2026-03-30`);
    const client = createQueueClient(TEST_REDIS_URL, { prefix: redisPrefix() });
    try {
      await client.queue.waitUntilReady();
      const first = await client.enqueue('rollup.member-week', payload);
      const second = await client.enqueue('rollup.member-week', payload);
      expect(second).toBe(first);
      expect(await client.queue.getJobCounts('waiting')).toEqual({ waiting: 1 });
    } finally {
      await client.close();
    }
  });

  it('rejects an invalid payload before it reaches Redis', async () => {
    const client = createQueueClient(TEST_REDIS_URL, { prefix: redisPrefix() });
    try {
      await client.queue.waitUntilReady();
      const bad = { organizationId: 'not-a-uuid', memberId: 'x', weekStart: '2026-02-30' };
      await expect(client.enqueue('rollup.member-week', bad)).rejects.toThrow(InvalidPayloadError);
      expect(await client.queue.getJobCounts('waiting')).toEqual({ waiting: 0 });
    } finally {
      await client.close();
    }
  });
});

describe('a job whose payload fails validation', () => {
  it('fails on its first attempt and is not retried', async () => {
    const prefix = redisPrefix();
    const pipeline = await startQueuePipeline({ db: tdb.db, redisUrl: TEST_REDIS_URL, prefix, schedules: false });
    const events = new QueueEvents(pipeline.queue.queue.name, { connection: { url: TEST_REDIS_URL }, prefix });
    try {
      await events.waitUntilReady();
      // Bypasses the typed enqueue, as an old producer or a hand-written job would.
      const job = await pipeline.queue.queue.add(
        'rollup.member-week',
        { organizationId: 'nope' },
        { attempts: 5, backoff: { type: 'fixed', delay: 100 } },
      );
      await job.waitUntilFinished(events, 10_000).then(
        () => {
          throw new Error('the job should have failed');
        },
        () => {},
      );
      // Longer than the backoff: a retry would have happened by now.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const after = await Job.fromId(pipeline.queue.queue, job.id!);
      expect(await after!.getState()).toBe('failed');
      expect(after!.attemptsMade).toBe(1);
      expect(after!.failedReason).toMatch(/invalid payload for rollup\.member-week/);
    } finally {
      await events.close();
      await pipeline.stop();
    }
  });
});
