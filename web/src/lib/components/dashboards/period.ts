// The period a dashboard shows, kept in the URL query (?period=4w, or ?period=custom&from=…&to=…, and
// &complete=1 for complete weeks only) so a link or a reload shows the same numbers. Named periods
// are core's (`namedPeriod`, `DASHBOARD_PERIODS`) and named as the export dialog names them: "the last 4
// weeks" here is the same four finished weeks as in the export dialog and the evidence pack; "this week"
// is the unfinished week, shown apart. `?period=quarter` (older links) reads as the last 13 weeks.
import {
  addDays,
  type DASHBOARD_PERIODS,
  daysBetween,
  type IsoWeekday,
  isLocalDate,
  namedPeriod,
  weekStartOf,
} from '@proofwork/core';

export const PRESETS = ['week', '4w', '13w', 'custom'] as const;
export type Preset = (typeof PRESETS)[number];
export const DEFAULT_PRESET: Preset = '4w';
/** The named period of each preset (its words are the period's: `period.<name>`). */
export const NAMED = {
  week: 'thisWeek',
  '4w': 'last4Weeks',
  '13w': 'last13Weeks',
} as const satisfies Record<Exclude<Preset, 'custom'>, (typeof DASHBOARD_PERIODS)[number]>;
/** Links written before "quarter" was renamed for what it is. */
const ALIASES: Record<string, keyof typeof NAMED> = { quarter: '13w' };
const MAX_DAYS = 3 * 366;

export interface Period {
  preset: Preset;
  from: string;
  to: string;
  /** The first day of each week in the period. */
  weeks: string[];
  /** Only member-weeks whose coverage reaches the organization's threshold. */
  completeOnly: boolean;
}

export function periodFrom(params: URLSearchParams, today: string, weekStartDay: number): Period {
  const start = weekStartDay as IsoWeekday;
  const asked = params.get('period');
  const from = params.get('from');
  const to = params.get('to');
  const completeOnly = params.get('complete') === '1';
  if (asked === 'custom' && from && to && isLocalDate(from) && isLocalDate(to)) {
    const span = daysBetween(from, to);
    if (span >= 0 && span <= MAX_DAYS) {
      return { preset: 'custom', from, to, weeks: weeksOf(from, to, start), completeOnly };
    }
  }
  const named = asked ? (ALIASES[asked] ?? asked) : DEFAULT_PRESET;
  const preset = named in NAMED ? (named as keyof typeof NAMED) : (DEFAULT_PRESET as keyof typeof NAMED);
  const dates = namedPeriod(NAMED[preset], today, start);
  return { preset, ...dates, weeks: weeksOf(dates.from, dates.to, start), completeOnly };
}

function weeksOf(from: string, to: string, start: IsoWeekday): string[] {
  const weeks: string[] = [];
  for (let w = weekStartOf(from, start); w <= to; w = addDays(w, 7)) weeks.push(w);
  return weeks;
}

/** The query string of a period (for links that keep it). */
export function periodQuery(period: Pick<Period, 'preset' | 'from' | 'to'> & { completeOnly?: boolean }): string {
  const parts: string[] = [];
  if (period.preset === 'custom') parts.push('period=custom', `from=${period.from}`, `to=${period.to}`);
  else if (period.preset !== DEFAULT_PRESET) parts.push(`period=${period.preset}`);
  if (period.completeOnly) parts.push('complete=1');
  return parts.length ? `?${parts.join('&')}` : '';
}

export function exportHref(period: Pick<Period, 'from' | 'to'>): string {
  return `/evidence?from=${period.from}&to=${period.to}&dialog=export`;
}
