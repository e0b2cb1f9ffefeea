// Category, deliverable type and bare platform lookup over the words left in the text.
import { PLATFORM_ALIASES, PLATFORM_NAMES, type Platform } from '../taxonomy';
import { foldWords } from './normalize';
import { cachedIndex, cachedPairIndex, PhraseIndex, type PhraseSource } from './phrases';
import type { WordToken } from './scan';
import type { QuickAddAlias, QuickAddCategory, QuickAddDeliverableType } from './types';

/** The organization's words win over the defaults, whatever their length. */
const TEAM_PRIORITY = 1;

/**
 * Tools and objects of the work rather than the work itself: they name the category only when
 * nothing more telling does ("tuto Canva" is training, "bad buzz, réponses aux commentaires" is crisis).
 * "publication" is both the act of publishing and, in French, the post itself (a deliverable alias):
 * "booster la publication" is paid social, "publication du carrousel" still publishing.
 */
const WEAK_PHRASES: ReadonlySet<string> = new Set(
  [
    'canva',
    'photoshop',
    'capcut',
    'premiere',
    'comments',
    'commentaires',
    'video',
    'blog',
    'reviews',
    'avis',
    'audience',
    'audiences',
    'publication',
  ].map((p) => foldWords(p).join(' ')),
);

function* categoryPhrases(
  categories: readonly QuickAddCategory[],
  aliases: readonly QuickAddAlias[],
): Generator<PhraseSource<string>> {
  const active = new Set(categories.filter((c) => !c.archived).map((c) => c.key));
  for (const a of aliases) {
    if (a.kind === 'category' && active.has(a.value))
      yield { phrase: a.phrase, value: a.value, priority: TEAM_PRIORITY };
  }
  for (const c of categories) {
    if (c.archived) continue;
    for (const phrase of [c.nameEn, c.nameFr, ...c.aliasesEn, ...c.aliasesFr]) {
      yield { phrase, value: c.key, weak: WEAK_PHRASES.has(foldWords(phrase).join(' ')) };
    }
  }
}

// Deliverable types match on aliases only: names such as 'Video' or 'Report' are too generic ("video
// call", "expense reports"), which is why their aliases are specific ('youtube video', 'monthly report').
function* deliverablePhrases(types: readonly QuickAddDeliverableType[]): Generator<PhraseSource<string>> {
  for (const t of types) for (const phrase of [...t.aliasesEn, ...t.aliasesFr]) yield { phrase, value: t.key };
}

type AliasList = readonly QuickAddAlias[];
const categoryCache = new WeakMap<readonly QuickAddCategory[], WeakMap<AliasList, PhraseIndex<string>>>();
const deliverableCache = new WeakMap<readonly QuickAddDeliverableType[], PhraseIndex<string>>();
const platformCache = new WeakMap<readonly string[], WeakMap<AliasList, PhraseIndex<string>>>();

export function categoryIndex(categories: readonly QuickAddCategory[], aliases?: AliasList): PhraseIndex<string> {
  return cachedPairIndex(
    categoryCache,
    categories,
    aliases,
    () => new PhraseIndex(categoryPhrases(categories, aliases ?? [])),
  );
}

export function deliverableIndex(types: readonly QuickAddDeliverableType[]): PhraseIndex<string> {
  return cachedIndex(deliverableCache, types, () => new PhraseIndex(deliverablePhrases(types)));
}

// Bare platform words count only when unambiguous: not "x", "threads" or "other", nor short aliases
// such as "tw" or "li"; "insta", "ig", "fb", "yt" and "twitter" are how CMs name them.
const BARE_PLATFORM_ALIASES = ['insta', 'ig', 'fb', 'yt', 'twitter'];
const NOT_BARE: ReadonlySet<string> = new Set(['x', 'threads', 'other']);

function isPlatform(key: string): key is Platform {
  return Object.hasOwn(PLATFORM_NAMES, key);
}

export function platformIndex(platforms: readonly string[], aliases?: AliasList): PhraseIndex<string> {
  return cachedPairIndex(platformCache, platforms, aliases, () => {
    const sources: PhraseSource<string>[] = [];
    for (const a of aliases ?? [])
      if (a.kind === 'platform' && platforms.includes(a.value))
        sources.push({ phrase: a.phrase, value: a.value, priority: TEAM_PRIORITY });
    for (const p of platforms) {
      if (isPlatform(p) && !NOT_BARE.has(p)) sources.push({ phrase: PLATFORM_NAMES[p], value: p });
    }
    for (const alias of BARE_PLATFORM_ALIASES) {
      const p = PLATFORM_ALIASES[alias];
      if (p && platforms.includes(p)) sources.push({ phrase: alias, value: p });
    }
    return new PhraseIndex(sources);
  });
}

/** Distinct values in reading order. */
export function valuesInOrder(index: PhraseIndex<string>, tokens: readonly WordToken[], text: string): string[] {
  const values: string[] = [];
  for (const m of index.findAll(tokens, text).sort((a, b) => a.start - b.start)) {
    if (!values.includes(m.value)) values.push(m.value);
  }
  return values;
}
