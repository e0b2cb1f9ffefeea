// Scheduled evidence: a manager has the pack of the finished month or quarter mailed to named
// recipients (budget holders without an account), with a share link; every send is logged once
// per schedule × period × recipient, which is also what keeps two workers from sending twice.
import { sql } from 'drizzle-orm';
import { boolean, check, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns';
import { localeEnum } from './enums';
import { shareLinks } from './evidence';
import { members, organizations } from './organizations';

export const evidenceSchedules = pgTable(
  'evidence_schedules',
  {
    id: id(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    createdByMemberId: uuid().references(() => members.id, { onDelete: 'set null' }),
    /** 'monthly' | 'quarterly': the finished calendar month or quarter in the organization's zone. */
    cadence: text().notNull(),
    /** Lower-cased addresses; one who unsubscribes is taken off the list. */
    recipients: text().array().notNull(),
    locale: localeEnum().notNull(),
    active: boolean().notNull().default(true),
    /** The last period sent ('2026-11' or '2026-Q3'). */
    lastPeriod: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('evidence_schedules_organization_id_idx').on(t.organizationId),
    check('evidence_schedules_cadence_check', sql`${t.cadence} in ('monthly', 'quarterly')`),
  ],
);

export const evidenceScheduleSends = pgTable(
  'evidence_schedule_sends',
  {
    id: id(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    scheduleId: uuid()
      .notNull()
      .references(() => evidenceSchedules.id, { onDelete: 'cascade' }),
    period: text().notNull(),
    recipient: text().notNull(),
    /** 'sending' | 'sent' | 'failed' */
    status: text().notNull().default('sending'),
    shareLinkId: uuid().references(() => shareLinks.id, { onDelete: 'set null' }),
    /** SHA-256 of the recipient's one-click unsubscribe secret. */
    unsubscribeTokenHash: text(),
    error: text(),
    createdAt: createdAt(),
    sentAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('evidence_schedule_sends_once_idx').on(t.scheduleId, t.period, t.recipient),
    uniqueIndex('evidence_schedule_sends_unsubscribe_idx').on(t.unsubscribeTokenHash),
    index('evidence_schedule_sends_organization_id_idx').on(t.organizationId),
  ],
);
