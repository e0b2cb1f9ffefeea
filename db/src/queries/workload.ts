// Workload figures in SQL beside the split of rollups.ts: a member-week's contract and overtime
// (the dashboards' and the evidence pack's definition, and core's `overtimeSeconds`), and one
// member-week's figures computed on the fly from its entries with the rollups' own statements.
import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { entrySplitsSql, groupColumnsOf, memberZonesSql, rollupCellsSql } from './rollups';

/** The weekly contract of a member row: their own, else their organization's default. */
export function contractSecondsSql(member: SQL, organization: SQL): SQL {
  return sql`coalesce(${member}.weekly_contract_seconds, ${organization}.default_weekly_contract_seconds)`;
}

/** Time logged above the contract of a member-week; never negative (core's `overtimeSeconds`). */
export function overtimeSecondsSql(logged: SQL, contract: SQL): SQL {
  return sql`greatest(0, ${logged} - ${contract})`;
}

export interface MemberWeeksScope {
  organizationId: string;
  /** First days of the first and last weeks (inclusive). */
  firstWeek: SQL;
  lastWeek: SQL;
  /**
   * Local days known when the statement is written between which the week starts are exactly those
   * of the range (the asked range, its start widened by six days): the logged time is read between
   * them, so the planner sees how many rows it reads, which it cannot through `firstWeek` and
   * `lastWeek` when those are subqueries (it then guessed a few hundred rows for 85,000).
   */
  within?: { from: string; to: string };
  memberId?: string | null;
  /** Only these members (the evidence pack's member filter); all when null or empty. */
  memberIds?: string[] | null;
  /** The organization's local day today: days after it expect nothing yet. */
  today: string | SQL;
}

/**
 * The `member_weeks` and `member_week_figures` CTEs (to follow `with`): one row per member and week in range for every member
 * who was in the organization that week (and any member with time logged in it), with the week's
 * logged time from member_week_totals (the rollups summed per member-week, each group in a column) and its expected hours (core's `expectedSeconds`):
 *
 * - working days: the days of the week in the member's schedule (their own, else the organization's);
 * - present days: working days that are not public holidays of the organization, less days off
 *   (a half-day off counts half), counted only up to `today` (the unfinished week expects its days
 *   so far) and only before the member was removed;
 * - expected = contract × present days ÷ working days, to the second; a member who does not track time expects 0;
 * - coverage = logged ÷ expected (null when nothing is expected); a week is complete unless time was
 *   expected and coverage is below the organization's threshold; overtime is logged above expected.
 */
export function memberWeeksSql(scope: MemberWeeksScope): SQL {
  const member = scope.memberId ?? null;
  // Every week start of the range lies within `within`, and no other does.
  const logged = scope.within
    ? sql`r.week_start between ${scope.within.from}::date and ${scope.within.to}::date`
    : sql`r.week_start between ${scope.firstWeek}::date and ${scope.lastWeek}::date`;
  const members = scope.memberIds && scope.memberIds.length > 0 ? `{${scope.memberIds.join(',')}}` : null;
  return sql`
    mw_org as (
      select id, time_zone, working_schedule, default_weekly_contract_seconds, coverage_threshold_percent
      from organizations where id = ${scope.organizationId}
    ),
    mw_weeks as (
      select w::date as week_start
      from generate_series(${scope.firstWeek}::date, ${scope.lastWeek}::date, interval '7 days') as w
    ),
    mw_logged as (
      select r.member_id, r.week_start, r.seconds as logged, r.after_hours_seconds as after_hours,
        r.weekend_seconds as weekend, ${groupColumnsOf('r')}
      from member_week_totals r
      where r.organization_id = ${scope.organizationId}
        and ${logged}
        and (${member}::uuid is null or r.member_id = ${member}::uuid)
        and (${members}::uuid[] is null or r.member_id = any(${members}::uuid[]))
    ),
    mw_members as materialized (
      select s.*, cardinality(s.schedule_days) as working_days,
        -- The last day whose presence counts: today, or the day before the member was removed.
        least(${scope.today}::date, s.removed_on - 1) as last_day
      from (
        select m.id as member_id, m.tracks_time, ${contractSecondsSql(sql`m`, sql`o`)} as contract,
          -- The ISO weekdays of the schedule (days outside 1–7 never match a date's weekday).
          array(select distinct d from (select (slot->>'day')::int as d
            from jsonb_array_elements(coalesce(m.working_schedule, o.working_schedule)) as slot) as days
            where d between 1 and 7) as schedule_days,
          (m.removed_at at time zone o.time_zone)::date as removed_on
        from members m cross join mw_org o
        where m.organization_id = o.id and (${member}::uuid is null or m.id = ${member}::uuid)
          and (${members}::uuid[] is null or m.id = any(${members}::uuid[]))
        -- Not flattened into the select above, which would read each member's schedule twice.
        offset 0
      ) as s
    ),
    mw_pairs as (
      select mm.*, w.week_start
      from mw_members mm cross join mw_weeks w
      where mm.removed_on is null or mm.removed_on > w.week_start
        -- The table, not mw_logged: read once, mw_logged is inlined into the join below (a second
        -- reader made it a materialized copy, sorted again for the join).
        or exists (select 1 from member_week_totals t where t.member_id = mm.member_id and t.week_start = w.week_start)
    ),
    mw_off_days as (
      -- The days off that fall on a member's working day: public holidays (a whole day), and days
      -- off on a day that is not a holiday (a half-day counting half). Both tables are sparse, so
      -- the weeks are counted arithmetically instead of expanding every member-week into its days.
      -- Days are float8 (halves are exact): numeric arithmetic on every member-week cost a fifth
      -- of a two-year read.
      select mm.member_id, h.local_date as day, true as holiday, 1::float8 as days
      from mw_members mm
      join public_holidays h on h.organization_id = ${scope.organizationId}
        and h.local_date between ${scope.firstWeek}::date and ${scope.lastWeek}::date + 6
      where extract(isodow from h.local_date)::int = any(mm.schedule_days)
      union all
      select mm.member_id, a.local_date, false, case when a.half_day then 0.5::float8 else 1::float8 end
      from absences a
      join mw_members mm on mm.member_id = a.member_id
      where a.organization_id = ${scope.organizationId}
        and a.local_date between ${scope.firstWeek}::date and ${scope.lastWeek}::date + 6
        and extract(isodow from a.local_date)::int = any(mm.schedule_days)
        and not exists (select 1 from public_holidays h
          where h.organization_id = ${scope.organizationId} and h.local_date = a.local_date)
    ),
    mw_off as (
      select x.member_id, w.week_start,
        count(*) filter (where x.holiday) as holiday_days,
        coalesce(sum(x.days) filter (where not x.holiday), 0) as absence_days,
        sum(x.days) as off_days,
        coalesce(sum(x.days) filter (where x.day <= mm.last_day), 0) as off_to_date
      from mw_off_days x
      join mw_weeks w on x.day between w.week_start and w.week_start + 6
      join mw_members mm on mm.member_id = x.member_id
      group by x.member_id, w.week_start
    ),
    mw_days as (
      select p.*, coalesce(o.holiday_days, 0) as holiday_days, coalesce(o.absence_days, 0) as absence_days,
        p.working_days - coalesce(o.off_days, 0) as present_days,
        (case
          when p.last_day >= p.week_start + 6 then p.working_days
          when p.last_day < p.week_start then 0
          else (select count(*) from generate_series(p.week_start, p.last_day, interval '1 day') as d
            where extract(isodow from d)::int = any(p.schedule_days))
        end) - coalesce(o.off_to_date, 0) as present_to_date
      from mw_pairs p
      left join mw_off o on o.member_id = p.member_id and o.week_start = p.week_start
    ),
    member_weeks as (
      select d.member_id, d.week_start, d.tracks_time, d.contract,
        coalesce(l.logged, 0) as logged, coalesce(l.after_hours, 0) as after_hours, coalesce(l.weekend, 0) as weekend,
        ${groupColumnsOf('l')},
        d.working_days, d.holiday_days, d.absence_days, d.present_days,
        (${scope.today}::date between d.week_start and d.week_start + 6) as current,
        -- Rounded half up like core's expectedSeconds (Math.round). The quotient is a multiple of
        -- 1/14 (half days over at most seven working days): float8's error cannot cross a half.
        case when d.tracks_time and d.working_days > 0
          then floor(d.contract::float8 * d.present_to_date / d.working_days + 0.5) else 0 end as expected,
        case when d.tracks_time and d.working_days > 0
          then floor(d.contract::float8 * d.present_days / d.working_days + 0.5) else 0 end as expected_week,
        o.coverage_threshold_percent as threshold
      from mw_days d
      left join mw_logged l on l.member_id = d.member_id and l.week_start = d.week_start
      cross join mw_org o
      where d.tracks_time or l.logged is not null
    ),
    member_week_figures as (
      select mw.*,
        (mw.logged::float8 / nullif(mw.expected, 0)) as coverage,
        not (mw.expected > 0 and mw.logged * 100 < mw.threshold * mw.expected) as complete,
        ${overtimeSecondsSql(sql`mw.logged`, sql`mw.expected`)} as overtime
      from member_weeks mw
    )`;
}

export type MemberWeekFigures = {
  memberId: string;
  weekStart: string;
  /** The zone the week's days and the split are read in (the member's own, else the organization's). */
  timeZone: string;
  /** Finished and duration-only entries (a running timer counts once stopped). */
  totalSeconds: number;
  entryCount: number;
  afterHoursSeconds: number;
  weekendSeconds: number;
  contractSeconds: number;
  /** The contract pro-rated by the days present so far (`memberWeeksSql`): what coverage and overtime read. */
  expectedSeconds: number;
  /** The same for the whole week (days to come included). */
  expectedWeekSeconds: number;
  workingDays: number;
  holidayDays: number;
  absenceDays: number;
  /** Total ÷ expected; null when nothing is expected. */
  coverage: number | null;
  /** Time above the expected hours so far. */
  overtimeSeconds: number;
  /** Expected time of the whole week still to log; 0 once met. */
  remainingSeconds: number;
  /** Total ÷ the whole week's expected hours; null when nothing is expected. */
  contractShare: number | null;
  /** The seven local days of the week, each with the entries listed on it (by their local date). */
  days: { localDate: string; seconds: number; entryCount: number }[];
  /** Each counted entry's own split, rounded to the second. */
  entries: { id: string; afterHoursSeconds: number; weekendSeconds: number }[];
};

/**
 * One member-week's figures from its entries as they stand: totals and the after-hours / weekend
 * split are the rollup cells of `rollupCellsSql` over `entrySplitsSql` (each cell rounded as the
 * rollups round it), so they equal what the weekly rollups hold once the week is recomputed.
 * Null when the member is not in the organization.
 */
export async function memberWeekFigures(
  db: Executor,
  organizationId: string,
  params: { memberId: string; weekStart: string; today: string },
): Promise<MemberWeekFigures | null> {
  const { memberId, weekStart } = params;
  const week = sql`${weekStart}::date`;
  const [row] = await db.execute<MemberWeekFigures>(sql`
    with ${memberZonesSql(sql`m.organization_id = ${organizationId} and m.id = ${memberId}`)},
    ${memberWeeksSql({ organizationId, firstWeek: week, lastWeek: week, memberId, today: params.today })},
    entries as materialized (
      ${entrySplitsSql(sql`e.organization_id = ${organizationId} and e.member_id = ${memberId}
        and e.week_start = ${weekStart}::date`)}
    ),
    cells as (${rollupCellsSql(sql`entries`)}),
    totals as (
      select coalesce(sum(seconds), 0) as seconds, coalesce(sum(entry_count), 0) as entries,
        coalesce(sum(after_hours_seconds), 0) as after_hours, coalesce(sum(weekend_seconds), 0) as weekend
      from cells
    ),
    member as (
      select m.id, z.zone, ${contractSecondsSql(sql`m`, sql`o`)} as contract
      from members m
      join organizations o on o.id = m.organization_id
      join member_zones z on z.member_id = m.id
      where m.organization_id = ${organizationId} and m.id = ${memberId}
    )
    select member.id as "memberId", ${weekStart}::date::text as "weekStart", member.zone as "timeZone",
      t.seconds::float8 as "totalSeconds", t.entries::int as "entryCount",
      t.after_hours::float8 as "afterHoursSeconds", t.weekend::float8 as "weekendSeconds",
      member.contract::float8 as "contractSeconds",
      coalesce(mw.expected, 0)::float8 as "expectedSeconds",
      coalesce(mw.expected_week, 0)::float8 as "expectedWeekSeconds",
      coalesce(mw.working_days, 0)::int as "workingDays", coalesce(mw.holiday_days, 0)::int as "holidayDays",
      coalesce(mw.absence_days, 0)::float8 as "absenceDays",
      (t.seconds::float8 / nullif(mw.expected, 0)) as coverage,
      ${overtimeSecondsSql(sql`t.seconds`, sql`coalesce(mw.expected, 0)`)}::float8 as "overtimeSeconds",
      greatest(0, coalesce(mw.expected_week, 0) - t.seconds)::float8 as "remainingSeconds",
      (t.seconds::float8 / nullif(coalesce(mw.expected_week, 0), 0)) as "contractShare",
      (select json_agg(json_build_object('localDate', d.day::date::text,
          'seconds', coalesce(per_day.seconds, 0), 'entryCount', coalesce(per_day.entries, 0)) order by d.day)
        from generate_series(${weekStart}::date, ${weekStart}::date + 6, interval '1 day') as d(day)
        left join (
          select local_date, sum(duration_seconds)::float8 as seconds, count(*)::int as entries
          from entries group by local_date
        ) per_day on per_day.local_date = d.day::date) as days,
      coalesce((select json_agg(json_build_object('id', e.id,
          'afterHoursSeconds', round(e.split[1]), 'weekendSeconds', round(e.split[2])) order by e.id)
        from entries e), '[]'::json) as entries
    from member cross join totals t
    left join member_weeks mw on mw.member_id = member.id and mw.week_start = ${week}`);
  return row ?? null;
}
