// Time entries, the unit of evidence, and their audit trail.
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns';
import { entryEventActionEnum, entrySourceEnum, platformEnum } from './enums';

/*
 * No foreign keys on the two tables written per entry: each check cost about as much as the row's
 * own insert (seven checks made an entry three times as dear to write). The rules check every
 * reference under the member's lock (same organization, not archived), and the other side is
 * guarded in the database instead, where it costs nothing per entry (migration 0015): an
 * organization's deletion deletes its entries, an entry's deletion deletes its events, and a
 * member, category, brand, deliverable or import that an entry names cannot be deleted while its
 * organization exists (they are archived or removed, never deleted).
 */
export const timeEntries = pgTable(
  'time_entries',
  {
    id: id(),
    organizationId: uuid().notNull(),
    memberId: uuid().notNull(),
    categoryId: uuid().notNull(),
    brandId: uuid(),
    platform: platformEnum(),
    deliverableId: uuid(),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    note: text().notNull().default(''),
    /** Null for an entry logged as a duration on a day, without clock times. */
    startedAt: timestamp({ withTimezone: true }),
    /** Null while a timer runs (or for a duration-only entry). */
    endedAt: timestamp({ withTimezone: true }),
    /** Null only while a timer runs. */
    durationSeconds: integer(),
    /** The member's calendar day of the start, in the member's zone at that instant. */
    localDate: date({ mode: 'string' }).notNull(),
    /** First day of the member-week the entry belongs to (the organization's week start). */
    weekStart: date({ mode: 'string' }).notNull(),
    source: entrySourceEnum().notNull(),
    /** Written or changed long after its local date (organization setting). */
    isLate: boolean().notNull().default(false),
    /** The member who wrote it (a manager may log for a member). */
    createdByMemberId: uuid(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: timestamp({ withTimezone: true }),
    // Provenance of an imported entry (null for every other): the import, the row of its file, and
    // a key stable across exports of the same source row, unique per organization (a re-import
    // adds nothing). None of these is part of the evidence's canonical line.
    importId: uuid(),
    importRow: integer(),
    importKey: text(),
    // An entry imported from a Proofwork JSON export keeps what its evidence line said: its id,
    // source and edited flag, so a round trip gives the same lines and the same SHA-256.
    originId: uuid(),
    originSource: entrySourceEnum(),
    originEdited: boolean(),
  },
  (t) => [
    index('time_entries_organization_id_member_id_local_date_idx').on(t.organizationId, t.memberId, t.localDate),
    index('time_entries_organization_id_local_date_idx').on(t.organizationId, t.localDate),
    index('time_entries_member_id_week_start_idx').on(t.memberId, t.weekStart),
    // At most one running timer per member, enforced by the database.
    uniqueIndex('time_entries_member_id_running_idx')
      .on(t.memberId)
      .where(
        sql`${t.endedAt} is null and ${t.startedAt} is not null and ${t.durationSeconds} is null and ${t.deletedAt} is null`,
      ),
    uniqueIndex('time_entries_organization_id_import_key_idx')
      .on(t.organizationId, t.importKey)
      .where(sql`${t.importKey} is not null`),
    // Deleting a deliverable (an undone import's) checks that no entry names it.
    index('time_entries_deliverable_id_idx').on(t.deliverableId).where(sql`${t.deliverableId} is not null`),
    index('time_entries_import_id_idx').on(t.importId).where(sql`${t.importId} is not null`),
    // The evidence's entries in their canonical order (streamEvidenceRows): an export's first row
    // comes at once instead of after a sort of the whole period.
    index('time_entries_evidence_order_idx')
      .on(t.organizationId, sql`coalesce(${t.originId}, ${t.id})`)
      .where(sql`${t.deletedAt} is null and ${t.durationSeconds} is not null`),
    check('time_entries_shape_check', sql`(${t.startedAt} is not null) or (${t.durationSeconds} is not null)`),
    check('time_entries_duration_check', sql`${t.durationSeconds} between 0 and 86400`),
    check('time_entries_order_check', sql`${t.endedAt} is null or ${t.endedAt} > ${t.startedAt}`),
  ],
);

export const timeEntryEvents = pgTable(
  'time_entry_events',
  {
    id: id(),
    organizationId: uuid().notNull(),
    timeEntryId: uuid().notNull(),
    action: entryEventActionEnum().notNull(),
    actorMemberId: uuid(),
    /** Null for a create. */
    before: jsonb(),
    after: jsonb(),
    createdAt: createdAt(),
  },
  (t) => [
    index('time_entry_events_organization_id_time_entry_id_idx').on(t.organizationId, t.timeEntryId, t.createdAt),
  ],
);
