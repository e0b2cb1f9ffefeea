// Local-date arithmetic for quick-add on top of ../time.ts: which year a day-month without a year
// means, which date a weekday name means, and the zone offset chrono needs.
import { TZDate } from '@date-fns/tz';
import { addDays, type IsoWeekday, isLocalDate, isoWeekdayOf, type LocalDate } from '../time';

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export function ymd(year: number, month: number, day: number): LocalDate | null {
  if (year < 1 || year > 9999) return null;
  const date = `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
  return isLocalDate(date) ? date : null;
}

/**
 * A day-month written without a year is the most recent one not after today: people log work that
 * is done, so in November "3 mars" is last March, not next March (chrono would pick the closest).
 */
export function mostRecentDayMonth(month: number, day: number, today: LocalDate): LocalDate | null {
  const year = Number(today.slice(0, 4));
  for (let y = year; y >= year - 8; y--) {
    const date = ymd(y, month, day);
    if (date && date <= today) return date;
  }
  return null;
}

/** "le 20", "the 20th": the most recent date with that day of the month, today included. */
export function mostRecentDayOfMonth(day: number, today: LocalDate): LocalDate | null {
  let year = Number(today.slice(0, 4));
  let month = Number(today.slice(5, 7));
  for (let k = 0; k < 12; k++) {
    const date = ymd(year, month, day);
    if (date && date <= today) return date;
    month -= 1;
    if (month === 0) {
      month = 12;
      year -= 1;
    }
  }
  return null;
}

export type WeekdayReading = 'recent' | 'previous' | 'next';

/**
 * 'recent': the most recent such day, today included ("mercredi" on a Wednesday is today);
 * 'previous': strictly before today ("last friday", "vendredi dernier"); 'next': strictly after.
 */
export function weekdayDate(weekday: IsoWeekday, reading: WeekdayReading, today: LocalDate): LocalDate {
  const current = isoWeekdayOf(today);
  if (reading === 'next') return addDays(today, (weekday - current + 7) % 7 || 7);
  const back = (current - weekday + 7) % 7;
  return addDays(today, -(back === 0 && reading === 'previous' ? 7 : back));
}

/** UTC offset in minutes (east positive, chrono's convention) of a zone at noon of a local date. */
export function offsetMinutesAtNoon(date: LocalDate, timeZone: string): number {
  const z = new TZDate(
    Number(date.slice(0, 4)),
    Number(date.slice(5, 7)) - 1,
    Number(date.slice(8, 10)),
    12,
    0,
    0,
    timeZone,
  );
  return -z.getTimezoneOffset();
}
