// What an organization's work is made of: categories, brands, deliverable types and deliverables.
import { DELIVERABLE_MAX_QUANTITY } from '@proofwork/core';
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns';
import { platformEnum } from './enums';
import { members, organizations } from './organizations';

const organizationId = () =>
  uuid()
    .notNull()
    .references(() => organizations.id, { onDelete: 'cascade' });

export const categories = pgTable(
  'categories',
  {
    id: id(),
    organizationId: organizationId(),
    /** Stable key (`content.video`); custom categories get `custom.<slug>`. */
    key: text().notNull(),
    group: text().notNull(),
    nameEn: text().notNull(),
    nameFr: text().notNull(),
    aliasesEn: text().array().notNull().default(sql`'{}'::text[]`),
    aliasesFr: text().array().notNull().default(sql`'{}'::text[]`),
    color: text().notNull(),
    position: integer().notNull().default(0),
    archivedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('categories_organization_id_key_idx').on(t.organizationId, t.key)],
);

export const brands = pgTable(
  'brands',
  {
    id: id(),
    organizationId: organizationId(),
    name: text().notNull(),
    /** Used by quick-add as `@slug`. */
    slug: text().notNull(),
    color: text().notNull().default('#666666'),
    /** Other names quick-add reads as this brand ("LF", "Fournil Paris"). */
    aliases: text().array().notNull().default(sql`'{}'::text[]`),
    /** Proposed from a member's quick-add line; a manager confirms it. */
    pending: boolean().notNull().default(false),
    proposedByMemberId: uuid().references(() => members.id, { onDelete: 'set null' }),
    archivedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('brands_organization_id_slug_idx').on(t.organizationId, t.slug)],
);

export const deliverableTypes = pgTable(
  'deliverable_types',
  {
    id: id(),
    organizationId: organizationId(),
    key: text().notNull(),
    nameEn: text().notNull(),
    nameFr: text().notNull(),
    aliasesEn: text().array().notNull().default(sql`'{}'::text[]`),
    aliasesFr: text().array().notNull().default(sql`'{}'::text[]`),
    /** What management believes one takes. The gap with measured time is the headline. */
    perceivedSeconds: integer().notNull(),
    position: integer().notNull().default(0),
    archivedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('deliverable_types_organization_id_key_idx').on(t.organizationId, t.key),
    check('deliverable_types_perceived_check', sql`${t.perceivedSeconds} between 0 and 604800`),
  ],
);

export const deliverables = pgTable(
  'deliverables',
  {
    id: id(),
    organizationId: organizationId(),
    deliverableTypeId: uuid()
      .notNull()
      .references(() => deliverableTypes.id),
    title: text().notNull(),
    brandId: uuid().references(() => brands.id),
    platform: platformEnum(),
    publishedOn: date({ mode: 'string' }),
    /** How many of its type it stands for: "2 posts" logged on one line is one deliverable of 2. */
    quantity: smallint().notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('deliverables_quantity_check', sql`${t.quantity} between 1 and ${sql.raw(String(DELIVERABLE_MAX_QUANTITY))}`),
    index('deliverables_organization_id_published_on_idx').on(t.organizationId, t.publishedOn),
    index('deliverables_organization_id_deliverable_type_id_idx').on(t.organizationId, t.deliverableTypeId),
  ],
);
