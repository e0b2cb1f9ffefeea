// Import jobs and the reads and writes an import needs besides the entry rules: the imports table
// (its own outbox, like exports), the keys already imported, the deliverables an import reuses,
// and the undo. Every query takes the organization first.
import { and, desc, eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Executor } from '../client';
import { imports } from '../schema/index';
import { copyRows } from './copy';

export type ImportRow = typeof imports.$inferSelect;
export type ImportFormat = ImportRow['format'];
export type ImportStatus = ImportRow['status'];

export const IMPORT_REQUESTED_CHANNEL = 'proofwork_import_requested';
/** NOTIFY payload `{ organizationId, importId }` after each status or progress change of an import. */
export const IMPORT_PROGRESS_CHANNEL = 'proofwork_import_progress';

export interface ImportProgressed {
  organizationId: string;
  importId: string;
}

async function notifyProgress(db: Executor, organizationId: string, importId: string) {
  const payload: ImportProgressed = { organizationId, importId };
  await db.execute(sql`select pg_notify(${IMPORT_PROGRESS_CHANNEL}, ${JSON.stringify(payload)})`);
}

export async function insertImport(
  db: Executor,
  organizationId: string,
  values: Omit<typeof imports.$inferInsert, 'organizationId'> & { id: string },
): Promise<ImportRow> {
  const [row] = await db
    .insert(imports)
    .values({ ...values, organizationId })
    .returning();
  return row!;
}

/** The organization's imports, newest first, without their analysis (the heavy part). */
export async function listImports(db: Executor, organizationId: string, limit = 50) {
  return db
    .select()
    .from(imports)
    .where(eq(imports.organizationId, organizationId))
    .orderBy(desc(imports.createdAt), desc(imports.id))
    .limit(limit);
}

export async function getImport(db: Executor, organizationId: string, id: string): Promise<ImportRow | null> {
  const [row] = await db
    .select()
    .from(imports)
    .where(and(eq(imports.organizationId, organizationId), eq(imports.id, id)));
  return row ?? null;
}

/** Locks the import's row for the rest of the transaction (a run, a cancel and an undo serialise). */
export async function lockImport(tx: Executor, organizationId: string, id: string): Promise<ImportRow | null> {
  const [row] = await tx
    .select()
    .from(imports)
    .where(and(eq(imports.organizationId, organizationId), eq(imports.id, id)))
    .for('update');
  return row ?? null;
}

export async function updateImport(
  db: Executor,
  organizationId: string,
  id: string,
  change: Partial<Omit<ImportRow, 'id' | 'organizationId'>>,
): Promise<ImportRow | null> {
  const [row] = await db
    .update(imports)
    .set(change)
    .where(and(eq(imports.organizationId, organizationId), eq(imports.id, id)))
    .returning();
  // Event streams re-read the row when they hear this; a missed notice only delays the client.
  if (row) await notifyProgress(db, organizationId, id);
  return row ?? null;
}

/** Queues a run (the runner hears the NOTIFY at commit, or finds the row on its next poll). */
export async function queueImport(
  db: Executor,
  organizationId: string,
  id: string,
  change: Partial<Omit<ImportRow, 'id' | 'organizationId'>>,
): Promise<ImportRow | null> {
  const row = await updateImport(db, organizationId, id, { ...change, status: 'queued', progress: 0 });
  if (row) await db.execute(sql`select pg_notify(${IMPORT_REQUESTED_CHANNEL}, ${id})`);
  return row;
}

/** Moves a queued import to running; null when another runner took it (or it was cancelled). */
export async function claimImport(
  db: Executor,
  organizationId: string,
  id: string,
  now: Date,
): Promise<ImportRow | null> {
  const [row] = await db
    .update(imports)
    .set({ status: 'running', progress: 0, error: null, startedAt: now, finishedAt: null })
    .where(and(eq(imports.organizationId, organizationId), eq(imports.id, id), eq(imports.status, 'queued')))
    .returning();
  if (row) await notifyProgress(db, organizationId, id);
  return row ?? null;
}

/** Whether a cancel was asked for while the import runs (read between batches). */
export async function importCancelRequested(db: Executor, organizationId: string, id: string): Promise<boolean> {
  const [row] = await db
    .select({ cancel: imports.cancelRequested })
    .from(imports)
    .where(and(eq(imports.organizationId, organizationId), eq(imports.id, id)));
  return row?.cancel ?? true;
}

export async function queuedImports(db: Executor, limit = 10): Promise<{ id: string; organizationId: string }[]> {
  return db
    .select({ id: imports.id, organizationId: imports.organizationId })
    .from(imports)
    .where(eq(imports.status, 'queued'))
    .orderBy(imports.createdAt)
    .limit(limit);
}

/** A `running` import whose process died never finishes: marked failed after `olderThanSeconds`. */
export async function failAbandonedImports(db: Executor, olderThanSeconds: number): Promise<number> {
  const rows = await db
    .update(imports)
    .set({ status: 'failed', error: 'interrupted', finishedAt: sql`now()` })
    .where(
      and(
        eq(imports.status, 'running'),
        sql`${imports.startedAt} < now() - make_interval(secs => ${olderThanSeconds})`,
      ),
    )
    .returning({ id: imports.id });
  return rows.length;
}

/** Imports whose uploaded file expired: their key is cleared here, the caller deletes the files. */
export async function expireImportFiles(db: Executor, now: Date): Promise<string[]> {
  const rows = await db.execute<{ storageKey: string }>(sql`
    update imports i set storage_key = null
    from (select id, storage_key from imports
          where storage_key is not null and file_expires_at < ${now.toISOString()}::timestamptz
            and status not in ('queued', 'running')
          for update skip locked) old
    where i.id = old.id
    returning old.storage_key as "storageKey"`);
  return rows.map((r) => r.storageKey);
}

/**
 * Serialises the writes of an organization's imports (taken in each batch's transaction): two runs
 * of overlapping files cannot both find a row new, and deliverables are reused, not doubled.
 */
export async function lockOrganizationImports(tx: Executor, organizationId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`import:${organizationId}`}, 0))`);
}

/** Which of these import keys the organization already holds (a re-import skips those rows). */
export async function existingImportKeys(db: Executor, organizationId: string, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db.execute<{ key: string }>(sql`
    select import_key as key from time_entries
    where organization_id = ${organizationId} and import_key = any(${`{${keys.map(arrayItem).join(',')}}`}::text[])`);
  return new Set(rows.map((r) => r.key));
}

/** Which of these ids are entries of the organization (a Proofwork export imported back where it came from). */
export async function existingEntryIds(db: Executor, organizationId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.execute<{ id: string }>(sql`
    select id::text from time_entries
    where organization_id = ${organizationId} and id = any(${`{${ids.join(',')}}`}::uuid[])`);
  return new Set(rows.map((r) => r.id));
}

/** A text[] literal item: quoted, with quotes and backslashes escaped. */
const arrayItem = (value: string) => `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

export type ImportedDeliverableKey = {
  deliverableTypeId: string;
  brandId: string | null;
  title: string;
  localDate: string;
};

/** `type|brand|title|date`, the identity of a deliverable an import records. */
export const importedDeliverableKey = (k: ImportedDeliverableKey) =>
  `${k.deliverableTypeId}|${k.brandId ?? ''}|${k.title.toLowerCase()}|${k.localDate}`;

/**
 * Deliverables earlier imports recorded for these keys (same type, brand, title and day, found
 * through the imported entries that name them), so an overlapping import reuses them. The days
 * are read first (a batch spans a few), then matched in memory by the database (hash joins).
 */
export async function findImportedDeliverables(
  db: Executor,
  organizationId: string,
  keys: ImportedDeliverableKey[],
): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const days = [...new Set(keys.map((k) => k.localDate))];
  const rows = await db.execute<ImportedDeliverableKey & { id: string }>(sql`
    with named as (
      select distinct e.local_date, e.deliverable_id from time_entries e
      where e.organization_id = ${organizationId} and e.local_date = any(${`{${days.join(',')}}`}::date[])
        and e.import_key is not null and e.deliverable_id is not null
    ),
    wanted as (
      select * from jsonb_to_recordset(${JSON.stringify(keys)}::jsonb)
        as k("deliverableTypeId" uuid, "brandId" uuid, title text, "localDate" date)
    )
    select distinct on (d.deliverable_type_id, d.brand_id, lower(d.title), n.local_date)
      d.id, d.deliverable_type_id as "deliverableTypeId", d.brand_id as "brandId", d.title,
      n.local_date::text as "localDate"
    from named n
    join deliverables d on d.id = n.deliverable_id
    join wanted k on k."localDate" = n.local_date and k."deliverableTypeId" = d.deliverable_type_id
      and k."brandId" is not distinct from d.brand_id and lower(k.title) = lower(d.title)
    order by d.deliverable_type_id, d.brand_id, lower(d.title), n.local_date, d.created_at`);
  return new Map(rows.map((r) => [importedDeliverableKey(r), r.id]));
}

/** Records deliverables with COPY; returns their ids in the order given. */
export async function insertDeliverables(
  tx: Executor,
  organizationId: string,
  values: {
    deliverableTypeId: string;
    title: string;
    brandId: string | null;
    platform: string | null;
    quantity: number;
  }[],
): Promise<string[]> {
  if (values.length === 0) return [];
  const ids = values.map(() => uuidv7());
  await copyRows(
    tx,
    'deliverables',
    ['id', 'organization_id', 'deliverable_type_id', 'title', 'brand_id', 'platform', 'quantity'],
    values.map((v, i) => [ids[i]!, organizationId, v.deliverableTypeId, v.title, v.brandId, v.platform, v.quantity]),
  );
  return ids;
}

export interface ImportedWeek {
  memberId: string;
  weekStart: string;
  entries: number;
  seconds: number;
}

/** The member-weeks an import's entries sit in, with their counts (an undo locks and checks them). */
export async function importedWeeks(db: Executor, organizationId: string, importId: string): Promise<ImportedWeek[]> {
  const rows = await db.execute<{ memberId: string; weekStart: string; entries: number; seconds: string }>(sql`
    select member_id as "memberId", week_start::text as "weekStart", count(*)::int as entries,
      coalesce(sum(duration_seconds), 0)::bigint::text as seconds
    from time_entries where organization_id = ${organizationId} and import_id = ${importId}
    group by member_id, week_start order by member_id, week_start`);
  return rows.map((r) => ({ ...r, seconds: Number(r.seconds) }));
}

/**
 * Deletes an import's entries (their audit events go with them) except those in the given
 * member-weeks, then the deliverables that only those entries named. Returns what was deleted.
 */
export async function deleteImportedEntries(
  tx: Executor,
  organizationId: string,
  importId: string,
  keep: { memberId: string; weekStart: string }[],
): Promise<{ entries: number; seconds: number; deliverables: number }> {
  const [gone] = await tx.execute<{ entries: number; seconds: string; named: string[] }>(sql`
    with gone as (
      delete from time_entries e
      where e.organization_id = ${organizationId} and e.import_id = ${importId}
        and not exists (
          select 1 from jsonb_to_recordset(${JSON.stringify(keep)}::jsonb) as k("memberId" uuid, "weekStart" date)
          where k."memberId" = e.member_id and k."weekStart" = e.week_start)
      returning e.deliverable_id, e.duration_seconds
    )
    select count(*)::int as entries, coalesce(sum(duration_seconds), 0)::bigint::text as seconds,
      coalesce(array_agg(distinct deliverable_id) filter (where deliverable_id is not null), '{}')::text[] as named
    from gone`);
  let orphans = 0;
  if (gone!.named.length > 0) {
    const rows = await tx.execute(sql`
      delete from deliverables d
      where d.organization_id = ${organizationId} and d.id = any(${`{${gone!.named.join(',')}}`}::uuid[])
        and not exists (select 1 from time_entries o
                        where o.organization_id = ${organizationId} and o.deliverable_id = d.id)
      returning d.id`);
    orphans = rows.length;
  }
  return { entries: gone!.entries, seconds: Number(gone!.seconds), deliverables: orphans };
}
