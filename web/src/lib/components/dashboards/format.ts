// Figures as the dashboards print them: hours, minutes and shares are core's formatters in the
// reader's language (re-exported from i18n); ratios and full-time equivalents are dashboard words.
import { number, t } from '$lib/i18n.svelte';

export { hours, minutes, percent } from '$lib/i18n.svelte';

export function times(ratio: number): string {
  return t('dashboards.times', { n: number(ratio, { maximumFractionDigits: ratio >= 10 ? 0 : 1 }) });
}

export function fte(value: number): string {
  return number(value, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
}
