// Time entry queries: the entries, their audit events, and the reads the entry rules need (member
// locks, catalog references, overlaps). Every query takes the organization first.
import { type Platform, STALE_TIMER_SECONDS } from '@proofwork/core';
import { and, asc, desc, eq, getTableColumns, gte, inArray, isNotNull, isNull, lte, type SQL, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Executor } from '../client';
import {
  brands,
  categories,
  deliverables,
  type entrySourceEnum,
  members,
  organizations,
  timeEntries,
  timeEntryEvents,
} from '../schema/index';
import { copyRows } from './copy';
import { DIRTY_MEMBER_WEEKS_CHANNEL } from './outbox';
import { UUID_V7 } from './rollups';
import { WEBHOOK_EVENT_CHANNEL } from './webhooks';

export type TimeEntryRow = typeof timeEntries.$inferSelect;
export type NewTimeEntry = Omit<typeof timeEntries.$inferInsert, 'organizationId' | 'createdAt' | 'updatedAt'>;
export type TimeEntryChange = Partial<Omit<NewTimeEntry, 'id'>>;
export type EntrySource = (typeof entrySourceEnum.enumValues)[number];
export type TimeEntryEventRow = typeof timeEntryEvents.$inferSelect;
export type NewTimeEntryEvent = Omit<typeof timeEntryEvents.$inferInsert, 'organizationId'>;

export interface LockedMember {
  id: string;
  /** The member's own zone, else the organization's. */
  timeZone: string;
  removed: boolean;
}

/**
 * Locks the members' rows for the rest of the transaction. Every entry write and every week
 * approval takes this lock first, so writes of one member are serialised: one running timer, and
 * no entry slips into a week while it is being approved. Rows are locked in id order (no deadlock).
 *
 * FOR NO KEY UPDATE, not FOR UPDATE: writers still exclude each other, but a foreign-key check on
 * the member (a rollup or dirty mark written by a worker takes FOR KEY SHARE) no longer waits for
 * the write to commit. With FOR UPDATE a recompute holding the member-week's dirty mark waited
 * for the writer's member row while the writer waited for that mark: a deadlock.
 */
export async function lockMembers(tx: Executor, organizationId: string, memberIds: string[]): Promise<LockedMember[]> {
  if (memberIds.length === 0) return [];
  return tx
    .select({
      id: members.id,
      timeZone: sql<string>`coalesce(${members.timeZone}, ${organizations.timeZone})`,
      removed: sql<boolean>`${members.removedAt} is not null`,
    })
    .from(members)
    .innerJoin(organizations, eq(organizations.id, members.organizationId))
    .where(and(eq(members.organizationId, organizationId), inArray(members.id, memberIds)))
    .orderBy(asc(members.id))
    .for('no key update', { of: members });
}

export interface EntryReferences {
  /** Category id → archived. */
  categories: Map<string, boolean>;
  brands: Set<string>;
  deliverables: Set<string>;
}

/** Which of these catalog ids belong to the organization, in three small queries. */
export async function findEntryReferences(
  db: Executor,
  organizationId: string,
  ids: { categoryIds: string[]; brandIds: string[]; deliverableIds: string[] },
): Promise<EntryReferences> {
  const none = Promise.resolve([]);
  const [categoryRows, brandRows, deliverableRows] = await Promise.all([
    ids.categoryIds.length === 0
      ? none
      : db
          .select({ id: categories.id, archivedAt: categories.archivedAt })
          .from(categories)
          .where(and(eq(categories.organizationId, organizationId), inArray(categories.id, ids.categoryIds))),
    ids.brandIds.length === 0
      ? none
      : db
          .select({ id: brands.id })
          .from(brands)
          .where(and(eq(brands.organizationId, organizationId), inArray(brands.id, ids.brandIds))),
    ids.deliverableIds.length === 0
      ? none
      : db
          .select({ id: deliverables.id })
          .from(deliverables)
          .where(and(eq(deliverables.organizationId, organizationId), inArray(deliverables.id, ids.deliverableIds))),
  ]);
  return {
    categories: new Map(categoryRows.map((r) => [r.id, r.archivedAt !== null])),
    brands: new Set(brandRows.map((r) => r.id)),
    deliverables: new Set(deliverableRows.map((r) => r.id)),
  };
}

/** A deliverable of this type, brand and title (case-insensitive), for quick-add to reuse. */
export async function findDeliverableByTitle(
  db: Executor,
  organizationId: string,
  match: { deliverableTypeId: string; brandId: string | null; title: string },
) {
  const [row] = await db
    .select({ id: deliverables.id })
    .from(deliverables)
    .where(
      and(
        eq(deliverables.organizationId, organizationId),
        eq(deliverables.deliverableTypeId, match.deliverableTypeId),
        match.brandId === null ? isNull(deliverables.brandId) : eq(deliverables.brandId, match.brandId),
        sql`lower(${deliverables.title}) = lower(${match.title})`,
      ),
    )
    .orderBy(desc(deliverables.createdAt))
    .limit(1);
  return row ?? null;
}

export async function getTimeEntry(db: Executor, organizationId: string, id: string): Promise<TimeEntryRow | null> {
  const [row] = await db
    .select()
    .from(timeEntries)
    .where(and(eq(timeEntries.organizationId, organizationId), eq(timeEntries.id, id)));
  return row ?? null;
}

/** The member's running timer (started, not ended, no duration, not deleted), if any. */
export async function getRunningTimer(
  db: Executor,
  organizationId: string,
  memberId: string,
): Promise<TimeEntryRow | null> {
  const [row] = await db
    .select()
    .from(timeEntries)
    .where(
      and(
        eq(timeEntries.organizationId, organizationId),
        eq(timeEntries.memberId, memberId),
        isNotNull(timeEntries.startedAt),
        isNull(timeEntries.endedAt),
        isNull(timeEntries.durationSeconds),
        isNull(timeEntries.deletedAt),
      ),
    );
  return row ?? null;
}

/** Columns the database fills in, and defaults for the optional ones a row may leave out. */
const DATABASE_FILLED: Record<string, SQL> = { createdAt: sql`now()`, updatedAt: sql`now()` };
const DEFAULTS: Record<string, SQL> = { tags: sql`'{}'::text[]`, note: sql`''`, isLate: sql`false` };

/**
 * Every column of `time_entries` in table order, read from one JSON parameter
 * (`jsonb_to_recordset`): one statement and one parameter whatever the number of rows, where a
 * VALUES list would need 26 parameters a row (and hit the protocol's 65,535 limit near 2,500 rows).
 */
function entryRecordset(organizationId: string, rows: (NewTimeEntry & { id: string })[]): SQL {
  const columns = Object.values(getTableColumns(timeEntries));
  const fields = columns.filter((c) => c.name !== 'organizationId' && !(c.name in DATABASE_FILLED));
  const definitions = sql.raw(fields.map((c) => `"${c.name}" ${c.getSQLType()}`).join(', '));
  const select = columns.map((c) => {
    if (c.name === 'organizationId') return sql`${organizationId}::uuid`;
    const filled = DATABASE_FILLED[c.name];
    if (filled) return filled;
    const value = sql.raw(`x."${c.name}"`);
    const fallback = DEFAULTS[c.name];
    return fallback ? sql`coalesce(${value}, ${fallback})` : value;
  });
  return sql`select ${sql.join(select, sql`, `)} from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(${definitions})`;
}

/**
 * Inserts entries in one statement. Rows whose import key the organization already holds are
 * skipped (not an error): the caller compares the rows returned with the rows sent.
 */
export async function insertTimeEntries(
  tx: Executor,
  organizationId: string,
  values: NewTimeEntry[],
): Promise<TimeEntryRow[]> {
  if (values.length === 0) return [];
  const rows = values.map((v) => ({ ...v, id: v.id ?? uuidv7() }));
  return tx
    .insert(timeEntries)
    .select(entryRecordset(organizationId, rows))
    .onConflictDoNothing({
      target: [timeEntries.organizationId, timeEntries.importKey],
      where: sql`import_key is not null`,
    })
    .returning();
}

/** The rules' reads and the writes of one new entry, in one statement (see insertEntryAtOnce). */
export interface EntryAtOnce {
  organizationId: string;
  /** Every column the rules decided, computed in `timeZone`; id made by the caller. */
  entry: NewTimeEntry & { id: string };
  /** The member's zone the columns were computed in: the statement checks it is still theirs. */
  timeZone: string;
  /** The audit event of the create (its `after` snapshot) and its time. */
  event: { actorMemberId: string | null; after: unknown; createdAt: Date };
  /** The domain event, written only when an enabled webhook of the organization listens for its type. */
  domainEvent: { type: string; data: unknown };
  /** Running timers count until now for the overlap lookup; null skips the lookup. */
  overlapsAt: Date | null;
}

export interface EntryAtOnceResult {
  /** The row as written, or null when a rule refused it (nothing was written: the caller finds out why). */
  row: TimeEntryRow | null;
  /** The member's zone as the database has it (null: not a member of this organization). */
  timeZone: string | null;
  overlaps: string[];
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * A new entry in one statement, one round trip: it takes the member's lock, checks the member
 * (still a member, still in the zone the columns were computed in), the category (the
 * organization's, not archived), the brand and the deliverable (the organization's), the week (not
 * approved), and only if all hold writes the entry, its audit event, the member-week's dirty mark
 * and the domain event, wakes the dispatchers and answers the entry's overlaps. The checks read the
 * statement's snapshot, taken before the lock was granted: a writer that held the lock meanwhile
 * and changed what they read gave the member's row a new version (a week approved does, by
 * trigger), so a locked version other than the one the snapshot holds writes nothing, and the
 * general path decides. Inside the caller's transaction, or as a transaction of its own.
 */
export async function insertEntryAtOnce(tx: Executor, p: EntryAtOnce): Promise<EntryAtOnceResult> {
  const { organizationId: org, entry } = p;
  const columns = Object.values(getTableColumns(timeEntries));
  const row = { ...entry, tags: entry.tags ?? [], note: entry.note ?? '', isLate: entry.isLate ?? false };
  const events = [p.domainEvent];
  // The entry's neighbours as the statement's snapshot has them (the new row is not among them): the
  // same lookup as overlapsQuery, for a span known before it is written.
  const at = p.overlapsAt?.toISOString();
  const overlaps =
    at && entry.startedAt
      ? sql`(select array_agg(o.id order by o.started_at, o.id)::text[] from ${neighboursSql(
          sql`${org}::uuid`,
          sql`${entry.memberId}::uuid`,
          sql`${entry.localDate}::date`,
          entry.endedAt ? sql`${entry.localDate}::date + 2` : sql`'infinity'::date`,
        )} o
        where o.started_at < coalesce(${entry.endedAt?.toISOString() ?? null}::timestamptz, ${at}::timestamptz)
          and coalesce(o.ended_at, ${at}::timestamptz) > ${entry.startedAt.toISOString()}::timestamptz
          and exists (select 1 from written))`
      : sql`null::text[]`;
  const statement = sql`
    with locked as (
      select xmin::text as version from members where organization_id = ${org} and id = ${entry.memberId}
      for no key update
    ),
    seen as (
      select xmin::text as version from members where organization_id = ${org} and id = ${entry.memberId}
    ),
    member as (
      select coalesce(m.time_zone, o.time_zone) as time_zone, m.removed_at is null as active
      from members m join organizations o on o.id = m.organization_id
      where m.organization_id = ${org} and m.id = ${entry.memberId}
    ),
    checked as (
      select coalesce((select l.version = s.version from locked l, seen s), false)
        and coalesce((select active and time_zone = ${p.timeZone} from member), false)
        and exists (select 1 from categories where organization_id = ${org} and id = ${entry.categoryId}
          and archived_at is null)
        and (${entry.brandId ?? null}::uuid is null
          or exists (select 1 from brands where organization_id = ${org} and id = ${entry.brandId ?? null}::uuid))
        and (${entry.deliverableId ?? null}::uuid is null
          or exists (select 1 from deliverables where organization_id = ${org} and id = ${entry.deliverableId ?? null}::uuid))
        and not exists (select 1 from week_approvals where organization_id = ${org} and member_id = ${entry.memberId}
          and week_start = ${entry.weekStart}::date and status = 'approved') as ok
    ),
    written as (
      insert into time_entries (${sql.raw(columns.map((c) => `"${snake(c.name)}"`).join(', '))})
      ${entryRecordset(org, [row])} where (select ok from checked)
      returning to_json(created_at) #>> '{}' as created_at, to_json(updated_at) #>> '{}' as updated_at
    ),
    audited as (
      insert into time_entry_events (id, organization_id, time_entry_id, action, actor_member_id, before, after, created_at)
      select ${uuidv7()}::uuid, ${org}::uuid, ${entry.id}::uuid, 'create', ${p.event.actorMemberId}::uuid, null,
        ${JSON.stringify(p.event.after)}::jsonb, ${p.event.createdAt.toISOString()}::timestamptz
      from written
      returning 1
    ),
    marked as (
      insert into dirty_member_weeks (organization_id, member_id, week_start)
      select ${org}::uuid, ${entry.memberId}::uuid, ${entry.weekStart}::date from written
      on conflict (member_id, week_start) do update
        set version = dirty_member_weeks.version + 1, dirtied_at = now(), enqueued_at = null
      returning 1
    ),
    listened as (
      select distinct unnest(events) as type from webhooks where organization_id = ${org} and enabled
    ),
    emitted as (
      insert into domain_events (id, organization_id, type, data)
      select ${UUID_V7}, ${org}, e.type, e.data
      from jsonb_to_recordset(${JSON.stringify(events)}::jsonb) as e(type text, data jsonb)
      where exists (select 1 from written) and e.type in (select type from listened)
      returning 1
    )
    select (select time_zone from member where active) as "timeZone",
      (select created_at from written) as "createdAt", (select updated_at from written) as "updatedAt",
      (select count(*) from audited)::int + (select count(*) from marked)::int as writes,
      (select pg_notify(${DIRTY_MEMBER_WEEKS_CHANNEL}, '') where exists (select 1 from marked)) is not null as woke,
      (select pg_notify(${WEBHOOK_EVENT_CHANNEL}, ${org}) where exists (select 1 from emitted)) is not null as told,
      ${overlaps} as overlaps`;
  type Result = {
    timeZone: string | null;
    createdAt: string | null;
    updatedAt: string | null;
    overlaps: string[] | null;
  };
  // On its own, a prepared statement: one round trip (see Database.prepared).
  const [result] = '$sql' in tx ? await tx.prepared<Result>(statement) : await tx.execute<Result>(statement);
  if (!result?.createdAt) return { row: null, timeZone: result?.timeZone ?? null, overlaps: [] };
  return {
    row: {
      brandId: null,
      platform: null,
      deliverableId: null,
      startedAt: null,
      endedAt: null,
      durationSeconds: null,
      createdByMemberId: null,
      deletedAt: null,
      importId: null,
      importRow: null,
      importKey: null,
      originId: null,
      originSource: null,
      originEdited: null,
      ...row,
      organizationId: org,
      createdAt: new Date(result.createdAt),
      updatedAt: new Date(result.updatedAt!),
    },
    timeZone: result.timeZone,
    overlaps: result.overlaps ?? [],
  };
}

export async function updateTimeEntry(
  tx: Executor,
  organizationId: string,
  id: string,
  change: TimeEntryChange,
): Promise<TimeEntryRow> {
  const [row] = await tx
    .update(timeEntries)
    .set(change)
    .where(and(eq(timeEntries.organizationId, organizationId), eq(timeEntries.id, id)))
    .returning();
  if (!row) throw new Error(`time entry ${id} vanished inside its transaction`);
  return row;
}

const ENTRY_COPY_COLUMNS = [
  ['id', 'id'],
  ['organizationId', 'organization_id'],
  ['memberId', 'member_id'],
  ['categoryId', 'category_id'],
  ['brandId', 'brand_id'],
  ['platform', 'platform'],
  ['deliverableId', 'deliverable_id'],
  ['tags', 'tags'],
  ['note', 'note'],
  ['startedAt', 'started_at'],
  ['endedAt', 'ended_at'],
  ['durationSeconds', 'duration_seconds'],
  ['localDate', 'local_date'],
  ['weekStart', 'week_start'],
  ['source', 'source'],
  ['isLate', 'is_late'],
  ['createdByMemberId', 'created_by_member_id'],
  ['createdAt', 'created_at'],
  ['updatedAt', 'updated_at'],
  ['importId', 'import_id'],
  ['importRow', 'import_row'],
  ['importKey', 'import_key'],
  ['originId', 'origin_id'],
  ['originSource', 'origin_source'],
  ['originEdited', 'origin_edited'],
] as const satisfies readonly (readonly [keyof TimeEntryRow, string])[];

/**
 * Many entries at once with COPY (see ./copy.ts), for bulk writes that need no row back: the rows
 * are returned as written (ids made here, `createdAt`/`updatedAt` the caller's `now`). There is no
 * ON CONFLICT: a caller skipping rows already imported checks their keys first.
 */
export async function copyTimeEntries(
  tx: Executor,
  organizationId: string,
  values: NewTimeEntry[],
  now: Date,
): Promise<TimeEntryRow[]> {
  const rows: TimeEntryRow[] = values.map((v) => ({
    brandId: null,
    platform: null,
    deliverableId: null,
    tags: [],
    note: '',
    startedAt: null,
    endedAt: null,
    durationSeconds: null,
    isLate: false,
    createdByMemberId: null,
    deletedAt: null,
    importId: null,
    importRow: null,
    importKey: null,
    originId: null,
    originSource: null,
    originEdited: null,
    ...v,
    id: v.id ?? uuidv7(),
    organizationId,
    createdAt: now,
    updatedAt: now,
  }));
  if (rows.length === 0) return rows;
  await copyRows(
    tx,
    'time_entries',
    ENTRY_COPY_COLUMNS.map(([, column]) => column),
    rows.map((row) => ENTRY_COPY_COLUMNS.map(([key]) => row[key])),
  );
  return rows;
}

/** Audit events in one statement (one JSON parameter), like the entries they describe. */
export async function insertTimeEntryEvents(
  tx: Executor,
  organizationId: string,
  events: NewTimeEntryEvent[],
): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((e) => ({ ...e, id: e.id ?? uuidv7() }));
  await tx.execute(sql`
    insert into time_entry_events (id, organization_id, time_entry_id, action, actor_member_id, before, after, created_at)
    select x.id, ${organizationId}::uuid, x."timeEntryId", x.action, x."actorMemberId", x.before, x.after,
      coalesce(x."createdAt", now())
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id uuid, "timeEntryId" uuid,
      action entry_event_action, "actorMemberId" uuid, before jsonb, after jsonb, "createdAt" timestamptz)`);
}

/**
 * What `entrySnapshot` (the app's audit snapshot) keeps of an entry, built by PostgreSQL from the
 * row itself: the same keys and values (ids, ISO instants in UTC with milliseconds, dates as
 * text), so an event written here reads back equal to one written from the client.
 */
const SNAPSHOT_SQL = sql`jsonb_build_object(
  'memberId', e.member_id, 'categoryId', e.category_id, 'brandId', e.brand_id, 'platform', e.platform,
  'deliverableId', e.deliverable_id, 'tags', to_jsonb(e.tags), 'note', e.note,
  'startedAt', to_char(e.started_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  'endedAt', to_char(e.ended_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  'durationSeconds', e.duration_seconds, 'localDate', e.local_date::text, 'weekStart', e.week_start::text,
  'source', e.source, 'isLate', e.is_late,
  'deletedAt', to_char(e.deleted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`;

/**
 * The `create` audit event of each of these just-written entries, built inside PostgreSQL from the
 * rows (one statement, nothing sent back and forth but the ids), and the domain event of each
 * when an enabled endpoint of the organization listens for `domainEventType` (as emitDomainEvents
 * does, with the same data: the action, the actor and the entry with its id).
 */
export async function recordCreatedEntries(
  tx: Executor,
  organizationId: string,
  params: { entryIds: string[]; actorMemberId: string | null; createdAt: Date; domainEventType: string },
): Promise<void> {
  if (params.entryIds.length === 0) return;
  const actor = params.actorMemberId;
  await tx.execute(sql`
    with snap as (
      select e.id, ${SNAPSHOT_SQL} as after
      from time_entries e
      where e.organization_id = ${organizationId} and e.id = any(${`{${params.entryIds.join(',')}}`}::uuid[])
    ),
    events as (
      insert into time_entry_events (id, organization_id, time_entry_id, action, actor_member_id, before, after, created_at)
      select ${UUID_V7}, ${organizationId}, s.id, 'create', ${actor}::uuid, null, s.after,
        ${params.createdAt.toISOString()}::timestamptz
      from snap s
    ),
    domain as (
      insert into domain_events (id, organization_id, type, data)
      select ${UUID_V7}, ${organizationId}, ${params.domainEventType},
        jsonb_build_object('action', 'create', 'actorMemberId', ${actor}::uuid,
          'entry', jsonb_build_object('id', s.id) || s.after)
      from snap s
      where exists (select 1 from webhooks w where w.organization_id = ${organizationId} and w.enabled
                    and ${params.domainEventType} = any(w.events))
      returning 1
    )
    select pg_notify(${WEBHOOK_EVENT_CHANNEL}, ${organizationId}) where exists (select 1 from domain)`);
}

export async function listTimeEntryEvents(
  db: Executor,
  organizationId: string,
  timeEntryId: string,
): Promise<TimeEntryEventRow[]> {
  return db
    .select()
    .from(timeEntryEvents)
    .where(and(eq(timeEntryEvents.organizationId, organizationId), eq(timeEntryEvents.timeEntryId, timeEntryId)))
    .orderBy(asc(timeEntryEvents.createdAt), asc(timeEntryEvents.id));
}

/**
 * For each given entry with clock times, the ids of the same member's other live entries whose
 * time ranges intersect it (a running timer counts until `now`). Duration-only entries have no
 * clock times, so they never overlap. Entries last at most 24 h, so only neighbouring days are read.
 */
export async function findOverlaps(
  db: Executor,
  organizationId: string,
  entryIds: string[],
  now: Date,
): Promise<Map<string, string[]>> {
  if (entryIds.length === 0) return new Map();
  const rows = await db.execute<{ id: string; overlaps: string[] }>(overlapsQuery(organizationId, entryIds, now));
  return new Map(rows.map((r) => [r.id, r.overlaps]));
}

/**
 * A member's timed entries that may overlap one on `localDate`: those of the days around it (up to
 * `lastDay`, 'infinity' for a running timer) from the (organization, member, local date) index,
 * plus the member's running timer from its own index: a plan that stays small whatever the table's
 * statistics say.
 */
function neighboursSql(organization: SQL, member: SQL, localDate: SQL, lastDay: SQL): SQL {
  return sql`(
    select n.id, n.started_at, n.ended_at from time_entries n
    where n.organization_id = ${organization} and n.member_id = ${member}
      and n.local_date between ${localDate} - 2 and ${lastDay}
      and n.deleted_at is null and n.started_at is not null
    union
    select r.id, r.started_at, r.ended_at from time_entries r
    where r.member_id = ${member} and r.organization_id = ${organization}
      and r.ended_at is null and r.started_at is not null and r.duration_seconds is null
      and r.deleted_at is null
  )`;
}

function overlapsQuery(organizationId: string, entryIds: string[], now: Date): SQL {
  const at = now.toISOString();
  return sql`
    select e.id, array_agg(o.id order by o.started_at, o.id)::text[] as overlaps
    from time_entries e
    join lateral ${neighboursSql(
      sql`e.organization_id`,
      sql`e.member_id`,
      sql`e.local_date`,
      sql`(case when e.ended_at is null then 'infinity'::date else e.local_date + 2 end)`,
    )} o on o.id <> e.id
      and o.started_at < coalesce(e.ended_at, ${at}::timestamptz)
      and coalesce(o.ended_at, ${at}::timestamptz) > e.started_at
    where e.organization_id = ${organizationId}
      and e.id in (${sql.join(
        entryIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})
      and e.started_at is not null
    group by e.id`;
}

export interface TimeEntryFilter {
  memberId?: string;
  /** Local dates, inclusive. */
  from?: string;
  to?: string;
  categoryId?: string;
  brandId?: string;
  platform?: Platform;
  tag?: string;
  deliverableId?: string;
  source?: EntrySource;
  /** Text searched in the note. */
  q?: string;
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * A note search reads every entry its filter selects, and ILIKE costs up to note length × search
 * length per row (a search such as "aaa…ab" over notes of "aaa…": about 0.7 ms a row, 50 times a
 * plain search), so a search runs under a statement timeout of its own and fails with
 * SearchTimeoutError rather than holding a connection and a database CPU for minutes.
 */
export const SEARCH_TIMEOUT_MS = 5000;

export class SearchTimeoutError extends Error {
  readonly code = 'search_timeout';
  constructor() {
    super('The note search took too long');
    this.name = 'SearchTimeoutError';
  }
}

const QUERY_CANCELED = '57014';

function postgresCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = e?.code ?? e?.cause?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Runs `read` as is, or, when the filter searches the notes, in a transaction under the search timeout. */
async function withinSearchBudget<T>(
  db: Executor,
  filter: TimeEntryFilter,
  timeoutMs: number,
  read: (db: Executor) => Promise<T>,
): Promise<T> {
  if (filter.q === undefined) return read(db);
  try {
    return await db.transaction(async (tx) => {
      // Local to this transaction (or, nested, to the caller's): it never outlives the search.
      await tx.execute(sql`select set_config('statement_timeout', ${String(timeoutMs)}, true)`);
      return read(tx);
    });
  } catch (error) {
    if (postgresCode(error) === QUERY_CANCELED) throw new SearchTimeoutError();
    throw error;
  }
}

/** The filter as SQL conditions over live entries. */
function filterConditions(organizationId: string, filter: TimeEntryFilter): SQL[] {
  const conditions: (SQL | undefined)[] = [
    eq(timeEntries.organizationId, organizationId),
    isNull(timeEntries.deletedAt),
    filter.memberId === undefined ? undefined : eq(timeEntries.memberId, filter.memberId),
    filter.from === undefined ? undefined : gte(timeEntries.localDate, filter.from),
    filter.to === undefined ? undefined : lte(timeEntries.localDate, filter.to),
    filter.categoryId === undefined ? undefined : eq(timeEntries.categoryId, filter.categoryId),
    filter.brandId === undefined ? undefined : eq(timeEntries.brandId, filter.brandId),
    filter.platform === undefined ? undefined : eq(timeEntries.platform, filter.platform),
    filter.tag === undefined ? undefined : sql`${filter.tag} = any(${timeEntries.tags})`,
    filter.deliverableId === undefined ? undefined : eq(timeEntries.deliverableId, filter.deliverableId),
    filter.source === undefined ? undefined : eq(timeEntries.source, filter.source),
    filter.q === undefined ? undefined : sql`${timeEntries.note} ilike ${likePattern(filter.q)}`,
  ];
  return conditions.filter((c): c is SQL => c !== undefined);
}

/** Position of an entry in the listing order: its local date, then its start (or creation), then its id. */
export interface EntryPosition {
  localDate: string;
  /** ISO instant with microseconds, as PostgreSQL stores it (a JS Date would lose them). */
  at: string;
  id: string;
}

const sortInstant = sql`coalesce(${timeEntries.startedAt}, ${timeEntries.createdAt})`;

export async function listTimeEntries(
  db: Executor,
  organizationId: string,
  filter: TimeEntryFilter,
  page: { order: 'asc' | 'desc'; after: EntryPosition | null; limit: number },
  searchTimeoutMs = SEARCH_TIMEOUT_MS,
): Promise<(TimeEntryRow & { position: EntryPosition })[]> {
  const conditions = filterConditions(organizationId, filter);
  if (page.after) {
    const key = sql`(${timeEntries.localDate}, ${sortInstant}, ${timeEntries.id})`;
    const value = sql`(${page.after.localDate}::date, ${page.after.at}::timestamptz, ${page.after.id}::uuid)`;
    conditions.push(page.order === 'asc' ? sql`${key} > ${value}` : sql`${key} < ${value}`);
  }
  const direction = page.order === 'asc' ? asc : desc;
  const rows = await withinSearchBudget(db, filter, searchTimeoutMs, (ex) =>
    ex
      .select({
        entry: timeEntries,
        at: sql<string>`to_char(${sortInstant} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
      })
      .from(timeEntries)
      .where(and(...conditions))
      .orderBy(direction(timeEntries.localDate), direction(sortInstant), direction(timeEntries.id))
      .limit(page.limit),
  );
  return rows.map((r) => ({ ...r.entry, position: { localDate: r.entry.localDate, at: r.at, id: r.entry.id } }));
}

export interface TimeEntrySummary {
  totalSeconds: number;
  entryCount: number;
  byCategory: { categoryId: string; categoryKey: string; seconds: number; entryCount: number }[];
}

/** Totals for the same filter as the listing, per category and overall, in one grouped query. */
export async function summarizeTimeEntries(
  db: Executor,
  organizationId: string,
  filter: TimeEntryFilter,
  searchTimeoutMs = SEARCH_TIMEOUT_MS,
): Promise<TimeEntrySummary> {
  // Running timers have no duration yet: they count as entries, not as seconds.
  const seconds = sql<number>`coalesce(sum(${timeEntries.durationSeconds}), 0)::bigint`;
  const rows = await withinSearchBudget(db, filter, searchTimeoutMs, (ex) =>
    ex
      .select({
        categoryId: timeEntries.categoryId,
        categoryKey: categories.key,
        seconds: seconds.mapWith(Number),
        entryCount: sql<number>`count(*)::int`,
        isTotal: sql<boolean>`grouping(${timeEntries.categoryId}) = 1`,
      })
      .from(timeEntries)
      .innerJoin(categories, eq(categories.id, timeEntries.categoryId))
      .where(and(...filterConditions(organizationId, filter)))
      .groupBy(sql`rollup((${timeEntries.categoryId}, ${categories.key}))`)
      .orderBy(sql`grouping(${timeEntries.categoryId}) desc`, desc(seconds), asc(categories.key)),
  );
  const total = rows.find((r) => r.isTotal);
  return {
    totalSeconds: total?.seconds ?? 0,
    entryCount: total?.entryCount ?? 0,
    byCategory: rows
      .filter((r) => !r.isTotal)
      .map((r) => ({
        categoryId: r.categoryId,
        categoryKey: r.categoryKey,
        seconds: r.seconds,
        entryCount: r.entryCount,
      })),
  };
}

export interface StaleTimer {
  organizationId: string;
  memberId: string;
  timeEntryId: string;
  startedAt: Date;
  runningSeconds: number;
}

/** Timers still running after `olderThanSeconds` (core's stale-timer limit by default): probably forgotten, never stopped for the member. */
export async function listStaleTimers(
  db: Executor,
  params: { now: Date; olderThanSeconds?: number; organizationId?: string },
): Promise<StaleTimer[]> {
  const now = params.now.toISOString();
  const rows = await db.execute<Omit<StaleTimer, 'startedAt'> & { startedAt: string }>(sql`
    select organization_id as "organizationId", member_id as "memberId", id as "timeEntryId",
      to_json(started_at) #>> '{}' as "startedAt", extract(epoch from ${now}::timestamptz - started_at)::int as "runningSeconds"
    from time_entries
    where started_at is not null and ended_at is null and duration_seconds is null and deleted_at is null
      and started_at < ${now}::timestamptz - make_interval(secs => ${params.olderThanSeconds ?? STALE_TIMER_SECONDS})
      and ${params.organizationId ? sql`organization_id = ${params.organizationId}` : sql`true`}
    order by started_at`);
  return rows.map((r) => ({ ...r, startedAt: new Date(r.startedAt) }));
}
