// The values of another tracker's cells: dates, clock times, durations, booleans and header names,
// in the forms real exports write them (ISO or day-first or month-first dates, 12- or 24-hour
// clocks, durations as H:MM:SS, H:MM, decimal hours with a point or a comma, "18:25 min", and
// durations written like a time of day, "12:20:00 AM"). Pure functions: no I/O, no clock.
import { isLocalDate, type LocalDate, zonedInstant } from '@proofwork/core';

/** Day-first (Europe) or month-first (United States) dates such as 03/04/2026. */
export type DateOrder = 'dmy' | 'mdy';

/** A header or a cell compared without case, accents or extra spaces ("Durée (h)" = "duree (h)"). */
export function normalizeLabel(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

const pad = (n: number) => String(n).padStart(2, '0');

function localDate(year: number, month: number, day: number): LocalDate | null {
  const value = `${year}-${pad(month)}-${pad(day)}`;
  return isLocalDate(value) ? value : null;
}

const fullYear = (y: string) => (y.length === 2 ? 2000 + Number(y) : Number(y));

const ISO_DATE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/;
const DOTTED_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})$/;
const SLASHED_DATE = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})$/;

/**
 * What a date says about the order of its parts: 25/03 is day-first, 03/25 month-first, 03/04
 * either; an ISO or dotted date says nothing (null).
 */
export function dateOrderHint(text: string): DateOrder | 'either' | null {
  const m = SLASHED_DATE.exec(text.trim());
  if (!m) return null;
  const [a, b] = [Number(m[1]), Number(m[2])];
  if (a > 12 && b <= 12) return 'dmy';
  if (b > 12 && a <= 12) return 'mdy';
  return a <= 12 && b <= 12 ? 'either' : null;
}

/** Exports repeat their few hundred days over thousands of rows: each is read once. */
const parsedDates = new Map<string, LocalDate | null>();

/** A calendar date; null when it is not one. Dotted dates are always day-first. */
export function parseDate(text: string, order: DateOrder): LocalDate | null {
  const key = `${order}${text}`;
  const known = parsedDates.get(key);
  if (known !== undefined) return known;
  const date = readDate(text, order);
  if (parsedDates.size >= 50_000) parsedDates.clear();
  parsedDates.set(key, date);
  return date;
}

function readDate(text: string, order: DateOrder): LocalDate | null {
  const value = text.trim();
  let m = ISO_DATE.exec(value);
  if (m) return localDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = DOTTED_DATE.exec(value);
  if (m) return localDate(fullYear(m[3]!), Number(m[2]), Number(m[1]));
  m = SLASHED_DATE.exec(value);
  if (m) {
    const [first, second] = [Number(m[1]), Number(m[2])];
    return order === 'dmy' ? localDate(fullYear(m[3]!), second, first) : localDate(fullYear(m[3]!), first, second);
  }
  return null;
}

const CLOCK = /^(\d{1,2})(?::|h)(\d{2})(?::(\d{2}))?(?:\s*([ap])\.?\s*m\.?)?$/i;

/**
 * A time of day as seconds since midnight: 09:15, 9:15:30, 10:30:34 AM, 12:05 am, 14h30.
 * "24:00" is the end of the day (86400). Null when it is not a time.
 */
export function parseClockTime(text: string): number | null {
  const m = CLOCK.exec(text.trim());
  if (!m) return null;
  let hours = Number(m[1]);
  const minutes = Number(m[2]);
  const seconds = m[3] === undefined ? 0 : Number(m[3]);
  if (minutes > 59 || seconds > 59) return null;
  const meridiem = m[4]?.toLowerCase();
  if (meridiem) {
    if (hours < 1 || hours > 12) return null;
    hours = (hours % 12) + (meridiem === 'p' ? 12 : 0);
  } else if (hours > 24 || (hours === 24 && (minutes > 0 || seconds > 0))) return null;
  return hours * 3600 + minutes * 60 + seconds;
}

const DECIMAL = /^(\d+(?:[.,]\d+)?|[.,]\d+)$/;
const HMS = /^(\d+):(\d{1,2}):(\d{1,2})(?:\.\d+)?$/;
const HM = /^(\d+):(\d{1,2})$/;
const CLOCK_LIKE = /^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap])\.?\s*m\.?$/i;
const HOURS_H_MINUTES = /^(\d+)\s*h\s*(\d{1,2})$/i;
const MINUTES_SECONDS = /^(\d+):(\d{1,2})\s*(?:min|mins|minutes?)$/i;
const WITH_UNITS =
  /^(?:(\d+(?:[.,]\d+)?)\s*(?:h|hr|hrs|hours?|heures?))?\s*(?:(\d+(?:[.,]\d+)?)\s*(?:m|min|mins|minutes?|mn))?\s*(?:(\d+)\s*(?:s|sec|secs|seconds?|secondes?))?$/i;

const decimal = (text: string) => Number(text.replace(',', '.'));

/**
 * A duration in seconds (rounded), or null. `bare` says what a plain number means in this column:
 * hours (a "Hours" or "Duration (decimal)" column) or minutes (a "Minutes" column).
 */
export function parseDuration(text: string, bare: 'hours' | 'minutes' = 'hours'): number | null {
  const value = text.trim();
  if (value === '') return null;
  if (DECIMAL.test(value)) return Math.round(decimal(value) * (bare === 'hours' ? 3600 : 60));
  let m = HMS.exec(value);
  if (m) {
    if (Number(m[2]) > 59 || Number(m[3]) > 59) return null;
    return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  }
  m = HM.exec(value);
  if (m) return Number(m[2]) > 59 ? null : Number(m[1]) * 3600 + Number(m[2]) * 60;
  // A duration formatted as a time of day by a spreadsheet or a 12-hour locale: 12:20:00 AM is
  // twenty minutes past midnight, so twenty minutes.
  if (CLOCK_LIKE.test(value)) return parseClockTime(value);
  m = MINUTES_SECONDS.exec(value);
  if (m) return Number(m[2]) > 59 ? null : Number(m[1]) * 60 + Number(m[2]);
  m = HOURS_H_MINUTES.exec(value);
  if (m) return Number(m[2]) > 59 ? null : Number(m[1]) * 3600 + Number(m[2]) * 60;
  m = WITH_UNITS.exec(value);
  if (m && (m[1] !== undefined || m[2] !== undefined || m[3] !== undefined)) {
    const hours = m[1] === undefined ? 0 : decimal(m[1]);
    const minutes = m[2] === undefined ? 0 : decimal(m[2]);
    const seconds = m[3] === undefined ? 0 : Number(m[3]);
    return Math.round(hours * 3600 + minutes * 60 + seconds);
  }
  return null;
}

const TRUE = new Set(['yes', 'y', 'true', '1', 'oui', 'o', 'vrai', 'billable', 'facturable', 'x']);
const FALSE = new Set(['no', 'n', 'false', '0', 'non', 'faux', 'non-billable', 'non facturable', '']);

/** Yes/No, true/false, oui/non, 1/0; null when the cell says something else. */
export function parseBoolean(text: string): boolean | null {
  const value = normalizeLabel(text);
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  return null;
}

const OFFSET = /(?:Z|[+-]\d{2}:?\d{2})$/i;
const DATE_TIME =
  /^(\S+?)(?:[T ]+)(\d{1,2}(?::|h)\d{2}(?::\d{2})?(?:\.\d+)?(?:\s*[ap]\.?\s*m\.?)?)(Z|[+-]\d{2}:?\d{2})?$/i;

/** A date and a time of day in one cell ("2026-03-04 09:15", "04/03/2026 9:15 AM", ISO with an offset). */
export function parseDateTime(
  text: string,
  order: DateOrder,
): { date: LocalDate; seconds: number; offsetInstant: Date | null } | null {
  const value = text.trim();
  const m = DATE_TIME.exec(value);
  if (!m) return null;
  const date = parseDate(m[1]!, order);
  const seconds = parseClockTime(m[2]!.replace(/\.\d+/, ''));
  if (date === null || seconds === null) return null;
  // With an offset the cell names an instant: no zone is needed (nor used).
  const offsetInstant = OFFSET.test(value) && m[3] ? new Date(`${date}T${m[2]!.replace(/\.\d+/, '')}${m[3]}`) : null;
  if (offsetInstant && !Number.isFinite(offsetInstant.getTime())) return null;
  return { date, seconds, offsetInstant };
}

/** The instant of a local date and second of the day in a zone (a time skipped by DST lands after the gap). */
export function localInstant(date: LocalDate, secondOfDay: number, timeZone: string): Date {
  const minutes = Math.floor(secondOfDay / 60);
  const base = zonedInstant(date, minutes, timeZone);
  return new Date(base.getTime() + (secondOfDay % 60) * 1000);
}

/**
 * Spreadsheet formulas in a cell (=HYPERLINK(…), +SUM(…), @IMPORTXML(…)): never imported, since
 * the text would run again in whichever spreadsheet opens an export of it.
 */
export function looksLikeFormula(text: string): boolean {
  const value = text.trimStart();
  if (value.startsWith('=')) return value.length > 1;
  return /^[+\-@]\s*[A-Za-z][A-Za-z0-9_.]*\s*\(/.test(value);
}
