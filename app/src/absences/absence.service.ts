// Absences: a member's days or half-days off (holiday, sick, training, unpaid, other), entered by
// the member or a manager, and the organization's public holidays. Both shorten the member-week's
// expected hours (`memberWeeksSql`); neither is a time entry.
import { addDays, daysBetween, isoWeekdayOf, weekStartOf } from '@proofwork/core';
import {
  type AbsenceKind,
  type AbsenceRow,
  deleteAbsence,
  findLockedWeeks,
  getAbsence,
  getMember,
  HOLIDAY_YEARS_AFTER,
  HOLIDAY_YEARS_BEFORE,
  holidayCountries,
  holidayRegions,
  listAbsences,
  listPublicHolidays,
  publicHolidaysOf,
  replacePublicHolidays,
  upsertAbsences,
} from '@proofwork/db';
import { type Actor, assertMayActFor, isManager } from '../actor';
import type { ServiceDeps } from '../context';
import { invalidField, notFound } from '../errors';
import { weekLocked } from '../time-entries/time-entry.rules';

const MAX_ABSENCE_DAYS = 366;

export const absenceView = (row: AbsenceRow) => ({
  id: row.id,
  memberId: row.memberId,
  localDate: row.localDate,
  kind: row.kind,
  halfDay: row.halfDay,
  note: row.note,
  createdByMemberId: row.createdByMemberId,
});

export interface AbsenceListInput {
  from: string;
  to: string;
  memberId?: string;
}

function checkRange(from: string, to: string) {
  const span = daysBetween(from, to);
  if (span < 0) throw invalidField('to', 'must not be before from');
  if (span >= MAX_ABSENCE_DAYS) throw invalidField('to', 'the period is limited to a year');
}

/** Absences and public holidays in a period: a member sees their own, a manager anyone's. */
export async function listAbsenceViews({ db }: ServiceDeps, actor: Actor, input: AbsenceListInput) {
  checkRange(input.from, input.to);
  assertMayActFor(actor, input.memberId);
  const memberIds = input.memberId ? [input.memberId] : isManager(actor) ? undefined : [actor.memberId];
  const [rows, holidays] = await Promise.all([
    listAbsences(db, actor.organizationId, { from: input.from, to: input.to, memberIds }),
    listPublicHolidays(db, actor.organizationId, input.from, input.to),
  ]);
  return { items: rows.map(absenceView), publicHolidays: holidays };
}

export interface AbsenceInput {
  /** Default: the caller. */
  memberId?: string;
  from: string;
  /** Default: `from`. */
  to?: string;
  kind: AbsenceKind;
  halfDay?: boolean;
  note?: string;
}

/**
 * Marks the working days of a period as days off (each day of the member's schedule that is not a
 * public holiday); a day already marked takes the new kind. A half-day is for one day only.
 */
export async function recordAbsence({ db }: ServiceDeps, actor: Actor, input: AbsenceInput) {
  assertMayActFor(actor, input.memberId);
  const to = input.to ?? input.from;
  checkRange(input.from, to);
  if (input.halfDay && to !== input.from) throw invalidField('halfDay', 'a half-day off is one day: from equals to');
  const memberId = input.memberId ?? actor.memberId;
  return db.transaction(async (tx) => {
    const member = await getMember(tx, actor.organizationId, memberId);
    if (!member || member.removedAt) throw notFound('Member');
    const schedule = member.workingSchedule ?? actor.organization.workingSchedule;
    const workingDays = new Set(schedule.map((slot) => slot.day));
    const holidays = new Set(
      (await listPublicHolidays(tx, actor.organizationId, input.from, to)).map((h) => h.localDate),
    );
    const rows = [];
    for (let day = input.from; day <= to; day = addDays(day, 1)) {
      if (!workingDays.has(isoWeekdayOf(day)) || holidays.has(day)) continue;
      rows.push({
        memberId,
        localDate: day,
        kind: input.kind,
        halfDay: input.halfDay ?? false,
        note: input.note ?? '',
        createdByMemberId: actor.memberId,
      });
    }
    if (rows.length === 0)
      throw invalidField('from', 'no working day in this period (weekends and public holidays are already off)');
    await assertWeeksOpen(
      tx,
      actor,
      memberId,
      rows.map((r) => r.localDate),
    );
    return { items: (await upsertAbsences(tx, actor.organizationId, rows)).map(absenceView) };
  });
}

/** An approved week is evidence as approved: its days off change only once a manager reopens it. */
async function assertWeeksOpen(db: ServiceDeps['db'], actor: Actor, memberId: string, days: string[]) {
  const weeks = [...new Set(days.map((d) => weekStartOf(d, actor.organization.weekStart)))];
  const [locked] = await findLockedWeeks(
    db,
    actor.organizationId,
    weeks.map((weekStart) => ({ memberId, weekStart })),
  );
  if (locked) throw weekLocked(locked);
}

/** Removes one absence: the member's own, or anyone's for a manager. */
export async function removeAbsence({ db }: ServiceDeps, actor: Actor, absenceId: string) {
  const row = await getAbsence(db, actor.organizationId, absenceId);
  if (!row || (row.memberId !== actor.memberId && !isManager(actor))) throw notFound('Absence');
  await assertWeeksOpen(db, actor, row.memberId, [row.localDate]);
  await deleteAbsence(db, actor.organizationId, absenceId);
}

/**
 * Writes the public holidays of the organization's country and region for the years around `today`
 * (none when the country is null), in the organization's language.
 */
export async function writePublicHolidays(
  db: Parameters<typeof replacePublicHolidays>[0],
  organizationId: string,
  place: { country: string | null; region: string | null; locale: string },
  today: string,
) {
  const year = Number(today.slice(0, 4));
  const years = Array.from(
    { length: HOLIDAY_YEARS_BEFORE + HOLIDAY_YEARS_AFTER + 1 },
    (_, i) => year - HOLIDAY_YEARS_BEFORE + i,
  );
  const days = place.country ? publicHolidaysOf(place.country, place.region, years, place.locale) : [];
  await replacePublicHolidays(db, organizationId, days);
}

/** Countries whose public holidays the organization can follow (or the regions of one), named in the actor's language. */
export function holidayPlaces(actor: Actor, country?: string) {
  return country ? holidayRegions(country, actor.locale) : holidayCountries(actor.locale);
}
