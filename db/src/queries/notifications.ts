// Notifications and reminder settings: the notices themselves (inserted once per key, their mail
// claimed by one sender), the settings per member and kind, and what the reminders read.
import type { Locale, WorkingSchedule } from '@proofwork/core';
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { notificationSettings, notifications, users } from '../schema/index';
import { deleteInBatches } from './purge';
import { contractSecondsSql } from './workload';

export type NotificationRow = typeof notifications.$inferSelect;
export type NotificationSettingRow = typeof notificationSettings.$inferSelect;

/** Inserts a notice unless its key exists; the row when this call made it, else null. */
export async function insertNotification(
  db: Executor,
  values: {
    organizationId: string;
    memberId: string;
    kind: string;
    dedupeKey: string;
    data: Record<string, unknown>;
    mailStatus: 'pending' | 'skipped';
    createdAt?: Date;
  },
): Promise<NotificationRow | null> {
  const [row] = await db.insert(notifications).values(values).onConflictDoNothing().returning();
  return row ?? null;
}

/**
 * Claims notices whose mail waits (a failed one for four minutes; or whose sender vanished ten
 * minutes ago), one sender each:
 * rows are taken with SKIP LOCKED and marked 'sending' in the same statement.
 */
export async function claimNotificationMails(
  db: Executor,
  now: Date,
  options: { limit?: number; ids?: string[] } = {},
): Promise<NotificationRow[]> {
  const stale = new Date(now.getTime() - 10 * 60_000).toISOString();
  // A mail that just failed waits for a later pass.
  const retry = new Date(now.getTime() - 4 * 60_000).toISOString();
  const only = options.ids
    ? sql`and id in ${options.ids.length ? options.ids : ['00000000-0000-0000-0000-000000000000']}`
    : sql``;
  const rows = await db.execute<{ id: string }>(sql`
    update notifications set mail_status = 'sending', mail_attempts = mail_attempts + 1,
      mail_claimed_at = ${now.toISOString()}::timestamptz
    where id in (
      select id from notifications
      where ((mail_status = 'pending' and (mail_claimed_at is null or mail_claimed_at < ${retry}::timestamptz))
          or (mail_status = 'sending' and mail_claimed_at < ${stale}::timestamptz)) ${only}
      order by created_at
      limit ${options.limit ?? 100}
      for update skip locked
    )
    returning id`);
  const ids = [...rows].map((r) => r.id);
  if (ids.length === 0) return [];
  return db.select().from(notifications).where(inArray(notifications.id, ids)).orderBy(notifications.createdAt);
}

export async function recordNotificationMail(
  db: Executor,
  id: string,
  patch: {
    mailStatus: 'sent' | 'sending' | 'pending' | 'failed' | 'skipped';
    mailedAt?: Date;
    unsubscribeTokenHash?: string;
  },
) {
  await db.update(notifications).set(patch).where(eq(notifications.id, id));
}

export type Recipient = {
  memberId: string;
  organizationId: string;
  organizationName: string;
  role: string;
  name: string;
  email: string;
  emailVerified: boolean;
  locale: Locale;
  timeZone: string;
};

/** Who a notice goes to, with the language they read (theirs, else the organization's). */
export async function notificationRecipients(db: Executor, memberIds: string[]): Promise<Map<string, Recipient>> {
  if (memberIds.length === 0) return new Map();
  const rows = await db.execute<Recipient>(sql`
    select m.id as "memberId", m.organization_id as "organizationId", o.name as "organizationName",
      m.role::text as role, u.name, u.email, u.email_verified as "emailVerified",
      coalesce(u.locale, o.default_locale)::text as locale, coalesce(m.time_zone, o.time_zone) as "timeZone"
    from members m join users u on u.id = m.user_id join organizations o on o.id = m.organization_id
    where m.id = any(${`{${memberIds.join(',')}}`}::uuid[])`);
  return new Map([...rows].map((r) => [r.memberId, r]));
}

export async function listNotifications(db: Executor, organizationId: string, memberId: string, limit = 50) {
  return db
    .select()
    .from(notifications)
    .where(and(eq(notifications.organizationId, organizationId), eq(notifications.memberId, memberId)))
    .orderBy(desc(notifications.createdAt))
    .limit(limit);
}

export async function countUnreadNotifications(db: Executor, organizationId: string, memberId: string) {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(notifications)
    .where(
      and(
        eq(notifications.organizationId, organizationId),
        eq(notifications.memberId, memberId),
        isNull(notifications.readAt),
      ),
    );
  return row?.count ?? 0;
}

/** Marks the member's notices read (the given ones, or all); returns how many changed. */
export async function markNotificationsRead(
  db: Executor,
  organizationId: string,
  memberId: string,
  ids: string[] | null,
  now: Date,
) {
  const rows = await db
    .update(notifications)
    .set({ readAt: now })
    .where(
      and(
        eq(notifications.organizationId, organizationId),
        eq(notifications.memberId, memberId),
        isNull(notifications.readAt),
        ids ? inArray(notifications.id, ids.length ? ids : ['00000000-0000-0000-0000-000000000000']) : undefined,
      ),
    )
    .returning({ id: notifications.id });
  return rows.length;
}

export async function findNotificationByUnsubscribeHash(db: Executor, hash: string) {
  const rows = await db.execute<{
    organizationId: string;
    memberId: string;
    kind: string;
    organizationName: string;
    locale: Locale;
  }>(sql`
    select n.organization_id as "organizationId", n.member_id as "memberId", n.kind,
      o.name as "organizationName", coalesce(u.locale, o.default_locale)::text as locale
    from notifications n join members m on m.id = n.member_id join users u on u.id = m.user_id
      join organizations o on o.id = n.organization_id
    where n.unsubscribe_token_hash = ${hash} and m.removed_at is null`);
  return [...rows][0] ?? null;
}

/** Every settings row of an organization (its defaults have no member). */
export async function listNotificationSettings(db: Executor, organizationIds: string[]) {
  if (organizationIds.length === 0) return [];
  return db.select().from(notificationSettings).where(inArray(notificationSettings.organizationId, organizationIds));
}

export async function upsertNotificationSetting(
  db: Executor,
  values: {
    organizationId: string;
    memberId: string | null;
    kind: string;
    enabled: boolean;
    atMinutes: number | null;
    afterHours: number | null;
  },
) {
  await db
    .insert(notificationSettings)
    .values(values)
    .onConflictDoUpdate({
      target: [notificationSettings.organizationId, notificationSettings.memberId, notificationSettings.kind],
      set: {
        enabled: values.enabled,
        atMinutes: values.atMinutes,
        afterHours: values.afterHours,
        updatedAt: new Date(),
      },
    });
}

export type ReminderMember = {
  memberId: string;
  organizationId: string;
  organizationName: string;
  role: string;
  name: string;
  timeZone: string;
  weekStart: number;
  schedule: WorkingSchedule;
  joinedAt: Date;
  /** The member's weekly contract, else the organization's (the dashboards' definition). */
  contractSeconds: number;
};

/** Every active member, with the zone and working schedule their reminders follow. */
export async function listReminderMembers(db: Executor): Promise<ReminderMember[]> {
  const rows = await db.execute<ReminderMember>(sql`
    select m.id as "memberId", m.organization_id as "organizationId", o.name as "organizationName",
      m.role::text as role, u.name, coalesce(m.time_zone, o.time_zone) as "timeZone", o.week_start as "weekStart",
      coalesce(m.working_schedule, o.working_schedule) as schedule, m.created_at as "joinedAt",
      ${contractSecondsSql(sql`m`, sql`o`)}::int as "contractSeconds"
    from members m join users u on u.id = m.user_id join organizations o on o.id = m.organization_id
    where m.removed_at is null
    order by m.organization_id, m.id`);
  return [...rows].map((r) => ({ ...r, joinedAt: new Date(r.joinedAt) }));
}

/** Of the given (member, local day) pairs, those with at least one entry on that day. */
export async function membersWithEntriesOn(db: Executor, pairs: { memberId: string; localDate: string }[]) {
  if (pairs.length === 0) return new Set<string>();
  const rows = await db.execute<{ memberId: string; localDate: string }>(sql`
    select distinct e.member_id as "memberId", e.local_date::text as "localDate"
    from time_entries e
    join jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) as p("memberId" uuid, "localDate" date)
      on e.member_id = p."memberId" and e.local_date = p."localDate"
    where e.deleted_at is null`);
  return new Set([...rows].map((r) => `${r.memberId}:${r.localDate}`));
}

/** Timers still running (started, no end, no duration). */
export async function listRunningTimers(db: Executor) {
  const rows = await db.execute<{ id: string; memberId: string; organizationId: string; startedAt: string }>(sql`
    select id, member_id as "memberId", organization_id as "organizationId", started_at as "startedAt"
    from time_entries
    where started_at is not null and ended_at is null and duration_seconds is null and deleted_at is null`);
  return [...rows].map((r) => ({ ...r, startedAt: new Date(r.startedAt) }));
}

/** The approval state of (member, week) pairs: 'submitted' | 'approved' | 'reopened' | … (absent: open). */
export async function weekApprovalStates(db: Executor, pairs: { memberId: string; weekStart: string }[]) {
  if (pairs.length === 0) return new Map<string, string>();
  const rows = await db.execute<{ memberId: string; weekStart: string; status: string }>(sql`
    select a.member_id as "memberId", a.week_start::text as "weekStart", a.status::text as status
    from week_approvals a
    join jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) as p("memberId" uuid, "weekStart" date)
      on a.member_id = p."memberId" and a.week_start = p."weekStart"`);
  return new Map([...rows].map((r) => [`${r.memberId}:${r.weekStart}`, r.status]));
}

export async function userEmailVerified(db: Executor, userId: string): Promise<boolean> {
  const [row] = await db.select({ verified: users.emailVerified }).from(users).where(eq(users.id, userId));
  return row?.verified ?? false;
}

/** Notices are kept this long once read, and this long in any case (the bell shows the latest 50). */
export const NOTICE_RETENTION = { readDays: 90, days: 180 } as const;

/**
 * Deletes the notices read more than `readDays` ago, and every notice older than `days` whose mail is
 * settled (not waiting to be sent), in batches; returns how many. A reminder is about one day, week
 * or timer, long past by then; an old mail's unsubscribe link then says it is not valid (the
 * profile still turns reminders off).
 */
export async function deleteOldNotifications(
  db: Executor,
  retention: { readDays: number; days: number } = NOTICE_RETENTION,
  batch = 5000,
): Promise<number> {
  return deleteInBatches(
    db,
    {
      table: 'notifications',
      key: 'id',
      where: sql`(read_at < now() - make_interval(days => ${retention.readDays})
        or created_at < now() - make_interval(days => ${retention.days}))
        and mail_status not in ('pending', 'sending')`,
    },
    batch,
  );
}
