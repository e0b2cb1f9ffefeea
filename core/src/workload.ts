// The workload figures of Proofwork, defined once: the after-hours / weekend split of an entry and
// overtime. The SQL of the weekly rollups (db/src/queries/rollups.ts) computes the same numbers set-
// based; a property test holds the two to the same seconds, so a change to one must change the other.
import { isoWeekdayOf, type LocalDate, type WorkingSchedule } from './time';

const DAY_MS = 86_400_000;

/** Saturday and Sunday are weekend days, whatever the schedule says. */
export function isWeekendDay(localDate: LocalDate): boolean {
  return isoWeekdayOf(localDate) >= 6;
}

/** Time logged above the weekly contract of a member-week; never negative. */
export function overtimeSeconds(loggedSeconds: number, contractSeconds: number): number {
  return Math.max(0, loggedSeconds - contractSeconds);
}

/** The contract time still to log in a member-week; never negative. */
export function remainingContractSeconds(loggedSeconds: number, contractSeconds: number): number {
  return Math.max(0, contractSeconds - loggedSeconds);
}

/** What the split reads of an entry: clock times, or a duration on a local day. */
export interface SplitEntry {
  startedAt: Date | null;
  /** Null for a duration-only entry (and for a running timer, which never counts). */
  endedAt: Date | null;
  /** Null for a running timer. */
  durationSeconds: number | null;
  localDate: LocalDate;
}

/** Seconds outside the schedule on weekdays, and seconds on Saturdays and Sundays (fractions kept). */
export interface WorkSplit {
  afterHoursSeconds: number;
  weekendSeconds: number;
}

/** A weekly slot in milliseconds since the local Monday 00:00, [opens, closes). */
export interface WeekSlot {
  opens: number;
  closes: number;
}

const CLOCK = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/** 'HH:MM' (or 'HH:MM:SS', up to 24:00) as milliseconds since midnight, read as PostgreSQL reads a time. */
function clockMs(value: string): number {
  const m = CLOCK.exec(value);
  const ms = m ? ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3] ?? 0)) * 1000 : Number.NaN;
  if (!(ms >= 0 && ms <= DAY_MS) || Number(m![2]) > 59 || Number(m![3] ?? 0) > 59) {
    throw new RangeError(`not a time of day: ${value}`);
  }
  return ms;
}

/**
 * The schedule as sorted, disjoint weekly slots: overlapping or touching slots merge (an hour in
 * two slots is worked once), an inverted or empty slot counts for nothing, days outside 1–7 are
 * ignored.
 */
export function weeklySlots(schedule: WorkingSchedule): WeekSlot[] {
  const ranges = schedule
    .filter((slot) => slot.day >= 1 && slot.day <= 7)
    .map((slot) => {
      const base = (slot.day - 1) * DAY_MS;
      const opens = clockMs(slot.start);
      const closes = clockMs(slot.end);
      return { opens: base + Math.min(opens, closes), closes: base + closes };
    })
    .filter((r) => r.closes > r.opens)
    .sort((a, b) => a.opens - b.opens);
  const merged: WeekSlot[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r.opens <= last.closes) last.closes = Math.max(last.closes, r.closes);
    else merged.push({ ...r });
  }
  return merged;
}

// ─── Wall clock in a zone ─────────────────────────────────────────────────────────────────────

const formats = new Map<string, Intl.DateTimeFormat>();

function formatOf(zone: string): Intl.DateTimeFormat {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(zone, format);
  }
  return format;
}

/** The wall clock in `zone` at an instant, as milliseconds of a UTC calendar (PostgreSQL's `AT TIME ZONE`). */
function wallOf(instant: number, zone: string): number {
  const whole = Math.floor(instant / 1000) * 1000;
  const parts: Record<string, number> = {};
  for (const p of formatOf(zone).formatToParts(whole)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wall + (instant - whole);
}

const offsetAt = (instant: number, zone: string) => wallOf(instant, zone) - instant;

/**
 * The instant of a wall-clock time in `zone` (`timestamp AT TIME ZONE zone`), resolved as PostgreSQL
 * resolves it: a time skipped by a clock change takes the offset before the change, a time that
 * happens twice takes the later instant.
 */
function instantOf(wall: number, zone: string): number {
  const before = offsetAt(wall - DAY_MS, zone);
  const after = offsetAt(wall + DAY_MS, zone);
  const beforeTime = wall - before;
  if (before === after) return beforeTime;
  const afterTime = wall - after;
  // One change lies between; a candidate is on its "before" side when the offset there is `before`.
  const beforeSide = (t: number) => offsetAt(t, zone) === before;
  if (beforeSide(beforeTime) && beforeSide(afterTime)) return beforeTime;
  if (!beforeSide(beforeTime) && !beforeSide(afterTime)) return afterTime;
  return Math.max(beforeTime, afterTime);
}

const isoWeekdayOfWall = (wall: number) => {
  const day = new Date(wall).getUTCDay();
  return day === 0 ? 7 : day;
};
const midnightOf = (wall: number) => Math.floor(wall / DAY_MS) * DAY_MS;

// ─── The split ────────────────────────────────────────────────────────────────────────────────

/**
 * The after-hours and weekend seconds of one entry for a member working `schedule` in `zone` (their
 * own zone, else the organization's):
 *
 * - a running timer (no duration) counts for nothing;
 * - a duration-only entry has no clock times: all of it is weekend time when its local day is a
 *   Saturday or Sunday, and none of it is after-hours (no start time is invented);
 * - a timed entry is cut at the member's local midnights; its parts on Saturday and Sunday are
 *   weekend time, its parts on other days are after-hours outside the merged schedule slots of
 *   that day. Days are real days in the zone (23 or 25 hours across a clock change); a slot edge
 *   at a wall time skipped or repeated by a clock change resolves as PostgreSQL resolves it.
 */
export function splitOfEntry(entry: SplitEntry, zone: string, schedule: WorkingSchedule | WeekSlot[]): WorkSplit {
  if (entry.durationSeconds === null) return { afterHoursSeconds: 0, weekendSeconds: 0 };
  if (entry.endedAt === null) {
    return { afterHoursSeconds: 0, weekendSeconds: isWeekendDay(entry.localDate) ? entry.durationSeconds : 0 };
  }
  // An end without a start is refused by the API; the SQL counts nothing of it either.
  if (entry.startedAt === null) return { afterHoursSeconds: 0, weekendSeconds: 0 };
  const slots = isWeekSlots(schedule) ? schedule : weeklySlots(schedule);
  const start = entry.startedAt.getTime();
  const end = entry.endedAt.getTime();
  const localStart = wallOf(start, zone);
  const localEnd = wallOf(end, zone);
  const sinceMidnight = localStart - midnightOf(localStart);
  // Same UTC offset at both ends and over by the next local midnight: wall time moves with real time.
  if (localEnd - localStart === end - start && sinceMidnight + (localEnd - localStart) <= DAY_MS) {
    const day = isoWeekdayOfWall(localStart);
    if (day >= 6) return { afterHoursSeconds: 0, weekendSeconds: (end - start) / 1000 };
    const from = (day - 1) * DAY_MS + sinceMidnight;
    const to = from + (localEnd - localStart);
    let working = 0;
    for (const slot of slots) working += Math.max(0, Math.min(to, slot.closes) - Math.max(from, slot.opens));
    return { afterHoursSeconds: (end - start - working) / 1000, weekendSeconds: 0 };
  }
  let afterHours = 0;
  let weekend = 0;
  for (let day = midnightOf(localStart); day <= midnightOf(localEnd); day += DAY_MS) {
    const lower = Math.max(start, instantOf(day, zone));
    const upper = Math.min(end, instantOf(day + DAY_MS, zone));
    if (upper <= lower) continue;
    const weekday = isoWeekdayOfWall(day);
    if (weekday >= 6) {
      weekend += upper - lower;
      continue;
    }
    const base = (weekday - 1) * DAY_MS;
    let working = 0;
    for (const slot of slots) {
      if (slot.opens < base || slot.opens >= base + DAY_MS) continue;
      const opens = instantOf(day + slot.opens - base, zone);
      const closes = instantOf(day + slot.closes - base, zone);
      working += Math.max(0, Math.min(upper, closes) - Math.max(lower, Math.min(opens, closes)));
    }
    afterHours += upper - lower - working;
  }
  return { afterHoursSeconds: afterHours / 1000, weekendSeconds: weekend / 1000 };
}

function isWeekSlots(value: WorkingSchedule | WeekSlot[]): value is WeekSlot[] {
  return value.length > 0 && 'opens' in value[0]!;
}

// ─── Expected hours and coverage ──────────────────────────────────────────────────────────────

/**
 * The hours a member-week expects: the weekly contract pro-rated by the working days the member is
 * present (working days of their schedule, less public holidays, less days off, a half-day off
 * counting half) over the working days of their schedule, to the second. The SQL is `memberWeeksSql`
 * (db/src/queries/workload.ts); for the unfinished current week it counts the days up to today only.
 */
export function expectedSeconds(contractSeconds: number, workingDays: number, presentDays: number): number {
  if (workingDays <= 0) return 0;
  return Math.round((contractSeconds * Math.max(0, Math.min(presentDays, workingDays))) / workingDays);
}

/** Logged ÷ expected; null when nothing was expected (a week of holidays, a member who does not track time). */
export function coverageOf(loggedSeconds: number, expectedSeconds: number): number | null {
  return expectedSeconds > 0 ? loggedSeconds / expectedSeconds : null;
}

/** The default completeness threshold: a member-week logging less than 80 % of its expected hours is incomplete. */
export const DEFAULT_COVERAGE_THRESHOLD_PERCENT = 80;

/** A member-week is incomplete when time was expected and its coverage is below the threshold. */
export function isCompleteWeek(loggedSeconds: number, expected: number, thresholdPercent: number): boolean {
  return !(expected > 0 && loggedSeconds * 100 < thresholdPercent * expected);
}
