// Evidence for budget negotiations: export jobs and read-only share links.
import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns';
import { exportFormatEnum, exportStatusEnum, localeEnum } from './enums';
import { members, organizations } from './organizations';

export interface EvidenceParams {
  from: string;
  to: string;
  memberIds?: string[];
  brandIds?: string[];
  anonymize?: boolean;
}

export const exports = pgTable(
  'exports',
  {
    id: id(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    requestedByMemberId: uuid().references(() => members.id, { onDelete: 'set null' }),
    format: exportFormatEnum().notNull(),
    locale: localeEnum().notNull(),
    params: jsonb().$type<EvidenceParams>().notNull(),
    status: exportStatusEnum().notNull().default('queued'),
    progress: smallint().notNull().default(0),
    fileName: text(),
    contentType: text(),
    fileSize: integer(),
    /** Where the file is kept (relative to the export store). */
    storageKey: text(),
    /** SHA-256 of the exported data set. */
    sha256: text(),
    error: text(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: createdAt(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('exports_organization_id_created_at_idx').on(t.organizationId, t.createdAt),
    check('exports_progress_check', sql`${t.progress} between 0 and 100`),
  ],
);

export const shareLinks = pgTable(
  'share_links',
  {
    id: id(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    createdByMemberId: uuid().references(() => members.id, { onDelete: 'set null' }),
    /** SHA-256 of the token; the token itself is shown once and never stored. */
    tokenHash: text().notNull().unique(),
    label: text(),
    periodFrom: date({ mode: 'string' }).notNull(),
    periodTo: date({ mode: 'string' }).notNull(),
    params: jsonb().$type<EvidenceParams>().notNull(),
    locale: localeEnum().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
    viewCount: integer().notNull().default(0),
    lastViewedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('share_links_organization_id_created_at_idx').on(t.organizationId, t.createdAt)],
);
