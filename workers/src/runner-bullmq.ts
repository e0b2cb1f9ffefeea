// The BullMQ runner: a dispatcher that turns dirty marks into jobs, a Worker that runs them with
// the same processors as the in-process runner, and the scheduled jobs of ./schedules.ts.

import { createHash } from 'node:crypto';
import type { Database, DirtyMark, MemberWeekRecompute } from '@proofwork/db';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import {
  createQueueClient,
  DEFAULT_QUEUE_PREFIX,
  InvalidPayloadError,
  QUEUE_NAME,
  type QueueClient,
} from './contracts';
import { createDispatcher, type DispatchSink, memberWeekBatches } from './dispatcher';
import { listenRollupRefreshed, type Pipeline } from './events';
import { startExportRunner } from './exports/export-runner';
import { startImportRunner } from './imports/import-runner';
import { type Log, silentLog } from './log';
import { type AnyProcessor, type Clock, type RunnerSettings, runnerContext } from './processor';
import { PROCESSORS } from './processors/index';
import { createRegistry } from './registry';
import { RECONCILE_SAMPLE, repeatOf, SCHEDULES } from './schedules';
import { startWebhookRunner } from './webhooks/webhook-runner';

export interface QueuePipelineOptions extends RunnerSettings {
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
}

export interface QueuePipeline extends Pipeline {
  queue: QueueClient;
  /** The BullMQ worker (null with `work: false`), for pausing or inspecting it. */
  worker: Worker | null;
}

const WAITING_STATES = new Set(['waiting', 'delayed', 'prioritized', 'waiting-children']);

/**
 * A batch's job id: its organization and a digest of its member-weeks at the versions claimed.
 * The claim is what keeps two dispatchers from sending one mark twice (SKIP LOCKED, and a claimed
 * mark is taken again only once a write re-armed it or its job was lost); the id makes sending the
 * same claim again a no-op while its job waits or runs.
 */
export function batchJobId(batch: DirtyMark[]): string {
  const keys = batch
    .map((m) => `${m.memberId}_${m.weekStart}_${m.version}`)
    .sort()
    .join(',');
  return `rollups_${batch[0]!.organizationId}_${createHash('sha256').update(keys).digest('hex').slice(0, 32)}`;
}

/**
 * Enqueues the claimed marks as `rollup.member-weeks` jobs (see memberWeekBatches). The marks stay
 * claimed until the job clears each one at the version it read; a write meanwhile re-arms its mark
 * and the next pass sends it in a new batch, which waits for the member-week's lock. Nothing is
 * handed back. A job kept under the same id after it failed is removed so the id can be used again.
 */
function queueSink(client: QueueClient, lanes: number): DispatchSink {
  return async (marks: DirtyMark[]) => {
    await Promise.all(
      memberWeekBatches(marks, lanes).map(async (batch) => {
        const jobId = batchJobId(batch);
        const state = await client.queue.getJobState(jobId);
        if (state === 'active' || WAITING_STATES.has(state)) return;
        if (state !== 'unknown') await client.queue.remove(jobId);
        const weeks = batch.map(({ memberId, weekStart }) => ({ memberId, weekStart }));
        await client.enqueue('rollup.member-weeks', { organizationId: batch[0]!.organizationId, weeks }, { jobId });
      }),
    );
    return [];
  };
}

/** Jobs that a database outage sends into back-off, and which can run as soon as it is over. */
const CATCH_UP_JOBS = new Set(['rollup.member-week', 'rollup.member-weeks', 'export.build']);

/**
 * After an outage, the jobs that failed meanwhile wait out their back-off (up to minutes): run
 * them now. A reconcile then checks a sample of the rollups (one job, whichever worker asks).
 */
async function catchUp(client: QueueClient, log: Log) {
  const delayed = await client.queue.getJobs(['delayed'], 0, 9999);
  const retries = delayed.filter((job) => CATCH_UP_JOBS.has(job.name));
  await Promise.all(retries.map((job) => job.promote().catch(() => {})));
  await client.enqueue('rollup.reconcile', { sample: RECONCILE_SAMPLE }, { jobId: 'reconcile_after_outage' });
  log.info({ promoted: retries.length }, 'caught up after the outage');
}

export async function startQueuePipeline(options: QueuePipelineOptions): Promise<QueuePipeline> {
  const registry = createRegistry(options.processors ?? PROCESSORS);
  const log = options.log ?? silentLog;
  const prefix = options.prefix ?? DEFAULT_QUEUE_PREFIX;
  const ctx = runnerContext({ ...options, log });
  const client = createQueueClient(options.redisUrl, { prefix });

  const dispatcher =
    options.dispatch === false
      ? null
      : createDispatcher({
          db: options.db,
          sink: queueSink(client, options.concurrency ?? 4),
          log,
          pollMs: options.pollMs,
          lostAfterSeconds: options.lostAfterSeconds,
          onRecovered: () => catchUp(client, log),
          // Jobs are enqueued, not run, by the sink: a short pause between passes makes batches.
          minPassIntervalMs: 50,
          // While jobs wait for a worker, marks are left to pile up (and coalesce) in the table:
          // the next claim, made when the last waiting job is taken, splits them into one batch
          // per lane (see memberWeekBatches), bigger as the backlog grows, instead of queueing
          // small jobs behind the waiting ones, which would recompute the same member-weeks again
          // and wait on their locks. One Redis round trip per pass.
          backlogged: async () => (await client.queue.getWaitingCount()) > 0,
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
    // A job left the waiting list: a backlogged dispatcher may claim again.
    worker.on('active', () => dispatcher?.tookWork());
    worker.on('completed', (job, result: unknown) => {
      // A write arrived while the job ran: the job is gone now, so its id is free to enqueue again.
      if (job.name === 'rollup.member-week' && !(result as MemberWeekRecompute).cleared) dispatcher?.wake();
    });
  }

  let scheduleRetry: NodeJS.Timeout | null = null;
  async function registerSchedules(attempt = 1): Promise<void> {
    if (scheduleRetry) clearTimeout(scheduleRetry);
    scheduleRetry = null;
    try {
      for (const schedule of SCHEDULES) {
        await client.queue.upsertJobScheduler(schedule.id, repeatOf(schedule), {
          name: schedule.name,
          data: schedule.payload,
        });
      }
    } catch (error) {
      const delay = Math.min(60_000, 1000 * 2 ** attempt);
      log.warn({ err: error, retryInMs: delay }, 'could not register repeatable jobs (is Redis up?)');
      scheduleRetry = setTimeout(() => void registerSchedules(attempt + 1), delay);
      scheduleRetry.unref();
    }
  }
  if (options.schedules !== false) await registerSchedules();
  // Schedules live in Redis: one restarted without persistence (or failed over to an empty
  // replica) has forgotten them, and the jobs of the marks dispatched before it went away.
  const offReconnect = client.onReconnect(() => {
    log.info({}, 'Redis is back: ensuring the schedules, dispatching the marks again');
    if (options.schedules !== false) void registerSchedules();
    dispatcher?.reconnected();
  });

  const events = await listenRollupRefreshed(options.db, log);
  await dispatcher?.start();
  // Queued exports (rows of the exports table) become export.build jobs, like dirty marks become rollups.
  const rows = { db: options.db, log, folders: options.folders };
  const exportRunner = dispatcher
    ? await startExportRunner({ ...rows, run: (payload) => client.enqueue('export.build', payload) })
    : null;
  const importRunner = dispatcher
    ? await startImportRunner({ ...rows, run: (payload) => client.enqueue('import.run', payload) })
    : null;
  const webhookRunner = dispatcher
    ? await startWebhookRunner({
        db: options.db,
        log,
        now: () => ctx.clock.now(),
        run: (payload) => client.enqueue('webhook.deliver', payload),
      })
    : null;
  log.info({ prefix, concurrency: options.concurrency ?? 4 }, 'queue pipeline started');

  return {
    queue: client,
    worker,
    onRollupRefreshed: events.on,
    async stop() {
      offReconnect();
      if (scheduleRetry) clearTimeout(scheduleRetry);
      await exportRunner?.stop();
      await importRunner?.stop();
      await webhookRunner?.stop();
      await dispatcher?.stop();
      // Lets the running jobs finish; a job cut short anyway is retried by another worker.
      await worker?.close();
      workerConnection?.disconnect();
      await client.close();
      await events.stop();
    },
  };
}
