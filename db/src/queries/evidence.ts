// The evidence data set behind every export and share link: the entries of a period (streamed
// with a cursor, constant memory) and the summary figures (from weekly rollups, like the dashboards).
//
// Evidence covers whole weeks: the period is widened to the organization's weeks that contain
// `from` and `to`, because rollups, approvals and dashboards all count whole weeks. The requested
// dates are kept next to the effective ones.
import { createHash } from 'node:crypto';
import { finished } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { addDays, DEFAULT_CATEGORIES, isUuid, type Locale } from '@proofwork/core';
import { type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Database, Executor } from '../client';
import { DELIVERABLE_MEDIAN, GROUP_SKILL, perDeliverableSeconds } from './dashboards';
import { contractSecondsSql, memberWeeksSql } from './workload';

export interface EvidenceQuery {
  from: string;
  to: string;
  memberIds?: string[];
  brandIds?: string[];
  anonymize?: boolean;
  locale: Locale;
  /** The organization's local day today (the current week expects its days up to today); default: the database's now. */
  today?: string;
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
  /** How many deliverables the entry's one stands for ("3 reels"); null without a deliverable. */
  deliverableQuantity: number | null;
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
  'deliverableQuantity',
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
 * these lines concatenated, followed by one line per member-week of the coverage (see
 * `canonicalCoverageLine`); the JSON export holds exactly these lines as its `entries` and
 * `coverage` arrays, so anyone can recompute it:
 * sha256([...entries, ...coverage].map(e => JSON.stringify(e) + "\n").join("")).
 */
export function canonicalEntryLine(e: EvidenceEntry): string {
  // JSON.stringify(entry) with the keys written in order, each value stringified on its own: the
  // same bytes, about twice as fast on the hot path of every export, and the repeated names are
  // stringified once (a test compares it with JSON.stringify over arbitrary entries).
  return `{"id":${str(e.id)},"member":${named(e.member)},"localDate":${str(e.localDate)},"weekStart":${str(e.weekStart)},"startedAt":${nullable(e.startedAt)},"endedAt":${nullable(e.endedAt)},"seconds":${JSON.stringify(e.seconds)},"hours":${JSON.stringify(e.hours)},"categoryKey":${named(e.categoryKey)},"category":${named(e.category)},"brand":${named(e.brand)},"platform":${named(e.platform)},"deliverableType":${named(e.deliverableType)},"deliverableTypeName":${named(e.deliverableTypeName)},"deliverable":${named(e.deliverable)},"deliverableQuantity":${e.deliverableQuantity === null ? 'null' : JSON.stringify(e.deliverableQuantity)},"tags":${e.tags.length === 0 ? '[]' : JSON.stringify(e.tags)},"note":${str(e.note)},"source":${named(e.source)},"late":${e.late},"edited":${e.edited},"weekStatus":${named(e.weekStatus)}}\n`;
}

const str = (value: string) => JSON.stringify(value);
const nullable = (value: string | null) => (value === null ? 'null' : JSON.stringify(value));
/** The JSON of the values that repeat from entry to entry (names, keys), kept for the next entries. */
const namedJson = new Map<string, string>();
function named(value: string | null): string {
  if (value === null) return 'null';
  let json = namedJson.get(value);
  if (json === undefined) {
    // Bounded: one data set names a few thousand things at most; a long-lived worker starts over.
    if (namedJson.size >= 10_000) namedJson.clear();
    json = JSON.stringify(value);
    namedJson.set(value, json);
  }
  return json;
}

const COVERAGE_KEYS = ['member', 'weekStart', 'loggedSeconds', 'expectedSeconds', 'coverage', 'complete'] as const;

/** One member-week's coverage as one canonical JSON line (keys in `EvidenceCoverageLine` order). */
export function canonicalCoverageLine(line: EvidenceCoverageLine): string {
  const ordered: Record<string, unknown> = {};
  for (const key of COVERAGE_KEYS) ordered[key] = line[key];
  return `${JSON.stringify(ordered)}\n`;
}

/**
 * The data set's SHA-256: the entries' canonical lines, then (at `digest`) the canonical lines of the
 * member-weeks' coverage, as the JSON export lists them in `entries` and `coverage`.
 */
export function createDataSetHash() {
  const hash = createHash('sha256');
  let count = 0;
  return {
    add(entry: EvidenceEntry) {
      hash.update(canonicalEntryLine(entry));
      count++;
    },
    /** `add` for each entry of a batch (one line per call: joining a batch's lines first was slower). */
    addBatch(entries: Iterable<EvidenceEntry>) {
      for (const entry of entries) {
        hash.update(canonicalEntryLine(entry));
        count++;
      }
    },
    get count() {
      return count;
    },
    digest: (coverage: readonly EvidenceCoverageLine[] = []) => {
      for (const line of coverage) hash.update(canonicalCoverageLine(line));
      return hash.digest('hex');
    },
  };
}

/**
 * The org row and the whole-week range, and the member-weeks of the range with their expected hours
 * and coverage (`memberWeeksSql`, the dashboards' definition); shared by every query below.
 */
function scope(organizationId: string, q: EvidenceQuery): SQL {
  return sql`
    org as (
      select id, name, time_zone, default_weekly_contract_seconds, coverage_threshold_percent,
        (${q.from}::date - ((extract(isodow from ${q.from}::date)::int - week_start + 7) % 7))::date as first_week,
        (${q.to}::date - ((extract(isodow from ${q.to}::date)::int - week_start + 7) % 7))::date as last_week
      from organizations where id = ${organizationId}
    ),
    ${memberWeeksSql({
      organizationId,
      firstWeek: sql`(select first_week from org)`,
      lastWeek: sql`(select last_week from org)`,
      within: { from: addDays(q.from, -6), to: q.to },
      // Every use below filters on the same members: compute the figures of those alone.
      memberIds: q.memberIds ?? null,
      today: q.today ?? sql`(now() at time zone (select time_zone from org))::date`,
    })}`;
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
      where m.organization_id = ${organizationId} and (exists (
        select 1 from time_entries e, org where e.organization_id = ${organizationId} and e.member_id = m.id
          and e.week_start between org.first_week and org.last_week
          and e.deleted_at is null and e.duration_seconds is not null
          and ${memberFilter(sql`e.member_id`, q)} and ${brandFilter(sql`e.brand_id`, q)})
        -- A member expected to log who logged nothing is part of the evidence too (coverage 0).
        or (${uuids(q.brandIds)}::uuid[] is null and ${memberFilter(sql`m.id`, q)} and exists (
          select 1 from member_week_figures f where f.member_id = m.id and f.tracks_time and f.expected > 0)))
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
 * An entry imported from a Proofwork export keeps the id, source and edited flag its line had
 * there (`origin_*`), so a round trip gives the same lines and hash; every other entry's line is
 * unchanged.
 *
 * Streams the entries in id order, in batches of about `batch` rows: memory stays constant
 * whatever the period. Running timers and deleted entries are not evidence. Each batch holds new
 * objects, which a writer may keep (the JSON and XLSX files); a writer that keeps none of them
 * reads `streamEvidenceRows` instead.
 */
export async function* streamEvidenceEntries(
  db: Database,
  organizationId: string,
  q: EvidenceQuery,
  batch = 2000,
): AsyncGenerator<EvidenceEntry[]> {
  let entries: EvidenceEntry[] = [];
  for await (const rows of streamEvidenceRows(db, organizationId, q)) {
    for (const line of rows.lines) entries.push(rows.read(line, {} as EvidenceEntry));
    if (entries.length >= batch) {
      yield entries;
      entries = [];
    }
  }
  if (entries.length > 0) yield entries;
}

/**
 * The entries of one chunk of the stream, as PostgreSQL's lines: iterating reads each line into one
 * entry object, refilled for the next line (valid until then), so the writers that keep no entry
 * (CSV, the hash pass) make no object per row for the garbage collector.
 */
export interface EvidenceRows extends Iterable<EvidenceEntry> {
  readonly lines: readonly string[];
  /** Reads one of `lines` into `into` (every key of an entry, in canonical order) and returns it. */
  read(line: string, into: EvidenceEntry): EvidenceEntry;
}

/**
 * The entries of the data set in id order, a chunk of lines at a time (see `EvidenceRows`). The
 * entry's own columns come from one `COPY (SELECT …) TO STDOUT` in PostgreSQL's text format, parsed
 * here: the rows flow without a round trip per batch (a cursor waits for each) and no row object
 * is built by the driver; an index (organization, id) hands them over in order, so the first row
 * comes at once instead of after a sort of the whole period. Member names, catalog names,
 * approvals and the set of entries with an update event are read just before and looked up in
 * memory, so PostgreSQL joins nothing. COPY takes no parameters: every value written into it is
 * checked first (ids, dates).
 */
export async function* streamEvidenceRows(
  db: Database,
  organizationId: string,
  q: EvidenceQuery,
): AsyncGenerator<EvidenceRows> {
  const org = uuidLiteral(organizationId);
  const from = dateLiteral(q.from);
  const to = dateLiteral(q.to);
  const filters = [
    q.memberIds && q.memberIds.length > 0 ? `and e.member_id = any(${uuidArrayLiteral(q.memberIds)})` : '',
    q.brandIds && q.brandIds.length > 0 ? `and e.brand_id = any(${uuidArrayLiteral(q.brandIds)})` : '',
  ].join(' ');
  // The names first, then the COPY on a connection of its own: the driver pipelines queries onto
  // busy pooled connections, and one queued behind a COPY (another export, a request) would fail
  // with COPY_IN_PROGRESS. The reserved connection goes back to the pool when the stream ends.
  const known = await lookups(db, organizationId, q);
  const connection = await db.$sql.reserve();
  // Tags as their JSON array (parsed here). The order is the expression of the index
  // time_entries_evidence_order_idx, whose predicate the filters repeat.
  const source = await connection
    .unsafe(`copy (
    with org as (
      select (${from} - ((extract(isodow from ${from})::int - week_start + 7) % 7))::date as first_week,
        (${to} - ((extract(isodow from ${to})::int - week_start + 7) % 7))::date as last_week
      from organizations where id = ${org}
    )
    select coalesce(e.origin_id, e.id), e.id, e.member_id, e.local_date, e.week_start,
      to_char(e.started_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
      to_char(e.ended_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
      e.duration_seconds, e.category_id, e.brand_id, e.platform, e.deliverable_id,
      array_to_json(e.tags), e.note, coalesce(e.origin_source, e.source), e.is_late,
      coalesce(e.origin_edited, false)
    from time_entries e
    cross join org
    where e.organization_id = ${org}
      and e.week_start between org.first_week and org.last_week
      and e.deleted_at is null and e.duration_seconds is not null ${filters}
    order by coalesce(e.origin_id, e.id)
  ) to stdout`)
    .readable()
    .catch((error: unknown) => {
      connection.release();
      throw error;
    });
  const read = (line: string, into: EvidenceEntry): EvidenceEntry => {
    const f = line.split('\t');
    const entryId = f[1]!;
    const member = known.members.get(f[2]!)!;
    const weekStart = f[4]!;
    const seconds = Number(f[7]);
    const category = known.categories.get(f[8]!)!;
    const brandId = f[9]!;
    const deliverable = f[11] === NULL ? undefined : known.deliverables.get(f[11]!);
    const tags = f[12]!;
    const note = f[13]!;
    // Every key assigned, in canonical order (a new object takes them in this order).
    into.id = f[0]!;
    into.member = member.name;
    into.localDate = f[3]!;
    into.weekStart = weekStart;
    into.startedAt = f[5] === NULL ? null : f[5]!;
    into.endedAt = f[6] === NULL ? null : f[6]!;
    into.seconds = seconds;
    // round(seconds / 3600.0, 4): seconds × 25 / 9 is never half-way between two integers.
    into.hours = Math.round((seconds * 25) / 9) / 10_000;
    into.categoryKey = category.key;
    into.category = category.name;
    into.brand = brandId === NULL ? null : (known.brands.get(brandId) ?? null);
    into.platform = f[10] === NULL ? null : f[10]!;
    into.deliverableType = deliverable?.typeKey ?? null;
    into.deliverableTypeName = deliverable?.typeName ?? null;
    into.deliverable = deliverable?.title ?? null;
    into.deliverableQuantity = deliverable?.quantity ?? null;
    into.tags = tags === '[]' ? [] : (JSON.parse(unescapeCopyText(tags)) as string[]);
    into.note = note === '' ? '' : unescapeCopyText(note);
    into.source = f[14]!;
    into.late = f[15] === 't';
    into.edited = f[16] === 't' || (known.edited.size > 0 && known.edited.has(entryId));
    into.weekStatus = member.weeks?.get(weekStart) ?? null;
    return into;
  };
  const decoder = new StringDecoder('utf8');
  let rest = '';
  try {
    for await (const chunk of source.iterator({ destroyOnReturn: false })) {
      const text = rest + decoder.write(chunk as Buffer);
      const end = text.lastIndexOf('\n');
      if (end === -1) {
        rest = text;
        continue;
      }
      rest = text.slice(end + 1);
      yield rowsOf(text.slice(0, end).split('\n'), read);
    }
  } finally {
    // A reader that stops early (an error downstream) must not leave the COPY running: the driver
    // refuses other queries on its connection until the copy is done, so read it to its end.
    if (!source.readableEnded && !source.destroyed) {
      source.resume();
      await finished(source).catch(() => {});
    }
    connection.release();
  }
  if (rest + decoder.end() !== '') throw new Error('evidence stream ended inside a row');
}

/** One entry object with every key in canonical order, refilled by `EvidenceRows` iteration. */
function blankEntry(): EvidenceEntry {
  const entry = {} as Record<string, unknown>;
  for (const key of ENTRY_COLUMNS) entry[key] = null;
  return entry as unknown as EvidenceEntry;
}

function rowsOf(lines: string[], read: EvidenceRows['read']): EvidenceRows {
  return {
    lines,
    read,
    *[Symbol.iterator]() {
      const entry = blankEntry();
      for (const line of lines) yield read(line, entry);
    },
  };
}

/** COPY's text format writes NULL as \N and escapes a backslash and the control characters. */
const NULL = '\\N';
const COPY_ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
export function unescapeCopyText(field: string): string {
  if (!field.includes('\\')) return field;
  return field.replace(/\\(.)/gs, (_, c: string) => COPY_ESCAPES[c] ?? c);
}

function uuidLiteral(id: string): string {
  if (!isUuid(id)) throw new Error(`not an id: ${JSON.stringify(id)}`);
  return `'${id}'::uuid`;
}
function uuidArrayLiteral(ids: string[]): string {
  for (const id of ids) if (!isUuid(id)) throw new Error(`not an id: ${JSON.stringify(id)}`);
  return `'{${ids.join(',')}}'::uuid[]`;
}
function dateLiteral(date: string): string {
  if (!/^\d{4}-\d\d-\d\d$/.test(date)) throw new Error(`not a date: ${JSON.stringify(date)}`);
  return `'${date}'::date`;
}

/** What the entries of an evidence data set name, by id (see streamEvidenceEntries). */
async function lookups(db: Database, organizationId: string, q: EvidenceQuery) {
  const nameColumn = q.locale === 'fr' ? sql`name_fr` : sql`name_en`;
  const run = <T>(query: SQL) => db.$sql.unsafe<T[]>(...toUnsafe(query));
  const [members, categories, brands, deliverables, approvals, edited] = await Promise.all([
    // Anonymized names are numbered over the members of the data set (memberNames, as the summary
    // numbers them); real names are the same for every member, so any entry's member is found
    // without working out who is in the data set (the costly part at scale).
    q.anonymize
      ? run<{ id: string; name: string }>(sql`
      with ${scope(organizationId, q)}, ${memberNames(organizationId, q)}
      select id::text, name from member_names`)
      : run<{ id: string; name: string }>(sql`
      select m.id::text, u.name from members m join users u on u.id = m.user_id
      where m.organization_id = ${organizationId}`),
    run<{ id: string; key: string; name: string }>(sql`
      select id::text, key, ${nameColumn} as name from categories where organization_id = ${organizationId}`),
    run<{ id: string; name: string }>(sql`
      select id::text, name from brands where organization_id = ${organizationId}`),
    run<{ id: string; title: string; quantity: number; typeKey: string | null; typeName: string | null }>(sql`
      select d.id::text, d.title, d.quantity::int, t.key as "typeKey", t.${nameColumn} as "typeName"
      from deliverables d left join deliverable_types t on t.id = d.deliverable_type_id
      where d.organization_id = ${organizationId}`),
    run<{ memberId: string; weekStart: string; status: string }>(sql`
      with ${scope(organizationId, q)}
      select a.member_id::text as "memberId", a.week_start::text as "weekStart", a.status::text as status
      from week_approvals a cross join org
      where a.organization_id = ${organizationId} and a.week_start between org.first_week and org.last_week`),
    run<{ id: string }>(sql`
      select distinct ev.time_entry_id::text as id from time_entry_events ev
      where ev.organization_id = ${organizationId} and ev.action = 'update'`),
  ]);
  // Each member's approved (or submitted…) weeks, found through the member: most members have few.
  const weeks = new Map<string, Map<string, string>>();
  for (const a of approvals) {
    let member = weeks.get(a.memberId);
    if (!member) {
      member = new Map();
      weeks.set(a.memberId, member);
    }
    member.set(a.weekStart, a.status);
  }
  return {
    members: new Map(members.map((m) => [m.id, { name: m.name, weeks: weeks.get(m.id) }])),
    categories: new Map(categories.map((c) => [c.id, { key: c.key, name: c.name }])),
    brands: new Map(brands.map((b) => [b.id, b.name])),
    deliverables: new Map(deliverables.map((d) => [d.id, d])),
    edited: new Set(edited.map((e) => e.id)),
  };
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
  /** The contract pro-rated by the working days present (public holidays and days off left out). */
  expectedSeconds: number;
  /** Logged above expected, per member-week. */
  overtimeSeconds: number;
  afterHoursSeconds: number;
  weekendSeconds: number;
  entryCount: number;
  /** Logged ÷ expected; null when nothing was expected. */
  coverage: number | null;
  /** Member-weeks below the organization's threshold among these rows (0 or 1 for one member-week). */
  incompleteWeeks: number;
};

/**
 * One line per member-week of a member expected to log, in the data set's hash after the entries:
 * keys in this order, coverage to four decimals.
 */
export type EvidenceCoverageLine = {
  member: string;
  weekStart: string;
  loggedSeconds: number;
  expectedSeconds: number;
  coverage: number | null;
  complete: boolean;
};

export type EvidenceCoverage = {
  /** A member-week is complete when logged ÷ expected reaches this percentage. */
  thresholdPercent: number;
  /** The team, over every member-week expected to log. */
  loggedSeconds: number;
  expectedSeconds: number;
  coverage: number | null;
  memberWeeks: number;
  incompleteMemberWeeks: number;
  /** The member-weeks below the threshold (left out of the headline figures). */
  incompleteWeeks: EvidenceCoverageLine[];
  /** Every member-week expected to log (the hashed lines). */
  lines: EvidenceCoverageLine[];
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
  /**
   * The headline: computed on complete member-weeks only (coverage at or above the threshold, or
   * nothing expected); the incomplete ones are listed in `coverage`.
   */
  totals: {
    loggedSeconds: number;
    expectedSeconds: number;
    overtimeSeconds: number;
    afterHoursSeconds: number;
    weekendSeconds: number;
    entryCount: number;
    members: number;
    /** Complete member-weeks the headline reads. */
    memberWeeks: number;
    averageContractSeconds: number | null;
    /** Full-time equivalents: the average logged time of a complete member-week ÷ the average contract × members. */
    fte: number | null;
  };
  /** Every member-week of the period, complete or not. */
  allWeeks: { loggedSeconds: number; expectedSeconds: number; overtimeSeconds: number };
  coverage: EvidenceCoverage;
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
  // The member-week figures' series are costed like millions of rows: each statement below would
  // cross the JIT thresholds and compile for about a second, but sessions run with JIT off (createDb).
  const nameColumn = q.locale === 'fr' ? sql`name_fr` : sql`name_en`;
  const brandFiltered = (q.brandIds?.length ?? 0) > 0;
  const rollups = sql`
    ${scope(organizationId, q)}, ${memberNames(organizationId, q)},
    -- Inlined where it is read: each reader scans the rollups through its index rather than a
    -- materialized copy of every column (a two-year summary spent 0.4 s per statement copying).
    all_rollups as not materialized (
      select r.* from weekly_rollups r, org
      where r.organization_id = org.id and r.week_start between org.first_week and org.last_week
        and ${memberFilter(sql`r.member_id`, q)} and ${brandFilter(sql`r.brand_id`, q)}
    ),
    -- The headline reads complete member-weeks only (the columns read below: a materialized
    -- CTE copies every column it selects).
    rollups as (
      select r.member_id, r.week_start, r.category_id, r.seconds from all_rollups r
      where not exists (select 1 from member_week_figures f
        where f.member_id = r.member_id and f.week_start = r.week_start and not f.complete)
    )`;

  // Every member-week with time in scope, and (without a brand filter) every member-week expected to log.
  const memberWeekRows = sql`
    mw as (
      select r.member_id, r.week_start, sum(r.seconds) as logged, sum(r.after_hours_seconds) as after_hours,
        sum(r.weekend_seconds) as weekend, sum(r.entry_count) as entries
      from all_rollups r group by r.member_id, r.week_start
    ),
    expected as (
      select f.* from member_week_figures f cross join org
      where f.week_start >= org.first_week and f.tracks_time and ${memberFilter(sql`f.member_id`, q)}
    ),
    mwc as (
      select coalesce(mw.member_id, f.member_id) as member_id, coalesce(mw.week_start, f.week_start) as week_start,
        coalesce(mw.logged, 0) as logged, coalesce(mw.after_hours, 0) as after_hours,
        coalesce(mw.weekend, 0) as weekend, coalesce(mw.entries, 0) as entries,
        coalesce(f.expected, 0) as expected, coalesce(f.complete, true) as complete,
        greatest(0, coalesce(mw.logged, 0) - coalesce(f.expected, 0)) as overtime
      from mw ${brandFiltered ? sql`left` : sql`full`} join expected f
        on f.member_id = mw.member_id and f.week_start = mw.week_start
    )`;

  const workloadRows = db.execute<EvidenceMemberWeek & { level: number }>(sql`
    with ${rollups}, ${memberWeekRows}
    select mwc.member_id as "memberId",
      min(mn.name) as member,
      mwc.week_start::text as "weekStart",
      sum(logged)::float8 as "loggedSeconds", sum(expected)::float8 as "expectedSeconds",
      sum(overtime)::float8 as "overtimeSeconds",
      sum(after_hours)::float8 as "afterHoursSeconds", sum(weekend)::float8 as "weekendSeconds",
      sum(entries)::int as "entryCount",
      (sum(logged)::float8 / nullif(sum(expected), 0)) as coverage,
      (count(*) filter (where not complete))::int as "incompleteWeeks",
      grouping(mwc.member_id, mwc.week_start) as level
    from mwc left join member_names mn on mn.id = mwc.member_id
    group by grouping sets ((mwc.member_id, mwc.week_start), (mwc.member_id), (mwc.week_start), ())
    order by level, mwc.week_start nulls first, min(mn.n)`);

  const headlineRows = db.execute<{
    logged: number;
    expected: number;
    overtime: number;
    afterHours: number;
    weekend: number;
    entries: number;
    members: number;
    memberWeeks: number;
    average: number | null;
    coverageLines: EvidenceCoverageLine[];
    threshold: number;
  }>(sql`
    with ${rollups}, ${memberWeekRows},
    complete as (select * from mwc where complete),
    contracts as (
      select avg(${contractSecondsSql(sql`m`, sql`org`)})::float8 as average
      from members m cross join org where m.id in (select member_id from complete)
    )
    select coalesce(sum(c.logged), 0)::float8 as logged, coalesce(sum(c.expected), 0)::float8 as expected,
      coalesce(sum(c.overtime), 0)::float8 as overtime, coalesce(sum(c.after_hours), 0)::float8 as "afterHours",
      coalesce(sum(c.weekend), 0)::float8 as weekend, coalesce(sum(c.entries), 0)::int as entries,
      count(distinct c.member_id)::int as members, count(c.member_id)::int as "memberWeeks",
      (select average from contracts) as average,
      (select coverage_threshold_percent from org)::int as threshold,
      coalesce((select jsonb_agg(jsonb_build_object('member', mn.name, 'weekStart', x.week_start::text,
          'loggedSeconds', x.logged::float8, 'expectedSeconds', x.expected::float8,
          'coverage', round((x.logged / nullif(x.expected, 0))::numeric, 4)::float8, 'complete', x.complete)
          order by mn.n, x.week_start)
        from mwc x join member_names mn on mn.id = x.member_id where x.expected > 0 or not x.complete), '[]'::jsonb)
        as "coverageLines"
    from complete c`);

  const categoryRows = db.execute<EvidenceCategory>(sql`
    with ${rollups},
    per as (select category_id, sum(seconds) as seconds from rollups group by category_id)
    select c.key, c.${nameColumn} as name, c."group", per.seconds::float8 as seconds,
      per.seconds::float8 / nullif(sum(per.seconds) over (), 0) as share
    from per join categories c on c.id = per.category_id
    order by per.seconds desc, c.key`);

  const skillRows = db.execute<{ fte: number | null; average: number | null; families: EvidenceSkill[] }>(sql`
    with ${rollups},
    per_skill as (
      select coalesce(${JSON.stringify(CATEGORY_SKILL)}::jsonb ->> c.key,
                      ${JSON.stringify(GROUP_SKILL)}::jsonb ->> c."group", 'meetings_admin') as skill,
        sum(r.seconds) as seconds
      from rollups r join categories c on c.id = r.category_id group by 1
    ),
    contracts as (
      select avg(${contractSecondsSql(sql`m`, sql`org`)})::float8 as average
      from members m cross join org where m.id in (select member_id from rollups)
    ),
    -- Weeks of full-time work the complete member-weeks stand for: member-weeks ÷ members.
    totals as (
      select coalesce((select sum(seconds) from per_skill), 0)::float8 as seconds,
        (select count(*) from (select distinct member_id, week_start from rollups) w)::float8
          / nullif((select count(distinct member_id) from rollups), 0) as weeks,
        contracts.average
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
  const deliverableTypeRows = db.execute<EvidenceDeliverableType>(sql`
    with ${scope(organizationId, q)},
    ${perDeliverableSeconds(
      organizationId,
      sql`${memberFilter(sql`e.member_id`, q)} and ${brandFilter(sql`e.brand_id`, q)}
        and not exists (select 1 from member_week_figures f
          where f.member_id = e.member_id and f.week_start = e.week_start and not f.complete)`,
    )}
    select t.key, t.${nameColumn} as name, t.perceived_seconds::float8 as "perceivedSeconds",
      count(per_deliverable.id)::int as deliverables, sum(per_deliverable.seconds)::float8 as "measuredSeconds",
      ${DELIVERABLE_MEDIAN}::float8 as "medianSeconds",
      avg(per_deliverable.seconds)::float8 as "meanSeconds",
      (${DELIVERABLE_MEDIAN} / nullif(t.perceived_seconds, 0))::float8 as multiplier
    from per_deliverable join deliverable_types t on t.id = per_deliverable.deliverable_type_id
    group by t.id order by t.position, t.key`);

  const methodologyRows = db.execute<EvidenceMethodology>(sql`
    with ${scope(organizationId, q)},
    -- The columns counted only, read once; an entry is edited when it has an update event (one
    -- hashed list of those, not a lookup per entry).
    e as (
      select e.member_id, e.week_start, e.source, e.duration_seconds, e.is_late, e.started_at is null as duration_only,
        e.id in (select ev.time_entry_id from time_entry_events ev
          where ev.organization_id = ${organizationId} and ev.action = 'update') as edited
      from time_entries e cross join org where ${entryScope}
    ),
    by_source as (select source::text as source, count(*) as n, sum(duration_seconds) as seconds from e group by 1),
    counts as (
      select count(*) as entries, count(*) filter (where edited) as edited, count(*) filter (where is_late) as late,
        count(*) filter (where duration_only) as duration_only
      from e
    ),
    weeks as (
      select distinct e.member_id, e.week_start, a.status from e
      left join week_approvals a on a.member_id = e.member_id and a.week_start = e.week_start
    )
    select c.entries::int as entries,
      coalesce((select jsonb_object_agg(source, n) from by_source), '{}'::jsonb) as "bySource",
      coalesce((select jsonb_object_agg(source, seconds) from by_source), '{}'::jsonb) as "secondsBySource",
      c.edited::int as edited, c.late::int as late, c.duration_only::int as "durationOnly",
      (select count(*) from weeks)::int as "memberWeeks",
      (select count(*) from weeks where status = 'approved')::int as "approvedMemberWeeks"
    from counts c`);

  // Six independent reads, sent together: on a pool they run side by side (a two-year export of
  // 500 members waited for each in turn, 12 s); on a transaction's connection they queue.
  const [workload, [headline], categories, [skills], deliverableTypes, [methodology]] = await Promise.all([
    workloadRows,
    headlineRows,
    categoryRows,
    skillRows,
    deliverableTypeRows,
    methodologyRows,
  ]);
  const rows = [...workload];
  const strip = ({ level: _, ...row }: EvidenceMemberWeek & { level: number }) => row;
  const total = rows.find((r) => r.level === 3);
  const members = rows.filter((r) => r.level === 1).map(strip);
  const h = headline!;
  // jsonb reorders keys: rebuild each line in its canonical order.
  const lines = h.coverageLines.map(
    (l): EvidenceCoverageLine => ({
      member: l.member,
      weekStart: l.weekStart,
      loggedSeconds: l.loggedSeconds,
      expectedSeconds: l.expectedSeconds,
      coverage: l.coverage,
      complete: l.complete,
    }),
  );
  const expectedLines = lines.filter((l) => l.expectedSeconds > 0);
  const expectedLogged = expectedLines.reduce((sum, l) => sum + l.loggedSeconds, 0);
  const expectedTotal = expectedLines.reduce((sum, l) => sum + l.expectedSeconds, 0);
  return {
    totals: {
      loggedSeconds: h.logged,
      expectedSeconds: h.expected,
      overtimeSeconds: h.overtime,
      afterHoursSeconds: h.afterHours,
      weekendSeconds: h.weekend,
      entryCount: h.entries,
      members: h.members,
      memberWeeks: h.memberWeeks,
      averageContractSeconds: skills?.average ?? null,
      fte: skills?.fte ?? null,
    },
    allWeeks: {
      loggedSeconds: total?.loggedSeconds ?? 0,
      expectedSeconds: total?.expectedSeconds ?? 0,
      overtimeSeconds: total?.overtimeSeconds ?? 0,
    },
    coverage: {
      thresholdPercent: h.threshold,
      loggedSeconds: expectedLogged,
      expectedSeconds: expectedTotal,
      coverage: expectedTotal > 0 ? expectedLogged / expectedTotal : null,
      memberWeeks: expectedLines.length,
      incompleteMemberWeeks: lines.filter((l) => !l.complete).length,
      incompleteWeeks: lines.filter((l) => !l.complete),
      lines,
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
