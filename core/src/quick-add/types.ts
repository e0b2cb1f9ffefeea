// Public shapes of quick-add: what the caller passes in and what it gets back.
import type { Locale } from '../taxonomy';

export interface QuickAddCategory {
  key: string;
  nameEn: string;
  nameFr: string;
  aliasesEn: readonly string[];
  aliasesFr: readonly string[];
  archived?: boolean;
}

export interface QuickAddDeliverableType {
  key: string;
  nameEn: string;
  nameFr: string;
  aliasesEn: readonly string[];
  aliasesFr: readonly string[];
}

export interface QuickAddBrand {
  slug: string;
  name: string;
}

/**
 * Catalog arrays are treated as immutable: the phrase indexes built from them are cached per array
 * (in a WeakMap), so pass a new array when a catalog changes rather than mutating it.
 */
export interface QuickAddContext {
  /** Injected "now": quick-add never reads the system clock. */
  now: Date;
  /** The member's IANA zone, e.g. 'Europe/Paris'. */
  timeZone: string;
  /** Both languages are always understood; the locale only decides which date reader goes first. */
  locale: Locale;
  categories: readonly QuickAddCategory[];
  brands: readonly QuickAddBrand[];
  /** Defaults to PLATFORMS. */
  platforms?: readonly string[];
  deliverableTypes: readonly QuickAddDeliverableType[];
  /** Defaults to FALLBACK_CATEGORY_KEY. */
  fallbackCategoryKey?: string;
}

export type QuickAddWarningCode =
  | 'no_duration'
  | 'two_durations'
  | 'duration_mismatch'
  | 'long_duration'
  | 'unknown_brand'
  | 'two_brands'
  | 'no_category'
  | 'unknown_platform'
  | 'two_platforms'
  | 'future_date'
  | 'two_dates'
  | 'invalid_context'
  | 'truncated';

export interface QuickAddWarning {
  code: QuickAddWarningCode;
  /** English; clients translate by `code`. */
  message: string;
}

export interface QuickAddResult {
  durationSeconds: number | null;
  /** ISO UTC instant when a range or a clock time was given, else null. */
  startedAt: string | null;
  endedAt: string | null;
  /** 'YYYY-MM-DD' in the member's zone. */
  localDate: string;
  categoryKey: string;
  /** Slug of a known brand. */
  brand: string | null;
  /** An unknown @brand, as typed, proposed as a new brand. */
  proposedBrand: string | null;
  /** A platform key, e.g. 'instagram'. */
  platform: string | null;
  tags: string[];
  deliverable: { typeKey: string | null; title: string | null } | null;
  note: string;
  warnings: QuickAddWarning[];
  command: 'start' | 'stop' | null;
}
