// Webhook deliveries are rows: a change writes a domain event in its own transaction; this runner
// turns new events into one delivery per listening endpoint, then hands every due delivery (first
// attempt or retry) to `webhook.deliver` (deterministic job id `webhook_<id>`). See ../row-runner.ts.
import {
  deleteOldWebhookDeliveries,
  dueWebhookDeliveries,
  fanOutDomainEvents,
  WEBHOOK_EVENT_CHANNEL,
} from '@proofwork/db';
import type { JobPayload } from '../contracts';
import { type RowKind, type RowRunnerOptions, startRowRunner } from '../row-runner';

export const WEBHOOK_ROWS: RowKind<JobPayload<'webhook.deliver'>> = {
  name: 'webhook',
  channel: WEBHOOK_EVENT_CHANNEL,
  batch: 50,
  async queued(db, limit, now) {
    // Every new event becomes its deliveries first (a burst may take several passes).
    for (let taken = 1; taken > 0; ) taken = await fanOutDomainEvents(db, now);
    return dueWebhookDeliveries(db, limit, now);
  },
  // An attempt cut short by a dead process holds a five-minute lease, then is due again.
  failAbandoned: async () => {},
  expire: deleteOldWebhookDeliveries,
  payloadOf: (row) => ({ organizationId: row.organizationId, deliveryId: row.id }),
};

export type WebhookRunnerOptions = RowRunnerOptions & { run(payload: JobPayload<'webhook.deliver'>): Promise<unknown> };

export const startWebhookRunner = (options: WebhookRunnerOptions) =>
  startRowRunner(WEBHOOK_ROWS, { pollMs: 2000, ...options });
