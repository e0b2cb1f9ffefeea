// The team's quick-add vocabulary: words an organization uses for a category, a brand or a platform,
// set by a manager or learned when members make the same correction to quick-add entries.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { brands, categories } from './catalog';
import { createdAt, id, updatedAt } from './columns';
import { platformEnum } from './enums';
import { members, organizations } from './organizations';
import { timeEntries } from './time-entries';

const organizationId = () =>
  uuid()
    .notNull()
    .references(() => organizations.id, { onDelete: 'cascade' });

/** What a word points at: exactly one of category, brand or platform, as `kind` says. */
const target = () => ({
  kind: text().$type<'category' | 'brand' | 'platform'>().notNull(),
  categoryId: uuid().references(() => categories.id, { onDelete: 'cascade' }),
  brandId: uuid().references(() => brands.id, { onDelete: 'cascade' }),
  platform: platformEnum(),
});

const targetCheck = (name: string, t: { kind: unknown; categoryId: unknown; brandId: unknown; platform: unknown }) =>
  check(
    name,
    sql`(${t.kind} = 'category' and ${t.categoryId} is not null and ${t.brandId} is null and ${t.platform} is null)
     or (${t.kind} = 'brand' and ${t.brandId} is not null and ${t.categoryId} is null and ${t.platform} is null)
     or (${t.kind} = 'platform' and ${t.platform} is not null and ${t.categoryId} is null and ${t.brandId} is null)`,
  );

export const quickAddAliases = pgTable(
  'quick_add_aliases',
  {
    id: id(),
    organizationId: organizationId(),
    /** As shown to people. */
    phrase: text().notNull(),
    /** Folded words joined by spaces: one alias per word per kind. */
    phraseKey: text().notNull(),
    ...target(),
    source: text().$type<'learned' | 'manual'>().notNull(),
    /** Corrections that taught it (0 for a manual alias). */
    corrections: integer().notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('quick_add_aliases_organization_id_kind_phrase_key_idx').on(t.organizationId, t.kind, t.phraseKey),
    targetCheck('quick_add_aliases_target_check', t),
    check('quick_add_aliases_source_check', sql`${t.source} in ('learned', 'manual')`),
  ],
);

/** One member's correction of one quick-add entry: the word they wrote and what they made it mean. */
export const quickAddCorrections = pgTable(
  'quick_add_corrections',
  {
    id: id(),
    organizationId: organizationId(),
    entryId: uuid()
      .notNull()
      .references(() => timeEntries.id, { onDelete: 'cascade' }),
    memberId: uuid().references(() => members.id, { onDelete: 'set null' }),
    phrase: text().notNull(),
    phraseKey: text().notNull(),
    ...target(),
    createdAt: createdAt(),
  },
  (t) => [
    // An entry corrected again counts once, for what it says last.
    uniqueIndex('quick_add_corrections_entry_id_kind_phrase_key_idx').on(t.entryId, t.kind, t.phraseKey),
    index('quick_add_corrections_organization_id_kind_phrase_key_idx').on(t.organizationId, t.kind, t.phraseKey),
    targetCheck('quick_add_corrections_target_check', t),
  ],
);
