// Brands: "@fournil", "@Le Fournil", "@bistrot-leon", "@Éclat" name a client brand by slug, name or
// alias (accent-, case- and punctuation-insensitive). A @word that is none of these still names a
// brand when it is the start of exactly one brand's key ("@bistro" → Bistrot Léon) or a key starts or
// ends it ("@Fournil-Paris", "@lefournil"); two brands that fit make it ambiguous. An unknown or
// ambiguous @word is never dropped: it stays in the note, and an unknown one is proposed as a new
// brand. Without an @, only a brand's full name or alias counts ("Bistrot Léon"), and a one-word
// name only when capitalised ("Northwind", not "éclat de rire").
import { compact, foldWords, trimEndOf } from './normalize';
import { cachedPairIndex, PhraseIndex } from './phrases';
import { type Scan, type Span, withConnector } from './scan';
import type { QuickAddAlias, QuickAddBrand } from './types';

export interface UnresolvedMention {
  /** The word after the @, as typed. */
  text: string;
  /** Span of "@word" in original coordinates. */
  span: Span;
  /** Brands it could mean (two or more), empty for an unknown brand. */
  candidates: string[];
}

export interface BrandMentions {
  /** Known brand slugs in reading order. */
  known: string[];
  /** @words that name no brand, in reading order. */
  unknown: UnresolvedMention[];
  /** @words that could name several brands, in reading order. */
  ambiguous: UnresolvedMention[];
}

const MENTION_RE = /(?<![\p{L}\p{N}_.@])@([\p{L}\p{N}_][\p{L}\p{N}_.&'-]*)/gu;
const CONNECTOR = /(?<![\p{L}\p{N}])(?:pour|for|chez|with|avec)\s+$/u;
const TRAILING_PUNCTUATION = ".'&-";
/** A typed key shorter than this is too vague to be the start of a brand's name. */
const MIN_PREFIX = 3;
/** A brand key shorter than this is too common to be found inside a longer @word. */
const MIN_INNER_KEY = 4;
/** Longer @words are matched exactly only (no word is that long; a hostile one costs nothing). */
const MAX_FUZZY = 60;

interface BrandKeys {
  /** compact(slug), compact(name), compact(alias), and name words unique to one brand (≥ 4 letters) → slug */
  byKey: Map<string, string>;
  /** The keys again, for prefix and affix matching. */
  keys: [string, string][];
  /** multi-word names and aliases, to match "@Le Fournil" */
  names: PhraseIndex<string>;
}

type AliasList = readonly QuickAddAlias[];
const keyCache = new WeakMap<readonly QuickAddBrand[], WeakMap<AliasList, { keys: BrandKeys }>>();
const bareCache = new WeakMap<readonly QuickAddBrand[], WeakMap<AliasList, PhraseIndex<BrandName>>>();
const NO_ALIASES: AliasList = [];

interface BrandName {
  slug: string;
  name: string;
}

/** Every name a brand answers to: its name, its own aliases, and the organization's brand aliases. */
function brandNames(brands: readonly QuickAddBrand[], aliases: AliasList): BrandName[] {
  const slugs = new Set(brands.map((b) => b.slug));
  const out: BrandName[] = [];
  for (const a of aliases) if (a.kind === 'brand' && slugs.has(a.value)) out.push({ slug: a.value, name: a.phrase });
  for (const b of brands) {
    out.push({ slug: b.slug, name: b.name });
    for (const alias of b.aliases ?? []) out.push({ slug: b.slug, name: alias });
  }
  return out;
}

function buildKeys(brands: readonly QuickAddBrand[], aliases: AliasList): BrandKeys {
  const byKey = new Map<string, string>();
  const wordOwners = new Map<string, Set<string>>();
  const names = brandNames(brands, aliases);
  for (const b of brands) {
    const key = compact(b.slug);
    if (key && !byKey.has(key)) byKey.set(key, b.slug);
  }
  for (const n of names) {
    const key = compact(n.name);
    if (key && !byKey.has(key)) byKey.set(key, n.slug);
    for (const w of foldWords(n.name)) {
      if (w.length >= 4) wordOwners.set(w, (wordOwners.get(w) ?? new Set()).add(n.slug));
    }
  }
  for (const [word, owners] of wordOwners) {
    const [only] = owners;
    if (owners.size === 1 && only && !byKey.has(word)) byKey.set(word, only);
  }
  const multi = new PhraseIndex(
    names.filter((n) => foldWords(n.name).length > 1).map((n) => ({ phrase: n.name, value: n.slug })),
  );
  return { byKey, keys: [...byKey], names: multi };
}

function brandKeys(brands: readonly QuickAddBrand[], aliases: AliasList = NO_ALIASES): BrandKeys {
  let inner = keyCache.get(brands);
  if (!inner) {
    inner = new WeakMap();
    keyCache.set(brands, inner);
  }
  let cached = inner.get(aliases);
  if (!cached) {
    cached = { keys: buildKeys(brands, aliases) };
    inner.set(aliases, cached);
  }
  return cached.keys;
}

/**
 * The brands a @word that is no exact key may mean: those with a key it starts ("bistro" →
 * "bistrotleon"), or a key it starts or ends with ("fournilparis", "lefournil").
 */
export function fuzzyBrands(typed: string, keys: readonly [string, string][]): string[] {
  if (typed.length < MIN_PREFIX || typed.length > MAX_FUZZY) return [];
  const found = new Set<string>();
  for (const [key, slug] of keys) {
    const prefix = key.startsWith(typed);
    const affix = key.length >= MIN_INNER_KEY && (typed.startsWith(key) || typed.endsWith(key));
    if (prefix || affix) found.add(slug);
  }
  return [...found];
}

/** @mentions: claims them (and a "pour"/"for" before a known one) out of the text. */
export function extractBrandMentions(
  scan: Scan,
  brands: readonly QuickAddBrand[],
  aliases: AliasList = NO_ALIASES,
): BrandMentions {
  const keys = brandKeys(brands, aliases);
  const out: BrandMentions = { known: [], unknown: [], ambiguous: [] };
  const spans: Span[] = [];
  const kept: Span[] = [];
  const work = scan.work;
  const words = scan.words();
  let firstAfter = 0;
  for (const m of work.matchAll(MENTION_RE)) {
    const at = m.index;
    const raw = m[1] ?? '';
    const tokenEnd = at + 1 + trimEndOf(raw, TRAILING_PUNCTUATION).length;
    if (tokenEnd <= at + 1) continue;
    // "@Le Fournil": a multi-word name written after the @, matched word by word.
    while ((words[firstAfter]?.start ?? Number.POSITIVE_INFINITY) <= at) firstAfter++;
    const tail = words.slice(firstAfter, firstAfter + 6);
    const multi = keys.names.findAll(tail, work).find((p) => p.start === at + 1);
    if (multi && multi.end >= tokenEnd) {
      out.known.push(multi.value);
      spans.push(withConnector(work, { start: at, end: multi.end }, CONNECTOR));
      continue;
    }
    const typed = compact(raw);
    const exact = keys.byKey.get(typed);
    const candidates = exact ? [exact] : fuzzyBrands(typed, keys.keys);
    const [only] = candidates;
    if (candidates.length === 1 && only) {
      out.known.push(only);
      spans.push(withConnector(work, { start: at, end: tokenEnd }, CONNECTOR));
      continue;
    }
    // Not a brand, or not one brand: masked from the other readers but kept in the note.
    const span = { start: at, end: tokenEnd };
    const mention = {
      text: scan.originalText({ start: at + 1, end: tokenEnd }),
      span: scan.originalSpan(span),
      candidates,
    };
    (candidates.length > 1 ? out.ambiguous : out.unknown).push(mention);
    kept.push(span);
  }
  scan.claim(spans);
  scan.claim(kept, false);
  return out;
}

/** A brand named without @ (full name or alias only), left in the note since it reads as text. */
export function findBareBrand(
  scan: Scan,
  brands: readonly QuickAddBrand[],
  aliases: AliasList = NO_ALIASES,
): string | null {
  const index = cachedPairIndex(
    bareCache,
    brands,
    aliases,
    () => new PhraseIndex(brandNames(brands, aliases).map((b) => ({ phrase: b.name, value: b }))),
  );
  for (const m of index.findAll(scan.words(), scan.work).sort((a, b) => a.start - b.start)) {
    const oneWord = foldWords(m.value.name).length === 1;
    const first = scan.originalText({ start: m.start, end: m.start + 1 });
    if (!oneWord || first !== first.toLowerCase()) return m.value.slug;
  }
  return null;
}
