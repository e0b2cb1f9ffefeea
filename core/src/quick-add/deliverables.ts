// What a line says about what was made: how many ("2 posts", "stories x3") and on which platform.
// A platform is read from #instagram (./hashtags.ts), from a clear "on Instagram" / "sur TikTok",
// from the team's own platform words (anywhere), or from a platform word that qualifies the work
// named next to it ("posts insta", "modération Instagram", "Instagram stories", "vidéo YouTube").
// In a training line the platform is what is learnt about, not where the work goes: "webinar
// formation algorithme instagram" has no platform unless it says "#instagram" or "on Instagram".
import { DELIVERABLE_MAX_QUANTITY } from '../taxonomy';
import { platformIndex } from './matching';
import type { PhraseIndex, PhraseMatch } from './phrases';
import type { Span, WordToken } from './scan';
import type { QuickAddAlias } from './types';

const COUNT_WORDS: Readonly<Record<string, number>> = {
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  ten: 10,
  deux: 2,
  trois: 3,
  quatre: 4,
  cinq: 5,
  sept: 7,
  huit: 8,
  dix: 10,
};
// Both read a bounded slice next to the deliverable word, so their cost does not grow with the line.
const COUNT_BEFORE =
  /(?<![\p{L}\p{N}])(\d{1,2}|two|three|four|five|six|seven|eight|ten|deux|trois|quatre|cinq|sept|huit|dix)\s*(?:x\s*)?$/u;
const COUNT_AFTER = /^\s*x\s?(\d{1,2})(?!\p{N})/u;

/** "2 posts" → 2, "stories x3" → 3, otherwise 1. */
export function deliverableCount(work: string, match: Span): number {
  const before = COUNT_BEFORE.exec(work.slice(Math.max(0, match.start - 12), match.start));
  const after = COUNT_AFTER.exec(work.slice(match.end, match.end + 6));
  const word = before?.[1] ?? after?.[1];
  if (word === undefined) return 1;
  const n = COUNT_WORDS[word] ?? Number.parseInt(word, 10);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, DELIVERABLE_MAX_QUANTITY) : 1;
}

const CONNECTOR = /(?<![\p{L}\p{N}])(?:on|sur|via|for|pour)\s+$/u;
/** Between a work phrase and the platform it qualifies: separators, and at most one other word. */
const NEAR = /^[\s'’:,-]{1,3}(?:[\p{L}\p{N}]{1,20}[\s'’:,-]{1,3})?$/u;
const NEAR_MAX = 48;
/** Categories where a platform word is what is learnt about, not where the work goes. */
const SUBJECT_CATEGORIES: ReadonlySet<string> = new Set(['training']);

function near(work: string, left: Span, right: Span): boolean {
  return left.end <= right.start && right.start - left.end <= NEAR_MAX && NEAR.test(work.slice(left.end, right.start));
}

export interface LinePlatformInput {
  words: readonly WordToken[];
  work: string;
  platforms: readonly string[];
  aliases: readonly QuickAddAlias[] | undefined;
  deliverables: PhraseIndex<string>;
  categories: PhraseIndex<string>;
  categoryKey: string | null;
}

/** Platform keys named in the words of a line, in reading order (hashtags excepted). */
export function linePlatforms(input: LinePlatformInput): string[] {
  const { words, work, platforms, aliases, deliverables, categories, categoryKey } = input;
  const subject = categoryKey !== null && SUBJECT_CATEGORIES.has(categoryKey);
  const named: PhraseMatch<string>[] = subject
    ? []
    : [...deliverables.findAll(words, work), ...categories.findAll(words, work)];
  const found: string[] = [];
  const matches = platformIndex(platforms, aliases)
    .findAll(words, work)
    .sort((a, b) => a.start - b.start);
  for (const m of matches) {
    const introduced = CONNECTOR.test(work.slice(Math.max(0, m.start - 8), m.start));
    const qualifies = named.some((d) => (m.start >= d.start && m.end <= d.end) || near(work, d, m) || near(work, m, d));
    if ((introduced || qualifies || m.priority > 0) && !found.includes(m.value)) found.push(m.value);
  }
  return found;
}
