// Calendar math in a member's IANA zone. Local dates are 'YYYY-MM-DD' strings; weeks are named by
// the local date of their first day, so a week key is independent of any UTC offset.
import { TZDate } from '@date-fns/tz';

export type LocalDate = string;
/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

const LOCAL_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLocalDate(value: string): boolean {
  const m = LOCAL_DATE_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

export function isValidTimeZone(zone: string): boolean {
  if (!zone || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The member's calendar day at an instant. */
export function localDateOf(instant: Date, timeZone: string): LocalDate {
  const z = new TZDate(instant.getTime(), timeZone);
  return `${z.getFullYear()}-${pad(z.getMonth() + 1)}-${pad(z.getDate())}`;
}

/** Minutes since local midnight at an instant. */
export function localMinutesOf(instant: Date, timeZone: string): number {
  const z = new TZDate(instant.getTime(), timeZone);
  return z.getHours() * 60 + z.getMinutes();
}

function utcOf(date: LocalDate): Date {
  const m = LOCAL_DATE_RE.exec(date);
  if (!m) throw new RangeError(`not a local date: ${date}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const d = utcOf(date);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function isoWeekdayOf(date: LocalDate): IsoWeekday {
  const day = utcOf(date).getUTCDay();
  return (day === 0 ? 7 : day) as IsoWeekday;
}

/** First day of the week holding `date`, for an organization whose weeks start on `weekStart`. */
export function weekStartOf(date: LocalDate, weekStart: IsoWeekday = 1): LocalDate {
  const back = (isoWeekdayOf(date) - weekStart + 7) % 7;
  return addDays(date, -back);
}

export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((utcOf(to).getTime() - utcOf(from).getTime()) / 86_400_000);
}

/** The instant of a wall-clock time in a zone (for a time skipped by DST, the instant after the gap). */
export function zonedInstant(date: LocalDate, minutes: number, timeZone: string): Date {
  const m = LOCAL_DATE_RE.exec(date);
  if (!m) throw new RangeError(`not a local date: ${date}`);
  const z = new TZDate(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Math.floor(minutes / 60),
    minutes % 60,
    0,
    timeZone,
  );
  return new Date(z.getTime());
}

export interface WorkingSlot {
  day: IsoWeekday;
  /** 'HH:MM' local */
  start: string;
  end: string;
}
export type WorkingSchedule = WorkingSlot[];

export const DEFAULT_WORKING_SCHEDULE: WorkingSchedule = [1, 2, 3, 4, 5].map((day) => ({
  day: day as IsoWeekday,
  start: '09:00',
  end: '18:00',
}));

export const DEFAULT_WEEKLY_CONTRACT_SECONDS = 35 * 3600;

export function parseClock(value: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  if (!m) throw new RangeError(`not a HH:MM time: ${value}`);
  return Number(m[1]) * 60 + Number(m[2]);
}
