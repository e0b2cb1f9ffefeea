// The quick-add corpus: lines written the way CMs describe their work, each with what a human means.
// `scoreCorpus` runs it through any parser (the pure function here, the HTTP API in end-to-end
// tests) with the fixed context below and reports exact matches on minutes, category, brand,
// platform, date and, for ranges, the start instant.
import { DEFAULT_CATEGORIES, DEFAULT_DELIVERABLE_TYPES, type Locale } from '../taxonomy';
import { CORPUS_EN } from './corpus.en';
import { CORPUS_FR } from './corpus.fr';
import { parseQuickAdd } from './parse';
import type { QuickAddBrand, QuickAddContext, QuickAddResult } from './types';

/** [text, minutes, categoryKey, brand slug, platform, localDate (default: today), startedAt ISO] */
export type CorpusRow = readonly [
  text: string,
  minutes: number | null,
  category: string,
  brand: string | null,
  platform: string | null,
  date?: string,
  startedAt?: string,
];

export interface CorpusLine {
  locale: Locale;
  text: string;
  minutes: number | null;
  category: string;
  brand: string | null;
  platform: string | null;
  date: string;
  startedAt: string | null;
}

/** Wednesday 2026-11-25, 15:00 in Paris. */
export const CORPUS_NOW = '2026-11-25T14:00:00.000Z';
export const CORPUS_TIME_ZONE = 'Europe/Paris';
const CORPUS_TODAY = '2026-11-25';

export const CORPUS_BRANDS: readonly QuickAddBrand[] = [
  { slug: 'fournil', name: 'Le Fournil' },
  { slug: 'bistrot-leon', name: 'Bistrot Léon' },
  { slug: 'eclat', name: 'Éclat Cosmétiques' },
  { slug: 'northwind', name: 'Northwind', aliases: ['NW'] },
];

const CATEGORIES = DEFAULT_CATEGORIES.map((c) => ({
  key: c.key,
  nameEn: c.name.en,
  nameFr: c.name.fr,
  aliasesEn: c.aliases.en,
  aliasesFr: c.aliases.fr,
}));
const DELIVERABLE_TYPES = DEFAULT_DELIVERABLE_TYPES.map((d) => ({
  key: d.key,
  nameEn: d.name.en,
  nameFr: d.name.fr,
  aliasesEn: d.aliases.en,
  aliasesFr: d.aliases.fr,
}));

/** The fixed context every corpus line is parsed with (default categories, deliverable types, brands). */
export function corpusContext(locale: Locale): QuickAddContext {
  return {
    now: new Date(CORPUS_NOW),
    timeZone: CORPUS_TIME_ZONE,
    locale,
    categories: CATEGORIES,
    brands: CORPUS_BRANDS,
    deliverableTypes: DELIVERABLE_TYPES,
  };
}

function toLine(locale: Locale, row: CorpusRow): CorpusLine {
  const [text, minutes, category, brand, platform, date, startedAt] = row;
  return { locale, text, minutes, category, brand, platform, date: date ?? CORPUS_TODAY, startedAt: startedAt ?? null };
}

export const QUICK_ADD_CORPUS: readonly CorpusLine[] = [
  ...CORPUS_FR.map((r) => toLine('fr', r)),
  ...CORPUS_EN.map((r) => toLine('en', r)),
];

/** The fields of a quick-add result the corpus checks. */
export type CorpusObservation = Pick<
  QuickAddResult,
  'durationSeconds' | 'categoryKey' | 'brand' | 'platform' | 'localDate' | 'startedAt'
>;

export type CorpusParser = (text: string, ctx: QuickAddContext) => CorpusObservation | Promise<CorpusObservation>;

export interface CorpusMiss {
  line: CorpusLine;
  got: CorpusObservation;
  /** Names of the fields that differ. */
  fields: string[];
}

export interface CorpusScore {
  total: number;
  exact: number;
  /** exact / total */
  ratio: number;
  misses: CorpusMiss[];
}

export function corpusMismatches(line: CorpusLine, got: CorpusObservation): string[] {
  const expectedSeconds = line.minutes === null ? null : line.minutes * 60;
  const checks: [string, unknown, unknown][] = [
    ['minutes', got.durationSeconds, expectedSeconds],
    ['category', got.categoryKey, line.category],
    ['brand', got.brand, line.brand],
    ['platform', got.platform, line.platform],
    ['date', got.localDate, line.date],
  ];
  if (line.startedAt !== null) checks.push(['startedAt', got.startedAt, line.startedAt]);
  return checks.filter(([, actual, expected]) => actual !== expected).map(([name]) => name);
}

export async function scoreCorpus(
  parse: CorpusParser = parseQuickAdd,
  lines: readonly CorpusLine[] = QUICK_ADD_CORPUS,
): Promise<CorpusScore> {
  const misses: CorpusMiss[] = [];
  for (const line of lines) {
    const got = await parse(line.text, corpusContext(line.locale));
    const fields = corpusMismatches(line, got);
    if (fields.length > 0) misses.push({ line, got, fields });
  }
  const total = lines.length;
  return { total, exact: total - misses.length, ratio: total === 0 ? 0 : (total - misses.length) / total, misses };
}
