// Absences (a member's days off) and the organization's public holidays: the days a member-week's
// expected hours leave out (see `memberWeeksSql` in workload.ts).
import { and, asc, between, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { absences, publicHolidays } from '../schema/index';

export type AbsenceKind = (typeof absences.$inferSelect)['kind'];
export const ABSENCE_KINDS: readonly AbsenceKind[] = ['holiday', 'sick', 'training', 'unpaid', 'other'];

const absenceColumns = {
  id: absences.id,
  memberId: absences.memberId,
  localDate: absences.localDate,
  kind: absences.kind,
  halfDay: absences.halfDay,
  note: absences.note,
  createdByMemberId: absences.createdByMemberId,
};
export type AbsenceRow = { [K in keyof typeof absenceColumns]: (typeof absences.$inferSelect)[K] };

/** Absences of the organization (or of some members) on local days from … to, by day then member. */
export async function listAbsences(
  db: Executor,
  organizationId: string,
  params: { from: string; to: string; memberIds?: string[] },
): Promise<AbsenceRow[]> {
  return db
    .select(absenceColumns)
    .from(absences)
    .where(
      and(
        eq(absences.organizationId, organizationId),
        between(absences.localDate, params.from, params.to),
        params.memberIds ? inArray(absences.memberId, params.memberIds) : undefined,
      ),
    )
    .orderBy(asc(absences.localDate), asc(absences.memberId));
}

/** Writes one absence per day; a day that already had one takes the new kind, half-day and note. */
export async function upsertAbsences(
  db: Executor,
  organizationId: string,
  rows: {
    memberId: string;
    localDate: string;
    kind: AbsenceKind;
    halfDay: boolean;
    note: string;
    createdByMemberId: string;
  }[],
): Promise<AbsenceRow[]> {
  if (rows.length === 0) return [];
  return db
    .insert(absences)
    .values(rows.map((r) => ({ ...r, organizationId })))
    .onConflictDoUpdate({
      target: [absences.memberId, absences.localDate],
      set: {
        kind: sql`excluded.kind`,
        halfDay: sql`excluded.half_day`,
        note: sql`excluded.note`,
        createdByMemberId: sql`excluded.created_by_member_id`,
        updatedAt: sql`now()`,
      },
    })
    .returning(absenceColumns);
}

export async function getAbsence(db: Executor, organizationId: string, absenceId: string) {
  const [row] = await db
    .select(absenceColumns)
    .from(absences)
    .where(and(eq(absences.organizationId, organizationId), eq(absences.id, absenceId)));
  return row ?? null;
}

export async function deleteAbsence(db: Executor, organizationId: string, absenceId: string): Promise<boolean> {
  const rows = await db
    .delete(absences)
    .where(and(eq(absences.organizationId, organizationId), eq(absences.id, absenceId)))
    .returning({ id: absences.id });
  return rows.length > 0;
}

/** Replaces the organization's public holidays with these (one per day; the first name wins). */
export async function replacePublicHolidays(
  db: Executor,
  organizationId: string,
  days: { localDate: string; name: string }[],
): Promise<void> {
  await db.delete(publicHolidays).where(eq(publicHolidays.organizationId, organizationId));
  const unique = new Map<string, string>();
  for (const d of days) if (!unique.has(d.localDate)) unique.set(d.localDate, d.name);
  if (unique.size === 0) return;
  await db.insert(publicHolidays).values([...unique].map(([localDate, name]) => ({ organizationId, localDate, name })));
}

export async function listPublicHolidays(db: Executor, organizationId: string, from: string, to: string) {
  return db
    .select({ localDate: publicHolidays.localDate, name: publicHolidays.name })
    .from(publicHolidays)
    .where(and(eq(publicHolidays.organizationId, organizationId), between(publicHolidays.localDate, from, to)))
    .orderBy(asc(publicHolidays.localDate));
}

/**
 * Of the given member-days, those that are not working days: a whole-day absence of the member, or
 * a public holiday of the member's organization (a half-day off still expects the other half).
 */
export async function membersOffOn(
  db: Executor,
  days: { memberId: string; organizationId: string; localDate: string }[],
): Promise<Set<string>> {
  if (days.length === 0) return new Set();
  const rows = await db.execute<{ member_id: string }>(sql`
    select d.member_id from (values ${sql.join(
      days.map((d) => sql`(${d.memberId}::uuid, ${d.organizationId}::uuid, ${d.localDate}::date)`),
      sql`, `,
    )}) as d(member_id, organization_id, local_date)
    where exists (
        select 1 from absences a
        where a.organization_id = d.organization_id and a.member_id = d.member_id
          and a.local_date = d.local_date and not a.half_day)
      or exists (
        select 1 from public_holidays h
        where h.organization_id = d.organization_id and h.local_date = d.local_date)`);
  return new Set(rows.map((r) => r.member_id));
}
