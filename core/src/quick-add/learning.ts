// What a quick-add line's words meant, for learning the team's vocabulary from corrections: when a
// member changes the category of an entry that came from a line, the words that chose the wrong
// category (or, when none did, the words that named nothing) are what the correction is about; a
// changed brand is about the unresolved @words, a changed platform about the #words kept as tags.
import { PLATFORMS } from '../taxonomy';
import { extractBrandMentions } from './brands';
import { extractHashtags, hashtagPlatform } from './hashtags';
import { categoryIndex, deliverableIndex, platformIndex } from './matching';
import { compact, fold, foldWords } from './normalize';
import { extractQuotedTitle } from './quotes';
import { Scan, type Span } from './scan';
import type { QuickAddContext } from './types';

export interface LineVocabulary {
  /** The folded words that named the category, or null when none did. */
  category: string | null;
  /** Folded words that named nothing (no category, deliverable, platform or brand), in order, distinct. */
  free: string[];
  /** Unresolved @words (letters and digits, folded). */
  mentions: string[];
  /** The entry's tags that name no platform (the #words the parser kept as tags), folded, distinct. */
  hashtags: string[];
}

/** Words too common to mean anything on their own, in both languages. */
const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'the and for with from about into onto over this that these those our your their new some more ' +
    'les des une pour avec sur dans par aux ses son nos vos leur leurs est pas plus tout tous ' +
    'the with sans chez mais donc puis'
  ).split(' '),
);
const MAX_FREE = 3;
const MAX_WORD = 40;

const inside = (spans: readonly Span[], s: Span) => spans.some((m) => s.start >= m.start && s.end <= m.end);

/**
 * `text` is the entry's note (the line without its machine tokens); `tags` are the entry's tags, since
 * the note no longer holds the #words.
 */
export function lineVocabulary(text: string, ctx: QuickAddContext, tags: readonly string[] = []): LineVocabulary {
  const scan = new Scan(text.slice(0, 1000));
  extractQuotedTitle(scan);
  const mentions = extractBrandMentions(scan, ctx.brands, ctx.aliases);
  extractHashtags(scan, ctx.platforms ?? PLATFORMS, ctx.aliases);
  const words = scan.words();
  const category = categoryIndex(ctx.categories, ctx.aliases).best(words, scan.work);
  const named: Span[] = [
    ...categoryIndex(ctx.categories, ctx.aliases).findAll(words, scan.work),
    ...deliverableIndex(ctx.deliverableTypes).findAll(words, scan.work),
    ...platformIndex(ctx.platforms ?? PLATFORMS, ctx.aliases).findAll(words, scan.work),
  ];
  const free: string[] = [];
  for (const w of words) {
    if (free.length >= MAX_FREE) break;
    const useful = w.text.length >= 3 && w.text.length <= MAX_WORD && !/^\d+$/.test(w.text);
    if (useful && !STOPWORDS.has(w.text) && !inside(named, w) && !free.includes(w.text)) free.push(w.text);
  }
  return {
    category: category ? foldWords(scan.work.slice(category.start, category.end)).join(' ') : null,
    free,
    mentions: [...mentions.unknown, ...mentions.ambiguous].map((m) => compact(m.text)).filter((m) => m.length >= 2),
    hashtags: unresolvedTags(tags),
  };
}

/**
 * Tags naming a platform (a key or a default alias, enabled or not) are left out: their reading is
 * fixed, no team alias would win over it. A team alias's word may be taught again, as for categories.
 */
function unresolvedTags(tags: readonly string[]): string[] {
  const out: string[] = [];
  for (const tag of tags) {
    const key = foldWords(tag).join(' ');
    if (!key || key.length > MAX_WORD || out.includes(key)) continue;
    if (hashtagPlatform(fold(tag).text, []) === null) out.push(key);
  }
  return out;
}
