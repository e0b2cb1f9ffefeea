// Figures as people read them, one formatter per idea and language, shared by the web app, the PDF
// pack and the share page: hours with at most one decimal (12.5 h, 12,5 h), whole minutes, shares,
// and calendar days. A no-break space keeps a number with its unit; French groups thousands with a
// narrow no-break space.
import type { Locale } from './taxonomy';

const TAGS: Record<Locale, string> = { en: 'en-US', fr: 'fr-FR' };

/** The language tag every formatter of a Proofwork language uses (`en-US`, `fr-FR`). */
export const languageTag = (locale: Locale): string => TAGS[locale];
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.PluralRules>();

/**
 * Intl's formatters made once per kind, language and options: making one costs a hundred times more
 * than formatting with it (~125 µs against ~1 µs), and a page of entries formats hundreds of times.
 */
function cached<F extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.PluralRules>(
  kind: string,
  tag: string,
  options: object,
  make: () => F,
): F {
  const key = `${kind}|${tag}|${JSON.stringify(options)}`;
  let format = formatters.get(key) as F | undefined;
  if (!format) {
    format = make();
    formatters.set(key, format);
  }
  return format;
}

/** A number in the locale's way (1,234.5 / 1 234,5), with Intl's options; formatters are cached. */
export function formatNumber(value: number, locale: Locale, options: Intl.NumberFormatOptions = {}): string {
  return cached('number', TAGS[locale], options, () => new Intl.NumberFormat(TAGS[locale], options)).format(value);
}

/** Intl.DateTimeFormat for a language tag and options, made once (see `cached`). */
export function dateTimeFormat(tag: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached('date', tag, options, () => new Intl.DateTimeFormat(tag, options));
}

/** The language's plural rules ("one" or "other" for a count), made once. */
export function pluralRules(locale: Locale): Intl.PluralRules {
  return cached('plural', TAGS[locale], {}, () => new Intl.PluralRules(TAGS[locale]));
}

/** Seconds as hours: "12.5 h" / "12,5 h"; `digits` is the most decimals shown (1, or 0 for axes and contracts). */
export function formatHours(seconds: number, locale: Locale, digits = 1): string {
  return `${formatNumber(seconds / 3600, locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 })}\u00a0h`;
}

/** Seconds as whole minutes: "45 min" in both languages. */
export function formatMinutes(seconds: number, locale: Locale): string {
  return `${formatNumber(Math.round(seconds / 60), locale)}\u00a0min`;
}

/** A share (0.125) as a percentage with exactly `digits` decimals: "12.5%" / "12,5 %". */
export function formatPercent(share: number, locale: Locale, digits = 0): string {
  return formatNumber(share, locale, {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** How a calendar day is written: with its weekday, short, weekday only, day and month, or in full. */
export type DayStyle = 'long' | 'short' | 'weekday' | 'dayMonth' | 'medium' | 'full';

const DAY_STYLES: Record<DayStyle, Intl.DateTimeFormatOptions> = {
  long: { weekday: 'long', day: 'numeric', month: 'long' },
  short: { weekday: 'short', day: 'numeric' },
  weekday: { weekday: 'short' },
  dayMonth: { day: 'numeric', month: 'short' },
  medium: { day: 'numeric', month: 'short', year: 'numeric' },
  full: { day: 'numeric', month: 'long', year: 'numeric' },
};

/** A local day's noon in UTC: formatted in UTC, it is that day whatever the machine's zone. */
const utcNoon = (localDate: string) => new Date(`${localDate}T12:00:00Z`);

/**
 * A local calendar day ('YYYY-MM-DD') the locale's way, never shifted by the machine's zone:
 * dayMonth "Nov 2" / « 2 nov. », medium "Nov 2, 2026" / « 2 nov. 2026 », full "November 2, 2026" /
 * « 2 novembre 2026 ».
 */
export function formatDay(localDate: string, locale: Locale, style: DayStyle = 'long'): string {
  return dateTimeFormat(TAGS[locale], { ...DAY_STYLES[style], timeZone: 'UTC' }).format(utcNoon(localDate));
}

/** A span of local days, written the locale's way: "Nov 23 – 29, 2026", « 23–29 nov. 2026 ». */
export function formatDayRange(from: string, to: string, locale: Locale): string {
  return dateTimeFormat(TAGS[locale], {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).formatRange(utcNoon(from), utcNoon(to));
}
