// What every route and service receives: the database, the clock, the job queue and the config.

import type { MailDeps } from '@proofwork/app';
import type { Clock } from '@proofwork/core';
import type { Database } from '@proofwork/db';
import type { Redis } from 'ioredis';
import type { Config } from './config';

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
  /**
   * Where rate limits and sign-in back-off keep their counters, shared by every API process. When
   * omitted, the app connects to REDIS_URL itself (and keeps counters in memory without it); null
   * keeps them in memory.
   */
  redis?: Redis | null;
  /**
   * The mailer and the public address of links. When omitted, the app makes one from the config
   * (SMTP_URL, else .eml files under MAIL_DIR); null sends nothing.
   */
  mail?: MailDeps | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
}
