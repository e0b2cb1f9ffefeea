// The BullMQ runner: a dispatcher that turns dirty marks into jobs, a Worker that runs them with
// the same processors as the in-process runner, and the repeatable jobs (nightly reconcile,
// stale-timer check every 15 minutes).

import type { Database, DirtyMark, MemberWeek, MemberWeekRecompute } from '@proofwork/db';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import {
  createQueueClient,
  DEFAULT_QUEUE_PREFIX,
  InvalidPayloadError,
  jobIdOf,
  QUEUE_NAME,
  type QueueClient,
} from './contracts';
import { createDispatcher, type DispatchSink } from './dispatcher';
import { listenRollupRefreshed, type Pipeline } from './events';
import { startExportRunner } from './exports/export-runner';
import { type Log, silentLog } from './log';
import type { AnyProcessor, Clock, ProcessorContext } from './processor';
import { systemClock } from './processor';
import { PROCESSORS } from './processors/index';
import { createRegistry } from './registry';

export interface QueuePipelineOptions {
  db: Database;
  redisUrl: string;
  prefix?: string;
  log?: Log;
  clock?: Clock;
  /** Jobs one process runs at once. */
  concurrency?: number;
  /** Run a dispatcher in this process (default true; dispatchers may run anywhere, several at once). */
  dispatch?: boolean;
  /** Run jobs in this process (default true; false for an API that only enqueues). */
  work?: boolean;
  /** Register the repeatable jobs (default true; registering twice is harmless). */
  schedules?: boolean;
  pollMs?: number;
  lostAfterSeconds?: number;
  /** BullMQ's job lock: a worker that dies mid-job loses its job to another after this long. */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** Replaces the processor list (tests prove start-up refuses an incomplete one). */
  processors?: readonly AnyProcessor[];
  reconcileSample?: number;
}

export interface QueuePipeline extends Pipeline {
  queue: QueueClient;
  /** The BullMQ worker (null with `work: false`), for pausing or inspecting it. */
  worker: Worker | null;
}

const WAITING_STATES = new Set(['waiting', 'delayed', 'prioritized', 'waiting-children']);

/**
 * Enqueues a `rollup.member-week` job per mark. A job that is still waiting will read the newest
 * version when it runs, so the mark counts as enqueued; a job already running may have read an
 * older one, so the mark is handed back and enqueued again once that job is gone; a finished job
 * kept under the same id (failed) is removed so the id can be used again.
 */
function queueSink(client: QueueClient): DispatchSink {
  return async (marks: DirtyMark[]) => {
    const handBack: MemberWeek[] = [];
    await Promise.all(
      marks.map(async ({ organizationId, memberId, weekStart }) => {
        const payload = { organizationId, memberId, weekStart };
        const state = await client.queue.getJobState(jobIdOf('rollup.member-week', payload)!);
        if (state === 'active') handBack.push(payload);
        if (state === 'active' || WAITING_STATES.has(state)) return;
        if (state !== 'unknown') await client.queue.remove(jobIdOf('rollup.member-week', payload)!);
        await client.enqueue('rollup.member-week', payload);
      }),
    );
    return handBack;
  };
}

export async function startQueuePipeline(options: QueuePipelineOptions): Promise<QueuePipeline> {
  const registry = createRegistry(options.processors ?? PROCESSORS);
  const log = options.log ?? silentLog;
  const prefix = options.prefix ?? DEFAULT_QUEUE_PREFIX;
  const ctx: ProcessorContext = { db: options.db, log, clock: options.clock ?? systemClock };
  const client = createQueueClient(options.redisUrl, { prefix });

  const dispatcher =
    options.dispatch === false
      ? null
      : createDispatcher({
          db: options.db,
          sink: queueSink(client),
          log,
          pollMs: options.pollMs,
          lostAfterSeconds: options.lostAfterSeconds,
        });

  let worker: Worker | null = null;
  let workerConnection: Redis | null = null;
  if (options.work !== false) {
    workerConnection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
    workerConnection.on('error', () => {
      // ioredis reconnects; the Worker reports its own errors below.
    });
    worker = new Worker(
      QUEUE_NAME,
      async (job: Job) => {
        try {
          return await registry.run(ctx, job.name, job.data);
        } catch (error) {
          // A payload that fails validation will fail the same way every time: don't retry it.
          if (error instanceof InvalidPayloadError) throw new UnrecoverableError(error.message);
          throw error;
        }
      },
      {
        connection: workerConnection,
        prefix,
        concurrency: options.concurrency ?? 4,
        lockDuration: options.lockDurationMs ?? 30_000,
        stalledInterval: options.stalledIntervalMs ?? 30_000,
      },
    );
    worker.on('error', (error) => log.warn({ err: error }, 'queue worker error'));
    worker.on('failed', (job, error) =>
      log.warn({ err: error, job: job?.name, jobId: job?.id, attempts: job?.attemptsMade }, 'job failed'),
    );
    worker.on('completed', (job, result: unknown) => {
      // A write arrived while the job ran: the job is gone now, so its id is free to enqueue again.
      if (job.name === 'rollup.member-week' && !(result as MemberWeekRecompute).cleared) dispatcher?.wake();
    });
  }

  let scheduleRetry: NodeJS.Timeout | null = null;
  async function registerSchedules(attempt = 1): Promise<void> {
    try {
      await client.queue.upsertJobScheduler(
        'rollup.reconcile',
        { pattern: '0 3 * * *' },
        { name: 'rollup.reconcile', data: { sample: options.reconcileSample ?? 500 } },
      );
      await client.queue.upsertJobScheduler(
        'timer.stale-check',
        { every: 15 * 60_000 },
        { name: 'timer.stale-check', data: {} },
      );
    } catch (error) {
      const delay = Math.min(60_000, 1000 * 2 ** attempt);
      log.warn({ err: error, retryInMs: delay }, 'could not register repeatable jobs (is Redis up?)');
      scheduleRetry = setTimeout(() => void registerSchedules(attempt + 1), delay);
      scheduleRetry.unref();
    }
  }
  if (options.schedules !== false) await registerSchedules();

  const events = await listenRollupRefreshed(options.db, log);
  await dispatcher?.start();
  // Queued exports (rows of the exports table) become export.build jobs, like dirty marks become rollups.
  const exportRunner = dispatcher
    ? await startExportRunner({ db: options.db, log, run: (payload) => client.enqueue('export.build', payload) })
    : null;
  log.info({ prefix, concurrency: options.concurrency ?? 4 }, 'queue pipeline started');

  return {
    queue: client,
    worker,
    onRollupRefreshed: events.on,
    async stop() {
      if (scheduleRetry) clearTimeout(scheduleRetry);
      await exportRunner?.stop();
      await dispatcher?.stop();
      // Lets the running jobs finish; a job cut short anyway is retried by another worker.
      await worker?.close();
      workerConnection?.disconnect();
      await client.close();
      await events.stop();
    },
  };
}
