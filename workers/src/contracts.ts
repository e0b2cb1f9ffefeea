// Job contracts: names, payload schemas and the queue client. This is the only part of the
// workers package that the server imports.
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import Type, { type Static } from 'typebox';

const Uuid = Type.String({ format: 'uuid' });
const LocalDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

export const JOB_PAYLOADS = {
  'rollup.member-week': Type.Object({ organizationId: Uuid, memberId: Uuid, weekStart: LocalDate }),
  'rollup.reconcile': Type.Object({ sample: Type.Optional(Type.Integer({ minimum: 1 })) }),
  'outbox.dispatch': Type.Object({}),
  'timer.stale-check': Type.Object({}),
  'export.build': Type.Object({ organizationId: Uuid, exportId: Uuid }),
} as const;

export type JobName = keyof typeof JOB_PAYLOADS;
export type JobPayload<N extends JobName> = Static<(typeof JOB_PAYLOADS)[N]>;
export const JOB_NAMES = Object.keys(JOB_PAYLOADS) as JobName[];

export const QUEUE_NAME = 'proofwork';

export interface QueueClient {
  queue: Queue;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export function createQueueClient(url: string, options: { prefix?: string } = {}): QueueClient {
  const connection = new Redis(url, { maxRetriesPerRequest: null, enableOfflineQueue: false });
  connection.on('error', () => {
    // Redis may come and go; PostgreSQL holds the truth and the dispatcher retries.
  });
  const queue = new Queue(QUEUE_NAME, { connection, prefix: options.prefix ?? 'proofwork' });
  return {
    queue,
    async ping() {
      try {
        return (await connection.ping()) === 'PONG';
      } catch {
        return false;
      }
    },
    async close() {
      await queue.close();
      connection.disconnect();
    },
  };
}
