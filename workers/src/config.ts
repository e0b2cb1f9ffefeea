// The worker's settings (`npm run worker`), checked at start like the API's: a bad value stops it
// with a message naming the variable.
import { DEFAULT_MAIL_FROM, FOLDER_SETTINGS, readEnvironment } from '@proofwork/app';
import Type, { type Static } from 'typebox';
import { DEFAULT_QUEUE_PREFIX } from './contracts';

export const WorkerConfigSchema = Type.Object({
  DATABASE_URL: Type.String({ pattern: '^postgres(ql)?://' }),
  /** A worker runs BullMQ jobs; without Redis, `npm start` runs them in-process instead. */
  REDIS_URL: Type.String({ pattern: '^rediss?://' }),
  /** Key prefix of the queue in Redis: several Proofwork deployments can share one Redis. */
  REDIS_PREFIX: Type.String({
    minLength: 1,
    maxLength: 64,
    pattern: '^[A-Za-z0-9_.-]+$',
    default: DEFAULT_QUEUE_PREFIX,
  }),
  /** Jobs this process runs at once. */
  WORKER_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 64, default: 4 }),
  /** Touched every 5 s while the worker runs (the container's healthcheck reads it). */
  WORKER_HEARTBEAT_FILE: Type.String({ minLength: 1, default: '/tmp/proofwork-worker.alive' }),
  /** Lets webhooks reach private and loopback addresses (as the API's setting). */
  WEBHOOK_ALLOW_PRIVATE: Type.Boolean({ default: false }),
  /** Public address of the app: the links in reminder mails point there. */
  PUBLIC_URL: Type.String({ pattern: '^https?://[^\\s/]+(:\\d+)?/?$', default: 'http://localhost:3000' }),
  /** Outgoing mail, as the API's: SMTP, else .eml files under MAIL_DIR (default DATA_DIR/mail). */
  SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://' })),
  MAIL_FROM: Type.String({ minLength: 3, maxLength: 200, default: DEFAULT_MAIL_FROM }),
  MAIL_DIR: Type.Optional(Type.String({ minLength: 1 })),
  /** DATA_DIR, EXPORT_DIR, IMPORT_DIR: the API's, since the worker writes exports and reads uploads. */
  ...FOLDER_SETTINGS,
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
});

export type WorkerConfig = Static<typeof WorkerConfigSchema>;

export function loadWorkerConfig(env: Record<string, string | undefined> = process.env): WorkerConfig {
  return readEnvironment(WorkerConfigSchema, env, { secrets: ['DATABASE_URL', 'REDIS_URL', 'SMTP_URL'] });
}
