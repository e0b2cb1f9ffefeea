// The organization's catalog: categories, brands, deliverable types (with their perceived minutes)
// and deliverables. Keys are made here, once, from the English name; they never change afterwards.
import { type CategoryGroup, type Platform, slugify } from '@proofwork/core';
import {
  createBrand,
  createCategory,
  createDeliverable,
  createDeliverableType,
  getBrand,
  getCategory,
  getDeliverable,
  getDeliverableType,
  listBrands,
  listCategories,
  listDeliverables,
  listDeliverableTypes,
  refreshCategoryGroups,
  updateBrand,
  updateCategory,
  updateDeliverable,
  updateDeliverableType,
} from '@proofwork/db';
import type { Actor } from '../actor';
import type { ServiceDeps } from '../context';
import { invalidField, notFound } from '../errors';

type Row<T extends (...args: never[]) => Promise<unknown>> = NonNullable<Awaited<ReturnType<T>>>;
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const DEFAULT_BRAND_COLOR = '#666666';

export const categoryView = (r: Row<typeof getCategory>) => ({ ...r, archivedAt: iso(r.archivedAt) });
export const brandView = (r: Row<typeof getBrand>) => ({ ...r, archivedAt: iso(r.archivedAt) });
export const deliverableTypeView = (r: Row<typeof getDeliverableType>) => ({
  ...r,
  perceivedMinutes: r.perceivedSeconds / 60,
  archivedAt: iso(r.archivedAt),
});
export const deliverableView = (r: Row<typeof getDeliverable>) => ({ ...r, createdAt: r.createdAt.toISOString() });

/** `archived: true` archives now, `false` brings back, absent leaves it. */
const archivedPatch = (archived: boolean | undefined, now: Date) =>
  archived === undefined ? {} : { archivedAt: archived ? now : null };

/** The first of `base`, `base-2`, `base-3`… that no existing item uses. */
function freeKey(base: string, taken: { key: string }[]): string {
  let key = base;
  for (let n = 2; taken.some((t) => t.key === key); n++) key = `${base}-${n}`;
  return key;
}

const visible = <T extends { archivedAt: Date | null }>(rows: T[], includeArchived: boolean | undefined) =>
  rows.filter((r) => includeArchived || !r.archivedAt);

// ─── Categories ───────────────────────────────────────────────────────────────────────────────

export interface CategoryInput {
  group: CategoryGroup;
  nameEn: string;
  nameFr: string;
  color: string;
  aliasesEn?: string[];
  aliasesFr?: string[];
}

export async function listCategoryViews({ db }: ServiceDeps, actor: Actor, includeArchived?: boolean) {
  return visible(await listCategories(db, actor.organizationId), includeArchived).map(categoryView);
}

export async function addCategory({ db }: ServiceDeps, actor: Actor, input: CategoryInput) {
  const existing = await listCategories(db, actor.organizationId);
  const key = freeKey(`custom.${slugify(input.nameEn)}`, existing);
  return categoryView(await createCategory(db, actor.organizationId, { ...input, key, position: existing.length }));
}

export async function changeCategory(
  { db, clock }: ServiceDeps,
  actor: Actor,
  categoryId: string,
  input: Partial<CategoryInput> & { position?: number; archived?: boolean },
) {
  const { archived, ...patch } = input;
  const row = await db.transaction(async (tx) => {
    const before = patch.group === undefined ? null : await getCategory(tx, actor.organizationId, categoryId);
    const updated = await updateCategory(tx, actor.organizationId, categoryId, {
      ...patch,
      ...archivedPatch(archived, clock.now()),
    });
    // The team overview reads time per category group: moving a category refreshes those rows
    // in the same transaction, so no dashboard shows its time under the old group once committed.
    if (updated && before && before.group !== updated.group) {
      await refreshCategoryGroups(tx, actor.organizationId, categoryId);
    }
    return updated;
  });
  if (!row) throw notFound('Category');
  return categoryView(row);
}

/** Trimmed, without blanks or repeats (compared case-insensitively). */
function cleanAliases(aliases: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const alias of aliases.map((a) => a.trim())) {
    const key = alias.toLowerCase();
    if (alias && !seen.has(key)) {
      seen.add(key);
      out.push(alias);
    }
  }
  return out;
}

// ─── Brands ───────────────────────────────────────────────────────────────────────────────────

export async function listBrandViews({ db }: ServiceDeps, actor: Actor, includeArchived?: boolean) {
  return visible(await listBrands(db, actor.organizationId), includeArchived).map(brandView);
}

export async function addBrand(
  { db }: ServiceDeps,
  actor: Actor,
  input: { name: string; slug?: string; color?: string; aliases?: string[] },
) {
  const row = await createBrand(db, actor.organizationId, {
    name: input.name,
    slug: input.slug ?? slugify(input.name),
    color: input.color ?? DEFAULT_BRAND_COLOR,
    aliases: cleanAliases(input.aliases ?? []),
  });
  return brandView(row);
}

export async function changeBrand(
  { db, clock }: ServiceDeps,
  actor: Actor,
  brandId: string,
  input: { name?: string; slug?: string; color?: string; aliases?: string[]; pending?: false; archived?: boolean },
) {
  const { archived, aliases, ...patch } = input;
  const row = await updateBrand(db, actor.organizationId, brandId, {
    ...patch,
    ...(aliases === undefined ? {} : { aliases: cleanAliases(aliases) }),
    ...archivedPatch(archived, clock.now()),
  });
  if (!row) throw notFound('Brand');
  return brandView(row);
}

// ─── Deliverable types ────────────────────────────────────────────────────────────────────────

export interface DeliverableTypeInput {
  nameEn: string;
  nameFr: string;
  perceivedMinutes: number;
  aliasesEn?: string[];
  aliasesFr?: string[];
}

const perceivedSeconds = (minutes: number | undefined) =>
  minutes === undefined ? {} : { perceivedSeconds: Math.round(minutes * 60) };

export async function listDeliverableTypeViews({ db }: ServiceDeps, actor: Actor, includeArchived?: boolean) {
  return visible(await listDeliverableTypes(db, actor.organizationId), includeArchived).map(deliverableTypeView);
}

export async function addDeliverableType({ db }: ServiceDeps, actor: Actor, input: DeliverableTypeInput) {
  const existing = await listDeliverableTypes(db, actor.organizationId);
  const { perceivedMinutes, ...rest } = input;
  const row = await createDeliverableType(db, actor.organizationId, {
    ...rest,
    key: freeKey(slugify(input.nameEn), existing),
    perceivedSeconds: Math.round(perceivedMinutes * 60),
    position: existing.length,
  });
  return deliverableTypeView(row);
}

export async function changeDeliverableType(
  { db, clock }: ServiceDeps,
  actor: Actor,
  deliverableTypeId: string,
  input: Partial<DeliverableTypeInput> & { archived?: boolean },
) {
  const { archived, perceivedMinutes, ...patch } = input;
  const row = await updateDeliverableType(db, actor.organizationId, deliverableTypeId, {
    ...patch,
    ...perceivedSeconds(perceivedMinutes),
    ...archivedPatch(archived, clock.now()),
  });
  if (!row) throw notFound('Deliverable type');
  return deliverableTypeView(row);
}

// ─── Deliverables ─────────────────────────────────────────────────────────────────────────────

export interface DeliverableInput {
  title: string;
  brandId?: string | null;
  platform?: Platform | null;
  publishedOn?: string | null;
  /** How many of its type it stands for ("2 posts"); 1 unless said. */
  quantity?: number;
}

async function assertBrand({ db }: ServiceDeps, actor: Actor, brandId: string | null | undefined) {
  if (brandId && !(await getBrand(db, actor.organizationId, brandId)))
    throw invalidField('brandId', 'is not a brand of this organization');
}

export async function listDeliverableViews(
  { db }: ServiceDeps,
  actor: Actor,
  filter: { from?: string; to?: string; brandId?: string; limit?: number },
) {
  const rows = await listDeliverables(db, actor.organizationId, { ...filter, limit: filter.limit ?? 100 });
  return rows.map(deliverableView);
}

export async function getDeliverableView({ db }: ServiceDeps, actor: Actor, deliverableId: string) {
  const row = await getDeliverable(db, actor.organizationId, deliverableId);
  if (!row) throw notFound('Deliverable');
  return deliverableView(row);
}

export async function addDeliverable(
  deps: ServiceDeps,
  actor: Actor,
  input: DeliverableInput & { deliverableTypeId: string },
) {
  if (!(await getDeliverableType(deps.db, actor.organizationId, input.deliverableTypeId))) {
    throw invalidField('deliverableTypeId', 'is not a deliverable type of this organization');
  }
  await assertBrand(deps, actor, input.brandId);
  return deliverableView(await createDeliverable(deps.db, actor.organizationId, input));
}

export async function changeDeliverable(
  deps: ServiceDeps,
  actor: Actor,
  deliverableId: string,
  input: Partial<DeliverableInput>,
) {
  await assertBrand(deps, actor, input.brandId);
  const row = await updateDeliverable(deps.db, actor.organizationId, deliverableId, input);
  if (!row) throw notFound('Deliverable');
  return deliverableView(row);
}
