// Brands: "@fournil", "@Le Fournil", "@bistrot-leon", "@Éclat" name a client brand by slug or name
// (accent-, case- and punctuation-insensitive); an unknown @word is proposed as a new brand. Without
// an @, only a brand's full name counts ("Bistrot Léon"), and a one-word name only when capitalised
// ("Northwind", not "éclat de rire").
import { compact, foldWords } from './normalize';
import { cachedIndex, PhraseIndex } from './phrases';
import { type Scan, type Span, withConnector } from './scan';
import type { QuickAddBrand } from './types';

export interface BrandMentions {
  /** Known brand slugs in reading order. */
  known: string[];
  /** Unknown @words as typed, in reading order. */
  unknown: string[];
}

const MENTION_RE = /(?<![\p{L}\p{N}_.@])@([\p{L}\p{N}_][\p{L}\p{N}_.&'-]*)/gu;
const CONNECTOR = /(?<![\p{L}\p{N}])(?:pour|for|chez|with|avec)\s+$/u;
const TRAILING_PUNCTUATION = /[.'&-]+$/;

interface BrandKeys {
  /** compact(slug), compact(name), and name words unique to one brand (≥ 4 letters) → slug */
  byKey: Map<string, string>;
  /** multi-word names, to match "@Le Fournil" */
  names: PhraseIndex<string>;
}

const keyCache = new WeakMap<readonly QuickAddBrand[], BrandKeys>();
const bareCache = new WeakMap<readonly QuickAddBrand[], PhraseIndex<QuickAddBrand>>();

function brandKeys(brands: readonly QuickAddBrand[]): BrandKeys {
  const cached = keyCache.get(brands);
  if (cached) return cached;
  const byKey = new Map<string, string>();
  const wordOwners = new Map<string, Set<string>>();
  for (const b of brands) {
    for (const key of [compact(b.slug), compact(b.name)]) if (key && !byKey.has(key)) byKey.set(key, b.slug);
    for (const w of foldWords(b.name)) {
      if (w.length >= 4) wordOwners.set(w, (wordOwners.get(w) ?? new Set()).add(b.slug));
    }
  }
  for (const [word, owners] of wordOwners) {
    const [only] = owners;
    if (owners.size === 1 && only && !byKey.has(word)) byKey.set(word, only);
  }
  const names = new PhraseIndex(
    brands.filter((b) => foldWords(b.name).length > 1).map((b) => ({ phrase: b.name, value: b.slug })),
  );
  const keys = { byKey, names };
  keyCache.set(brands, keys);
  return keys;
}

/** @mentions: claims them (and a "pour"/"for" before them) out of the text. */
export function extractBrandMentions(scan: Scan, brands: readonly QuickAddBrand[]): BrandMentions {
  const keys = brandKeys(brands);
  const known: string[] = [];
  const unknown: string[] = [];
  const spans: Span[] = [];
  const work = scan.work;
  const words = scan.words();
  let firstAfter = 0;
  for (const m of work.matchAll(MENTION_RE)) {
    const at = m.index;
    const raw = m[1] ?? '';
    const tokenEnd = at + 1 + raw.replace(TRAILING_PUNCTUATION, '').length;
    // "@Le Fournil": a multi-word name written after the @, matched word by word.
    while ((words[firstAfter]?.start ?? Number.POSITIVE_INFINITY) <= at) firstAfter++;
    const tail = words.slice(firstAfter, firstAfter + 6);
    const multi = keys.names.findAll(tail, work).find((p) => p.start === at + 1);
    let end = tokenEnd;
    if (multi && multi.end >= tokenEnd) {
      known.push(multi.value);
      end = multi.end;
    } else {
      const slug = keys.byKey.get(compact(raw));
      if (slug) known.push(slug);
      else if (tokenEnd > at + 1) unknown.push(scan.originalText({ start: at + 1, end: tokenEnd }));
      else continue;
    }
    spans.push(withConnector(work, { start: at, end }, CONNECTOR));
  }
  scan.claim(spans);
  return { known, unknown };
}

/** A brand named without @ (full name only), left in the note since it reads as text. */
export function findBareBrand(scan: Scan, brands: readonly QuickAddBrand[]): string | null {
  const index = cachedIndex(
    bareCache,
    brands,
    () => new PhraseIndex(brands.map((b) => ({ phrase: b.name, value: b }))),
  );
  for (const m of index.findAll(scan.words(), scan.work).sort((a, b) => a.start - b.start)) {
    const oneWord = foldWords(m.value.name).length === 1;
    const first = scan.originalText({ start: m.start, end: m.start + 1 });
    if (!oneWord || first !== first.toLowerCase()) return m.value.slug;
  }
  return null;
}
