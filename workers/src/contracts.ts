// Job contracts: names, payload schemas, deterministic ids, retry policy and the typed queue
// client. This is the only part of the workers package that the server imports.
import { type JobsOptions, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import Type, { type Static } from 'typebox';
import Value from 'typebox/value';

const Uuid = Type.String({ format: 'uuid' });
const LocalDate = Type.String({ format: 'date' });

/** `<domain>.<verb>` → payload schema. Every name needs a processor, or the workers refuse to start. */
export const JOB_PAYLOADS = {
  'rollup.member-week': Type.Object({ organizationId: Uuid, memberId: Uuid, weekStart: LocalDate }),
  /** Several member-weeks of one organization recomputed together (both runners' batches). */
  'rollup.member-weeks': Type.Object({
    organizationId: Uuid,
    weeks: Type.Array(Type.Object({ memberId: Uuid, weekStart: LocalDate }), { minItems: 1, maxItems: 500 }),
  }),
  'rollup.reconcile': Type.Object({ sample: Type.Optional(Type.Integer({ minimum: 1 })) }),
  'timer.stale-check': Type.Object({}),
  /** Hourly housekeeping: rows kept only for a while (idempotency keys past their lifetime). */
  'maintenance.purge': Type.Object({}),
  'export.build': Type.Object({ organizationId: Uuid, exportId: Uuid }),
  'import.run': Type.Object({ organizationId: Uuid, importId: Uuid }),
  /** One attempt of one webhook delivery (the row says which attempt, and when the next is due). */
  'webhook.deliver': Type.Object({ organizationId: Uuid, deliveryId: Uuid }),
  /** One reminder pass: the notices due now in each member's zone, then the mails waiting. */
  'notifications.remind': Type.Object({}),
  /** One pass of scheduled evidence: each due schedule's pack of the finished period, mailed once. */
  'evidence.scheduled': Type.Object({}),
} as const;

export type JobName = keyof typeof JOB_PAYLOADS;
export type JobPayload<N extends JobName> = Static<(typeof JOB_PAYLOADS)[N]>;
export const JOB_NAMES = Object.keys(JOB_PAYLOADS) as JobName[];

export const QUEUE_NAME = 'proofwork';
export const DEFAULT_QUEUE_PREFIX = 'proofwork';

/**
 * Deterministic job ids: enqueueing a job whose id is still waiting is a no-op, so a burst of
 * writes to one member-week makes one job. BullMQ 6.7 rejects custom ids containing ':' (it only
 * tolerates exactly three ':'-parts, for legacy repeat keys), so the parts are joined with '_'.
 */
const JOB_IDS: { [N in JobName]?: (payload: JobPayload<N>) => string } = {
  'rollup.member-week': (p) => `rollup_${p.memberId}_${p.weekStart}`,
  'export.build': (p) => `export_${p.exportId}`,
  'import.run': (p) => `import_${p.importId}`,
  'webhook.deliver': (p) => `webhook_${p.deliveryId}`,
};

export function jobIdOf<N extends JobName>(name: N, payload: JobPayload<N>): string | undefined {
  const idOf = JOB_IDS[name] as ((payload: JobPayload<N>) => string) | undefined;
  return idOf?.(payload);
}

/**
 * Retries back off exponentially (1 s, 2 s, 4 s … ≈ 4 min over 8 attempts). Completed jobs are
 * removed so their deterministic id can be used again; failed ones stay a week for inspection
 * (the dispatcher removes one before re-enqueueing its id).
 */
export const JOB_DEFAULTS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600, count: 1000 },
};

export class InvalidPayloadError extends Error {
  constructor(
    readonly jobName: string,
    readonly problems: string[],
  ) {
    super(`invalid payload for ${jobName}: ${problems.join('; ')}`);
    this.name = 'InvalidPayloadError';
  }
}

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(JOB_PAYLOADS, name);
}

/** Throws `InvalidPayloadError` unless `data` is a valid payload for `name`. */
export function assertPayload<N extends JobName>(name: N, data: unknown): asserts data is JobPayload<N> {
  const schema = JOB_PAYLOADS[name];
  if (!Value.Check(schema, data)) {
    throw new InvalidPayloadError(
      name,
      [...Value.Errors(schema, data)].map((e) => `${e.instancePath || '/'} ${e.message}`),
    );
  }
}

export interface QueueClient {
  queue: Queue;
  /** The one way to enqueue: validates the payload and applies the job's deterministic id. */
  enqueue<N extends JobName>(name: N, payload: JobPayload<N>, options?: JobsOptions): Promise<string>;
  ping(): Promise<boolean>;
  /**
   * Called each time the connection to Redis is ready again after it was lost (not on the first
   * connection). A Redis that restarted without persistence has lost every job and schedule.
   */
  onReconnect(listener: () => void): () => void;
  close(): Promise<void>;
}

export function createQueueClient(url: string, options: { prefix?: string } = {}): QueueClient {
  // Fail fast instead of queueing commands while Redis is away: PostgreSQL keeps the dirty marks
  // and the dispatcher retries, so a producer must never wait on Redis.
  const connection = new Redis(url, { maxRetriesPerRequest: null, enableOfflineQueue: false, commandTimeout: 5000 });
  connection.on('error', () => {
    // Redis may come and go; ioredis reconnects by itself and callers see the failed commands.
  });
  const reconnectListeners = new Set<() => void>();
  let connectedBefore = false;
  connection.on('ready', () => {
    if (connectedBefore) for (const listener of reconnectListeners) listener();
    connectedBefore = true;
  });
  const queue = new Queue(QUEUE_NAME, {
    connection,
    prefix: options.prefix ?? DEFAULT_QUEUE_PREFIX,
    defaultJobOptions: JOB_DEFAULTS,
  });
  queue.on('error', () => {
    // Same as above: reported through the failing command, not as an unhandled event.
  });
  return {
    queue,
    async enqueue(name, payload, jobOptions) {
      assertPayload(name, payload);
      const job = await queue.add(name, payload, { jobId: jobIdOf(name, payload), ...jobOptions });
      return job.id!;
    },
    async ping() {
      try {
        return (await connection.ping()) === 'PONG';
      } catch {
        return false;
      }
    },
    onReconnect(listener) {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },
    async close() {
      reconnectListeners.clear();
      await queue.close().catch(() => {});
      connection.disconnect();
    },
  };
}
