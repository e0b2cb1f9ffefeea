// Dashboard queries. All read weekly_rollups (never raw entries), so their cost follows members ×
// weeks × cells, not the number of entries; all totals are computed in SQL. `from`/`to` are local
// dates: a week is in range when its start lies between the week of `from` and `to`.
import { type CategoryGroup, DEFAULT_CATEGORIES, type SkillFamily } from '@proofwork/core';
import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../client';

export interface DashboardRange {
  from: string;
  to: string;
  /** One member only (a CM's own dashboard). */
  memberId?: string;
}

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
        ${range.to}::date as last_week
      from organizations where id = ${organizationId}
    ),
    rollups as (
      select r.* from weekly_rollups r, org
      where r.organization_id = org.id
        and r.week_start between org.first_week - ${weeksBefore * 7}::int and org.last_week
        and (${range.memberId ?? null}::uuid is null or r.member_id = ${range.memberId ?? null}::uuid)
    )`;
}

export type TeamWeekRow = {
  weekStart: string;
  memberId: string;
  loggedSeconds: number;
  /** The member's weekly contract, or the organization's default. */
  contractSeconds: number;
  overtimeSeconds: number;
  afterHoursSeconds: number;
  weekendSeconds: number;
  /** Seconds per category group (groups with no time are absent). */
  byGroup: Partial<Record<CategoryGroup, number>>;
};

/** Per week and member (member-weeks with logged time only): logged vs contract, overtime, after-hours, weekend, groups. */
export async function teamDashboard(db: Executor, organizationId: string, range: DashboardRange) {
  const rows = await db.execute<TeamWeekRow>(sql`
    with ${rollupsInRange(organizationId, range)},
    per_group as (
      select r.week_start, r.member_id, c."group", sum(r.seconds) as seconds,
        sum(r.after_hours_seconds) as after_hours, sum(r.weekend_seconds) as weekend
      from rollups r join categories c on c.id = r.category_id
      group by r.week_start, r.member_id, c."group"
    ),
    per_member_week as (
      select g.week_start, g.member_id, sum(g.seconds) as logged, sum(g.after_hours) as after_hours,
        sum(g.weekend) as weekend, jsonb_object_agg(g."group", g.seconds::float8) as by_group
      from per_group g
      group by g.week_start, g.member_id
    )
    select w.week_start::text as "weekStart", w.member_id as "memberId",
      w.logged::float8 as "loggedSeconds",
      coalesce(m.weekly_contract_seconds, org.default_weekly_contract_seconds)::float8 as "contractSeconds",
      greatest(0, w.logged - coalesce(m.weekly_contract_seconds, org.default_weekly_contract_seconds))::float8
        as "overtimeSeconds",
      w.after_hours::float8 as "afterHoursSeconds", w.weekend::float8 as "weekendSeconds", w.by_group as "byGroup"
    from per_member_week w
    join members m on m.id = w.member_id
    cross join org
    order by w.week_start, w.member_id`);
  return [...rows];
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
  const rows = await db.execute<MixRow>(sql`
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
    order by k.week_start, k.seconds desc, k.key`);
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
 * the weeks `org.first_week` … `org.last_week` of an `org` CTE. One definition for the dashboard
 * and the evidence pack, so both print the same median. It reads entries, not rollups: a rollup
 * cell holds the time of several deliverables together, and a median needs each one's own.
 */
export function perDeliverableSeconds(organizationId: string, filter: SQL = sql`true`): SQL {
  return sql`
    per_deliverable as (
      select d.deliverable_type_id, d.id, sum(e.duration_seconds) as seconds
      from time_entries e cross join org join deliverables d on d.id = e.deliverable_id
      where e.organization_id = ${organizationId} and e.week_start between org.first_week and org.last_week
        -- Implied by the weeks; written out so the (organization, local date) index bounds the scan.
        and e.local_date between org.first_week and org.last_week + 6
        and e.deleted_at is null and e.duration_seconds is not null and ${filter}
      group by d.deliverable_type_id, d.id
    )`;
}

/** The median of `per_deliverable.seconds` within a group by deliverable type. */
export const DELIVERABLE_MEDIAN = sql`percentile_cont(0.5) within group (order by per_deliverable.seconds)`;

/** Perceived vs measured time per deliverable type: the headline "a 3-minute post never takes 3 minutes". */
export async function deliverablesDashboard(db: Executor, organizationId: string, range: DashboardRange) {
  const rows = await db.execute<DeliverableTypeRow>(sql`
    with ${rollupsInRange(organizationId, range)},
    per_type as (
      select r.deliverable_type_id, sum(r.seconds) as seconds,
        -- A deliverable worked on in several cells or weeks counts once.
        (select count(distinct d) from rollups r2, unnest(r2.deliverable_ids) d
          where r2.deliverable_type_id = r.deliverable_type_id) as deliverables
      from rollups r where r.deliverable_type_id is not null
      group by r.deliverable_type_id
    ),
    ${perDeliverableSeconds(organizationId, sql`(${range.memberId ?? null}::uuid is null or e.member_id = ${range.memberId ?? null}::uuid)`)},
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
    order by t.position, t.key`);
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
  /** Full-time equivalents: logged ÷ (average contract × weeks). */
  fte: number | null;
  families: { skill: SkillFamily; seconds: number; share: number; fte: number | null }[];
};

/** Share of time per skill family, and the full-time equivalents it represents. */
export async function skillsDashboard(
  db: Executor,
  organizationId: string,
  range: DashboardRange,
): Promise<SkillsDashboard> {
  const [row] = await db.execute<SkillsDashboard>(sql`
    with ${rollupsInRange(organizationId, range)},
    per_skill as (
      select coalesce(${JSON.stringify(CATEGORY_SKILL)}::jsonb ->> c.key,
                      ${JSON.stringify(GROUP_SKILL)}::jsonb ->> c."group", 'meetings_admin') as skill,
        sum(r.seconds) as seconds
      from rollups r join categories c on c.id = r.category_id
      group by 1
    ),
    contracts as (
      select avg(coalesce(m.weekly_contract_seconds, org.default_weekly_contract_seconds)) as average
      from members m cross join org
      where m.id in (select member_id from rollups)
    ),
    totals as (
      select coalesce(sum(seconds), 0)::float8 as seconds,
        ((org.last_week - org.first_week) / 7 + 1) as weeks, contracts.average::float8 as average
      from org cross join contracts left join per_skill on true
      group by org.first_week, org.last_week, contracts.average
    )
    select totals.seconds as "totalSeconds", totals.average as "averageContractSeconds", totals.weeks,
      totals.seconds / nullif(totals.average * totals.weeks, 0) as fte,
      coalesce((
        select jsonb_agg(jsonb_build_object('skill', s.skill, 'seconds', s.seconds::float8,
          'share', s.seconds::float8 / nullif(totals.seconds, 0),
          'fte', s.seconds::float8 / nullif(totals.average * totals.weeks, 0)) order by s.seconds desc, s.skill)
        from per_skill s), '[]'::jsonb) as families
    from totals`);
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
