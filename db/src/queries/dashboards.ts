// Dashboard queries. All read weekly_rollups (never raw entries), so their cost follows members ×
// weeks × cells, not the number of entries; all totals are computed in SQL. `from`/`to` are local
// dates: a week is in range when its start lies between the week of `from` and `to`.
import { addDays, CATEGORY_GROUPS, type CategoryGroup, DEFAULT_CATEGORIES, type SkillFamily } from '@proofwork/core';
import { type SQL, sql } from 'drizzle-orm';
import { type Executor, readValues } from '../client';
import { groupColumn } from './rollups';
import { contractSecondsSql, memberWeeksSql } from './workload';

export interface DashboardRange {
  from: string;
  to: string;
  /** One member only (a CM's own dashboard). */
  memberId?: string;
  /** The organization's local day today: the current week expects its days up to today only. */
  today: string;
  /** Only member-weeks whose coverage reaches the organization's threshold (see `memberWeeksSql`). */
  completeOnly?: boolean;
}

/**
 * Runs a dashboard statement: one statement, one round trip pair, no transaction. Sessions run
 * with JIT off (see createDb): the member-week CTEs' series are estimated at a thousand rows each,
 * so a quarter of 2,600 member-weeks would be costed like millions and compiled for a second.
 */
async function read<Row extends Record<string, unknown>>(db: Executor, query: SQL): Promise<Row[]> {
  return [...(await db.execute<Row>(query))] as Row[];
}

/** The `member_weeks` / `member_week_figures` CTEs over the weeks of an `org` CTE. */
const memberWeeksInRange = (organizationId: string, range: DashboardRange, weeksBefore = 0) =>
  memberWeeksSql({
    organizationId,
    firstWeek: sql`((select first_week from org) - ${weeksBefore * 7}::int)`,
    lastWeek: sql`(select last_week_start from org)`,
    within: { from: addDays(range.from, -6 - weeksBefore * 7), to: range.to },
    memberId: range.memberId ?? null,
    today: range.today,
  });

/**
 * The organization row, the first week in range (the organization's week start on or before
 * `from`) and the rollups in range. `weeksBefore` widens the range backwards (week-over-week trends).
 */
function rollupsInRange(organizationId: string, range: DashboardRange, weeksBefore = 0): SQL {
  return sql`
    org as (
      select id, default_weekly_contract_seconds,
        (${range.from}::date - ((extract(isodow from ${range.from}::date)::int - week_start + 7) % 7))::date
          as first_week,
        ${range.to}::date as last_week,
        (${range.to}::date - ((extract(isodow from ${range.to}::date)::int - week_start + 7) % 7))::date
          as last_week_start
      from organizations where id = ${organizationId}
    ),
    ${memberWeeksInRange(organizationId, range, weeksBefore)},
    rollups as (
      select r.* from weekly_rollups r, org
      where r.organization_id = org.id
        and r.week_start between org.first_week - ${weeksBefore * 7}::int and org.last_week
        and (${range.memberId ?? null}::uuid is null or r.member_id = ${range.memberId ?? null}::uuid)
        ${range.completeOnly ? sql`and exists (select 1 from member_week_figures f where f.member_id = r.member_id and f.week_start = r.week_start and f.complete)` : sql``}
    )`;
}

export type TeamWeekRow = {
  weekStart: string;
  memberId: string;
  loggedSeconds: number;
  /** The member's weekly contract, or the organization's default; 0 for a member who does not track time. */
  contractSeconds: number;
  /** The contract pro-rated by the working days present (up to today in the current week). */
  expectedSeconds: number;
  /** Logged above expected. */
  overtimeSeconds: number;
  afterHoursSeconds: number;
  weekendSeconds: number;
  /** Seconds per category group (groups with no time are absent). */
  byGroup: Partial<Record<CategoryGroup, number>>;
  /** Logged ÷ expected; null when nothing was expected. */
  coverage: number | null;
  /** Coverage reaches the organization's threshold (or nothing was expected). */
  complete: boolean;
  /** The week holds today (its expected hours count the days so far). */
  current: boolean;
  tracksTime: boolean;
  workingDays: number;
  holidayDays: number;
  absenceDays: number;
};

/**
 * Per week and member: every member-week of the members who track time (logged or not) and of anyone
 * who logged time, with logged vs expected, coverage, overtime, after-hours, weekend and groups.
 */
export async function teamDashboard(
  db: Executor,
  organizationId: string,
  range: DashboardRange,
): Promise<TeamWeekRow[]> {
  // Read as arrays (readValues): a quarter is thousands of member-weeks, a two-year view tens of
  // thousands, and the driver's object per row was about 40 % of the client's share of the read.
  const rows = await readValues(
    db,
    sql`
    with ${rollupsInRange(organizationId, range)}
    select f.week_start::text, f.member_id, f.logged::float8,
      (case when f.tracks_time then f.contract else 0 end)::float8,
      f.expected::float8, f.overtime::float8, f.after_hours::float8, f.weekend::float8,
      ${sql.raw(CATEGORY_GROUPS.map((g) => `f.${groupColumn(g)}::float8`).join(', '))},
      f.coverage, f.complete, f.current, f.tracks_time,
      f.working_days::int, f.holiday_days::int, f.absence_days::float8
    from member_week_figures f
    cross join org
    where f.week_start >= org.first_week and (not ${range.completeOnly ?? false}::boolean or f.complete)
    order by f.week_start, f.member_id`,
  );
  // The columns above, in order: eight figures, one per group, then the week's state.
  const firstGroup = 8;
  const at = firstGroup + CATEGORY_GROUPS.length;
  return rows.map((row) => {
    const byGroup: Partial<Record<CategoryGroup, number>> = {};
    for (let g = 0; g < CATEGORY_GROUPS.length; g++) {
      const seconds = row[firstGroup + g];
      if (typeof seconds === 'number') byGroup[CATEGORY_GROUPS[g]!] = seconds;
    }
    return {
      weekStart: row[0] as string,
      memberId: row[1] as string,
      loggedSeconds: row[2] as number,
      contractSeconds: row[3] as number,
      expectedSeconds: row[4] as number,
      overtimeSeconds: row[5] as number,
      afterHoursSeconds: row[6] as number,
      weekendSeconds: row[7] as number,
      byGroup,
      coverage: row[at] as number | null,
      complete: row[at + 1] as boolean,
      current: row[at + 2] as boolean,
      tracksTime: row[at + 3] as boolean,
      workingDays: row[at + 4] as number,
      holidayDays: row[at + 5] as number,
      absenceDays: row[at + 6] as number,
    };
  });
}

export type MemberCoverage = {
  memberId: string;
  /** Member-weeks in range that expected time. */
  weeks: number;
  /** Of those, the weeks whose coverage is below the threshold. */
  belowWeeks: number;
  loggedSeconds: number;
  expectedSeconds: number;
  /** Logged ÷ expected over the range; null when nothing was expected. */
  coverage: number | null;
  /** The incomplete weeks (first days), oldest first. */
  incompleteWeeks: { weekStart: string; loggedSeconds: number; expectedSeconds: number; coverage: number | null }[];
};

export type CoverageSummary = {
  thresholdPercent: number;
  /** The team: members who track time, over every member-week in range. */
  loggedSeconds: number;
  expectedSeconds: number;
  coverage: number | null;
  weeks: number;
  belowWeeks: number;
  members: MemberCoverage[];
};

/**
 * Coverage per member and for the team over a range: how much of the expected time was logged, and
 * which member-weeks fall below the organization's threshold (the "3 of 12 weeks below 80 %" flag).
 * One definition for the dashboards and the evidence pack.
 */
export async function coverageSummary(
  db: Executor,
  organizationId: string,
  range: DashboardRange,
): Promise<CoverageSummary> {
  const [row] = await read<CoverageSummary>(
    db,
    sql`
    with ${rollupsInRange(organizationId, range)},
    tracked as (
      select f.* from member_week_figures f cross join org
      where f.tracks_time and f.week_start >= org.first_week
    ),
    per_member as (
      select t.member_id, count(*) filter (where t.expected > 0)::int as weeks,
        count(*) filter (where not t.complete)::int as below_weeks,
        sum(t.logged)::float8 as logged, sum(t.expected)::float8 as expected,
        coalesce(jsonb_agg(jsonb_build_object('weekStart', t.week_start::text, 'loggedSeconds', t.logged::float8,
          'expectedSeconds', t.expected::float8, 'coverage', t.coverage) order by t.week_start)
          filter (where not t.complete), '[]'::jsonb) as incomplete
      from tracked t group by t.member_id
    )
    select (select coverage_threshold_percent from organizations where id = ${organizationId})::int as "thresholdPercent",
      coalesce(sum(p.logged), 0)::float8 as "loggedSeconds", coalesce(sum(p.expected), 0)::float8 as "expectedSeconds",
      (sum(p.logged) / nullif(sum(p.expected), 0))::float8 as coverage,
      coalesce(sum(p.weeks), 0)::int as weeks, coalesce(sum(p.below_weeks), 0)::int as "belowWeeks",
      coalesce(jsonb_agg(jsonb_build_object('memberId', p.member_id, 'weeks', p.weeks, 'belowWeeks', p.below_weeks,
        'loggedSeconds', p.logged, 'expectedSeconds', p.expected, 'coverage', p.logged / nullif(p.expected, 0),
        'incompleteWeeks', p.incomplete) order by p.member_id) filter (where p.member_id is not null), '[]'::jsonb)
        as members
    from per_member p`,
  );
  return row!;
}

export type MixDimension = 'category' | 'brand' | 'platform';

export type MixRow = {
  weekStart: string;
  /** Category id, brand id or platform; null for entries without a brand or platform. */
  key: string | null;
  /** Category key, brand name or platform (names are translated by the client). */
  label: string | null;
  seconds: number;
  /** Of the week's total (of everyone in range, or of the one member). */
  share: number;
  /** The same key's seconds the week before (0 when it had none). */
  previousSeconds: number;
  /** (seconds − previous) ÷ previous; null when the week before had none. */
  change: number | null;
};

const MIX_KEYS: Record<MixDimension, { key: SQL; label: SQL; join: SQL }> = {
  category: {
    key: sql`r.category_id::text`,
    label: sql`c.key`,
    join: sql`join categories c on c.id = r.category_id`,
  },
  brand: { key: sql`r.brand_id::text`, label: sql`b.name`, join: sql`left join brands b on b.id = r.brand_id` },
  platform: { key: sql`r.platform::text`, label: sql`r.platform::text`, join: sql`` },
};

/** Time per category, brand or platform and week, with its share of the week and the change from the week before. */
export async function mixDashboard(
  db: Executor,
  organizationId: string,
  params: DashboardRange & { dimension: MixDimension },
) {
  const dimension = MIX_KEYS[params.dimension];
  const rows = await read<MixRow>(
    db,
    sql`
    with ${rollupsInRange(organizationId, params, 1)},
    per_key as (
      select r.week_start, ${dimension.key} as key, ${dimension.label} as label, sum(r.seconds) as seconds
      from rollups r ${dimension.join}
      group by 1, 2, 3
    ),
    per_week as (select week_start, sum(seconds) as seconds from per_key group by week_start)
    select k.week_start::text as "weekStart", k.key, k.label, k.seconds::float8 as seconds,
      (k.seconds::float8 / nullif(w.seconds, 0)) as share,
      coalesce(p.seconds, 0)::float8 as "previousSeconds",
      ((k.seconds - p.seconds)::float8 / nullif(p.seconds, 0)) as change
    from per_key k
    join per_week w on w.week_start = k.week_start
    left join per_key p on p.key is not distinct from k.key and p.week_start = k.week_start - 7
    cross join org
    where k.week_start >= org.first_week
    order by k.week_start, k.seconds desc, k.key`,
  );
  return [...rows];
}

export type DeliverableTypeRow = {
  deliverableTypeId: string;
  key: string;
  /** What management believes one takes. */
  perceivedSeconds: number;
  /** Distinct deliverables worked on in range (each rollup cell keeps its deliverable ids). */
  deliverableCount: number;
  measuredSeconds: number;
  measuredPerDeliverable: number | null;
  /** measured per deliverable ÷ perceived. */
  multiplier: number | null;
  /** The median time one deliverable took (see `perDeliverableSeconds`): the evidence pack's figure too. */
  medianSeconds: number | null;
  /** median ÷ perceived: the headline ratio, robust to one runaway deliverable. */
  medianMultiplier: number | null;
};

/**
 * The time each deliverable took: the sum of its entries (no running timer, no deleted entry) in
 * the weeks `org.first_week` … `org.last_week` of an `org` CTE, one row per unit: a deliverable
 * standing for several ("2 posts" on one line) is that many rows, each an equal share of its time.
 * One definition for the dashboard and the evidence pack, so both print the same median and count.
 * It reads entries, not rollups: a rollup cell holds the time of several deliverables together,
 * and a median needs each one's own.
 */
export function perDeliverableSeconds(organizationId: string, filter: SQL = sql`true`): SQL {
  return sql`
    per_deliverable as (
      select x.deliverable_type_id, x.id, x.seconds / x.quantity as seconds
      from (
        select d.deliverable_type_id, d.id, d.quantity, sum(e.duration_seconds)::numeric as seconds
        from time_entries e cross join org join deliverables d on d.id = e.deliverable_id
        where e.organization_id = ${organizationId} and e.week_start between org.first_week and org.last_week
          -- Implied by the weeks; written out so the (organization, local date) index bounds the scan.
          and e.local_date between org.first_week and org.last_week + 6
          and e.deleted_at is null and e.duration_seconds is not null and ${filter}
        group by d.deliverable_type_id, d.id, d.quantity
      ) x
      cross join generate_series(1, x.quantity)
    )`;
}

/** The median of `per_deliverable.seconds` within a group by deliverable type. */
export const DELIVERABLE_MEDIAN = sql`percentile_cont(0.5) within group (order by per_deliverable.seconds)`;

/** Perceived vs measured time per deliverable type: the headline "a 3-minute post never takes 3 minutes". */
export async function deliverablesDashboard(db: Executor, organizationId: string, range: DashboardRange) {
  const rows = await read<DeliverableTypeRow>(
    db,
    sql`
    with ${rollupsInRange(organizationId, range)},
    per_type as (
      select r.deliverable_type_id, sum(r.seconds) as seconds,
        -- A deliverable worked on in several cells or weeks counts once, as many as it stands for.
        (select coalesce(sum(dl.quantity), 0) from deliverables dl where dl.id in (
          select d from rollups r2, unnest(r2.deliverable_ids) d
          where r2.deliverable_type_id = r.deliverable_type_id)) as deliverables
      from rollups r where r.deliverable_type_id is not null
      group by r.deliverable_type_id
    ),
    ${perDeliverableSeconds(
      organizationId,
      sql`(${range.memberId ?? null}::uuid is null or e.member_id = ${range.memberId ?? null}::uuid)
        ${range.completeOnly ? sql`and not exists (select 1 from member_week_figures f where f.member_id = e.member_id and f.week_start = e.week_start and not f.complete)` : sql``}`,
    )},
    medians as (
      select deliverable_type_id, ${DELIVERABLE_MEDIAN} as seconds from per_deliverable group by deliverable_type_id
    )
    select t.id as "deliverableTypeId", t.key, t.perceived_seconds::float8 as "perceivedSeconds",
      p.deliverables::float8 as "deliverableCount", p.seconds::float8 as "measuredSeconds",
      (p.seconds::float8 / nullif(p.deliverables, 0)) as "measuredPerDeliverable",
      (p.seconds::float8 / nullif(p.deliverables, 0) / nullif(t.perceived_seconds, 0)) as multiplier,
      md.seconds::float8 as "medianSeconds",
      (md.seconds / nullif(t.perceived_seconds, 0))::float8 as "medianMultiplier"
    from per_type p join deliverable_types t on t.id = p.deliverable_type_id
    left join medians md on md.deliverable_type_id = p.deliverable_type_id
    order by t.position, t.key`,
  );
  return [...rows];
}

/** A custom category has no skill of its own: it takes its group's closest family. */
export const GROUP_SKILL: Record<CategoryGroup, SkillFamily> = {
  content: 'writing',
  community: 'community',
  insight: 'analytics',
  growth: 'ads',
  coordination: 'meetings_admin',
};
const CATEGORY_SKILL = Object.fromEntries(DEFAULT_CATEGORIES.map((c) => [c.key, c.skill]));

export type SkillsDashboard = {
  totalSeconds: number;
  /** Average weekly contract of the members who logged time in range. */
  averageContractSeconds: number | null;
  /** Calendar weeks in range. */
  weeks: number;
  /**
   * Full-time equivalents: logged ÷ (average contract × the weeks of work the member-weeks with time
   * stand for, i.e. member-weeks ÷ members); the evidence pack's definition.
   */
  fte: number | null;
  families: { skill: SkillFamily; seconds: number; share: number; fte: number | null }[];
};

/** Share of time per skill family, and the full-time equivalents it represents. */
export async function skillsDashboard(
  db: Executor,
  organizationId: string,
  range: DashboardRange,
): Promise<SkillsDashboard> {
  const [row] = await read<SkillsDashboard>(
    db,
    sql`
    with ${rollupsInRange(organizationId, range)},
    per_skill as (
      select coalesce(${JSON.stringify(CATEGORY_SKILL)}::jsonb ->> c.key,
                      ${JSON.stringify(GROUP_SKILL)}::jsonb ->> c."group", 'meetings_admin') as skill,
        sum(r.seconds) as seconds
      from rollups r join categories c on c.id = r.category_id
      group by 1
    ),
    contracts as (
      select avg(${contractSecondsSql(sql`m`, sql`org`)}) as average
      from members m cross join org
      where m.id in (select member_id from rollups)
    ),
    totals as (
      select coalesce(sum(seconds), 0)::float8 as seconds,
        ((org.last_week - org.first_week) / 7 + 1) as weeks, contracts.average::float8 as average,
        (select count(*) from (select distinct member_id, week_start from rollups) w)::float8
          / nullif((select count(distinct member_id) from rollups), 0) as work_weeks
      from org cross join contracts left join per_skill on true
      group by org.first_week, org.last_week, contracts.average
    )
    select totals.seconds as "totalSeconds", totals.average as "averageContractSeconds", totals.weeks,
      totals.seconds / nullif(totals.average * totals.work_weeks, 0) as fte,
      coalesce((
        select jsonb_agg(jsonb_build_object('skill', s.skill, 'seconds', s.seconds::float8,
          'share', s.seconds::float8 / nullif(totals.seconds, 0),
          'fte', s.seconds::float8 / nullif(totals.average * totals.work_weeks, 0)) order by s.seconds desc, s.skill)
        from per_skill s), '[]'::jsonb) as families
    from totals`,
  );
  return row ?? { totalSeconds: 0, averageContractSeconds: null, weeks: 0, fte: null, families: [] };
}

export type Freshness = {
  /** Member-weeks whose rollups are behind their entries. */
  pendingMemberWeeks: number;
  oldestDirtiedAt: string | null;
  /** Age of the oldest pending change, by the database clock (marks are stamped by it too). */
  oldestAgeSeconds: number | null;
};

/** How far the organization's dashboards lag behind its entries. */
export async function freshness(db: Executor, organizationId: string): Promise<Freshness> {
  const [row] = await db.execute<Freshness>(sql`
    select count(*)::int as "pendingMemberWeeks", to_json(min(dirtied_at)) #>> '{}' as "oldestDirtiedAt",
      extract(epoch from now() - min(dirtied_at))::float8 as "oldestAgeSeconds"
    from dirty_member_weeks where organization_id = ${organizationId}`);
  return row!;
}
