// When a source row happened: clock times when the row has a start and an end (preferred over its
// duration column, and a disagreement is reported), else a duration on a day. Local times are read
// in the zone the import was told (or the member's), to the second.
import { addDays, type LocalDate, localDateOf } from '@proofwork/core';
import type { ImportProblem, SourceRow } from './import.contract';
import { type DateOrder, localInstant, parseClockTime, parseDate, parseDateTime, parseDuration } from './values';

export type RowTiming =
  | { kind: 'timed'; startedAt: Date; endedAt: Date; seconds: number }
  | { kind: 'day'; localDate: LocalDate; seconds: number };

const DAY = 86_400;
/** Rounding in the source (Clockify rounds, Toggl cuts seconds in some views) is not a disagreement. */
const MISMATCH_TOLERANCE_SECONDS = 60;

const cut = (value: string) => (value.length > 80 ? `${value.slice(0, 79)}…` : value);

type Problem = Omit<ImportProblem, 'row'>;

function problem(code: ImportProblem['code'], column: string, value: string, message: string): Problem {
  return { code, severity: 'error', column, value: cut(value), message };
}

/** The stated duration: the H:MM:SS column first, then the decimal one, then minutes. */
function statedDuration(row: SourceRow): { seconds: number | null; column: string; value: string } | null {
  const { duration, durationDecimal, minutes } = row.cells;
  if (duration !== '') return { seconds: parseDuration(duration), column: 'duration', value: duration };
  if (durationDecimal !== '')
    return { seconds: parseDuration(durationDecimal), column: 'durationDecimal', value: durationDecimal };
  if (minutes !== '') return { seconds: parseDuration(minutes, 'minutes'), column: 'minutes', value: minutes };
  return null;
}

interface LocalPoint {
  date: LocalDate;
  second: number;
  /** Set when the cell carried its own UTC offset. */
  instant: Date | null;
}

/** A date cell plus a time cell, or one cell holding both (generic exports). */
function point(
  dateCell: string,
  timeCell: string,
  order: DateOrder,
  column: string,
): { point: LocalPoint } | { problem: Problem } | null {
  if (timeCell === '' && dateCell === '') return null;
  const both = timeCell !== '' ? parseDateTime(timeCell, order) : null;
  if (both) return { point: { date: both.date, second: both.seconds, instant: both.offsetInstant } };
  if (timeCell === '') return null;
  const date = parseDate(dateCell, order);
  if (date === null) return { problem: problem('bad_date', column, dateCell, `"${cut(dateCell)}" is not a date`) };
  const second = parseClockTime(timeCell);
  if (second === null) return { problem: problem('bad_time', column, timeCell, `"${cut(timeCell)}" is not a time`) };
  return { point: { date, second, instant: null } };
}

const instantOf = (p: LocalPoint, zone: string) => p.instant ?? localInstant(p.date, p.second, zone);

/**
 * The row's timing, or the problems that keep it out. Warnings (a duration that disagrees with the
 * clock times) come with a timing.
 */
export function resolveTiming(
  row: SourceRow,
  order: DateOrder,
  zone: string,
): { timing: RowTiming | null; problems: Problem[] } {
  const { cells } = row;
  const problems: Problem[] = [];
  const fail = (p: Problem) => ({ timing: null, problems: [...problems, p] });
  const startDateCell = cells.startDate || cells.date;
  const start = point(startDateCell, cells.startTime || cells.start, order, cells.startTime ? 'startTime' : 'start');
  if (start && 'problem' in start) return fail(start.problem);
  const endTime = cells.endTime || cells.end;
  const end =
    endTime === '' ? null : point(cells.endDate || startDateCell, endTime, order, cells.endTime ? 'endTime' : 'end');
  if (end && 'problem' in end) return fail(end.problem);
  const stated = statedDuration(row);
  if (stated && stated.seconds === null) {
    // A bad duration matters only when nothing else gives the timing.
    if (!(start && end))
      return fail(problem('bad_duration', stated.column, stated.value, `"${cut(stated.value)}" is not a duration`));
  }

  if (start && end) {
    const startedAt = instantOf(start.point, zone);
    let endedAt = instantOf(end.point, zone);
    // An end time alone that is earlier than the start ran past midnight.
    if (!cells.endDate && end.point.instant === null && endedAt <= startedAt && end.point.date === start.point.date) {
      endedAt = localInstant(addDays(end.point.date, 1), end.point.second, zone);
    }
    const seconds = Math.round((endedAt.getTime() - startedAt.getTime()) / 1000);
    if (seconds < 0) return fail(problem('end_before_start', 'end', endTime, 'ends before it starts'));
    if (seconds === 0) return fail(problem('zero_duration', 'end', endTime, 'lasts no time'));
    if (seconds > DAY) return fail(problem('over_24h', 'end', endTime, 'lasts more than 24 hours'));
    if (stated?.seconds != null && Math.abs(stated.seconds - seconds) > MISMATCH_TOLERANCE_SECONDS) {
      problems.push({
        code: 'duration_mismatch',
        severity: 'warning',
        column: stated.column,
        value: cut(stated.value),
        message: `the duration column says ${stated.seconds} s, the start and end ${seconds} s: start and end were used`,
      });
    }
    return { timing: { kind: 'timed', startedAt, endedAt, seconds }, problems };
  }

  if (!stated || stated.seconds === null) {
    return fail(problem('no_timing', 'duration', '', 'has neither a start and an end nor a duration'));
  }
  const seconds = stated.seconds;
  if (seconds <= 0) return fail(problem('zero_duration', stated.column, stated.value, 'lasts no time'));
  if (seconds > DAY) return fail(problem('over_24h', stated.column, stated.value, 'lasts more than 24 hours'));
  if (start) {
    const startedAt = instantOf(start.point, zone);
    return {
      timing: { kind: 'timed', startedAt, endedAt: new Date(startedAt.getTime() + seconds * 1000), seconds },
      problems,
    };
  }
  const date = parseDate(startDateCell, order);
  if (date === null) {
    return fail(
      startDateCell === ''
        ? problem('no_timing', 'date', '', 'has no date')
        : problem('bad_date', 'date', startDateCell, `"${cut(startDateCell)}" is not a date`),
    );
  }
  return { timing: { kind: 'day', localDate: date, seconds }, problems };
}

/** The local day a timing falls on in a zone (what the preview shows). */
export function timingDay(timing: RowTiming, zone: string): LocalDate {
  return timing.kind === 'day' ? timing.localDate : localDateOf(timing.startedAt, zone);
}
