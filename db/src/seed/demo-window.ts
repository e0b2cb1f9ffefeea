// The weeks a demo organization's data covers on a given day, and its public holidays. Twelve weeks
// up to today, reaching further back when they hold no public holiday on a weekday (January to
// Easter in France, or an autumn whose holidays fall on weekends), so the demo always shows one. The
// holidays are the library's for the organization's country: none is typed here.
import { addDays, daysBetween, isoWeekdayOf, type LocalDate, localDateOf, weekStartOf } from '@proofwork/core';
import { publicHolidaysOf } from '../holidays';
import type { DemoOrganization } from './demo-data';

/** Weeks of data at least (the current one included). */
export const DEMO_WEEKS = 12;

export interface DemoWindow {
  /** The organization's local day. */
  today: LocalDate;
  /** The Monday of the first week with data. */
  firstWeek: LocalDate;
  /** Weeks from the first to the current one, both included (at least `DEMO_WEEKS`). */
  weeks: number;
  /** The public holidays of the years around today, from the library. */
  holidays: { localDate: LocalDate; name: string }[];
}

/**
 * The first week of the demo's data: `DEMO_WEEKS` weeks back, or the week of the latest public holiday
 * on a weekday (Monday to Friday, the demo's working days) up to today when that is older.
 */
export function demoFirstWeek(today: LocalDate, holidays: readonly { localDate: LocalDate }[]): LocalDate {
  const firstWeek = addDays(weekStartOf(today), -7 * (DEMO_WEEKS - 1));
  let latest: LocalDate | null = null;
  for (const { localDate } of holidays) {
    if (localDate <= today && isoWeekdayOf(localDate) <= 5 && (latest === null || localDate > latest))
      latest = localDate;
  }
  return latest !== null && latest < firstWeek ? weekStartOf(latest) : firstWeek;
}

/** What a demo organization's data covers on `now`, and its public holidays. */
export function demoWindow(
  org: Pick<DemoOrganization, 'timeZone' | 'holidayCountry' | 'locale'>,
  now: Date,
): DemoWindow {
  const today = localDateOf(now, org.timeZone);
  const year = Number(today.slice(0, 4));
  const holidays = publicHolidaysOf(org.holidayCountry, null, [year - 1, year, year + 1], org.locale);
  const firstWeek = demoFirstWeek(today, holidays);
  return { today, firstWeek, weeks: daysBetween(firstWeek, weekStartOf(today)) / 7 + 1, holidays };
}
