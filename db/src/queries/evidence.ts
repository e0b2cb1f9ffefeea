// The evidence data set behind every export and share link: the entries of a period (streamed
// with a cursor, constant memory) and the summary figures (from weekly rollups, like the dashboards).
//
// Evidence covers whole weeks: the period is widened to the organization's weeks that contain
// `from` and `to`, because rollups, approvals and dashboards all count whole weeks. The requested
// dates are kept next to the effective ones.
import { createHash } from 'node:crypto';
import { DEFAULT_CATEGORIES, type Locale } from '@proofwork/core';
import { type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Database, Executor } from '../client';
import { DELIVERABLE_MEDIAN, GROUP_SKILL, perDeliverableSeconds } from './dashboards';

export interface EvidenceQuery {
  from: string;
  to: string;
  memberIds?: string[];
  brandIds?: string[];
  anonymize?: boolean;
  locale: Locale;
}

export interface EvidenceHeader {
  organization: { id: string; name: string; timeZone: string };
  /** What was asked, and the whole weeks it covers. */
  period: { from: string; to: string; firstWeek: string; lastDay: string; weeks: number };
  filters: { memberIds: string[]; brandIds: string[]; anonymize: boolean };
  locale: Locale;
}

/** One exported entry. Key order is part of the canonical form (see `canonicalEntryLine`). */
export interface EvidenceEntry {
  id: string;
  member: string;
  localDate: string;
  weekStart: string;
  startedAt: string | null;
  endedAt: string | null;
  seconds: number;
  hours: number;
  categoryKey: string;
  category: string;
  brand: string | null;
  platform: string | null;
  deliverableType: string | null;
  deliverableTypeName: string | null;
  deliverable: string | null;
  tags: string[];
  note: string;
  source: string;
  late: boolean;
  edited: boolean;
  /** The member-week's approval status, or null when never submitted. */
  weekStatus: string | null;
}

export const ENTRY_COLUMNS = [
  'id',
  'member',
  'localDate',
  'weekStart',
  'startedAt',
  'endedAt',
  'seconds',
  'hours',
  'categoryKey',
  'category',
  'brand',
  'platform',
  'deliverableType',
  'deliverableTypeName',
  'deliverable',
  'tags',
  'note',
  'source',
  'late',
  'edited',
  'weekStatus',
] as const satisfies readonly (keyof EvidenceEntry)[];

/**
 * The canonical form of the data set: each entry as one line of JSON (keys in ENTRY_COLUMNS order,
 * no spaces) followed by "\n", entries sorted by id. The SHA-256 of the data set is the hash of
 * these lines concatenated; the JSON export holds exactly these lines as its `entries` array, so
 * anyone can recompute it: sha256(entries.map(e => JSON.stringify(e) + "\n").join("")).
 */
export function canonicalEntryLine(entry: EvidenceEntry): string {
  // The entries streamed below already hold exactly these keys in this order: stringify them as
  // they are (the hot path of every export); anything else is reordered first.
  if (inCanonicalOrder(entry)) return `${JSON.stringify(entry)}\n`;
  const ordered: Record<string, unknown> = {};
  for (const key of ENTRY_COLUMNS) ordered[key] = entry[key];
  return `${JSON.stringify(ordered)}\n`;
}

function inCanonicalOrder(entry: object): boolean {
  let i = 0;
  for (const key in entry) if (key !== ENTRY_COLUMNS[i++]) return false;
  return i === ENTRY_COLUMNS.length;
}

export function createDataSetHash() {
  const hash = createHash('sha256');
  let count = 0;
  return {
    add(entry: EvidenceEntry) {
      hash.update(canonicalEntryLine(entry));
      count++;
    },
    get count() {
      return count;
    },
    digest: () => hash.digest('hex'),
  };
}

/** The org row and the whole-week range; shared by every query below. */
function scope(organizationId: string, q: EvidenceQuery): SQL {
  return sql`
    org as (
      select id, name, time_zone, default_weekly_contract_seconds,
        (${q.from}::date - ((extract(isodow from ${q.from}::date)::int - week_start + 7) % 7))::date as first_week,
        (${q.to}::date - ((extract(isodow from ${q.to}::date)::int - week_start + 7) % 7))::date as last_week
      from organizations where id = ${organizationId}
    )`;
}

const uuids = (ids: string[] | undefined) => (ids && ids.length > 0 ? `{${ids.join(',')}}` : null);

function memberFilter(column: SQL, q: EvidenceQuery): SQL {
  return sql`(${uuids(q.memberIds)}::uuid[] is null or ${column} = any(${uuids(q.memberIds)}::uuid[]))`;
}
function brandFilter(column: SQL, q: EvidenceQuery): SQL {
  return sql`(${uuids(q.brandIds)}::uuid[] is null or ${column} = any(${uuids(q.brandIds)}::uuid[]))`;
}

/**
 * The members with entries in scope, numbered by name: "Member 1…n" ("Membre" in French) when
 * anonymized, the same numbers in the entries and in the summary of one export.
 */
function memberNames(organizationId: string, q: EvidenceQuery): SQL {
  return sql`
    member_names as (
      select m.id, case when ${q.anonymize ?? false}::boolean
          then ${q.locale === 'fr' ? 'Membre ' : 'Member '}::text || row_number() over (order by lower(u.name), m.id)
          else u.name end as name,
        row_number() over (order by lower(u.name), m.id) as n
      from members m join users u on u.id = m.user_id
      where m.organization_id = ${organizationId} and exists (
        select 1 from time_entries e, org where e.organization_id = ${organizationId} and e.member_id = m.id
          and e.week_start between org.first_week and org.last_week
          and e.deleted_at is null and e.duration_seconds is not null
          and ${memberFilter(sql`e.member_id`, q)} and ${brandFilter(sql`e.brand_id`, q)})
    )`;
}

export async function evidenceHeader(
  db: Executor,
  organizationId: string,
  q: EvidenceQuery,
): Promise<EvidenceHeader | null> {
  const [row] = await db.execute<{
    id: string;
    name: string;
    timeZone: string;
    firstWeek: string;
    lastDay: string;
    weeks: number;
  }>(sql`
    with ${scope(organizationId, q)}
    select id, name, time_zone as "timeZone", first_week::text as "firstWeek", (last_week + 6)::text as "lastDay",
      ((last_week - first_week) / 7 + 1)::int as weeks
    from org`);
  if (!row) return null;
  return {
    organization: { id: row.id, name: row.name, timeZone: row.timeZone },
    period: { from: q.from, to: q.to, firstWeek: row.firstWeek, lastDay: row.lastDay, weeks: row.weeks },
    filters: { memberIds: q.memberIds ?? [], brandIds: q.brandIds ?? [], anonymize: q.anonymize ?? false },
    locale: q.locale,
  };
}

/**
 * Streams the entries in id order, `batch` rows at a time, through a postgres.js cursor: memory
 * stays constant whatever the period. Running timers and deleted entries are not evidence. The
 * `edited` flag comes from one join on the entries' update events (not a subquery per row), so
 * PostgreSQL sorts the entries by id before building the output columns. 2,000 rows a batch: fewer
 * round trips than 1,000 at about the same peak memory (5,000 and up raised the process's RSS).
 */
export async function* streamEvidenceEntries(
  db: Database,
  organizationId: string,
  q: EvidenceQuery,
  batch = 2000,
): AsyncGenerator<EvidenceEntry[]> {
  const nameColumn = q.locale === 'fr' ? sql`name_fr` : sql`name_en`;
  const query = db.$sql.unsafe<EvidenceEntry[]>(
    ...toUnsafe(sql`
    with ${scope(organizationId, q)}, ${memberNames(organizationId, q)}
    select e.id,
      mn.name as member,
      e.local_date::text as "localDate", e.week_start::text as "weekStart",
      to_char(e.started_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "startedAt",
      to_char(e.ended_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "endedAt",
      e.duration_seconds as seconds, round(e.duration_seconds / 3600.0, 4)::float8 as hours,
      c.key as "categoryKey", c.${nameColumn} as category, b.name as brand, e.platform::text as platform,
      t.key as "deliverableType", t.${nameColumn} as "deliverableTypeName", d.title as deliverable,
      e.tags, e.note, e.source::text as source, e.is_late as late,
      ed.time_entry_id is not null as edited,
      a.status::text as "weekStatus"
    from time_entries e
    cross join org
    join member_names mn on mn.id = e.member_id
    join categories c on c.id = e.category_id
    left join brands b on b.id = e.brand_id
    left join deliverables d on d.id = e.deliverable_id
    left join deliverable_types t on t.id = d.deliverable_type_id
    left join week_approvals a on a.member_id = e.member_id and a.week_start = e.week_start
    left join (
      select distinct ev.time_entry_id from time_entry_events ev
      where ev.organization_id = ${organizationId} and ev.action = 'update'
    ) ed on ed.time_entry_id = e.id
    where e.organization_id = ${organizationId}
      and e.week_start between org.first_week and org.last_week
      and e.deleted_at is null and e.duration_seconds is not null
      and ${memberFilter(sql`e.member_id`, q)} and ${brandFilter(sql`e.brand_id`, q)}
    order by e.id`),
  );
  for await (const rows of query.cursor(batch)) yield rows as unknown as EvidenceEntry[];
}

/** Renders a drizzle SQL fragment for postgres.js, which holds the cursor API. */
const dialect = new PgDialect({ casing: 'snake_case' });
function toUnsafe(query: SQL): [string, never[]] {
  const rendered = dialect.sqlToQuery(query);
  return [rendered.sql, rendered.params as never[]];
}

export type EvidenceMemberWeek = {
  /** Null on the per-week team total rows. */
  memberId: string | null;
  member: string | null;
  /** Null on the per-member total rows over the period. */
  weekStart: string | null;
  loggedSeconds: number;
  /** Contract of the member-weeks with logged time. */
  contractSeconds: number;
  overtimeSeconds: number;
  afterHoursSeconds: number;
  weekendSeconds: number;
  entryCount: number;
};

export type EvidenceCategory = { key: string; name: string; group: string; seconds: number; share: number | null };
export type EvidenceSkill = { skill: string; seconds: number; share: number | null; fte: number | null };
export type EvidenceDeliverableType = {
  key: string;
  name: string;
  perceivedSeconds: number;
  /** Distinct deliverables with time logged in the period. */
  deliverables: number;
  measuredSeconds: number;
  medianSeconds: number | null;
  meanSeconds: number | null;
  /** Median ÷ perceived. */
  multiplier: number | null;
};
export type EvidenceMethodology = {
  entries: number;
  bySource: Record<string, number>;
  secondsBySource: Record<string, number>;
  edited: number;
  late: number;
  durationOnly: number;
  memberWeeks: number;
  approvedMemberWeeks: number;
};

export interface EvidenceSummary {
  totals: {
    loggedSeconds: number;
    contractSeconds: number;
    overtimeSeconds: number;
    afterHoursSeconds: number;
    weekendSeconds: number;
    entryCount: number;
    members: number;
    averageContractSeconds: number | null;
    fte: number | null;
  };
  /** Per member over the period, then per member-week (the appendix). */
  members: EvidenceMemberWeek[];
  memberWeeks: EvidenceMemberWeek[];
  /** Team totals per week. */
  weeks: EvidenceMemberWeek[];
  categories: EvidenceCategory[];
  skills: EvidenceSkill[];
  deliverableTypes: EvidenceDeliverableType[];
  methodology: EvidenceMethodology;
}

const CATEGORY_SKILL = Object.fromEntries(DEFAULT_CATEGORIES.map((c) => [c.key, c.skill]));

/**
 * The figures of the evidence pack, all computed in SQL: workload from weekly rollups (the same
 * arithmetic as the dashboards, with the member and brand filters), the deliverable medians and
 * the methodology counts from the entries themselves.
 */
export async function evidenceSummary(
  db: Executor,
  organizationId: string,
  q: EvidenceQuery,
): Promise<EvidenceSummary> {
  const nameColumn = q.locale === 'fr' ? sql`name_fr` : sql`name_en`;
  const rollups = sql`
    ${scope(organizationId, q)}, ${memberNames(organizationId, q)},
    rollups as (
      select r.* from weekly_rollups r, org
      where r.organization_id = org.id and r.week_start between org.first_week and org.last_week
        and ${memberFilter(sql`r.member_id`, q)} and ${brandFilter(sql`r.brand_id`, q)}
    )`;

  const workload = await db.execute<EvidenceMemberWeek & { level: number }>(sql`
    with ${rollups},
    mw as (
      select r.member_id, r.week_start, sum(r.seconds) as logged, sum(r.after_hours_seconds) as after_hours,
        sum(r.weekend_seconds) as weekend, sum(r.entry_count) as entries
      from rollups r group by r.member_id, r.week_start
    ),
    mwc as (
      select mw.*, coalesce(m.weekly_contract_seconds, org.default_weekly_contract_seconds) as contract
      from mw join members m on m.id = mw.member_id cross join org
    )
    select mwc.member_id as "memberId",
      min(mn.name) as member,
      mwc.week_start::text as "weekStart",
      sum(logged)::float8 as "loggedSeconds", sum(contract)::float8 as "contractSeconds",
      sum(greatest(0, logged - contract))::float8 as "overtimeSeconds",
      sum(after_hours)::float8 as "afterHoursSeconds", sum(weekend)::float8 as "weekendSeconds",
      sum(entries)::int as "entryCount",
      grouping(mwc.member_id, mwc.week_start) as level
    from mwc left join member_names mn on mn.id = mwc.member_id
    group by grouping sets ((mwc.member_id, mwc.week_start), (mwc.member_id), (mwc.week_start), ())
    order by level, mwc.week_start nulls first, min(mn.n)`);

  const categories = await db.execute<EvidenceCategory>(sql`
    with ${rollups},
    per as (select category_id, sum(seconds) as seconds from rollups group by category_id)
    select c.key, c.${nameColumn} as name, c."group", per.seconds::float8 as seconds,
      per.seconds::float8 / nullif(sum(per.seconds) over (), 0) as share
    from per join categories c on c.id = per.category_id
    order by per.seconds desc, c.key`);

  const [skills] = await db.execute<{ fte: number | null; average: number | null; families: EvidenceSkill[] }>(sql`
    with ${rollups},
    per_skill as (
      select coalesce(${JSON.stringify(CATEGORY_SKILL)}::jsonb ->> c.key,
                      ${JSON.stringify(GROUP_SKILL)}::jsonb ->> c."group", 'meetings_admin') as skill,
        sum(r.seconds) as seconds
      from rollups r join categories c on c.id = r.category_id group by 1
    ),
    contracts as (
      select avg(coalesce(m.weekly_contract_seconds, org.default_weekly_contract_seconds))::float8 as average
      from members m cross join org where m.id in (select member_id from rollups)
    ),
    totals as (
      select coalesce((select sum(seconds) from per_skill), 0)::float8 as seconds,
        ((org.last_week - org.first_week) / 7 + 1) as weeks, contracts.average
      from org cross join contracts
    )
    select totals.seconds / nullif(totals.average * totals.weeks, 0) as fte, totals.average,
      coalesce((select jsonb_agg(jsonb_build_object('skill', s.skill, 'seconds', s.seconds::float8,
          'share', s.seconds::float8 / nullif(totals.seconds, 0),
          'fte', s.seconds::float8 / nullif(totals.average * totals.weeks, 0)) order by s.seconds desc, s.skill)
        from per_skill s), '[]'::jsonb) as families
    from totals`);

  const entryScope = sql`
    e.organization_id = ${organizationId} and e.week_start between org.first_week and org.last_week
    and e.deleted_at is null and e.duration_seconds is not null
    and ${memberFilter(sql`e.member_id`, q)} and ${brandFilter(sql`e.brand_id`, q)}`;

  // The per-deliverable times and their median are the dashboard's own definition.
  const deliverableTypes = await db.execute<EvidenceDeliverableType>(sql`
    with ${scope(organizationId, q)},
    ${perDeliverableSeconds(organizationId, sql`${memberFilter(sql`e.member_id`, q)} and ${brandFilter(sql`e.brand_id`, q)}`)}
    select t.key, t.${nameColumn} as name, t.perceived_seconds::float8 as "perceivedSeconds",
      count(per_deliverable.id)::int as deliverables, sum(per_deliverable.seconds)::float8 as "measuredSeconds",
      ${DELIVERABLE_MEDIAN}::float8 as "medianSeconds",
      avg(per_deliverable.seconds)::float8 as "meanSeconds",
      (${DELIVERABLE_MEDIAN} / nullif(t.perceived_seconds, 0))::float8 as multiplier
    from per_deliverable join deliverable_types t on t.id = per_deliverable.deliverable_type_id
    group by t.id order by t.position, t.key`);

  const [methodology] = await db.execute<EvidenceMethodology>(sql`
    with ${scope(organizationId, q)},
    e as (
      select e.*, exists (select 1 from time_entry_events ev where ev.organization_id = e.organization_id
          and ev.time_entry_id = e.id and ev.action = 'update') as edited
      from time_entries e cross join org where ${entryScope}
    ),
    by_source as (select source::text as source, count(*) as n, sum(duration_seconds) as seconds from e group by 1),
    weeks as (
      select distinct e.member_id, e.week_start, a.status from e
      left join week_approvals a on a.member_id = e.member_id and a.week_start = e.week_start
    )
    select (select count(*) from e)::int as entries,
      coalesce((select jsonb_object_agg(source, n) from by_source), '{}'::jsonb) as "bySource",
      coalesce((select jsonb_object_agg(source, seconds) from by_source), '{}'::jsonb) as "secondsBySource",
      (select count(*) from e where edited)::int as edited,
      (select count(*) from e where is_late)::int as late,
      (select count(*) from e where started_at is null)::int as "durationOnly",
      (select count(*) from weeks)::int as "memberWeeks",
      (select count(*) from weeks where status = 'approved')::int as "approvedMemberWeeks"`);

  const rows = [...workload];
  const strip = ({ level: _, ...row }: EvidenceMemberWeek & { level: number }) => row;
  const total = rows.find((r) => r.level === 3);
  const members = rows.filter((r) => r.level === 1).map(strip);
  return {
    totals: {
      loggedSeconds: total?.loggedSeconds ?? 0,
      contractSeconds: total?.contractSeconds ?? 0,
      overtimeSeconds: total?.overtimeSeconds ?? 0,
      afterHoursSeconds: total?.afterHoursSeconds ?? 0,
      weekendSeconds: total?.weekendSeconds ?? 0,
      entryCount: total?.entryCount ?? 0,
      members: members.length,
      averageContractSeconds: skills?.average ?? null,
      fte: skills?.fte ?? null,
    },
    members,
    memberWeeks: rows.filter((r) => r.level === 0).map(strip),
    weeks: rows.filter((r) => r.level === 2).map(strip),
    categories: [...categories],
    skills: skills?.families ?? [],
    deliverableTypes: [...deliverableTypes],
    methodology: methodology!,
  };
}
