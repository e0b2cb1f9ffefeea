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
  /** The content category a line naming only this deliverable belongs to ("stories 20 min"). */
  categoryKey?: string | null;
}

export interface QuickAddBrand {
  slug: string;
  name: string;
  /** Other names the team uses for the brand ("LF", "Fournil Paris"); matched like the name. */
  aliases?: readonly string[];
}

/**
 * A word of the team's own vocabulary: set by a manager or learned from repeated corrections. It
 * wins over the default vocabulary for the same words.
 */
export interface QuickAddAlias {
  kind: 'category' | 'brand' | 'platform';
  phrase: string;
  /** A category key, a brand slug or a platform key. */
  value: string;
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
  /** The organization's own words (learned or set by a manager). */
  aliases?: readonly QuickAddAlias[];
  /** Defaults to FALLBACK_CATEGORY_KEY. */
  fallbackCategoryKey?: string;
  /**
   * `false` reads only what a line is about (category, deliverable, platform, brand, tags), not
   * when or how long: for text that comes with its own timing (an import's descriptions).
   */
  timing?: boolean;
}

export type QuickAddWarningCode =
  | 'no_duration'
  | 'two_durations'
  | 'duration_mismatch'
  | 'long_duration'
  | 'unknown_brand'
  | 'ambiguous_brand'
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
  /** An unknown @brand, as typed, proposed as a new brand (it stays in the note). */
  proposedBrand: string | null;
  /** Where the unresolved @brand was typed: [start, end) in the line as sent, the @ included. */
  proposedBrandSpan: { start: number; end: number } | null;
  /** Brand slugs an ambiguous @word could mean (none was chosen; the word stays in the note). */
  brandCandidates: string[];
  /** A platform key, e.g. 'instagram'. */
  platform: string | null;
  tags: string[];
  /** `count` deliverables of the type ("2 posts"), 1 unless a number says otherwise. */
  deliverable: { typeKey: string | null; title: string | null; count: number } | null;
  note: string;
  warnings: QuickAddWarning[];
  command: 'start' | 'stop' | null;
}
