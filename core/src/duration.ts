// Duration display and entry. formatDuration writes what CMs write: "1h30" / "45 min" in French,
// "1h 30m" / "45m" in English. parseDuration reads those and everything quick-add reads as a duration
// ("1:30", "1,5h", "90 min", "une demi-heure"…), plus bare numbers typed into the week grid:
//   - a bare integer is minutes ("90" → 5400 s): a grid cell holds minutes far more often than hours;
//   - a bare decimal with '.' or ',' is hours ("1,5" → 5400 s): nobody types fractional minutes.
import { wholeDuration } from './quick-add/durations';
import type { Locale } from './taxonomy';

/** Rounds to the minute; negative values (corrections, deltas) keep their sign. */
export function formatDuration(seconds: number, locale: Locale): string {
  if (!Number.isFinite(seconds)) return '';
  const sign = seconds < 0 ? '-' : '';
  // A few seconds are not "0 min": they are less than a minute.
  if (seconds !== 0 && Math.abs(seconds) < 30) return `${sign}<1${locale === 'fr' ? '\u00a0min' : 'm'}`;
  const total = Math.round(Math.abs(seconds) / 60);
  const h = Math.floor(total / 60);
  const m = total % 60;
  if (locale === 'fr') {
    if (h === 0) return `${sign}${m} min`;
    return `${sign}${h}h${m === 0 ? '' : String(m).padStart(2, '0')}`;
  }
  if (h === 0) return `${sign}${m}m`;
  return `${sign}${h}h${m === 0 ? '' : ` ${m}m`}`;
}

const BARE_MINUTES = /^\d{1,5}$/;
const BARE_HOURS = /^\d{1,3}[.,]\d{1,4}$/;

/** Seconds, or null when the text is not exactly one duration. */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  const negative = trimmed.startsWith('-');
  const body = negative ? trimmed.slice(1).trim() : trimmed;
  let seconds: number | null;
  if (BARE_MINUTES.test(body)) seconds = Number(body) * 60;
  else if (BARE_HOURS.test(body)) seconds = Math.round(Number(body.replace(',', '.')) * 3600);
  else seconds = wholeDuration(body);
  return seconds === null || !negative ? seconds : -seconds;
}
