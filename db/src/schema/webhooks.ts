// Outgoing webhooks: an organization's endpoints, the domain events that feed them, and one delivery
// row per event and endpoint (its own outbox: retried with back-off until it succeeds or gives up).
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgEnum, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns';
import { members, organizations } from './organizations';

export const webhookDeliveryStatusEnum = pgEnum('webhook_delivery_status', ['pending', 'succeeded', 'failed']);

export const webhooks = pgTable(
  'webhooks',
  {
    id: id(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    url: text().notNull(),
    description: text().notNull().default(''),
    /** Event types sent to this endpoint. */
    events: text().array().notNull(),
    /** Signs every delivery (HMAC-SHA256); shown once, at creation or rotation. */
    secret: text().notNull(),
    /** The secret before the last rotation, still signing until it expires (overlap for receivers). */
    previousSecret: text(),
    previousSecretExpiresAt: timestamp({ withTimezone: true }),
    enabled: boolean().notNull().default(true),
    disabledAt: timestamp({ withTimezone: true }),
    disabledReason: text(),
    /** First failure of the current run of failures (cleared by a success). */
    failingSince: timestamp({ withTimezone: true }),
    createdByMemberId: uuid().references(() => members.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('webhooks_organization_id_idx').on(t.organizationId)],
);

export const domainEvents = pgTable(
  'domain_events',
  {
    id: id(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    type: text().notNull(),
    data: jsonb().notNull(),
    createdAt: createdAt(),
    /** Set once a delivery row was made for every endpoint subscribed to it. */
    fannedOutAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('domain_events_pending_idx').on(t.createdAt).where(sql`${t.fannedOutAt} is null`)],
);

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: id(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    webhookId: uuid()
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    /** The event's id, the same on every retry: receivers de-duplicate with it. */
    eventId: uuid().notNull(),
    eventType: text().notNull(),
    /** The JSON body, fixed when the delivery is made (retries send the same bytes). */
    body: text().notNull(),
    status: webhookDeliveryStatusEnum().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Set while an attempt runs, so two runners never send one delivery at once. */
    attemptStartedAt: timestamp({ withTimezone: true }),
    lastStatusCode: integer(),
    lastError: text(),
    lastLatencyMs: integer(),
    createdAt: createdAt(),
    deliveredAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    unique('webhook_deliveries_webhook_event_key').on(t.webhookId, t.eventId),
    index('webhook_deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('webhook_deliveries_webhook_id_created_at_idx').on(t.webhookId, t.createdAt),
  ],
);
