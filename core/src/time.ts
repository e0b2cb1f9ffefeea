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

/** Answers already known: building a formatter to test a zone costs ~0.1 ms, and a bulk job asks per row. */
const knownZones = new Map<string, boolean>();

export function isValidTimeZone(zone: string): boolean {
  if (!zone || zone.length > 64) return false;
  const known = knownZones.get(zone);
  if (known !== undefined) return known;
  let valid: boolean;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    valid = true;
  } catch {
    valid = false;
  }
  // Bounded: zone names come from users, and there are only a few hundred real ones.
  if (knownZones.size < 1000) knownZones.set(zone, valid);
  return valid;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * Zone arithmetic answers remembered: a zone's rules are looked up through Intl (~25 µs a call),
 * and a bulk write asks a few times per row. Bounded, since the keys come from data.
 */
class Memo<V> {
  private readonly map = new Map<string, V>();
  get(key: string, compute: () => V): V {
    let value = this.map.get(key);
    if (value === undefined) {
      if (this.map.size >= 200_000) this.map.clear();
      value = compute();
      this.map.set(key, value);
    }
    return value;
  }
}

const QUARTER_HOUR = 900_000;
const localDates = new Memo<LocalDate>();

/**
 * The member's calendar day at an instant. Every zone's offset is a multiple of 15 minutes, so a
 * local midnight falls on a quarter hour of UTC: the day is the same over each UTC quarter hour.
 */
export function localDateOf(instant: Date, timeZone: string): LocalDate {
  const bucket = Math.floor(instant.getTime() / QUARTER_HOUR);
  return localDates.get(`${timeZone}|${bucket}`, () => {
    const z = new TZDate(instant.getTime(), timeZone);
    return `${z.getFullYear()}-${pad(z.getMonth() + 1)}-${pad(z.getDate())}`;
  });
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

function wallClockInstant(date: LocalDate, minutes: number, timeZone: string): number {
  const m = LOCAL_DATE_RE.exec(date);
  if (!m) throw new RangeError(`not a local date: ${date}`);
  return new TZDate(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Math.floor(minutes / 60),
    minutes % 60,
    0,
    timeZone,
  ).getTime();
}

/** Per local hour: its first instant, and whether the hour is a plain 60 minutes (no clock change in it). */
const localHours = new Memo<{ start: number; plain: boolean }>();

/** The instant of a wall-clock time in a zone (for a time skipped by DST, the instant after the gap). */
export function zonedInstant(date: LocalDate, minutes: number, timeZone: string): Date {
  const hour = Math.floor(minutes / 60);
  const { start, plain } = localHours.get(`${timeZone}|${date}|${hour}`, () => {
    const first = wallClockInstant(date, hour * 60, timeZone);
    const next = wallClockInstant(date, hour * 60 + 60, timeZone);
    return { start: first, plain: next - first === 3_600_000 };
  });
  // Within a plain hour a wall clock moves with real time; the hours of a clock change ask the zone.
  return new Date(plain ? start + (minutes % 60) * 60_000 : wallClockInstant(date, minutes, timeZone));
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

/** A timer running longer than this was most likely forgotten: flagged, and stopped only with its real end. */
export const STALE_TIMER_SECONDS = 12 * 3600;

export function parseClock(value: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  if (!m) throw new RangeError(`not a HH:MM time: ${value}`);
  return Number(m[1]) * 60 + Number(m[2]);
}
