// Week approval queries: snapshots, the approval state of member-weeks, and which weeks are locked.
import { and, asc, eq, gte, isNull, lte, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { timeEntries, type WeekSnapshot, weekApprovals } from '../schema/index';

/** Totals of one member-week, computed in SQL, frozen into an approval. */
export async function computeWeekSnapshot(
  db: Executor,
  organizationId: string,
  memberId: string,
  weekStart: string,
): Promise<WeekSnapshot> {
  const rows = await db.execute<{ snapshot: WeekSnapshot }>(sql`
    select jsonb_build_object(
      'totalSeconds', coalesce(sum(seconds), 0)::int,
      'entryCount', coalesce(sum(entries), 0)::int,
      'byCategory', coalesce(jsonb_object_agg(key, seconds) filter (where key is not null), '{}'::jsonb)
    ) as snapshot
    from (
      select c.key, sum(e.duration_seconds) as seconds, count(*) as entries
      from time_entries e
      join categories c on c.id = e.category_id
      where e.organization_id = ${organizationId}
        and e.member_id = ${memberId}
        and e.week_start = ${weekStart}
        and e.deleted_at is null
        and e.duration_seconds is not null
      group by c.key
    ) per_category`);
  return rows[0]!.snapshot;
}

export type WeekApprovalRow = typeof weekApprovals.$inferSelect;
export type ApprovalStatus = WeekApprovalRow['status'];
export type WeekApprovalChange = Omit<
  typeof weekApprovals.$inferInsert,
  'id' | 'organizationId' | 'memberId' | 'weekStart' | 'createdAt' | 'updatedAt'
>;

export async function getWeekApproval(
  db: Executor,
  organizationId: string,
  memberId: string,
  weekStart: string,
): Promise<WeekApprovalRow | null> {
  const [row] = await db
    .select()
    .from(weekApprovals)
    .where(
      and(
        eq(weekApprovals.organizationId, organizationId),
        eq(weekApprovals.memberId, memberId),
        eq(weekApprovals.weekStart, weekStart),
      ),
    );
  return row ?? null;
}

/** Writes the week's new state (one row per member-week, created on its first submission). */
export async function saveWeekApproval(
  tx: Executor,
  organizationId: string,
  week: { memberId: string; weekStart: string },
  change: WeekApprovalChange,
): Promise<WeekApprovalRow> {
  const [row] = await tx
    .insert(weekApprovals)
    .values({ ...change, ...week, organizationId })
    .onConflictDoUpdate({ target: [weekApprovals.memberId, weekApprovals.weekStart], set: change })
    .returning();
  return row!;
}

/** A listed week with the live totals of its entries (running timers count as entries, not seconds). */
export type ListedWeekApproval = WeekApprovalRow & { liveSeconds: number; liveEntryCount: number };

export async function listWeekApprovals(
  db: Executor,
  organizationId: string,
  filter: { from: string; to: string; memberId?: string; status?: ApprovalStatus },
): Promise<ListedWeekApproval[]> {
  // One pass over the period's entries, not one call per listed week.
  const live = db.$with('live').as(
    db
      .select({
        memberId: timeEntries.memberId,
        weekStart: timeEntries.weekStart,
        liveSeconds: sql<number>`coalesce(sum(${timeEntries.durationSeconds}), 0)::float8`.as('live_seconds'),
        liveEntryCount: sql<number>`count(*)::int`.as('live_entry_count'),
      })
      .from(timeEntries)
      .where(
        and(
          eq(timeEntries.organizationId, organizationId),
          isNull(timeEntries.deletedAt),
          gte(timeEntries.weekStart, filter.from),
          lte(timeEntries.weekStart, filter.to),
          // Implied by the weeks; lets the (organization, local date) index bound the scan.
          gte(timeEntries.localDate, filter.from),
          sql`${timeEntries.localDate} <= ${filter.to}::date + 6`,
          filter.memberId === undefined ? undefined : eq(timeEntries.memberId, filter.memberId),
        ),
      )
      .groupBy(timeEntries.memberId, timeEntries.weekStart),
  );
  const rows = await db
    .with(live)
    .select({
      approval: weekApprovals,
      liveSeconds: sql<number>`coalesce(${live.liveSeconds}, 0)`.mapWith(Number),
      liveEntryCount: sql<number>`coalesce(${live.liveEntryCount}, 0)`.mapWith(Number),
    })
    .from(weekApprovals)
    .leftJoin(live, and(eq(live.memberId, weekApprovals.memberId), eq(live.weekStart, weekApprovals.weekStart)))
    .where(
      and(
        eq(weekApprovals.organizationId, organizationId),
        gte(weekApprovals.weekStart, filter.from),
        lte(weekApprovals.weekStart, filter.to),
        filter.memberId === undefined ? undefined : eq(weekApprovals.memberId, filter.memberId),
        filter.status === undefined ? undefined : eq(weekApprovals.status, filter.status),
      ),
    )
    .orderBy(asc(weekApprovals.weekStart), asc(weekApprovals.memberId));
  return rows.map((r) => ({ ...r.approval, liveSeconds: r.liveSeconds, liveEntryCount: r.liveEntryCount }));
}

/** The member-weeks among these that are approved, hence locked against entry writes. */
export async function findLockedWeeks(
  db: Executor,
  organizationId: string,
  weeks: { memberId: string; weekStart: string }[],
): Promise<{ memberId: string; weekStart: string }[]> {
  if (weeks.length === 0) return [];
  const keys = sql.join(
    weeks.map((w) => sql`(${w.memberId}::uuid, ${w.weekStart}::date)`),
    sql`, `,
  );
  return db
    .select({ memberId: weekApprovals.memberId, weekStart: weekApprovals.weekStart })
    .from(weekApprovals)
    .where(
      and(
        eq(weekApprovals.organizationId, organizationId),
        eq(weekApprovals.status, 'approved'),
        sql`(${weekApprovals.memberId}, ${weekApprovals.weekStart}) in (${keys})`,
      ),
    )
    .orderBy(asc(weekApprovals.weekStart));
}
