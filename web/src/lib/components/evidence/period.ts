// Period presets of the evidence section, as local dates ('YYYY-MM-DD') counted from "today" in the
// organization's zone; the API widens any period to whole weeks.
import { addDays, type IsoWeekday, weekStartOf } from '@proofwork/core';

export type Preset = 'last4Weeks' | 'lastMonth' | 'last3Months' | 'yearToDate' | 'custom';
export const PRESETS: readonly Preset[] = ['last4Weeks', 'lastMonth', 'last3Months', 'yearToDate', 'custom'];

export interface Period {
  from: string;
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const firstOfMonth = (year: number, month: number) => {
  // month may run below 1: roll back into the previous years.
  const y = year + Math.floor((month - 1) / 12);
  const m = ((((month - 1) % 12) + 12) % 12) + 1;
  return `${y}-${pad(m)}-01`;
};

export function presetPeriod(preset: Exclude<Preset, 'custom'>, today: string, weekStart: number): Period {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const thisMonth = firstOfMonth(year, month);
  switch (preset) {
    case 'last4Weeks': {
      const start = weekStartOf(today, weekStart as IsoWeekday);
      return { from: addDays(start, -28), to: addDays(start, -1) };
    }
    case 'lastMonth':
      return { from: firstOfMonth(year, month - 1), to: addDays(thisMonth, -1) };
    case 'last3Months':
      return { from: firstOfMonth(year, month - 3), to: addDays(thisMonth, -1) };
    case 'yearToDate':
      return { from: `${year}-01-01`, to: today };
  }
}

/** The preset a period matches, else custom. */
export function presetOf(period: Period, today: string, weekStart: number): Preset {
  for (const preset of PRESETS) {
    if (preset === 'custom') continue;
    const p = presetPeriod(preset, today, weekStart);
    if (p.from === period.from && p.to === period.to) return preset;
  }
  return 'custom';
}

export const isDate = (value: string | null | undefined): value is string =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value));

/** 1.2 MB / 850 kB (1,2 Mo / 850 ko in French). */
export function fileSize(
  bytes: number | null,
  format: (n: number, o?: Intl.NumberFormatOptions) => string,
  locale: 'en' | 'fr',
): string {
  if (bytes === null) return '—';
  const [b, k, m] = locale === 'fr' ? ['o', 'ko', 'Mo'] : ['B', 'kB', 'MB'];
  if (bytes < 1000) return `${format(bytes)}\u00a0${b}`;
  if (bytes < 1_000_000) return `${format(bytes / 1000, { maximumFractionDigits: 0 })}\u00a0${k}`;
  return `${format(bytes / 1_000_000, { maximumFractionDigits: 1 })}\u00a0${m}`;
}
