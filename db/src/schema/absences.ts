// Days off and public holidays: what a member-week's expected hours are pro-rated by.
import { sql } from 'drizzle-orm';
import { boolean, check, date, index, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns';
import { absenceKindEnum } from './enums';
import { members, organizations } from './organizations';

/** A member's day (or half-day) off. One row per member and local day; a later entry replaces it. */
export const absences = pgTable(
  'absences',
  {
    id: id(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    memberId: uuid()
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    localDate: date({ mode: 'string' }).notNull(),
    kind: absenceKindEnum().notNull(),
    /** Half a working day off (the other half is expected). */
    halfDay: boolean().notNull().default(false),
    note: text().notNull().default(''),
    /** Who entered it: the member or a manager. */
    createdByMemberId: uuid().references(() => members.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('absences_member_id_local_date_idx').on(t.memberId, t.localDate),
    index('absences_organization_id_local_date_idx').on(t.organizationId, t.localDate),
    check('absences_note_check', sql`length(${t.note}) <= 500`),
  ],
);

/**
 * The public holidays of an organization's country and region, written from the holiday library
 * when the organization chooses them (never typed by hand), for a window of years around today.
 */
export const publicHolidays = pgTable(
  'public_holidays',
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    localDate: date({ mode: 'string' }).notNull(),
    name: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.localDate], name: 'public_holidays_pk' })],
);
