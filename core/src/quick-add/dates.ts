// Our own date rules, for what chrono misses or reads differently: ISO and numeric dates (day/month
// first, month/day only when day/month is impossible), "hier", "avant-hier", "hier soir", "ce matin",
// weekday names (the most recent one, today included; "last"/"dernier" excludes today), "le 20".
// Month-name dates go to chrono (./chrono-dates.ts).
import type { Locale } from '../taxonomy';
import { addDays, type IsoWeekday, type LocalDate } from '../time';
import { mostRecentDayMonth, mostRecentDayOfMonth, type WeekdayReading, weekdayDate, ymd } from './calendar';
import { findChronoDates } from './chrono-dates';
import { type Scan, type Span, selectNonOverlapping, withConnector } from './scan';

export interface DateMatch extends Span {
  date: LocalDate;
}

const B = String.raw`(?<![\p{L}\p{N}])`;
const E = String.raw`(?![\p{L}\p{N}])`;
const DATE_CONNECTOR = /(?<![\p{L}\p{N}])(?:le|on|du|en date du|dated)\s+$/u;

const ISO_RE = /(?<![\p{L}\p{N}/.:,-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\p{N}-])/gu;
// "20/11", "20/11/2026", "20.11.2026" but not "1/2h" or "3/4 d'heure" (durations).
const NUMERIC_RE =
  /(?<![\p{L}\p{N}/.:,-])(\d{1,2})(?:\/(\d{1,2})(?:\/(\d{4}|\d{2}))?|\.(\d{1,2})\.(\d{4}))(?![\p{N}/])(?!\s*(?:h|hrs?|heures?|hours?|d'\s?heure)(?!\p{L}))/gu;

function numericDate(first: number, second: number, yearText: string | undefined, today: LocalDate): LocalDate | null {
  const year = yearText === undefined ? null : Number(yearText.length === 2 ? `20${yearText}` : yearText);
  const pick = (day: number, month: number) =>
    year === null ? mostRecentDayMonth(month, day, today) : ymd(year, month, day);
  return pick(first, second) ?? (second > 12 ? pick(second, first) : null);
}

/** ISO and numeric dates: claimed before ranges so "2026-11-20" and "20/11" are never read as times. */
export function extractNumericDates(scan: Scan, today: LocalDate): DateMatch[] {
  const found: DateMatch[] = [];
  for (const m of scan.work.matchAll(ISO_RE)) {
    const date = ymd(Number(m[1]), Number(m[2]), Number(m[3]));
    if (date) found.push({ start: m.index, end: m.index + m[0].length, date });
  }
  for (const m of scan.work.matchAll(NUMERIC_RE)) {
    const date = numericDate(Number(m[1]), Number(m[2] ?? m[4]), m[3] ?? m[5], today);
    if (date) found.push({ start: m.index, end: m.index + m[0].length, date });
  }
  return claimDates(scan, found);
}

const PART_OF_DAY = String.raw`(?:\s+(?:(?:dans\s+la|in\s+the|au|en)\s+)?(?:matinee|matin|soiree|soir|midi|apres[\s-]?midi|aprem|nuit|morning|afternoon|evening|night|noon|lunchtime))?`;

const RELATIVE: readonly { re: RegExp; days: number }[] = [
  { re: String.raw`(?:avant[\s-]?hier|(?:the\s+)?day\s+before\s+yesterday)`, days: -2 },
  { re: String.raw`(?:apres[\s-]?demain|(?:the\s+)?day\s+after\s+tomorrow)`, days: 2 },
  { re: '(?:hier|yesterday)', days: -1 },
  { re: '(?:demain|tomorrow)', days: 1 },
  { re: String.raw`(?:aujourd'?\s?hui|auj|ajd|today)`, days: 0 },
].map(({ re, days }) => ({ re: new RegExp(B + re + PART_OF_DAY + E, 'gu'), days }));

const TODAY_PARTS = new RegExp(
  B +
    String.raw`(?:tonight|this\s+(?:morning|afternoon|evening)|ce\s+(?:matin|soir|midi)|cet\s+(?:apres[\s-]?midi|aprem)|cette\s+(?:nuit|matinee|soiree|apres[\s-]?midi))` +
    E,
  'gu',
);
const LAST_NIGHT = new RegExp(`${B}last\\s+night${E}`, 'gu');

const WEEKDAYS: Readonly<Record<string, IsoWeekday>> = {
  monday: 1,
  lundi: 1,
  tuesday: 2,
  tues: 2,
  tue: 2,
  mardi: 2,
  wednesday: 3,
  mercredi: 3,
  thursday: 4,
  thurs: 4,
  thur: 4,
  thu: 4,
  jeudi: 4,
  friday: 5,
  fri: 5,
  vendredi: 5,
  saturday: 6,
  samedi: 6,
  sunday: 7,
  dimanche: 7,
};
// "mon", "wed", "sat", "sun" and the French three-letter forms ("mer", "jeu") are ordinary words.
// "Black Friday" and "Cyber Monday" are events, not dates.
const WEEKDAY_RE = new RegExp(
  B +
    String.raw`(?:(last|past|previous|this|on|next|ce|le|du)\s+)?(?<!(?:black|cyber)\s+)(${Object.keys(WEEKDAYS).join('|')})` +
    String.raw`(?:\s+(dernier|derniere|passe|prochain|d'avant))?` +
    PART_OF_DAY +
    String.raw`(?:\s+(?:the\s+)?(\d{1,2})(?:st|nd|rd|th|er)?(?![\p{L}\p{N}])(?!\s+\p{L}))?` +
    E,
  'gu',
);

// "le 20" / "the 20th": a day of the month alone. "le 3 posts" is not a date, so a following word vetoes it.
const DAY_OF_MONTH_RE = new RegExp(
  B + String.raw`(?:le\s+(\d{1,2})(?:er)?|(?:on\s+)?the\s+(\d{1,2})(?:st|nd|rd|th))(?![\p{L}\p{N}/:.,])(?!\s*\p{L})`,
  'gu',
);

function weekdayReading(prefix: string | undefined, suffix: string | undefined): WeekdayReading {
  if (prefix === 'next' || suffix === 'prochain') return 'next';
  if (prefix === 'last' || prefix === 'past' || prefix === 'previous' || (suffix && suffix !== 'prochain')) {
    return 'previous';
  }
  return 'recent';
}

function findOwnWordDates(work: string, today: LocalDate): DateMatch[] {
  const found: DateMatch[] = [];
  const push = (m: RegExpMatchArray, date: LocalDate | null) => {
    if (date) found.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, date });
  };
  for (const { re, days } of RELATIVE) for (const m of work.matchAll(re)) push(m, addDays(today, days));
  for (const m of work.matchAll(TODAY_PARTS)) push(m, today);
  for (const m of work.matchAll(LAST_NIGHT)) push(m, addDays(today, -1));
  return found;
}

function findWeekdays(work: string, today: LocalDate): DateMatch[] {
  const found: DateMatch[] = [];
  for (const m of work.matchAll(WEEKDAY_RE)) {
    const weekday = WEEKDAYS[m[2] ?? ''];
    if (!weekday) continue;
    // "jeudi 19": the day number is the stronger cue; the weekday name only confirms it.
    const date = m[4]
      ? mostRecentDayOfMonth(Number(m[4]), today)
      : weekdayDate(weekday, weekdayReading(m[1], m[3]), today);
    if (date) found.push({ start: m.index, end: m.index + m[0].length, date });
  }
  for (const m of work.matchAll(DAY_OF_MONTH_RE)) {
    const date = mostRecentDayOfMonth(Number(m[1] ?? m[2]), today);
    if (date) found.push({ start: m.index, end: m.index + m[0].length, date });
  }
  return found;
}

function claimDates(scan: Scan, found: DateMatch[]): DateMatch[] {
  const chosen = selectNonOverlapping(found).map((d) => withConnector(scan.work, d, DATE_CONNECTOR));
  scan.claim(chosen);
  return chosen;
}

/**
 * Word dates, in an order that keeps each reader away from the others' words: our relative words
 * first (chrono reads the "hier" of "avant-hier"), then chrono for month names and "3 days ago",
 * then weekday names (after chrono so "jeudi 19 novembre" stays one date).
 */
export function extractWordDates(scan: Scan, today: LocalDate, locale: Locale, timeZone: string): DateMatch[] {
  const own = claimDates(scan, findOwnWordDates(scan.work, today));
  const fromChrono = claimDates(scan, findChronoDates(scan.work, scan.folded, today, locale, timeZone));
  const weekdays = claimDates(scan, findWeekdays(scan.work, today));
  return [...own, ...fromChrono, ...weekdays];
}
