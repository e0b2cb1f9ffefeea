// Weekly rollups: the one SQL definition of how time entries aggregate per member-week, used by
// the incremental worker, the set-based rebuild and the reconcile check, so the three can't disagree.
import { CATEGORY_GROUPS, type CategoryGroup } from '@proofwork/core';
import { type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { ParameterOrJSON, TransactionSql } from 'postgres';
import type { Database, Executor } from '../client';

/** NOTIFY channel a recompute signals on; the payload is a `RollupRefreshed` as JSON. */
export const ROLLUP_REFRESHED_CHANNEL = 'proofwork_rollup_refreshed';

export interface RollupRefreshed {
  organizationId: string;
  memberId: string;
  weekStart: string;
  /** The dirty-mark version the recompute read (null when there was no mark). */
  version: number | null;
  /** Whether any rollup row was written or removed. */
  changed: boolean;
}

export type ComputedBy = 'worker' | 'rebuild';

// Advisory lock namespaces (the two-int form): a rebuild holds its organization's lock exclusively,
// recomputes hold it shared, so a rebuild never interleaves with a recompute of the same tenant;
// recomputes of one member-week are serialised so an older snapshot can't overwrite a newer one.
const ORGANIZATION_LOCK = 7_251_003;
const MEMBER_WEEK_LOCK = 7_251_004;

/** The lock a recompute of the member-week takes, as SQL (tests hold it to pause a recompute). */
export function memberWeekLockSql(memberId: string, weekStart: string): SQL {
  return sql`pg_advisory_xact_lock(${MEMBER_WEEK_LOCK}, hashtext(${memberId}::text || ${weekStart}::text))`;
}

// PostgreSQL 18 has uuidv7(); 15–17 (the versions we run on) don't, and keys are uuid v7 everywhere.
/** A uuid v7 made by PostgreSQL (rows written by set-based statements). */
export const UUID_V7 = sql`encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing
  substring(int8send((extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) from 1 for 6), 52, 1), 53, 1),
  'hex')::uuid`;

/** Schedule slots handled by plain arithmetic; a member with more takes a (slower) subquery. */
const UNROLLED_SLOTS = 10;

/**
 * Seconds of the wall-clock span [a, b), in seconds since the local Monday 00:00, that fall in the
 * member's weekly schedule (`x.opens`/`x.closes`: sorted, disjoint, padded with empty slots).
 */
function workingOverlap(a: SQL, b: SQL): SQL {
  const terms = Array.from({ length: UNROLLED_SLOTS }, (_, i) => {
    const n = sql.raw(String(i + 1));
    return sql`greatest(0, least(${b}, x.closes[${n}]) - greatest(${a}, x.opens[${n}]))`;
  });
  return sql`case when x.slot_count <= ${sql.raw(String(UNROLLED_SLOTS))} then ${sql.join(terms, sql` + `)} else (
    select sum(greatest(0, least(${b}, slot.closes) - greatest(${a}, slot.opens)))
    from unnest(x.opens, x.closes) as slot(opens, closes)) end`;
}

/**
 * The `member_zones` CTE (to follow `with`): each member's zone and schedule (their own, or the
 * organization's) for the members matching `memberScope` (on `m`), the schedule normalised
 * once per query into disjoint weekly slots in seconds since the local Monday 00:00, so that
 * overlapping slots never count twice and no entry re-reads the jsonb.
 */
export function memberZonesSql(memberScope: SQL): SQL {
  return sql`
    member_settings as (
      select m.id as member_id, coalesce(m.time_zone, o.time_zone) as zone,
        coalesce(m.working_schedule, o.working_schedule) as schedule
      from members m join organizations o on o.id = m.organization_id
      where ${memberScope}
    ),
    member_slots as (
      select ms.member_id, range_agg(int4range(
        (day - 1) * 86400 + least(opens, closes), (day - 1) * 86400 + closes)) as week
      from member_settings ms
      cross join jsonb_array_elements(ms.schedule) as slot
      cross join lateral (
        select (slot->>'day')::int as day,
          date_part('epoch', (slot->>'start')::time)::int as opens,
          date_part('epoch', (slot->>'end')::time)::int as closes
      ) t
      where t.day between 1 and 7
      group by ms.member_id
    ),
    member_zones as materialized (
      select ms.member_id, ms.zone, coalesce(array_length(b.opens, 1), 0) as slot_count,
        b.opens || array_fill(0, array[greatest(0, ${sql.raw(String(UNROLLED_SLOTS))} - coalesce(array_length(b.opens, 1), 0))])
          as opens,
        b.closes || array_fill(0, array[greatest(0, ${sql.raw(String(UNROLLED_SLOTS))} - coalesce(array_length(b.opens, 1), 0))])
          as closes
      from member_settings ms
      left join member_slots sl on sl.member_id = ms.member_id
      cross join lateral (
        select coalesce(array_agg(lower(r) order by lower(r)), '{}') as opens,
               coalesce(array_agg(upper(r) order by lower(r)), '{}') as closes
        from unnest(coalesce(sl.week, '{}'::int4multirange)) r
      ) b
    )`;
}

/**
 * Seconds of a timed entry `x` on local weekend days and outside the schedule on local weekdays,
 * as an array [after-hours, weekend]. Only for entries off the fast path (see rollupSourceSql):
 * the entry is cut into local days with generate_series over local dates, each day's bounds and
 * slots resolved with AT TIME ZONE, and the ranges intersected, so a 23- or 25-hour day comes out
 * right. A slot boundary inside a DST gap resolves by PostgreSQL's rule (the offset before the
 * change), which only matters where clocks jump on a weekday during working hours.
 */
const EXACT_SPLIT = sql`(
  select array[
    coalesce(sum(day_part.seconds - day_part.working) filter (where day_part.dow < 6), 0),
    coalesce(sum(day_part.seconds) filter (where day_part.dow >= 6), 0)]
  from generate_series(x.local_start::date::timestamp, x.local_end::date::timestamp, interval '1 day') as local_day(day)
  cross join lateral (
    select
      extract(isodow from local_day.day)::int as dow,
      tstzrange(x.started_at, x.ended_at)
        * tstzrange(local_day.day at time zone x.zone, (local_day.day + interval '1 day') at time zone x.zone)
        as part
  ) d
  cross join lateral (
    select
      d.dow,
      date_part('epoch', upper(d.part) - lower(d.part)) as seconds,
      case when d.dow >= 6 then 0 else coalesce((
        select sum(date_part('epoch', upper(overlap.part) - lower(overlap.part)))
        from unnest(x.opens, x.closes) as slot(opens, closes)
        cross join lateral (
          select (local_day.day + make_interval(secs => slot.opens - (d.dow - 1) * 86400)) at time zone x.zone as opens,
                 (local_day.day + make_interval(secs => slot.closes - (d.dow - 1) * 86400)) at time zone x.zone as closes
        ) bounds
        cross join lateral (select d.part * tstzrange(least(bounds.opens, bounds.closes), bounds.closes) as part) overlap
        where slot.opens >= (d.dow - 1) * 86400 and slot.opens < d.dow * 86400 and slot.closes > slot.opens
      ), 0) end as working
    where not isempty(d.part)
  ) day_part)`;

/**
 * One row per counted entry matching `where` (a condition on `e`, the time_entries alias), with its
 * after-hours / weekend split as `split` = array[after-hours, weekend] in seconds (fractions kept):
 * the one SQL definition of the split, which `splitOfEntry` in @proofwork/core mirrors (a property
 * test holds them to the same seconds). Reads the `member_zones` CTE of `memberZonesSql`.
 *
 * Running timers (no duration) and deleted entries never count. An entry without an end
 * (duration-only) has no clock times: all of it is weekend work when its local date is a Saturday
 * or Sunday, and none of it is after-hours (we don't invent a start time).
 *
 * A timed entry that starts and ends on the same local day with the same UTC offset takes the
 * fast path: wall time moves with real time there, so plain arithmetic on local seconds is
 * exact. The others (past midnight, across a DST change: a few percent) take EXACT_SPLIT.
 * `offset 0` fences keep the planner from inlining each level's expressions into every use,
 * and make the GROUP BY sort carry two numbers per entry instead of the schedule arrays.
 */
export function entrySplitsSql(where: SQL): SQL {
  return sql`
      select x.id, x.organization_id, x.member_id, x.week_start, x.category_id, x.brand_id, x.platform,
        x.deliverable_id, x.duration_seconds, x.is_late, x.local_date,
        case
          when x.ended_at is null then
            array[0, case when extract(isodow from x.local_date) >= 6 then x.duration_seconds else 0 end]::float8[]
          when not x.fast then ${EXACT_SPLIT}
          when x.dow >= 6 then array[0, x.seconds]
          else array[x.seconds - ${workingOverlap(sql`x.week_from`, sql`x.week_to`)}, 0]
        end as split
      from (
        select w.*,
          date_part('isodow', w.local_start)::int as dow,
          date_part('epoch', w.ended_at - w.started_at) as seconds,
          (date_part('isodow', w.local_start) - 1) * 86400 + date_part('epoch', w.local_start::time) as week_from,
          (date_part('isodow', w.local_start) - 1) * 86400 + date_part('epoch', w.local_start::time)
            + date_part('epoch', w.local_end - w.local_start) as week_to,
          (w.local_end - w.local_start = w.ended_at - w.started_at
            and date_part('epoch', w.local_start::time) + date_part('epoch', w.local_end - w.local_start) <= 86400)
            as fast
        from (
          select e.id, e.organization_id, e.member_id, e.week_start, e.category_id, e.brand_id, e.platform,
            e.deliverable_id, e.duration_seconds, e.is_late, e.local_date, e.started_at, e.ended_at,
            z.zone, z.opens, z.closes, z.slot_count,
            e.started_at at time zone z.zone as local_start, e.ended_at at time zone z.zone as local_end
          from time_entries e
          join member_zones z on z.member_id = e.member_id
          where (${where}) and e.deleted_at is null and e.duration_seconds is not null
          offset 0
        ) w
        offset 0
      ) x
      offset 0`;
}

/**
 * Rollup cells (one row per member, week, category, brand, platform and deliverable type) of the
 * entry rows `entries` (a relation shaped like `entrySplitsSql`): seconds, entry count, after-hours
 * and weekend seconds (each cell's sum rounded once), late entries and distinct deliverables.
 */
export function rollupCellsSql(entries: SQL): SQL {
  return sql`
    select
      y.organization_id, y.member_id, y.week_start, y.category_id, y.brand_id, y.platform,
      dl.deliverable_type_id,
      sum(y.duration_seconds)::bigint as seconds,
      count(*)::int as entry_count,
      sum(y.split[1])::bigint as after_hours_seconds,
      sum(y.split[2])::bigint as weekend_seconds,
      (count(*) filter (where y.is_late))::int as late_count,
      count(distinct y.deliverable_id)::int as deliverable_count,
      coalesce(array_agg(distinct y.deliverable_id order by y.deliverable_id)
        filter (where y.deliverable_id is not null), '{}')::uuid[] as deliverable_ids
    from ${entries} y
    left join deliverables dl on dl.id = y.deliverable_id
    group by y.organization_id, y.member_id, y.week_start, y.category_id, y.brand_id, y.platform,
      dl.deliverable_type_id`;
}

/**
 * The from-scratch rollup rows for the entries matching `where` (on `e`, time_entries) of the
 * members matching `memberScope` (on `m`, members): `rollupCellsSql` over `entrySplitsSql`.
 */
export function rollupSourceSql(where: SQL, memberScope: SQL): SQL {
  return sql`
    with ${memberZonesSql(memberScope)}
    ${rollupCellsSql(sql`(${entrySplitsSql(where)})`)}`;
}

/**
 * The member × week × category-group rows of the rollup cells `cells` (a relation shaped like
 * weekly_rollups): each group's seconds, entries, after-hours and weekend seconds, the sums of
 * its cells' (already rounded) figures. The one definition of `member_week_groups`, so a
 * member-week's totals there equal the sum of its rollups to the second.
 */
export function weeklyGroupsSql(cells: SQL): SQL {
  return sql`
    select y.organization_id, y.member_id, y.week_start, c."group" as category_group,
      sum(y.seconds)::bigint as seconds, sum(y.entry_count)::int as entry_count,
      sum(y.after_hours_seconds)::bigint as after_hours_seconds, sum(y.weekend_seconds)::bigint as weekend_seconds
    from ${cells} y join categories c on c.id = y.category_id
    group by y.organization_id, y.member_id, y.week_start, c."group"`;
}

const GROUP_COLUMNS = sql`organization_id, member_id, week_start, category_group, seconds, entry_count,
  after_hours_seconds, weekend_seconds`;

/** The column of `member_week_totals` holding a category group's seconds (null when the group has no row). */
export const groupColumn = (group: CategoryGroup) => `${group}_seconds`;

/** Every group's column of `member_week_totals`, read from the relation `alias`, comma-separated. */
export const groupColumnsOf = (alias: string) =>
  sql.raw(CATEGORY_GROUPS.map((g) => `${alias}.${groupColumn(g)}`).join(', '));

const TOTAL_FIGURES = ['seconds', 'after_hours_seconds', 'weekend_seconds', ...CATEGORY_GROUPS.map(groupColumn)];
const TOTAL_COLUMNS = sql.raw(['organization_id', 'member_id', 'week_start', ...TOTAL_FIGURES].join(', '));

/**
 * The `member_week_totals` rows of the group rows `groups` (a relation shaped like
 * member_week_groups): per member-week, the groups summed, and each group's seconds in a column
 * of its own (null when the member-week has no row of that group).
 */
export function weekTotalsSql(groups: SQL): SQL {
  const pivot = CATEGORY_GROUPS.map(
    (g) => `sum(gr.seconds) filter (where gr.category_group = '${g}')::bigint as ${groupColumn(g)}`,
  ).join(', ');
  return sql`
    select gr.organization_id, gr.member_id, gr.week_start, sum(gr.seconds)::bigint as seconds,
      sum(gr.after_hours_seconds)::bigint as after_hours_seconds, sum(gr.weekend_seconds)::bigint as weekend_seconds,
      ${sql.raw(pivot)}
    from ${groups} gr
    group by gr.organization_id, gr.member_id, gr.week_start`;
}

/**
 * CTEs (to follow `with` or a comma) that bring `member_week_groups` in line with the rollup
 * cells `cells` for the member-weeks matching `scope` (a condition on `g`, member_week_groups):
 * rows of groups no longer there are deleted, the rest upserted (unchanged rows left alone).
 */
function writeGroupsSql(organizationId: string, cells: SQL, scope: SQL): SQL {
  return sql`
      groups_fresh as (${weeklyGroupsSql(cells)}),
      groups_removed as (
        delete from member_week_groups g
        where g.organization_id = ${organizationId} and ${scope}
          and not exists (
            select 1 from groups_fresh f
            where f.member_id = g.member_id and f.week_start = g.week_start and f.category_group = g.category_group)
        returning 1
      ),
      groups_written as (
        insert into member_week_groups (${GROUP_COLUMNS})
        select ${GROUP_COLUMNS} from groups_fresh
        on conflict on constraint member_week_groups_pk do update set
          seconds = excluded.seconds, entry_count = excluded.entry_count,
          after_hours_seconds = excluded.after_hours_seconds, weekend_seconds = excluded.weekend_seconds
        where (member_week_groups.seconds, member_week_groups.entry_count, member_week_groups.after_hours_seconds,
               member_week_groups.weekend_seconds)
          is distinct from (excluded.seconds, excluded.entry_count, excluded.after_hours_seconds, excluded.weekend_seconds)
        returning 1
      ),
      totals_fresh as (${weekTotalsSql(sql`groups_fresh`)}),
      totals_removed as (
        delete from member_week_totals g
        where g.organization_id = ${organizationId} and ${scope}
          and not exists (select 1 from totals_fresh f where f.member_id = g.member_id and f.week_start = g.week_start)
        returning 1
      ),
      totals_written as (
        insert into member_week_totals (${TOTAL_COLUMNS})
        select ${TOTAL_COLUMNS} from totals_fresh
        on conflict on constraint member_week_totals_pk do update set
          ${sql.raw(TOTAL_FIGURES.map((c) => `${c} = excluded.${c}`).join(', '))}
        where (${sql.raw(TOTAL_FIGURES.map((c) => `member_week_totals.${c}`).join(', '))})
          is distinct from (${sql.raw(TOTAL_FIGURES.map((c) => `excluded.${c}`).join(', '))})
        returning 1
      )`;
}

const ROLLUP_COLUMNS = sql`organization_id, member_id, week_start, category_id, brand_id, platform,
  deliverable_type_id, seconds, entry_count, after_hours_seconds, weekend_seconds, late_count, deliverable_count,
  deliverable_ids`;

const dialect = new PgDialect();

/**
 * Runs a statement as a named prepared statement. drizzle's execute() never prepares, and the
 * recompute is planned in ~5 ms for ~3 ms of work: preparing lets PostgreSQL reuse the plan.
 */
async function prepared<Row>(client: TransactionSql, query: SQL): Promise<Row[]> {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return (await client.unsafe(text, params as ParameterOrJSON<never>[], { prepare: true })) as unknown as Row[];
}

/**
 * Writes the `fresh` rows of a recompute: inserted, or updated only where a figure changed (an
 * unchanged row is left alone, so it is neither rewritten nor reported as changed).
 */
function upsertFreshRollups(computedBy: ComputedBy | undefined, returning: SQL): SQL {
  return sql`
        insert into weekly_rollups (id, ${ROLLUP_COLUMNS}, computed_at, computed_by)
        select ${UUID_V7}, ${ROLLUP_COLUMNS}, now(), ${computedBy ?? 'worker'} from fresh
        on conflict on constraint weekly_rollups_dimensions_key do update set
          seconds = excluded.seconds, entry_count = excluded.entry_count,
          after_hours_seconds = excluded.after_hours_seconds, weekend_seconds = excluded.weekend_seconds,
          late_count = excluded.late_count, deliverable_count = excluded.deliverable_count,
          deliverable_ids = excluded.deliverable_ids, computed_at = excluded.computed_at, computed_by = excluded.computed_by
        where (weekly_rollups.seconds, weekly_rollups.entry_count, weekly_rollups.after_hours_seconds,
               weekly_rollups.weekend_seconds, weekly_rollups.late_count, weekly_rollups.deliverable_count,
               weekly_rollups.deliverable_ids)
          is distinct from (excluded.seconds, excluded.entry_count, excluded.after_hours_seconds,
               excluded.weekend_seconds, excluded.late_count, excluded.deliverable_count, excluded.deliverable_ids)
        returning ${returning}`;
}

export interface MemberWeekRecompute {
  /** The dirty-mark version read before recomputing (null: no mark). */
  version: number | null;
  /** Rollup rows the member-week has now. */
  rows: number;
  /** Rows inserted or changed, and rows removed because their entries are gone. */
  written: number;
  removed: number;
  /** The mark was cleared (no write arrived since `version` was read). */
  cleared: boolean;
}

/**
 * Recomputes one member-week from its entries, idempotently, in one statement: rows whose cell
 * vanished are deleted, the rest upserted (unchanged rows are left alone), the dirty mark is
 * cleared only if its version is still the one read first, and a `RollupRefreshed` is notified.
 */
export async function recomputeMemberWeek(
  db: Database,
  organizationId: string,
  params: { memberId: string; weekStart: string; computedBy?: ComputedBy },
): Promise<MemberWeekRecompute> {
  const { memberId, weekStart } = params;
  return db.$sql.begin(async (tx) => {
    // The locks come first, in their own statement, so the recompute's snapshot is taken after
    // any competing recompute or rebuild has committed. The version may be read a little earlier
    // than that snapshot: a write in between only keeps the mark for one more (harmless) pass.
    // Rollups are derived: if a crash loses this commit it loses the mark's deletion with it, so
    // the member-week is simply recomputed again. No need to wait for the WAL flush.
    // The recompute's generic plan (index lookups by member and week) is as good as a custom one,
    // but PostgreSQL would keep re-planning it (~2.5 ms of a ~7 ms recompute): force the generic.
    const [head] = await prepared<{ version: string | null }>(
      tx,
      sql`
      select
        set_config('synchronous_commit', 'off', true),
        set_config('plan_cache_mode', 'force_generic_plan', true),
        pg_advisory_xact_lock_shared(${ORGANIZATION_LOCK}, hashtext(${organizationId}::text)),
        pg_advisory_xact_lock(${MEMBER_WEEK_LOCK}, hashtext(${memberId}::text || ${weekStart}::text)),
        (select version from dirty_member_weeks where member_id = ${memberId} and week_start = ${weekStart})::text
          as version`,
    );
    const version = head?.version == null ? null : Number(head.version);
    const [result] = await prepared<Omit<MemberWeekRecompute, 'version'>>(
      tx,
      sql`
      with fresh as (
        ${rollupSourceSql(
          sql`e.organization_id = ${organizationId} and e.member_id = ${memberId} and e.week_start = ${weekStart}`,
          sql`m.id = ${memberId}`,
        )}
      ),
      removed as (
        delete from weekly_rollups r
        where r.organization_id = ${organizationId} and r.member_id = ${memberId} and r.week_start = ${weekStart}
          and not exists (
            select 1 from fresh f
            where f.category_id = r.category_id and f.brand_id is not distinct from r.brand_id
              and f.platform is not distinct from r.platform
              and f.deliverable_type_id is not distinct from r.deliverable_type_id)
        returning 1
      ),
      written as (${upsertFreshRollups(params.computedBy, sql`1`)}),
      ${writeGroupsSql(organizationId, sql`fresh`, sql`g.member_id = ${memberId} and g.week_start = ${weekStart}`)},
      cleared as (
        delete from dirty_member_weeks
        where organization_id = ${organizationId} and member_id = ${memberId} and week_start = ${weekStart}
          and version = ${version}::bigint
        returning 1
      ),
      counts as (
        select (select count(*) from fresh)::int as rows, (select count(*) from written)::int as written,
          (select count(*) from removed)::int as removed, exists (select 1 from cleared) as cleared
      )
      select counts.*, pg_notify(${ROLLUP_REFRESHED_CHANNEL}, json_build_object(
        'organizationId', ${organizationId}::uuid, 'memberId', ${memberId}::uuid, 'weekStart', ${weekStart}::date,
        'version', ${version}::bigint, 'changed', counts.written + counts.removed > 0)::text)
      from counts`,
    );
    return {
      version,
      rows: result!.rows,
      written: result!.written,
      removed: result!.removed,
      cleared: result!.cleared,
    };
  });
}

export interface MemberWeekBatchRecompute extends MemberWeekRecompute {
  memberId: string;
  weekStart: string;
}

/** Member-weeks one `recomputeMemberWeeks` call takes at most (its keys travel as one parameter each). */
export const MAX_RECOMPUTE_BATCH = 500;

/**
 * Recomputes several member-weeks of one organization in one transaction and one statement set,
 * with the same result as `recomputeMemberWeek` on each: every member-week's lock is taken (in
 * the order of the lock keys, so two batches can't deadlock), each mark is cleared only if its
 * version is still the one read under the lock, and one `RollupRefreshed` is notified per
 * member-week. Duplicate keys are recomputed once. Returns one result per distinct member-week.
 */
export async function recomputeMemberWeeks(
  db: Database,
  organizationId: string,
  params: { weeks: { memberId: string; weekStart: string }[]; computedBy?: ComputedBy },
): Promise<MemberWeekBatchRecompute[]> {
  const unique = new Map(params.weeks.map((w) => [`${w.memberId}_${w.weekStart}`, w]));
  const weeks = [...unique.values()];
  if (weeks.length === 0) return [];
  if (weeks.length > MAX_RECOMPUTE_BATCH) throw new RangeError(`at most ${MAX_RECOMPUTE_BATCH} member-weeks at once`);
  const memberIds = weeks.map((w) => w.memberId).join(',');
  const weekStarts = weeks.map((w) => w.weekStart).join(',');
  return db.$sql.begin(async (tx) => {
    // As in recomputeMemberWeek: the locks first, in their own statement (the subquery sorts the
    // lock keys before the outer select takes them, one after the other), then the versions.
    const heads = await prepared<{ memberId: string; weekStart: string }>(
      tx,
      sql`
      select k.member_id as "memberId", k.week_start::text as "weekStart"
      from (
        select k.member_id, k.week_start, pg_advisory_xact_lock(${MEMBER_WEEK_LOCK}, k.lock_key) as locked
        from (
          select x.member_id::uuid as member_id, x.week_start::date as week_start,
            hashtext(x.member_id || x.week_start) as lock_key
          from unnest(string_to_array(${memberIds}, ','), string_to_array(${weekStarts}, ',')) as x(member_id, week_start)
          cross join (select
            set_config('synchronous_commit', 'off', true),
            -- A batch's estimates (the exact split's) cross the JIT thresholds; compiling costs
            -- seconds for milliseconds of work, as in rebuildRollups.
            set_config('jit', 'off', true),
            pg_advisory_xact_lock_shared(${ORGANIZATION_LOCK}, hashtext(${organizationId}::text))) settings
          order by 3, 1, 2
          offset 0
        ) k
        offset 0
      ) k`,
    );
    // The batch clears several marks; a write may hold one of them while it waits for another.
    // Taking them all now, in the writers' order (markOrder), keeps the two from ever crossing.
    const marks = await prepared<{ memberId: string; weekStart: string; version: string }>(
      tx,
      sql`
      select member_id as "memberId", week_start::text as "weekStart", version::text as version
      from dirty_member_weeks
      where organization_id = ${organizationId} and (member_id, week_start) in (
        select x.member_id::uuid, x.week_start::date
        from unnest(string_to_array(${memberIds}, ','), string_to_array(${weekStarts}, ',')) as x(member_id, week_start))
      order by member_id, week_start
      for update`,
    );
    const versionOf = new Map(marks.map((m) => [`${m.memberId}_${m.weekStart}`, m.version]));
    const versions = heads.map((h) => versionOf.get(`${h.memberId}_${h.weekStart}`) ?? '').join(',');
    const keyMembers = heads.map((h) => h.memberId).join(',');
    const keyWeeks = heads.map((h) => h.weekStart).join(',');
    const keys = sql`(
      select member_id, week_start, nullif(version, '')::bigint as version
      from unnest(string_to_array(${keyMembers}, ',')::uuid[], string_to_array(${keyWeeks}, ',')::date[],
        string_to_array(${versions}, ',')) as k(member_id, week_start, version))`;
    const results = await prepared<Omit<MemberWeekBatchRecompute, 'version'> & { version: string | null }>(
      tx,
      sql`
      with keys as materialized ${keys},
      fresh as (
        ${rollupSourceSql(
          sql`e.organization_id = ${organizationId} and (e.member_id, e.week_start) in (select member_id, week_start from keys)`,
          sql`m.id in (select member_id from keys)`,
        )}
      ),
      removed as (
        delete from weekly_rollups r
        where r.organization_id = ${organizationId}
          and (r.member_id, r.week_start) in (select member_id, week_start from keys)
          and not exists (
            select 1 from fresh f
            where f.member_id = r.member_id and f.week_start = r.week_start
              and f.category_id = r.category_id and f.brand_id is not distinct from r.brand_id
              and f.platform is not distinct from r.platform
              and f.deliverable_type_id is not distinct from r.deliverable_type_id)
        returning r.member_id, r.week_start
      ),
      written as (${upsertFreshRollups(params.computedBy, sql`weekly_rollups.member_id, weekly_rollups.week_start`)}),
      ${writeGroupsSql(organizationId, sql`fresh`, sql`(g.member_id, g.week_start) in (select member_id, week_start from keys)`)},
      cleared as (
        delete from dirty_member_weeks d
        using keys k
        where d.organization_id = ${organizationId} and d.member_id = k.member_id and d.week_start = k.week_start
          and d.version = k.version
        returning d.member_id, d.week_start
      ),
      counts as (
        select k.member_id, k.week_start, k.version,
          (select count(*) from fresh f where f.member_id = k.member_id and f.week_start = k.week_start)::int as rows,
          (select count(*) from written w where w.member_id = k.member_id and w.week_start = k.week_start)::int
            as written,
          (select count(*) from removed r where r.member_id = k.member_id and r.week_start = k.week_start)::int
            as removed,
          exists (select 1 from cleared c where c.member_id = k.member_id and c.week_start = k.week_start) as cleared
        from keys k
      )
      select c.member_id as "memberId", c.week_start::text as "weekStart", c.version::text as version,
        c.rows, c.written, c.removed, c.cleared,
        pg_notify(${ROLLUP_REFRESHED_CHANNEL}, json_build_object(
          'organizationId', ${organizationId}::uuid, 'memberId', c.member_id, 'weekStart', c.week_start,
          'version', c.version, 'changed', c.written + c.removed > 0)::text)
      from counts c
      order by c.member_id, c.week_start`,
    );
    return results.map((r) => ({
      memberId: r.memberId,
      weekStart: r.weekStart,
      version: r.version == null ? null : Number(r.version),
      rows: r.rows,
      written: r.written,
      removed: r.removed,
      cleared: r.cleared,
    }));
  });
}

export interface RebuildOptions {
  /** One organization, or all of them. */
  organizationId?: string;
  /** Local dates; a week is in range when its start is between the week of `from` and `to`. */
  from?: string;
  to?: string;
  /** Called after each organization, in its own transaction, is rebuilt. */
  onProgress?: (progress: RebuildProgress) => void;
}

export interface RebuildProgress {
  organizationId: string;
  done: number;
  total: number;
  rows: number;
  milliseconds: number;
}

/** The organization's first week day, for week ranges (organizations.week_start: 1 = Monday). */
function weekRange(organizationId: string, from: string | undefined, to: string | undefined, column: SQL): SQL {
  const lower = from
    ? sql`${column} >= ${from}::date - ((extract(isodow from ${from}::date)::int
        - (select week_start from organizations where id = ${organizationId}) + 7) % 7)`
    : sql`true`;
  const upper = to ? sql`${column} <= ${to}::date` : sql`true`;
  return sql`(${lower} and ${upper})`;
}

/**
 * Rebuilds rollups set-based, one organization per transaction: drop the range's marks and rows,
 * then one INSERT … SELECT … GROUP BY. Marks are dropped first so a write committed after that
 * statement leaves a fresh mark for the workers rather than being lost.
 */
export async function rebuildRollups(
  db: Database,
  options: RebuildOptions = {},
): Promise<{ organizations: number; rows: number }> {
  const organizationIds = options.organizationId
    ? [options.organizationId]
    : (await db.execute<{ id: string }>(sql`select id from organizations order by id`)).map((r) => r.id);
  let rows = 0;
  for (const [index, organizationId] of organizationIds.entries()) {
    const started = performance.now();
    const inRange = (column: SQL) => weekRange(organizationId, options.from, options.to, column);
    const inserted = await db.transaction(async (tx) => {
      // JIT compiling this statement costs more than it saves; the GROUP BY sort wants memory.
      await tx.execute(sql`select pg_advisory_xact_lock(${ORGANIZATION_LOCK}, hashtext(${organizationId}::text)),
        set_config('jit', 'off', true), set_config('work_mem', '64MB', true)`);
      // Marks locked in the writers' order first (see markOrder), then deleted.
      await tx.execute(sql`delete from dirty_member_weeks where (member_id, week_start) in (
        select member_id, week_start from dirty_member_weeks
        where organization_id = ${organizationId} and ${inRange(sql`week_start`)}
        order by member_id, week_start
        for update)`);
      await tx.execute(sql`delete from weekly_rollups
        where organization_id = ${organizationId} and ${inRange(sql`week_start`)}`);
      await tx.execute(sql`delete from member_week_groups
        where organization_id = ${organizationId} and ${inRange(sql`week_start`)}`);
      await tx.execute(sql`delete from member_week_totals
        where organization_id = ${organizationId} and ${inRange(sql`week_start`)}`);
      const result = await tx.execute(sql`
        insert into weekly_rollups (id, ${ROLLUP_COLUMNS}, computed_by)
        select ${UUID_V7}, ${ROLLUP_COLUMNS}, 'rebuild'
        from (${rollupSourceSql(
          sql`e.organization_id = ${organizationId} and ${inRange(sql`e.week_start`)}`,
          sql`m.organization_id = ${organizationId}`,
        )}) fresh`);
      await tx.execute(sql`
        insert into member_week_groups (${GROUP_COLUMNS})
        ${weeklyGroupsSql(sql`(select * from weekly_rollups
          where organization_id = ${organizationId} and ${inRange(sql`week_start`)})`)}`);
      await tx.execute(sql`
        insert into member_week_totals (${TOTAL_COLUMNS})
        ${weekTotalsSql(sql`(select * from member_week_groups
          where organization_id = ${organizationId} and ${inRange(sql`week_start`)})`)}`);
      return result.count;
    });
    rows += inserted;
    options.onProgress?.({
      organizationId,
      done: index + 1,
      total: organizationIds.length,
      rows: inserted,
      milliseconds: Math.round(performance.now() - started),
    });
  }
  return { organizations: organizationIds.length, rows };
}

/**
 * Brings `member_week_groups` in line with the rollups for every member-week that has time in the
 * category (call it in the transaction that changed the category's group, after the change). It
 * holds the organization's lock like a rebuild, so no recompute interleaves: one that committed
 * before read the old group and is corrected here, one after reads the new group.
 */
export async function refreshCategoryGroups(db: Executor, organizationId: string, categoryId: string): Promise<number> {
  await db.execute(sql`select pg_advisory_xact_lock(${ORGANIZATION_LOCK}, hashtext(${organizationId}::text))`);
  const affected = sql`(select distinct member_id, week_start from weekly_rollups
    where organization_id = ${organizationId} and category_id = ${categoryId})`;
  const [row] = await db.execute<{ weeks: number }>(sql`
    with affected as materialized ${affected},
    ${writeGroupsSql(
      organizationId,
      sql`(select r.* from weekly_rollups r
        where r.organization_id = ${organizationId} and (r.member_id, r.week_start) in (select member_id, week_start from affected))`,
      sql`(g.member_id, g.week_start) in (select member_id, week_start from affected)`,
    )}
    select count(*)::int as weeks from affected`);
  return row!.weeks;
}

/** A row of a pre-aggregate that disagrees with a recompute from the entries. */
export type RollupDrift = {
  /** weekly_rollups (a cell), member_week_groups (a category group's row) or member_week_totals. */
  table: 'weekly_rollups' | 'member_week_groups' | 'member_week_totals';
  organizationId: string;
  memberId: string;
  weekStart: string;
  /** The cell's keys: set on weekly_rollups rows only. */
  categoryId: string | null;
  brandId: string | null;
  platform: string | null;
  deliverableTypeId: string | null;
  /** Set on member_week_groups rows only. */
  categoryGroup: string | null;
  /** From a recompute of the entries; null when the table has a row the entries don't support. */
  expected: Record<string, number | null> | null;
  /** What the table holds; null when a row is missing. */
  actual: Record<string, number | null> | null;
};

/** The figures compared, per table: a cell's, a group row's (the first four), a member-week total's. */
const CELL_FIGURES = [
  'seconds',
  'entry_count',
  'after_hours_seconds',
  'weekend_seconds',
  'late_count',
  'deliverable_count',
] as const;
const GROUP_FIGURES = CELL_FIGURES.slice(0, 4);

const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** The row's figures as a JSON object (camelCase keys), null when `alias` has no row (a full join's miss). */
const figuresJson = (alias: 'x' | 'a', columns: readonly string[]) =>
  sql.raw(`case when ${alias}.member_id is null then null else json_build_object(
    ${columns.map((c) => `'${camel(c)}', ${alias}.${c}`).join(', ')}) end`);

/** The expected row `x` and the stored row `a` differ in one of these figures. */
const differ = (columns: readonly string[]) =>
  sql.raw(`(${columns.map((c) => `x.${c}`).join(', ')}) is distinct from (${columns.map((c) => `a.${c}`).join(', ')})`);

/**
 * Compares the pre-aggregates (weekly_rollups, and the member_week_groups and member_week_totals
 * the figures read) with a from-scratch recompute over a random sample of member-weeks (or all of
 * them) and returns the rows that differ. Member-weeks with a pending dirty mark are skipped: they
 * are expected to be behind.
 */
export async function reconcile(
  db: Executor,
  options: { sample?: number; organizationId?: string } = {},
): Promise<RollupDrift[]> {
  const inOrganization = (column: SQL) =>
    options.organizationId ? sql`${column} = ${options.organizationId}` : sql`true`;
  const rows = await db.execute<RollupDrift>(sql`
    with member_weeks as (
      select mw.member_id, mw.week_start from (
        select member_id, week_start from time_entries where ${inOrganization(sql`organization_id`)}
        union
        select member_id, week_start from weekly_rollups where ${inOrganization(sql`organization_id`)}
      ) mw
      where not exists (
        select 1 from dirty_member_weeks d where d.member_id = mw.member_id and d.week_start = mw.week_start)
      order by random()
      limit ${options.sample ?? null}::int
    ),
    expected as (
      ${rollupSourceSql(
        sql`(e.member_id, e.week_start) in (select member_id, week_start from member_weeks)`,
        sql`m.id in (select member_id from member_weeks)`,
      )}
    ),
    actual as (
      select r.* from weekly_rollups r
      join member_weeks mw on mw.member_id = r.member_id and mw.week_start = r.week_start
    ),
    groups_expected as (${weeklyGroupsSql(sql`expected`)}),
    groups_actual as (
      select g.* from member_week_groups g
      join member_weeks mw on mw.member_id = g.member_id and mw.week_start = g.week_start
    ),
    totals_expected as (${weekTotalsSql(sql`groups_expected`)}),
    totals_actual as (
      select t.* from member_week_totals t
      join member_weeks mw on mw.member_id = t.member_id and mw.week_start = t.week_start
    ),
    drift as (
      select 'weekly_rollups' as "table",
        coalesce(x.organization_id, a.organization_id) as "organizationId",
        coalesce(x.member_id, a.member_id) as "memberId",
        coalesce(x.week_start, a.week_start)::text as "weekStart",
        coalesce(x.category_id, a.category_id) as "categoryId",
        coalesce(x.brand_id, a.brand_id) as "brandId",
        coalesce(x.platform, a.platform)::text as platform,
        coalesce(x.deliverable_type_id, a.deliverable_type_id) as "deliverableTypeId",
        null::text as "categoryGroup",
        ${figuresJson('x', CELL_FIGURES)} as expected,
        ${figuresJson('a', CELL_FIGURES)} as actual
      from expected x
      full join actual a
        on a.member_id = x.member_id and a.week_start = x.week_start and a.category_id = x.category_id
        and a.brand_id is not distinct from x.brand_id and a.platform is not distinct from x.platform
        and a.deliverable_type_id is not distinct from x.deliverable_type_id
      where ${differ(CELL_FIGURES)}
      union all
      select 'member_week_groups', coalesce(x.organization_id, a.organization_id), coalesce(x.member_id, a.member_id),
        coalesce(x.week_start, a.week_start)::text, null, null, null, null,
        coalesce(x.category_group, a.category_group)::text,
        ${figuresJson('x', GROUP_FIGURES)}, ${figuresJson('a', GROUP_FIGURES)}
      from groups_expected x
      full join groups_actual a
        on a.member_id = x.member_id and a.week_start = x.week_start and a.category_group = x.category_group
      where ${differ(GROUP_FIGURES)}
      union all
      select 'member_week_totals', coalesce(x.organization_id, a.organization_id), coalesce(x.member_id, a.member_id),
        coalesce(x.week_start, a.week_start)::text, null, null, null, null, null,
        ${figuresJson('x', TOTAL_FIGURES)}, ${figuresJson('a', TOTAL_FIGURES)}
      from totals_expected x
      full join totals_actual a on a.member_id = x.member_id and a.week_start = x.week_start
      where ${differ(TOTAL_FIGURES)}
    )
    select * from drift order by "memberId", "weekStart", "table", "categoryId", "categoryGroup"`);
  return [...rows];
}
