// Catalog queries: the default taxonomy every organization starts with.
import { DEFAULT_CATEGORIES, DEFAULT_DELIVERABLE_TYPES } from '@proofwork/core';
import { and, asc, desc, eq, gte, lte } from 'drizzle-orm';
import type { Executor } from '../client';
import { brands, categories, deliverables, deliverableTypes } from '../schema/index';

/** Creates the 17 default categories and the default deliverable types; safe to call twice. */
export async function insertDefaultCatalog(db: Executor, organizationId: string): Promise<void> {
  await db
    .insert(categories)
    .values(
      DEFAULT_CATEGORIES.map((c, position) => ({
        organizationId,
        key: c.key,
        group: c.group,
        nameEn: c.name.en,
        nameFr: c.name.fr,
        aliasesEn: [...c.aliases.en],
        aliasesFr: [...c.aliases.fr],
        color: c.color,
        position,
      })),
    )
    .onConflictDoNothing();
  await db
    .insert(deliverableTypes)
    .values(
      DEFAULT_DELIVERABLE_TYPES.map((d, position) => ({
        organizationId,
        key: d.key,
        nameEn: d.name.en,
        nameFr: d.name.fr,
        aliasesEn: [...d.aliases.en],
        aliasesFr: [...d.aliases.fr],
        perceivedSeconds: d.perceivedMinutes * 60,
        position,
      })),
    )
    .onConflictDoNothing();
}

type CategoryInsert = typeof categories.$inferInsert;
type DeliverableTypeInsert = typeof deliverableTypes.$inferInsert;
type BrandInsert = typeof brands.$inferInsert;
type DeliverableInsert = typeof deliverables.$inferInsert;
type Editable<T> = Partial<Omit<T, 'id' | 'organizationId' | 'createdAt' | 'updatedAt'>>;

export async function listCategories(db: Executor, organizationId: string) {
  return db
    .select()
    .from(categories)
    .where(eq(categories.organizationId, organizationId))
    .orderBy(asc(categories.position), asc(categories.key));
}

export async function getCategory(db: Executor, organizationId: string, id: string) {
  const [row] = await db
    .select()
    .from(categories)
    .where(and(eq(categories.organizationId, organizationId), eq(categories.id, id)));
  return row ?? null;
}

export async function createCategory(
  db: Executor,
  organizationId: string,
  input: Omit<CategoryInsert, 'organizationId'>,
) {
  const [row] = await db
    .insert(categories)
    .values({ ...input, organizationId })
    .returning();
  return row!;
}

export async function updateCategory(
  db: Executor,
  organizationId: string,
  id: string,
  patch: Editable<CategoryInsert>,
) {
  const [row] = await db
    .update(categories)
    .set(patch)
    .where(and(eq(categories.organizationId, organizationId), eq(categories.id, id)))
    .returning();
  return row ?? null;
}

export async function listBrands(db: Executor, organizationId: string) {
  return db.select().from(brands).where(eq(brands.organizationId, organizationId)).orderBy(asc(brands.name));
}

export async function getBrand(db: Executor, organizationId: string, id: string) {
  const [row] = await db
    .select()
    .from(brands)
    .where(and(eq(brands.organizationId, organizationId), eq(brands.id, id)));
  return row ?? null;
}

export async function createBrand(db: Executor, organizationId: string, input: Omit<BrandInsert, 'organizationId'>) {
  const [row] = await db
    .insert(brands)
    .values({ ...input, organizationId })
    .returning();
  return row!;
}

export async function updateBrand(db: Executor, organizationId: string, id: string, patch: Editable<BrandInsert>) {
  const [row] = await db
    .update(brands)
    .set(patch)
    .where(and(eq(brands.organizationId, organizationId), eq(brands.id, id)))
    .returning();
  return row ?? null;
}

export async function listDeliverableTypes(db: Executor, organizationId: string) {
  return db
    .select()
    .from(deliverableTypes)
    .where(eq(deliverableTypes.organizationId, organizationId))
    .orderBy(asc(deliverableTypes.position), asc(deliverableTypes.key));
}

export async function getDeliverableType(db: Executor, organizationId: string, id: string) {
  const [row] = await db
    .select()
    .from(deliverableTypes)
    .where(and(eq(deliverableTypes.organizationId, organizationId), eq(deliverableTypes.id, id)));
  return row ?? null;
}

export async function createDeliverableType(
  db: Executor,
  organizationId: string,
  input: Omit<DeliverableTypeInsert, 'organizationId'>,
) {
  const [row] = await db
    .insert(deliverableTypes)
    .values({ ...input, organizationId })
    .returning();
  return row!;
}

export async function updateDeliverableType(
  db: Executor,
  organizationId: string,
  id: string,
  patch: Editable<DeliverableTypeInsert>,
) {
  const [row] = await db
    .update(deliverableTypes)
    .set(patch)
    .where(and(eq(deliverableTypes.organizationId, organizationId), eq(deliverableTypes.id, id)))
    .returning();
  return row ?? null;
}

export async function listDeliverables(
  db: Executor,
  organizationId: string,
  filter: { from?: string; to?: string; brandId?: string; limit: number },
) {
  const conditions = [eq(deliverables.organizationId, organizationId)];
  if (filter.from) conditions.push(gte(deliverables.publishedOn, filter.from));
  if (filter.to) conditions.push(lte(deliverables.publishedOn, filter.to));
  if (filter.brandId) conditions.push(eq(deliverables.brandId, filter.brandId));
  return db
    .select()
    .from(deliverables)
    .where(and(...conditions))
    .orderBy(desc(deliverables.publishedOn), desc(deliverables.createdAt))
    .limit(filter.limit);
}

export async function getDeliverable(db: Executor, organizationId: string, id: string) {
  const [row] = await db
    .select()
    .from(deliverables)
    .where(and(eq(deliverables.organizationId, organizationId), eq(deliverables.id, id)));
  return row ?? null;
}

export async function createDeliverable(
  db: Executor,
  organizationId: string,
  input: Omit<DeliverableInsert, 'organizationId'>,
) {
  const [row] = await db
    .insert(deliverables)
    .values({ ...input, organizationId })
    .returning();
  return row!;
}

export async function updateDeliverable(
  db: Executor,
  organizationId: string,
  id: string,
  patch: Editable<DeliverableInsert>,
) {
  const [row] = await db
    .update(deliverables)
    .set(patch)
    .where(and(eq(deliverables.organizationId, organizationId), eq(deliverables.id, id)))
    .returning();
  return row ?? null;
}
