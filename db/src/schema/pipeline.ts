// The aggregation pipeline's tables: the outbox of dirty member-weeks and the weekly rollups.
import { sql } from 'drizzle-orm';
import { bigint, date, index, integer, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { brands, categories, deliverableTypes } from './catalog';
import { id } from './columns';
import { platformEnum } from './enums';
import { members, organizations } from './organizations';

/**
 * One row per member-week whose rollup is stale. Written in the same transaction as the entry;
 * `version` grows with every write so a worker only clears the mark it actually recomputed.
 */
export const dirtyMemberWeeks = pgTable(
  'dirty_member_weeks',
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    memberId: uuid()
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    weekStart: date({ mode: 'string' }).notNull(),
    version: bigint({ mode: 'number' }).notNull().default(1),
    dirtiedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** When the dispatcher last turned this mark into a job; null = not yet. */
    enqueuedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.memberId, t.weekStart], name: 'dirty_member_weeks_pk' }),
    index('dirty_member_weeks_enqueued_at_dirtied_at_idx').on(t.enqueuedAt, t.dirtiedAt),
    index('dirty_member_weeks_organization_id_idx').on(t.organizationId),
  ],
);

/** Pre-aggregated seconds per member-week and dimension. Dashboards read these, never raw entries. */
export const weeklyRollups = pgTable(
  'weekly_rollups',
  {
    id: id(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    memberId: uuid()
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    weekStart: date({ mode: 'string' }).notNull(),
    categoryId: uuid()
      .notNull()
      .references(() => categories.id),
    brandId: uuid().references(() => brands.id),
    platform: platformEnum(),
    deliverableTypeId: uuid().references(() => deliverableTypes.id),
    seconds: bigint({ mode: 'number' }).notNull(),
    entryCount: integer().notNull(),
    afterHoursSeconds: bigint({ mode: 'number' }).notNull().default(0),
    weekendSeconds: bigint({ mode: 'number' }).notNull().default(0),
    lateCount: integer().notNull().default(0),
    /** Distinct deliverables counted in this cell (for perceived-vs-measured). */
    deliverableCount: integer().notNull().default(0),
    /**
     * The deliverables themselves: one deliverable worked on in several cells or weeks must count
     * once in a dashboard, so dashboards count distinct ids, not the sum of cell counts.
     */
    deliverableIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    computedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Where the computation came from: 'worker' | 'rebuild'. */
    computedBy: text().notNull().default('worker'),
  },
  (t) => [
    unique('weekly_rollups_dimensions_key')
      .on(t.memberId, t.weekStart, t.categoryId, t.brandId, t.platform, t.deliverableTypeId)
      .nullsNotDistinct(),
    index('weekly_rollups_organization_id_week_start_idx').on(t.organizationId, t.weekStart),
  ],
);

/**
 * The rollups summed per member, week and category group (`weeklyGroupsSql` in rollups.ts): what
 * the team overview and the member-week figures read, a few rows per member-week instead of one
 * per category, brand, platform and deliverable type. Written with the rollups, in the same
 * statement or transaction (recompute, rebuild), and refreshed when a category changes group.
 */
export const memberWeekGroups = pgTable(
  'member_week_groups',
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    memberId: uuid()
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    weekStart: date({ mode: 'string' }).notNull(),
    /** The category group (categories.group) at the time of the last refresh. */
    categoryGroup: text().notNull(),
    seconds: bigint({ mode: 'number' }).notNull(),
    entryCount: integer().notNull(),
    afterHoursSeconds: bigint({ mode: 'number' }).notNull(),
    weekendSeconds: bigint({ mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.memberId, t.weekStart, t.categoryGroup], name: 'member_week_groups_pk' }),
    index('member_week_groups_organization_id_week_start_idx').on(t.organizationId, t.weekStart),
  ],
);

/**
 * One row per member-week with time: `member_week_groups` summed (logged, after-hours and weekend
 * seconds) and pivoted (one column per category group, null when the group has no row). What the
 * member-week figures read: a quarter of 200 members is 2,600 rows read in one index-only pass,
 * nothing to group. Written with `member_week_groups`, in the same statements.
 */
export const memberWeekTotals = pgTable(
  'member_week_totals',
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    memberId: uuid()
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    weekStart: date({ mode: 'string' }).notNull(),
    seconds: bigint({ mode: 'number' }).notNull(),
    afterHoursSeconds: bigint({ mode: 'number' }).notNull(),
    weekendSeconds: bigint({ mode: 'number' }).notNull(),
    // One per CATEGORY_GROUPS entry (core): `groupColumn` in queries/workload.ts names them.
    contentSeconds: bigint({ mode: 'number' }),
    communitySeconds: bigint({ mode: 'number' }),
    insightSeconds: bigint({ mode: 'number' }),
    growthSeconds: bigint({ mode: 'number' }),
    coordinationSeconds: bigint({ mode: 'number' }),
  },
  (t) => [
    primaryKey({ columns: [t.memberId, t.weekStart], name: 'member_week_totals_pk' }),
    // The migration adds INCLUDE (every other column): the figures' reads are index-only.
    index('member_week_totals_organization_id_week_start_idx').on(t.organizationId, t.weekStart),
  ],
);
