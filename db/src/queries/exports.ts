// Export jobs and share links: the rows behind the evidence routes and the `export.build` job.
// The exports table is its own outbox: a `queued` row is a job to run, claimed atomically.
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { type EvidenceParams, exports, shareLinks } from '../schema/index';

export type ExportRow = typeof exports.$inferSelect;
export type ShareLinkRow = typeof shareLinks.$inferSelect;
export type ExportFormat = ExportRow['format'];

export const EXPORT_REQUESTED_CHANNEL = 'proofwork_export_requested';
/** NOTIFY payload `{ organizationId, exportId }` after each status or progress change of an export. */
export const EXPORT_PROGRESS_CHANNEL = 'proofwork_export_progress';

export interface ExportProgressed {
  organizationId: string;
  exportId: string;
}

async function notifyProgress(db: Executor, organizationId: string, exportId: string) {
  const payload: ExportProgressed = { organizationId, exportId };
  await db.execute(sql`select pg_notify(${EXPORT_PROGRESS_CHANNEL}, ${JSON.stringify(payload)})`);
}

export async function insertExport(
  db: Executor,
  organizationId: string,
  values: {
    requestedByMemberId: string;
    format: ExportFormat;
    locale: 'en' | 'fr';
    params: EvidenceParams;
    expiresAt: Date;
  },
): Promise<ExportRow> {
  const [row] = await db
    .insert(exports)
    .values({ organizationId, ...values })
    .returning();
  // Wakes the export runner at commit; the runner also polls, so a missed notice only delays.
  await db.execute(sql`select pg_notify(${EXPORT_REQUESTED_CHANNEL}, ${row!.id})`);
  return row!;
}

export async function listExports(db: Executor, organizationId: string, limit = 100): Promise<ExportRow[]> {
  return db
    .select()
    .from(exports)
    .where(eq(exports.organizationId, organizationId))
    .orderBy(desc(exports.createdAt), desc(exports.id))
    .limit(limit);
}

export async function getExport(db: Executor, organizationId: string, id: string): Promise<ExportRow | null> {
  const [row] = await db
    .select()
    .from(exports)
    .where(and(eq(exports.organizationId, organizationId), eq(exports.id, id)));
  return row ?? null;
}

/** Moves a queued export to running; null when another runner took it (or it is not queued). */
export async function claimExport(db: Executor, organizationId: string, id: string): Promise<ExportRow | null> {
  const [row] = await db
    .update(exports)
    .set({ status: 'running', progress: 0, error: null })
    .where(and(eq(exports.organizationId, organizationId), eq(exports.id, id), eq(exports.status, 'queued')))
    .returning();
  if (row) await notifyProgress(db, organizationId, id);
  return row ?? null;
}

/** Queued exports to run, oldest first (the runner's poll). */
export async function queuedExports(db: Executor, limit = 10): Promise<{ id: string; organizationId: string }[]> {
  return db
    .select({ id: exports.id, organizationId: exports.organizationId })
    .from(exports)
    .where(eq(exports.status, 'queued'))
    .orderBy(exports.createdAt)
    .limit(limit);
}

/**
 * An export left `running` by a process that died never finishes: after `olderThanSeconds` from
 * its creation it is marked failed so its owner can ask again. Exports take seconds, not hours.
 */
export async function failAbandonedExports(db: Executor, olderThanSeconds: number): Promise<number> {
  const rows = await db
    .update(exports)
    .set({ status: 'failed', error: 'interrupted', finishedAt: sql`now()` })
    .where(
      and(
        eq(exports.status, 'running'),
        sql`${exports.createdAt} < now() - make_interval(secs => ${olderThanSeconds})`,
      ),
    )
    .returning({ id: exports.id });
  return rows.length;
}

export async function updateExport(
  db: Executor,
  organizationId: string,
  id: string,
  change: Partial<Omit<ExportRow, 'id' | 'organizationId'>>,
): Promise<void> {
  await db
    .update(exports)
    .set(change)
    .where(and(eq(exports.organizationId, organizationId), eq(exports.id, id)));
  // Event streams (GET exports/{id}/events) re-read the row when they hear this; a missed notice
  // only delays the client, which also polls.
  await notifyProgress(db, organizationId, id);
}

/** Expired export rows, for the cleaner to delete with their files. */
export async function deleteExpiredExports(db: Executor, now: Date): Promise<ExportRow[]> {
  return db.delete(exports).where(sql`${exports.expiresAt} < ${now.toISOString()}::timestamptz`).returning();
}

export async function insertShareLink(
  db: Executor,
  organizationId: string,
  values: Omit<typeof shareLinks.$inferInsert, 'id' | 'organizationId'>,
): Promise<ShareLinkRow> {
  const [row] = await db
    .insert(shareLinks)
    .values({ organizationId, ...values })
    .returning();
  return row!;
}

export async function listShareLinks(db: Executor, organizationId: string, limit = 100): Promise<ShareLinkRow[]> {
  return db
    .select()
    .from(shareLinks)
    .where(eq(shareLinks.organizationId, organizationId))
    .orderBy(desc(shareLinks.createdAt), desc(shareLinks.id))
    .limit(limit);
}

export async function revokeShareLink(
  db: Executor,
  organizationId: string,
  id: string,
  now: Date,
): Promise<ShareLinkRow | null> {
  const [row] = await db
    .update(shareLinks)
    .set({ revokedAt: sql`coalesce(${shareLinks.revokedAt}, ${now.toISOString()}::timestamptz)` })
    .where(and(eq(shareLinks.organizationId, organizationId), eq(shareLinks.id, id)))
    .returning();
  return row ?? null;
}

/**
 * The live link with this token hash, its view counted in the same statement; null when unknown,
 * revoked or expired (the caller answers 404 for all three, so a token cannot be probed).
 */
export async function viewShareLink(db: Executor, tokenHash: string, now: Date): Promise<ShareLinkRow | null> {
  const [row] = await db
    .update(shareLinks)
    .set({ viewCount: sql`${shareLinks.viewCount} + 1`, lastViewedAt: now })
    .where(and(eq(shareLinks.tokenHash, tokenHash), isNull(shareLinks.revokedAt), gt(shareLinks.expiresAt, now)))
    .returning();
  return row ?? null;
}

/** Which of these ids are not members (or brands) of the organization. */
export async function foreignIds(
  db: Executor,
  organizationId: string,
  table: 'members' | 'brands',
  ids: string[],
): Promise<string[]> {
  if (ids.length === 0) return [];
  const source = table === 'members' ? sql`members` : sql`brands`;
  const rows = await db.execute<{ id: string }>(sql`
    select x::text as id from unnest(${`{${ids.join(',')}}`}::uuid[]) x
    where not exists (select 1 from ${source} t where t.id = x and t.organization_id = ${organizationId})`);
  return rows.map((r) => r.id);
}
