// Time entry queries: the entries, their audit events, and the reads the entry rules need (member
// locks, catalog references, overlaps). Every query takes the organization first.
import type { Platform } from '@proofwork/core';
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lte, type SQL, sql } from 'drizzle-orm';
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

export type TimeEntryRow = typeof timeEntries.$inferSelect;
export type NewTimeEntry = Omit<typeof timeEntries.$inferInsert, 'id' | 'organizationId' | 'createdAt' | 'updatedAt'>;
export type TimeEntryChange = Partial<NewTimeEntry>;
export type EntrySource = (typeof entrySourceEnum.enumValues)[number];
export type TimeEntryEventRow = typeof timeEntryEvents.$inferSelect;
export type NewTimeEntryEvent = Omit<typeof timeEntryEvents.$inferInsert, 'id' | 'organizationId'>;

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
    .for('update', { of: members });
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

export async function insertTimeEntries(
  tx: Executor,
  organizationId: string,
  values: NewTimeEntry[],
): Promise<TimeEntryRow[]> {
  if (values.length === 0) return [];
  return tx
    .insert(timeEntries)
    .values(values.map((v) => ({ ...v, organizationId })))
    .returning();
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

export async function insertTimeEntryEvents(
  tx: Executor,
  organizationId: string,
  events: NewTimeEntryEvent[],
): Promise<void> {
  if (events.length === 0) return;
  await tx.insert(timeEntryEvents).values(events.map((e) => ({ ...e, organizationId })));
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
  const at = now.toISOString();
  const rows = await db.execute<{ id: string; overlaps: string[] }>(sql`
    select e.id, array_agg(o.id order by o.started_at, o.id)::text[] as overlaps
    from time_entries e
    join time_entries o
      on o.organization_id = e.organization_id
      and o.member_id = e.member_id
      and o.id <> e.id
      and o.deleted_at is null
      and o.started_at is not null
      and (o.local_date between e.local_date - 2 and e.local_date + 2 or o.ended_at is null or e.ended_at is null)
      and o.started_at < coalesce(e.ended_at, ${at}::timestamptz)
      and coalesce(o.ended_at, ${at}::timestamptz) > e.started_at
    where e.organization_id = ${organizationId}
      and e.id in (${sql.join(
        entryIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})
      and e.started_at is not null
    group by e.id`);
  return new Map(rows.map((r) => [r.id, r.overlaps]));
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
): Promise<(TimeEntryRow & { position: EntryPosition })[]> {
  const conditions = filterConditions(organizationId, filter);
  if (page.after) {
    const key = sql`(${timeEntries.localDate}, ${sortInstant}, ${timeEntries.id})`;
    const value = sql`(${page.after.localDate}::date, ${page.after.at}::timestamptz, ${page.after.id}::uuid)`;
    conditions.push(page.order === 'asc' ? sql`${key} > ${value}` : sql`${key} < ${value}`);
  }
  const direction = page.order === 'asc' ? asc : desc;
  const rows = await db
    .select({
      entry: timeEntries,
      at: sql<string>`to_char(${sortInstant} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(timeEntries)
    .where(and(...conditions))
    .orderBy(direction(timeEntries.localDate), direction(sortInstant), direction(timeEntries.id))
    .limit(page.limit);
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
): Promise<TimeEntrySummary> {
  // Running timers have no duration yet: they count as entries, not as seconds.
  const seconds = sql<number>`coalesce(sum(${timeEntries.durationSeconds}), 0)::bigint`;
  const rows = await db
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
    .orderBy(sql`grouping(${timeEntries.categoryId}) desc`, desc(seconds), asc(categories.key));
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
