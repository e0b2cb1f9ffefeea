// The outbox of dirty member-weeks. Marks are written in the caller's transaction, next to the
// entry change they describe; a newer write bumps `version` so a running worker can't clear it.
import { sql } from 'drizzle-orm';
import type { Database, Executor } from '../client';
import { dirtyMemberWeeks } from '../schema/index';

/** NOTIFY channel that wakes dispatchers when a mark is written (delivered at commit). */
export const DIRTY_MEMBER_WEEKS_CHANNEL = 'proofwork_dirty_member_weeks';

export interface MemberWeek {
  organizationId: string;
  memberId: string;
  weekStart: string;
}

export interface DirtyMark extends MemberWeek {
  version: number;
}

/**
 * The one order in which a transaction locks several marks (member, then week: uuid and ISO date
 * text sort as PostgreSQL sorts the columns), so two transactions never hold one each of a pair.
 */
export function markOrder(a: MemberWeek, b: MemberWeek): number {
  if (a.memberId !== b.memberId) return a.memberId < b.memberId ? -1 : 1;
  return a.weekStart < b.weekStart ? -1 : a.weekStart > b.weekStart ? 1 : 0;
}

export async function markMemberWeeksDirty(db: Executor, weeks: MemberWeek[]): Promise<void> {
  if (weeks.length === 0) return;
  const unique = new Map(weeks.map((w) => [`${w.memberId}:${w.weekStart}`, w]));
  // Rows of a multi-row upsert are locked in the order of its VALUES.
  await db
    .insert(dirtyMemberWeeks)
    .values([...unique.values()].sort(markOrder))
    .onConflictDoUpdate({
      target: [dirtyMemberWeeks.memberId, dirtyMemberWeeks.weekStart],
      set: {
        version: sql`${dirtyMemberWeeks.version} + 1`,
        dirtiedAt: sql`now()`,
        // A new write re-arms the mark: the job that may be running read an older version.
        enqueuedAt: sql`null`,
      },
    });
  // Only a wake-up call: dispatchers also poll, so a lost notification only costs latency.
  await db.execute(sql`select pg_notify(${DIRTY_MEMBER_WEEKS_CHANNEL}, '')`);
}

/**
 * Claims and releases are bookkeeping: one lost in a crash only means a mark is dispatched again
 * (and deduplicated by its job id), so they don't wait for the WAL flush. The dispatcher makes
 * one per pass, many per second under load.
 */
const NO_FLUSH = sql`set local synchronous_commit = off`;

/**
 * Claims up to `limit` marks for dispatch, oldest first: marks never dispatched, and marks
 * dispatched more than `lostAfterSeconds` ago that are still there (their job was lost with
 * Redis, or its worker died). SKIP LOCKED lets several dispatchers claim side by side.
 */
export async function claimDirtyMarks(
  db: Database,
  params: { limit: number; lostAfterSeconds: number },
): Promise<DirtyMark[]> {
  return db.transaction(async (tx) => {
    await tx.execute(NO_FLUSH);
    const rows = await tx.execute<{ organizationId: string; memberId: string; weekStart: string; version: string }>(sql`
    with claimable as (
      select member_id, week_start from dirty_member_weeks
      where enqueued_at is null or enqueued_at < now() - make_interval(secs => ${params.lostAfterSeconds})
      order by dirtied_at
      limit ${params.limit}
      for update skip locked
    )
    update dirty_member_weeks d set enqueued_at = now()
    from claimable c
    where d.member_id = c.member_id and d.week_start = c.week_start
    returning d.organization_id as "organizationId", d.member_id as "memberId", d.week_start::text as "weekStart",
      d.version::text as version`);
    return rows.map((r) => ({ ...r, version: Number(r.version) }));
  });
}

/**
 * Hands claimed marks back for the next pass (their job could not be enqueued, or must run again).
 * A mark locked by someone else is skipped rather than waited for: a write re-arms it itself, a
 * recompute clears it or leaves it to the write that changed its version, a claim dispatches it.
 * Never waiting here means the release can't close a lock cycle with a write holding other marks.
 */
export async function releaseDirtyMarks(db: Database, marks: MemberWeek[]): Promise<void> {
  if (marks.length === 0) return;
  const keys = sql.join(
    marks.map((m) => sql`(${m.memberId}::uuid, ${m.weekStart}::date)`),
    sql`, `,
  );
  await db.transaction(async (tx) => {
    await tx.execute(NO_FLUSH);
    await tx.execute(sql`update dirty_member_weeks d set enqueued_at = null
      from (select member_id, week_start from dirty_member_weeks where (member_id, week_start) in (${keys})
        for update skip locked) free
      where d.member_id = free.member_id and d.week_start = free.week_start`);
  });
}
