// Figures as the dashboards print them: hours with one decimal in the reader's locale (12.5 h,
// 12,5 h), minutes, ratios and shares. A non-breaking space keeps a number with its unit.
import { number, t } from '$lib/i18n.svelte';

export function hours(seconds: number, digits = 1): string {
  return `${number(seconds / 3600, { maximumFractionDigits: digits, minimumFractionDigits: 0 })}\u00a0h`;
}

export function minutes(seconds: number): string {
  return `${number(Math.round(seconds / 60))}\u00a0min`;
}

/** Rounded like the text shows it, for tests and tables that compare figures. */
export function roundedHours(seconds: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round((seconds / 3600) * f) / f;
}

export function times(ratio: number): string {
  return t('dashboards.times', { n: number(ratio, { maximumFractionDigits: ratio >= 10 ? 0 : 1 }) });
}

export function percent(share: number): string {
  return number(share, { style: 'percent', maximumFractionDigits: 0 });
}

export function fte(value: number): string {
  return number(value, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
}
