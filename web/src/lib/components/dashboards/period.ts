// The period a dashboard shows, kept in the URL query (?period=4w, or ?period=custom&from=…&to=…) so
// a link or a reload shows the same numbers. Periods are whole weeks, as the dashboards count them.
import { addDays, daysBetween, type IsoWeekday, isLocalDate, weekStartOf } from '@proofwork/core';

export const PRESETS = ['week', '4w', 'quarter', 'custom'] as const;
export type Preset = (typeof PRESETS)[number];
export const DEFAULT_PRESET: Preset = '4w';
const WEEKS: Record<Exclude<Preset, 'custom'>, number> = { week: 1, '4w': 4, quarter: 13 };
const MAX_DAYS = 3 * 366;

export interface Period {
  preset: Preset;
  from: string;
  to: string;
  /** The first day of each week in the period. */
  weeks: string[];
}

export function periodFrom(params: URLSearchParams, today: string, weekStartDay: number): Period {
  const start = weekStartDay as IsoWeekday;
  const asked = params.get('period');
  const from = params.get('from');
  const to = params.get('to');
  if (asked === 'custom' && from && to && isLocalDate(from) && isLocalDate(to)) {
    const span = daysBetween(from, to);
    if (span >= 0 && span <= MAX_DAYS) return { preset: 'custom', from, to, weeks: weeksOf(from, to, start) };
  }
  const preset = asked && asked in WEEKS ? (asked as keyof typeof WEEKS) : DEFAULT_PRESET;
  const thisWeek = weekStartOf(today, start);
  const first = addDays(thisWeek, -7 * (WEEKS[preset as keyof typeof WEEKS] - 1));
  const last = addDays(thisWeek, 6);
  return { preset, from: first, to: last, weeks: weeksOf(first, last, start) };
}

function weeksOf(from: string, to: string, start: IsoWeekday): string[] {
  const weeks: string[] = [];
  for (let w = weekStartOf(from, start); w <= to; w = addDays(w, 7)) weeks.push(w);
  return weeks;
}

/** The query string of a period (for links that keep it). */
export function periodQuery(period: Pick<Period, 'preset' | 'from' | 'to'>): string {
  if (period.preset !== 'custom') return period.preset === DEFAULT_PRESET ? '' : `?period=${period.preset}`;
  return `?period=custom&from=${period.from}&to=${period.to}`;
}

export function exportHref(period: Pick<Period, 'from' | 'to'>): string {
  return `/evidence?from=${period.from}&to=${period.to}&dialog=export`;
}
