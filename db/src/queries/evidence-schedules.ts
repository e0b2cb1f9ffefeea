// Scheduled evidence: the schedules of an organization, the due ones of every organization, and the
// send log, whose unique (schedule, period, recipient) key is the claim that sends each pack once.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { evidenceScheduleSends, evidenceSchedules, organizations } from '../schema/index';

export type EvidenceScheduleRow = typeof evidenceSchedules.$inferSelect;
export type EvidenceScheduleSendRow = typeof evidenceScheduleSends.$inferSelect;
type NewSchedule = Omit<typeof evidenceSchedules.$inferInsert, 'id' | 'organizationId' | 'createdAt' | 'updatedAt'>;

export async function listEvidenceSchedules(db: Executor, organizationId: string): Promise<EvidenceScheduleRow[]> {
  return db
    .select()
    .from(evidenceSchedules)
    .where(eq(evidenceSchedules.organizationId, organizationId))
    .orderBy(evidenceSchedules.createdAt);
}

export async function getEvidenceSchedule(db: Executor, organizationId: string, id: string) {
  const [row] = await db
    .select()
    .from(evidenceSchedules)
    .where(and(eq(evidenceSchedules.organizationId, organizationId), eq(evidenceSchedules.id, id)));
  return row ?? null;
}

export async function insertEvidenceSchedule(db: Executor, organizationId: string, values: NewSchedule) {
  const [row] = await db
    .insert(evidenceSchedules)
    .values({ ...values, organizationId })
    .returning();
  return row!;
}

export async function updateEvidenceSchedule(
  db: Executor,
  organizationId: string,
  id: string,
  patch: Partial<NewSchedule>,
) {
  const [row] = await db
    .update(evidenceSchedules)
    .set(patch)
    .where(and(eq(evidenceSchedules.organizationId, organizationId), eq(evidenceSchedules.id, id)))
    .returning();
  return row ?? null;
}

export async function deleteEvidenceSchedule(db: Executor, organizationId: string, id: string) {
  const rows = await db
    .delete(evidenceSchedules)
    .where(and(eq(evidenceSchedules.organizationId, organizationId), eq(evidenceSchedules.id, id)))
    .returning({ id: evidenceSchedules.id });
  return rows.length > 0;
}

export async function listEvidenceScheduleSends(db: Executor, organizationId: string, scheduleId: string) {
  return db
    .select()
    .from(evidenceScheduleSends)
    .where(
      and(eq(evidenceScheduleSends.organizationId, organizationId), eq(evidenceScheduleSends.scheduleId, scheduleId)),
    )
    .orderBy(desc(evidenceScheduleSends.createdAt))
    .limit(100);
}

/** Every active schedule with recipients, with its organization's zone and name. */
export async function activeEvidenceSchedules(db: Executor) {
  return db
    .select({
      schedule: evidenceSchedules,
      timeZone: organizations.timeZone,
      organizationName: organizations.name,
    })
    .from(evidenceSchedules)
    .innerJoin(organizations, eq(organizations.id, evidenceSchedules.organizationId))
    .where(and(eq(evidenceSchedules.active, true), sql`cardinality(${evidenceSchedules.recipients}) > 0`));
}

/**
 * Claims one send: a new row, or a failed one tried again. Null when it is sent or being sent
 * (another worker, or an earlier pass), so each recipient gets each period's pack once.
 */
export async function claimEvidenceSend(
  db: Executor,
  values: {
    organizationId: string;
    scheduleId: string;
    period: string;
    recipient: string;
    unsubscribeTokenHash: string;
  },
): Promise<EvidenceScheduleSendRow | null> {
  const [row] = await db
    .insert(evidenceScheduleSends)
    .values({ ...values, status: 'sending' })
    .onConflictDoUpdate({
      target: [evidenceScheduleSends.scheduleId, evidenceScheduleSends.period, evidenceScheduleSends.recipient],
      set: { status: 'sending', error: null, unsubscribeTokenHash: values.unsubscribeTokenHash },
      setWhere: sql`${evidenceScheduleSends.status} = 'failed'`,
    })
    .returning();
  return row ?? null;
}

export async function finishEvidenceSend(
  db: Executor,
  id: string,
  values: { status: 'sent' | 'failed'; shareLinkId?: string | null; error?: string | null; sentAt?: Date | null },
) {
  await db.update(evidenceScheduleSends).set(values).where(eq(evidenceScheduleSends.id, id));
}

export async function markEvidenceSchedulePeriod(db: Executor, id: string, period: string) {
  await db.update(evidenceSchedules).set({ lastPeriod: period }).where(eq(evidenceSchedules.id, id));
}

/** The send an unsubscribe secret belongs to, with its schedule and organization. */
export async function findEvidenceSendByUnsubscribeHash(db: Executor, hash: string) {
  const [row] = await db
    .select({
      scheduleId: evidenceSchedules.id,
      organizationId: evidenceSchedules.organizationId,
      organizationName: organizations.name,
      recipient: evidenceScheduleSends.recipient,
      recipients: evidenceSchedules.recipients,
      locale: evidenceSchedules.locale,
    })
    .from(evidenceScheduleSends)
    .innerJoin(evidenceSchedules, eq(evidenceSchedules.id, evidenceScheduleSends.scheduleId))
    .innerJoin(organizations, eq(organizations.id, evidenceSchedules.organizationId))
    .where(eq(evidenceScheduleSends.unsubscribeTokenHash, hash));
  return row ?? null;
}

/** Takes one address off a schedule (clicking twice is harmless). */
export async function removeEvidenceRecipient(db: Executor, scheduleId: string, recipient: string) {
  await db
    .update(evidenceSchedules)
    .set({ recipients: sql`array_remove(${evidenceSchedules.recipients}, ${recipient})` })
    .where(eq(evidenceSchedules.id, scheduleId));
}
