// The in-process runner (no Redis, the embedded default): the dispatcher's sink runs the rollup
// processor right there, and timers run the scheduled jobs of ./schedules.ts at their times.
import type { Database, DirtyMark } from '@proofwork/db';
import { MAX_RECOMPUTE_BATCH, releaseDirtyMarks } from '@proofwork/db';
import { createDispatcher, memberWeekBatches, RECOMPUTE_BATCH } from './dispatcher';
import { listenRollupRefreshed, type Pipeline } from './events';
import { startExportRunner } from './exports/export-runner';
import { startImportRunner } from './imports/import-runner';
import { type Log, silentLog } from './log';
import { type AnyProcessor, type Clock, type RunnerSettings, runnerContext } from './processor';
import { PROCESSORS } from './processors/index';
import { createRegistry } from './registry';
import { nextRun, RECONCILE_SAMPLE, SCHEDULES, type Schedule } from './schedules';
import { startWebhookRunner } from './webhooks/webhook-runner';

export interface InProcessPipelineOptions extends RunnerSettings {
  db: Database;
  log?: Log;
  clock?: Clock;
  /** Recompute transactions run at once. */
  concurrency?: number;
  /**
   * Most member-weeks (of one organization) one recompute transaction takes. Under a backlog a
   * batch shares the transaction, the locks' round trip and the statement among its member-weeks;
   * with few marks they are spread over the lanes instead, so a quiet pipeline stays as fast.
   */
  recomputeBatch?: number;
  pollMs?: number;
  lostAfterSeconds?: number;
  /** Replaces the processor list (tests prove start-up refuses an incomplete one). */
  processors?: readonly AnyProcessor[];
  /** A shorter period for some schedules, by id (tests); the timetable is ./schedules.ts. */
  scheduleEveryMs?: Readonly<Record<string, number>>;
}

const MAX_RETRY_DELAY_MS = 60_000;

export async function startInProcessPipeline(options: InProcessPipelineOptions): Promise<Pipeline> {
  const registry = createRegistry(options.processors ?? PROCESSORS);
  const log = options.log ?? silentLog;
  const ctx = runnerContext({ ...options, log });
  const concurrency = options.concurrency ?? 4;
  const recomputeBatch = Math.min(MAX_RECOMPUTE_BATCH, options.recomputeBatch ?? RECOMPUTE_BATCH);

  // A failed member-week stays claimed and is handed back after an exponential delay, the way
  // BullMQ would retry it; if the process stops first, the lost-job rule picks it up.
  const failures = new Map<string, number>();
  const retryTimers = new Set<NodeJS.Timeout>();
  let catchUp: Promise<unknown> | null = null;
  /** The database is back: the dispatcher's sweep takes the waiting marks now, so drop the timers. */
  function forgetRetries() {
    for (const timer of retryTimers) clearTimeout(timer);
    retryTimers.clear();
    failures.clear();
  }
  function retryLater(mark: DirtyMark) {
    const key = `${mark.memberId}_${mark.weekStart}`;
    const attempt = (failures.get(key) ?? 0) + 1;
    failures.set(key, attempt);
    const timer = setTimeout(
      () => {
        retryTimers.delete(timer);
        releaseDirtyMarks(options.db, [mark]).then(dispatcher.wake, () => {});
      },
      Math.min(MAX_RETRY_DELAY_MS, 1000 * 2 ** (attempt - 1)),
    );
    retryTimers.add(timer);
  }

  async function recompute(batch: DirtyMark[]) {
    const organizationId = batch[0]!.organizationId;
    try {
      const weeks = batch.map(({ memberId, weekStart }) => ({ memberId, weekStart }));
      await registry.run(ctx, 'rollup.member-weeks', { organizationId, weeks });
      for (const mark of batch) failures.delete(`${mark.memberId}_${mark.weekStart}`);
    } catch (error) {
      log.warn({ err: error, organizationId, memberWeeks: batch.length }, 'rollup failed; will retry');
      for (const mark of batch) retryLater(mark);
    }
  }

  const dispatcher = createDispatcher({
    db: options.db,
    log,
    pollMs: options.pollMs,
    lostAfterSeconds: options.lostAfterSeconds,
    batchSize: concurrency * recomputeBatch,
    // After an outage: the marks waiting for a retry are swept up now, and a reconcile checks a
    // sample of what was rolled up meanwhile (and marks any drift dirty for repair).
    async onRecovered() {
      forgetRetries();
      catchUp ??= registry
        .run(ctx, 'rollup.reconcile', { sample: RECONCILE_SAMPLE })
        .catch((error: unknown) => log.warn({ err: error }, 'reconcile after the outage failed'))
        .finally(() => {
          catchUp = null;
        });
    },
    async sink(marks) {
      const queue = memberWeekBatches(marks, concurrency, recomputeBatch);
      const lanes = Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
        for (let batch = queue.shift(); batch; batch = queue.shift()) await recompute(batch);
      });
      await Promise.all(lanes);
      // Nothing to hand back: a write during the recompute re-armed its mark by itself.
      return [];
    },
  });

  // Each schedule's timer is armed for its next occurrence by the clock, then again after it ran.
  const schedules = new Map<string, NodeJS.Timeout>();
  let stopped = false;
  function arm(schedule: Schedule) {
    if (stopped) return;
    const everyMs = options.scheduleEveryMs?.[schedule.id];
    const now = ctx.clock.now();
    const next = nextRun(everyMs === undefined ? schedule : { everyMs }, now);
    const timer = setTimeout(
      () => {
        registry
          .run(ctx, schedule.name, schedule.payload)
          .catch((error: unknown) => log.error({ err: error, job: schedule.name }, 'job failed'))
          .finally(() => arm(schedule));
      },
      Math.max(0, next.getTime() - now.getTime()),
    );
    timer.unref();
    schedules.set(schedule.id, timer);
  }
  for (const schedule of SCHEDULES) arm(schedule);

  const events = await listenRollupRefreshed(options.db, log);
  await dispatcher.start();
  // Exports: the queued export rows are the outbox; run each through the same registry.
  const rows = { db: options.db, log, folders: options.folders };
  const exportRunner = await startExportRunner({ ...rows, run: (p) => registry.run(ctx, 'export.build', p) });
  const importRunner = await startImportRunner({ ...rows, run: (p) => registry.run(ctx, 'import.run', p) });
  const webhookRunner = await startWebhookRunner({
    db: options.db,
    log,
    ...(options.pollMs ? { pollMs: options.pollMs } : {}),
    now: () => ctx.clock.now(),
    run: (p) => registry.run(ctx, 'webhook.deliver', p),
  });
  log.info({ concurrency, recomputeBatch }, 'in-process pipeline started');

  return {
    onRollupRefreshed: events.on,
    async stop() {
      stopped = true;
      for (const timer of schedules.values()) clearTimeout(timer);
      forgetRetries();
      await dispatcher.stop();
      await catchUp;
      await exportRunner.stop();
      await importRunner.stop();
      await webhookRunner.stop();
      await events.stop();
    },
  };
}
