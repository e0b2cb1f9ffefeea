// Catalog queries: the default taxonomy every organization starts with.
import { DEFAULT_CATEGORIES, DEFAULT_DELIVERABLE_TYPES } from '@proofwork/core';
import type { Executor } from '../client';
import { categories, deliverableTypes } from '../schema/index';

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
