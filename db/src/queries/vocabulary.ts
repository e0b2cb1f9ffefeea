// The team's quick-add vocabulary: aliases (manual or learned) and the corrections that teach them.
import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { organizations, quickAddAliases, quickAddCorrections } from '../schema/index';

export type QuickAddAliasRow = typeof quickAddAliases.$inferSelect;
export type AliasKind = QuickAddAliasRow['kind'];

/** What a word points at (exactly one, as `kind` says). */
export interface AliasTarget {
  kind: AliasKind;
  categoryId?: string | null;
  brandId?: string | null;
  platform?: QuickAddAliasRow['platform'];
}

const targetColumns = (t: AliasTarget) => ({
  kind: t.kind,
  categoryId: t.categoryId ?? null,
  brandId: t.brandId ?? null,
  platform: t.platform ?? null,
});

export async function listQuickAddAliases(db: Executor, organizationId: string) {
  return db
    .select()
    .from(quickAddAliases)
    .where(eq(quickAddAliases.organizationId, organizationId))
    .orderBy(asc(quickAddAliases.kind), asc(quickAddAliases.phraseKey));
}

export async function getQuickAddAlias(db: Executor, organizationId: string, id: string) {
  const [row] = await db
    .select()
    .from(quickAddAliases)
    .where(and(eq(quickAddAliases.organizationId, organizationId), eq(quickAddAliases.id, id)));
  return row ?? null;
}

export async function renameQuickAddAlias(
  db: Executor,
  organizationId: string,
  id: string,
  patch: { phrase: string; phraseKey: string },
) {
  const [row] = await db
    .update(quickAddAliases)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(and(eq(quickAddAliases.organizationId, organizationId), eq(quickAddAliases.id, id)))
    .returning();
  return row ?? null;
}

/** Removes an alias and the corrections that taught it, so the word starts afresh. */
export async function deleteQuickAddAlias(db: Executor, organizationId: string, id: string) {
  const [row] = await db
    .delete(quickAddAliases)
    .where(and(eq(quickAddAliases.organizationId, organizationId), eq(quickAddAliases.id, id)))
    .returning();
  if (!row) return null;
  await db
    .delete(quickAddCorrections)
    .where(
      and(
        eq(quickAddCorrections.organizationId, organizationId),
        eq(quickAddCorrections.kind, row.kind),
        eq(quickAddCorrections.phraseKey, row.phraseKey),
      ),
    );
  return row;
}

/** Records (or, for an entry corrected again, replaces) one correction of one word. */
export async function recordQuickAddCorrection(
  db: Executor,
  organizationId: string,
  input: { entryId: string; memberId: string | null; phrase: string; phraseKey: string } & AliasTarget,
) {
  const columns = targetColumns(input);
  await db
    .insert(quickAddCorrections)
    .values({ ...input, ...columns, organizationId })
    .onConflictDoUpdate({
      target: [quickAddCorrections.entryId, quickAddCorrections.kind, quickAddCorrections.phraseKey],
      set: { ...columns, memberId: input.memberId, phrase: input.phrase, createdAt: sql`now()` },
    });
}

/** How many entries were corrected from this word to this target. */
export async function countQuickAddCorrections(
  db: Executor,
  organizationId: string,
  phraseKey: string,
  target: AliasTarget,
): Promise<number> {
  const t = targetColumns(target);
  const [row] = await db
    .select({ n: count() })
    .from(quickAddCorrections)
    .where(
      and(
        eq(quickAddCorrections.organizationId, organizationId),
        eq(quickAddCorrections.kind, t.kind),
        eq(quickAddCorrections.phraseKey, phraseKey),
        t.categoryId === null
          ? isNull(quickAddCorrections.categoryId)
          : eq(quickAddCorrections.categoryId, t.categoryId),
        t.brandId === null ? isNull(quickAddCorrections.brandId) : eq(quickAddCorrections.brandId, t.brandId),
        t.platform === null ? isNull(quickAddCorrections.platform) : eq(quickAddCorrections.platform, t.platform),
      ),
    );
  return row?.n ?? 0;
}

/** Creates the learned alias, or points the existing alias of that word at the new target. */
export async function learnQuickAddAlias(
  db: Executor,
  organizationId: string,
  input: { phrase: string; phraseKey: string; corrections: number } & AliasTarget,
) {
  const columns = targetColumns(input);
  const [row] = await db
    .insert(quickAddAliases)
    .values({ ...input, ...columns, organizationId, source: 'learned' })
    .onConflictDoUpdate({
      target: [quickAddAliases.organizationId, quickAddAliases.kind, quickAddAliases.phraseKey],
      set: { ...columns, corrections: input.corrections, updatedAt: sql`now()` },
    })
    .returning();
  return row!;
}

export async function getAliasLearnThreshold(db: Executor, organizationId: string): Promise<number> {
  const [row] = await db
    .select({ threshold: organizations.aliasLearnThreshold })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  return row?.threshold ?? 2;
}

export async function setAliasLearnThreshold(db: Executor, organizationId: string, threshold: number) {
  await db.update(organizations).set({ aliasLearnThreshold: threshold }).where(eq(organizations.id, organizationId));
}
