// What every route and service receives: the database, the clock, the job queue and the config.
import type { Database } from '@proofwork/db';
import type { Config } from './config';
import type { Clock } from './lib/clock';

export interface QueueStatus {
  /** 'redis' when BullMQ runs the jobs, 'in-process' for the embedded default. */
  mode: 'redis' | 'in-process';
  ping(): Promise<boolean>;
}

export interface AppDeps {
  config: Config;
  db: Database;
  clock: Clock;
  queue: QueueStatus;
  /** Folder of the built web app; null serves a placeholder. */
  webRoot: string | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
}
