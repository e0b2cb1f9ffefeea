// Tenants and the people in them. The auth library's organization plugin reads and writes these
// tables; the extra columns shape a CM's working week.
import { DEFAULT_WEEKLY_CONTRACT_SECONDS, DEFAULT_WORKING_SCHEDULE, type WorkingSchedule } from '@proofwork/core';
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './auth';
import { createdAt, id, updatedAt } from './columns';
import { localeEnum, memberRoleEnum, twoFactorRequirementEnum } from './enums';

export const organizations = pgTable(
  'organizations',
  {
    id: id(),
    name: text().notNull(),
    slug: text().notNull().unique(),
    logo: text(),
    metadata: text(),
    timeZone: text().notNull().default('Europe/Paris'),
    /** ISO weekday the week starts on: 1 = Monday … 7 = Sunday. */
    weekStart: smallint().notNull().default(1),
    defaultLocale: localeEnum().notNull().default('en'),
    defaultWeeklyContractSeconds: integer().notNull().default(DEFAULT_WEEKLY_CONTRACT_SECONDS),
    workingSchedule: jsonb().$type<WorkingSchedule>().notNull().default(DEFAULT_WORKING_SCHEDULE),
    /** An entry written this many days after its local date is marked late. */
    lateAfterDays: smallint().notNull().default(7),
    /** Who must have two-factor authentication to reach the organization's data. */
    twoFactorRequired: twoFactorRequirementEnum().notNull().default('nobody'),
    /** The same quick-add correction this many times makes the word an alias (0: never learn). */
    aliasLearnThreshold: smallint().notNull().default(2),
    /** ISO 3166 country (and optional region) whose public holidays are days off; null = none. */
    holidayCountry: text(),
    holidayRegion: text(),
    /** A member-week is complete when logged ÷ expected reaches this percentage. */
    coverageThresholdPercent: smallint().notNull().default(80),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('organizations_week_start_check', sql`${t.weekStart} between 1 and 7`),
    check('organizations_contract_check', sql`${t.defaultWeeklyContractSeconds} between 0 and 604800`),
    check('organizations_alias_learn_threshold_check', sql`${t.aliasLearnThreshold} between 0 and 20`),
    check('organizations_coverage_threshold_check', sql`${t.coverageThresholdPercent} between 1 and 100`),
  ],
);

export const members = pgTable(
  'members',
  {
    id: id(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: memberRoleEnum().notNull().default('member'),
    /** IANA zone; null follows the organization. */
    timeZone: text(),
    /** Null follows the organization's default contract. */
    weeklyContractSeconds: integer(),
    /** Null follows the organization's schedule. */
    workingSchedule: jsonb().$type<WorkingSchedule>(),
    /** Visible to managers and owners only. */
    hourlyCostCents: integer(),
    /** Whether the member is expected to log time (a manager who does not is left out of contract totals). */
    tracksTime: boolean().notNull().default(true),
    /** A removed member keeps their entries (evidence) but loses access. */
    removedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('members_organization_id_user_id_idx').on(t.organizationId, t.userId),
    index('members_user_id_idx').on(t.userId),
    check('members_contract_check', sql`${t.weeklyContractSeconds} between 0 and 604800`),
    check('members_cost_check', sql`${t.hourlyCostCents} >= 0`),
  ],
);

export const invitations = pgTable(
  'invitations',
  {
    id: id(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    email: text().notNull(),
    role: memberRoleEnum().notNull().default('member'),
    status: text().notNull().default('pending'),
    /**
     * SHA-256 (hex) of the secret carried by the invitation link: 32 random bytes shown once. Null
     * for invitations made before links had their own secret; those can no longer be opened.
     */
    tokenHash: text(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    inviterId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('invitations_organization_id_email_idx').on(t.organizationId, t.email),
    uniqueIndex('invitations_token_hash_idx').on(t.tokenHash),
  ],
);
