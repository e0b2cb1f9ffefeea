// P3's production topology: the BullMQ runner as `npm run worker:prod` runs it, compiled, in
// processes of their own beside the writer (which plays the API), on the same PostgreSQL and Redis.
// The refreshes are heard as the API hears them, through PostgreSQL NOTIFY.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Database } from '@proofwork/db';
import { createQueueClient, listenRollupRefreshed, type Pipeline, silentLog } from '@proofwork/workers';
import { REDIS_URL, scratchDataDir } from './support';

/**
 * Starts `count` worker processes (dispatcher and BullMQ worker each, `concurrency` jobs at once)
 * on the database at `url` and a Redis prefix of their own; resolves once every one is running.
 * Their timetable (reminders, purges…) is taken out of Redis: only the rollups run during a bench.
 */
export async function startWorkerProcesses(
  bundle: string,
  options: { count: number; url: string; db: Database; prefix: string; concurrency: number },
): Promise<Pipeline> {
  const data = scratchDataDir();
  const children: ChildProcess[] = [];
  const events = await listenRollupRefreshed(options.db, silentLog);
  const stop = async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const kill = setTimeout(() => child.kill('SIGKILL'), 35_000);
            child.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    await events.stop();
    data.remove();
  };
  try {
    for (let i = 0; i < options.count; i++) {
      const heartbeat = path.join(data.path, `worker-${i}.alive`);
      const child = spawn(process.execPath, ['--enable-source-maps', '--max-old-space-size=256', bundle], {
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'production',
          DATABASE_URL: options.url,
          REDIS_URL,
          REDIS_PREFIX: options.prefix,
          WORKER_CONCURRENCY: String(options.concurrency),
          WORKER_HEARTBEAT_FILE: heartbeat,
          DATA_DIR: data.path,
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      children.push(child);
      const deadline = Date.now() + 60_000;
      while (!existsSync(heartbeat)) {
        if (child.exitCode !== null) throw new Error(`worker process ${i} exited with ${child.exitCode}`);
        if (Date.now() > deadline) throw new Error(`worker process ${i} did not start within 60 s`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      rmSync(heartbeat, { force: true });
    }
    const client = createQueueClient(REDIS_URL, { prefix: options.prefix });
    try {
      for (const scheduler of await client.queue.getJobSchedulers()) {
        await client.queue.removeJobScheduler(scheduler.key);
      }
    } finally {
      await client.close();
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { onRollupRefreshed: events.on, stop };
}
