// UI language and locale-aware formatting. The language is the user's choice (PATCH /me), else the
// organization's, else the browser's; every visible word comes from the typed catalogs.
import {
  type DayStyle,
  dateTimeFormat,
  formatDay,
  formatDayRange,
  formatDuration,
  formatHours,
  formatMinutes,
  formatNumber,
  formatPercent,
  LOCALES,
  type Locale,
  languageTag,
  pluralRules,
} from '@proofwork/core';
import { hasCatalog, loadCatalog, type MessageKey, messages } from './messages';

const STORAGE_KEY = 'pw.locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function browserLocale(): Locale {
  if (typeof navigator === 'undefined') return 'en';
  for (const lang of navigator.languages ?? [navigator.language]) {
    const short = lang.slice(0, 2).toLowerCase();
    if (isLocale(short)) return short;
  }
  return 'en';
}

function storedLocale(): Locale | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : null;
  } catch {
    return null;
  }
}

class LocaleState {
  /** Before sign-in: the last language used on this device, else the browser's. */
  current = $state<Locale>(storedLocale() ?? browserLocale());
  #wanted: Locale | null = null;

  /**
   * Switches to a language once its catalog is here: at once when it already is, else after it
   * downloaded, so no word shows in the wrong language meanwhile. The last language asked for wins.
   */
  set(locale: Locale): Promise<void> {
    this.#wanted = locale;
    if (hasCatalog(locale)) {
      this.#apply(locale);
      return Promise.resolve();
    }
    return loadCatalog(locale).then(() => {
      if (this.#wanted === locale) this.#apply(locale);
    });
  }

  /** The catalog of the language in use, loaded before the first page renders. */
  ready(): Promise<void> {
    return loadCatalog(this.current);
  }

  #apply(locale: Locale) {
    this.current = locale;
    try {
      localStorage.setItem(STORAGE_KEY, locale);
    } catch {
      // Private mode: the choice still lives on the server.
    }
    if (typeof document !== 'undefined') document.documentElement.lang = locale;
  }
}

export const locale = new LocaleState();
if (typeof document !== 'undefined') document.documentElement.lang = locale.current;

export type Params = Record<string, string | number>;

/** The message for a key in the current language, with {placeholders} filled. */
export function t(key: MessageKey, params?: Params): string {
  let text: string = messages[locale.current][key] ?? messages.en[key] ?? messages.fr[key] ?? key;
  if (!params) return text;
  // "one|other" messages pick their form by {count}, with the language's plural rules.
  if (text.includes('|') && typeof params.count === 'number') {
    const [one, other] = text.split('|') as [string, string];
    text = pluralRules(locale.current).select(params.count) === 'one' ? one : other;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A message key built at run time (error codes, warning codes); null when the catalog lacks it. */
export function tMaybe(key: string, params?: Params): string | null {
  return key in messages[locale.current] || key in messages.en ? t(key as MessageKey, params) : null;
}

/** 1h30 / 45 min in French, 1h 30m / 45m in English (core's formatDuration). */
export function duration(seconds: number): string {
  return formatDuration(seconds, locale.current);
}

/** A running clock: 1:05:09. */
export function stopwatch(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`;
}

export function number(value: number, options?: Intl.NumberFormatOptions): string {
  return formatNumber(value, locale.current, options);
}

/** Hours with at most `digits` decimals: 12.5 h / 12,5 h (core's formatHours). */
export function hours(seconds: number, digits = 1): string {
  return formatHours(seconds, locale.current, digits);
}

/** Whole minutes: 45 min (core's formatMinutes). */
export function minutes(seconds: number): string {
  return formatMinutes(seconds, locale.current);
}

/** A share as a percentage with `digits` decimals: 12% / 12 % (core's formatPercent). */
export function percent(share: number, digits = 0): string {
  return formatPercent(share, locale.current, digits);
}

/** A local calendar day ('YYYY-MM-DD'), never shifted by the browser's zone (core's formatDay). */
export function day(localDate: string, style: DayStyle = 'long'): string {
  return formatDay(localDate, locale.current, style);
}

/** A span of local days, written the locale's way: "Nov 23 – 29, 2026", « 23–29 nov. 2026 » (core's formatDayRange). */
export function dayRange(from: string, to: string): string {
  return formatDayRange(from, to, locale.current);
}

/** Time of day of an instant in a zone: 24 h in French, 12 h in English. */
export function time(iso: string | Date, timeZone?: string): string {
  return dateTimeFormat(languageTag(locale.current), {
    hour: 'numeric',
    minute: '2-digit',
    hourCycle: locale.current === 'fr' ? 'h23' : 'h12',
    timeZone,
  }).format(typeof iso === 'string' ? new Date(iso) : iso);
}

/** Date and time of an instant, for "last used", "submitted on". */
export function dateTime(iso: string | Date, timeZone?: string): string {
  return dateTimeFormat(languageTag(locale.current), {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    hourCycle: locale.current === 'fr' ? 'h23' : 'h12',
    timeZone,
  }).format(typeof iso === 'string' ? new Date(iso) : iso);
}
