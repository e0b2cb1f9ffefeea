// Named periods, defined once: "this week", "the last 4 weeks", "the last 13 weeks", months and the
// year so far give the same dates on the dashboards, in the export dialog and in the evidence pack.
// "The last N weeks" are N finished weeks before the current one: an unfinished week is "this week",
// shown apart, so a period's totals never mix finished weeks with a week still being logged. Thirteen
// weeks are never called a quarter: a quarter is the calendar's (`finishedPeriod`, scheduled packs).
import { addDays, type IsoWeekday, type LocalDate, weekStartOf } from './time';

export const NAMED_PERIODS = [
  'thisWeek',
  'last4Weeks',
  'last13Weeks',
  'lastMonth',
  'last3Months',
  'yearToDate',
] as const;
export type NamedPeriod = (typeof NAMED_PERIODS)[number];
/** The named periods the dashboards offer (all weeks); the export dialog offers every named period. */
export const DASHBOARD_PERIODS = ['thisWeek', 'last4Weeks', 'last13Weeks'] as const satisfies readonly NamedPeriod[];

export interface PeriodDates {
  from: LocalDate;
  to: LocalDate;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** The first day of a month; `month` may run below 1 (previous years). */
const firstOfMonth = (year: number, month: number): LocalDate => {
  const y = year + Math.floor((month - 1) / 12);
  const m = ((((month - 1) % 12) + 12) % 12) + 1;
  return `${y}-${pad(m)}-01`;
};

/** The dates of a named period seen on `today` (the organization's local day), weeks starting on `weekStart`. */
export function namedPeriod(name: NamedPeriod, today: LocalDate, weekStart: IsoWeekday = 1): PeriodDates {
  const thisWeek = weekStartOf(today, weekStart);
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const thisMonth = firstOfMonth(year, month);
  switch (name) {
    case 'thisWeek':
      return { from: thisWeek, to: addDays(thisWeek, 6) };
    case 'last4Weeks':
      return { from: addDays(thisWeek, -28), to: addDays(thisWeek, -1) };
    case 'last13Weeks':
      return { from: addDays(thisWeek, -91), to: addDays(thisWeek, -1) };
    case 'lastMonth':
      return { from: firstOfMonth(year, month - 1), to: addDays(thisMonth, -1) };
    case 'last3Months':
      return { from: firstOfMonth(year, month - 3), to: addDays(thisMonth, -1) };
    case 'yearToDate':
      return { from: `${year}-01-01`, to: today };
  }
}

/** The named period whose dates these are on `today`, else null. */
export function periodName(dates: PeriodDates, today: LocalDate, weekStart: IsoWeekday = 1): NamedPeriod | null {
  for (const name of NAMED_PERIODS) {
    const p = namedPeriod(name, today, weekStart);
    if (p.from === dates.from && p.to === dates.to) return name;
  }
  return null;
}

export type EvidenceCadence = 'monthly' | 'quarterly';
export const EVIDENCE_CADENCES = ['monthly', 'quarterly'] as const;

/**
 * The last finished calendar month or quarter seen on `today` (the organization's local day), with
 * its key ('2026-11', '2026-Q3'): what a scheduled evidence pack covers, sent once per key.
 */
export function finishedPeriod(cadence: EvidenceCadence, today: LocalDate): PeriodDates & { key: string } {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  if (cadence === 'monthly') {
    const from = firstOfMonth(year, month - 1);
    return { key: from.slice(0, 7), from, to: addDays(firstOfMonth(year, month), -1) };
  }
  const quarterStart = month - ((month - 1) % 3);
  const from = firstOfMonth(year, quarterStart - 3);
  const quarter = (Number(from.slice(5, 7)) - 1) / 3 + 1;
  return { key: `${from.slice(0, 4)}-Q${quarter}`, from, to: addDays(firstOfMonth(year, quarterStart), -1) };
}
