// Stored first responses for POSTs sent with an Idempotency-Key, so client retries are safe.
import { index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from './columns';
import { organizations } from './organizations';

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    /** The user (or token owner) who sent the key: keys are scoped per caller. */
    userId: uuid().notNull(),
    key: text().notNull(),
    method: text().notNull(),
    path: text().notNull(),
    /** SHA-256 of the canonical request body; a different body with the same key is refused. */
    requestHash: text().notNull(),
    /** Null while the first request is still being processed. */
    responseStatus: integer(),
    responseBody: jsonb(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.userId, t.key], name: 'idempotency_keys_pk' }),
    index('idempotency_keys_created_at_idx').on(t.createdAt),
  ],
);
