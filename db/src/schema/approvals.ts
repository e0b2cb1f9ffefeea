// Week approvals: a member submits a week, a manager approves it and its totals are frozen.
import { date, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns';
import { approvalStatusEnum } from './enums';
import { members, organizations } from './organizations';

export interface WeekSnapshot {
  totalSeconds: number;
  entryCount: number;
  byCategory: Record<string, number>;
}

export const weekApprovals = pgTable(
  'week_approvals',
  {
    id: id(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    memberId: uuid()
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    weekStart: date({ mode: 'string' }).notNull(),
    status: approvalStatusEnum().notNull(),
    submittedAt: timestamp({ withTimezone: true }),
    submittedByMemberId: uuid().references(() => members.id, { onDelete: 'set null' }),
    decidedAt: timestamp({ withTimezone: true }),
    decidedByMemberId: uuid().references(() => members.id, { onDelete: 'set null' }),
    comment: text(),
    /** Totals frozen at approval. */
    snapshot: jsonb().$type<WeekSnapshot>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('week_approvals_member_id_week_start_idx').on(t.memberId, t.weekStart),
    index('week_approvals_organization_id_week_start_idx').on(t.organizationId, t.weekStart),
  ],
);
