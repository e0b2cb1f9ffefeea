// Week approval queries.
import { sql } from 'drizzle-orm';
import type { Executor } from '../client';
import type { WeekSnapshot } from '../schema/index';

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
