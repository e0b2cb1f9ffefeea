// Period presets of the evidence section: every one of core's named periods (`NAMED_PERIODS`), the
// dashboards' among them with the same words, so "the last 4 weeks" or "the last 13 weeks" are the same
// dates here, on the dashboards and in the pack; the API widens any period to whole weeks.
import { type IsoWeekday, NAMED_PERIODS, type NamedPeriod, namedPeriod } from '@proofwork/core';

export type Preset = NamedPeriod | 'custom';
export const PRESETS: readonly Preset[] = [...NAMED_PERIODS, 'custom'];

export interface Period {
  from: string;
  to: string;
}

export function presetPeriod(preset: Exclude<Preset, 'custom'>, today: string, weekStart: number): Period {
  return namedPeriod(preset, today, weekStart as IsoWeekday);
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
