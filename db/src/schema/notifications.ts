// Notifications: what Proofwork tells a member (in the app, and by mail when they have a verified
// address and have not turned that kind off), and who wants which reminder when.
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns';
import { members, organizations } from './organizations';

/**
 * One notice to one member. `dedupeKey` makes each notice once per member and kind (a day, a week,
 * a timer, a webhook's disabling): two workers or a restart insert it once, and only the insert
 * that won sends its mail. The mail columns are the notice's own little outbox.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    memberId: uuid()
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    kind: text().notNull(),
    dedupeKey: text().notNull(),
    /** What the notice says (dates, figures, links' targets), rendered in the reader's language. */
    data: jsonb().$type<Record<string, unknown>>().notNull(),
    readAt: timestamp({ withTimezone: true }),
    /** 'pending' | 'sending' | 'sent' | 'skipped' (no verified address, or mail turned off) | 'failed'. */
    mailStatus: text().notNull().default('pending'),
    mailAttempts: smallint().notNull().default(0),
    mailClaimedAt: timestamp({ withTimezone: true }),
    mailedAt: timestamp({ withTimezone: true }),
    /** SHA-256 of the one-click unsubscribe secret of the last mail sent (it turns this kind off). */
    unsubscribeTokenHash: text(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('notifications_member_id_kind_dedupe_key_idx').on(t.memberId, t.kind, t.dedupeKey),
    index('notifications_organization_id_member_id_created_at_idx').on(t.organizationId, t.memberId, t.createdAt),
    index('notifications_mail_status_idx').on(t.mailStatus).where(sql`${t.mailStatus} in ('pending', 'sending')`),
    uniqueIndex('notifications_unsubscribe_token_hash_idx').on(t.unsubscribeTokenHash),
  ],
);

/**
 * Reminder settings per kind: a member's own row, else the organization's default (member_id null),
 * else the built-in default. `atMinutes` is a local time of day; `afterHours` a timer's threshold.
 */
export const notificationSettings = pgTable(
  'notification_settings',
  {
    id: id(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    memberId: uuid().references(() => members.id, { onDelete: 'cascade' }),
    kind: text().notNull(),
    enabled: boolean().notNull(),
    atMinutes: smallint(),
    afterHours: smallint(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('notification_settings_organization_id_member_id_kind_key')
      .on(t.organizationId, t.memberId, t.kind)
      .nullsNotDistinct(),
    check('notification_settings_at_minutes_check', sql`${t.atMinutes} between 0 and 1439`),
    check('notification_settings_after_hours_check', sql`${t.afterHours} between 1 and 24`),
  ],
);
