// Imports of another tracker's export (Toggl Track, Clockify, Harvest, a generic CSV, Proofwork's
// own JSON). Like the exports table, this table is its own outbox: a `queued` row is a job to run.
// The documents (analysis, mapping, report) are shaped by the application layer.
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns';
import { importFormatEnum, importStatusEnum } from './enums';
import { members, organizations } from './organizations';

export const imports = pgTable(
  'imports',
  {
    id: id(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    requestedByMemberId: uuid().references(() => members.id, { onDelete: 'set null' }),
    /** The uploaded file's name as the browser sent it (shown, never used as a path). */
    fileName: text().notNull(),
    fileSize: bigint({ mode: 'number' }).notNull(),
    /** Where the upload is kept (relative to the import store); null once it expired. */
    storageKey: text(),
    /** The format detected from the header; `format` is the one used (the user may override it). */
    detectedFormat: importFormatEnum().notNull(),
    format: importFormatEnum().notNull(),
    status: importStatusEnum().notNull().default('ready'),
    progress: smallint().notNull().default(0),
    /** Data rows in the file (the header not counted). */
    rowCount: integer().notNull().default(0),
    /** What the upload's analysis found: settings, people, brands, activities, preview, problems. */
    analysis: jsonb().notNull(),
    /** The mapping of the last run. */
    mapping: jsonb(),
    /** What the last run (and an undo) did: counts, skipped rows with reasons, members invited… */
    report: jsonb(),
    error: text(),
    cancelRequested: boolean().notNull().default(false),
    createdAt: createdAt(),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
    /** An undo is one audited action: who and when, on the import itself (its entries are gone). */
    undoneAt: timestamp({ withTimezone: true }),
    undoneByMemberId: uuid().references(() => members.id, { onDelete: 'set null' }),
    /** When the uploaded file is deleted (the import and its entries stay). */
    fileExpiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index('imports_organization_id_created_at_idx').on(t.organizationId, t.createdAt),
    index('imports_status_idx').on(t.status).where(sql`${t.status} in ('queued', 'running')`),
    check('imports_progress_check', sql`${t.progress} between 0 and 100`),
  ],
);
