// The team's quick-add vocabulary: the aliases a manager sees, renames or removes, and how they are
// learned. When a member changes the category, brand or platform of an entry that came from a quick-add
// line, the words that misled the parser are recorded against what the member chose; after the same
// correction on `aliasLearnThreshold` entries (2 unless the organization says otherwise; 0 never),
// the word becomes an organization alias, which parse and create both read.
import { lineVocabulary, type Platform, type QuickAddAlias, quickAddWords } from '@proofwork/core';
import {
  type AliasTarget,
  countQuickAddCorrections,
  deleteQuickAddAlias,
  type Executor,
  getAliasLearnThreshold,
  learnQuickAddAlias,
  listBrands,
  listCategories,
  listDeliverableTypes,
  listQuickAddAliases,
  type QuickAddAliasRow,
  recordQuickAddCorrection,
  renameQuickAddAlias,
  setAliasLearnThreshold,
  type TimeEntryRow,
} from '@proofwork/db';
import type { Actor } from '../actor';
import type { ServiceDeps } from '../context';
import { conflict, invalidField, notFound } from '../errors';

type CategoryRow = { id: string; key: string };
type BrandRow = { id: string; slug: string };

/** Aliases as the parser reads them (keys and slugs rather than ids); unknown targets are left out. */
export function parserAliases(
  rows: readonly QuickAddAliasRow[],
  categories: readonly CategoryRow[],
  brands: readonly BrandRow[],
): QuickAddAlias[] {
  const out: QuickAddAlias[] = [];
  for (const r of rows) {
    const value =
      r.kind === 'category'
        ? categories.find((c) => c.id === r.categoryId)?.key
        : r.kind === 'brand'
          ? brands.find((b) => b.id === r.brandId)?.slug
          : (r.platform ?? undefined);
    if (value) out.push({ kind: r.kind, phrase: r.phrase, value });
  }
  return out;
}

export interface AliasView {
  id: string;
  kind: QuickAddAliasRow['kind'];
  phrase: string;
  categoryId: string | null;
  brandId: string | null;
  platform: Platform | null;
  source: QuickAddAliasRow['source'];
  corrections: number;
  updatedAt: string;
}

const aliasView = (r: QuickAddAliasRow): AliasView => ({
  id: r.id,
  kind: r.kind,
  phrase: r.phrase,
  categoryId: r.categoryId,
  brandId: r.brandId,
  platform: r.platform as Platform | null,
  source: r.source,
  corrections: r.corrections,
  updatedAt: r.updatedAt.toISOString(),
});

export async function listAliasViews({ db }: ServiceDeps, actor: Actor) {
  const [rows, learnAfter] = await Promise.all([
    listQuickAddAliases(db, actor.organizationId),
    getAliasLearnThreshold(db, actor.organizationId),
  ]);
  return { learnAfter, items: rows.map(aliasView) };
}

/** The words of a phrase, folded: what makes two spellings one alias. */
function phraseKeyOf(phrase: string, field: string): string {
  const key = quickAddWords(phrase).join(' ');
  if (!key) throw invalidField(field, 'has no letters or digits');
  return key;
}

export async function renameAlias({ db }: ServiceDeps, actor: Actor, aliasId: string, input: { phrase: string }) {
  const phrase = input.phrase.trim();
  const phraseKey = phraseKeyOf(phrase, 'phrase');
  const others = await listQuickAddAliases(db, actor.organizationId);
  const current = others.find((a) => a.id === aliasId);
  if (!current) throw notFound('Alias');
  if (others.some((a) => a.id !== aliasId && a.kind === current.kind && a.phraseKey === phraseKey)) {
    throw conflict('Another alias already uses these words', [{ field: 'phrase', message: 'is already an alias' }]);
  }
  const row = await renameQuickAddAlias(db, actor.organizationId, aliasId, { phrase, phraseKey });
  if (!row) throw notFound('Alias');
  return aliasView(row);
}

/** Removing an alias restores the default reading of the word, and forgets the corrections that taught it. */
export async function removeAlias({ db }: ServiceDeps, actor: Actor, aliasId: string): Promise<void> {
  if (!(await deleteQuickAddAlias(db, actor.organizationId, aliasId))) throw notFound('Alias');
}

export async function setLearnAfter({ db }: ServiceDeps, actor: Actor, input: { learnAfter: number }) {
  await setAliasLearnThreshold(db, actor.organizationId, input.learnAfter);
  return listAliasViews({ db } as ServiceDeps, actor);
}

async function learnWord(
  tx: Executor,
  actor: Actor,
  entry: TimeEntryRow,
  phraseKey: string,
  target: AliasTarget,
  threshold: number,
) {
  await recordQuickAddCorrection(tx, actor.organizationId, {
    entryId: entry.id,
    memberId: actor.memberId,
    phrase: phraseKey,
    phraseKey,
    ...target,
  });
  const corrections = await countQuickAddCorrections(tx, actor.organizationId, phraseKey, target);
  if (corrections >= threshold) {
    await learnQuickAddAlias(tx, actor.organizationId, { phrase: phraseKey, phraseKey, corrections, ...target });
  }
}

/**
 * Called in the transaction of an entry's update: a changed category, brand or platform of a
 * quick-add entry is a correction of the words of its line (the note keeps them, the tags keep its
 * #words).
 */
export async function learnFromCorrection(tx: Executor, actor: Actor, before: TimeEntryRow, after: TimeEntryRow) {
  if (before.source !== 'quick_add' || (!before.note && before.tags.length === 0)) return;
  const categoryChanged = after.categoryId !== before.categoryId;
  const brandChanged = after.brandId !== null && after.brandId !== before.brandId;
  const platformChanged = after.platform !== null && after.platform !== before.platform;
  if (!categoryChanged && !brandChanged && !platformChanged) return;
  const threshold = await getAliasLearnThreshold(tx, actor.organizationId);
  if (threshold === 0) return;
  const [categories, brands, deliverableTypes, aliasRows] = await Promise.all([
    listCategories(tx, actor.organizationId),
    listBrands(tx, actor.organizationId),
    listDeliverableTypes(tx, actor.organizationId),
    listQuickAddAliases(tx, actor.organizationId),
  ]);
  const activeBrands = brands.filter((b) => b.archivedAt === null);
  const words = lineVocabulary(
    before.note,
    {
      now: new Date(0),
      timeZone: 'UTC',
      locale: actor.locale,
      categories: categories.map((c) => ({ ...c, archived: c.archivedAt !== null })),
      brands: activeBrands,
      deliverableTypes: deliverableTypes.filter((t) => t.archivedAt === null),
      aliases: parserAliases(aliasRows, categories, activeBrands),
    },
    before.tags,
  );
  if (categoryChanged) {
    const phrases = words.category !== null ? [words.category] : words.free;
    for (const phrase of phrases) {
      await learnWord(tx, actor, before, phrase, { kind: 'category', categoryId: after.categoryId }, threshold);
    }
  }
  if (brandChanged && after.brandId) {
    for (const phrase of words.mentions) {
      await learnWord(tx, actor, before, phrase, { kind: 'brand', brandId: after.brandId }, threshold);
    }
  }
  if (platformChanged && after.platform) {
    // The #words the parser kept as tags; without any, the words that named nothing, unless the line
    // named a platform the member changed (a platform's own name is not the team's vocabulary).
    const phrases = words.hashtags.length > 0 ? words.hashtags : before.platform === null ? words.free : [];
    for (const phrase of phrases) {
      await learnWord(tx, actor, before, phrase, { kind: 'platform', platform: after.platform }, threshold);
    }
  }
}
