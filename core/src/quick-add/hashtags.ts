// #words: a platform when the word is a platform key or alias (#ig, #insta, #fb, #yt, #twitter),
// otherwise a free tag. Bare platform names ("post insta", "TikTok") are found by ./matching.ts.
import { PLATFORM_ALIASES, PLATFORMS } from '../taxonomy';
import { compact, trimEndOf } from './normalize';
import { type Scan, withConnector } from './scan';
import type { QuickAddAlias } from './types';

export interface Hashtags {
  /** Platform keys from #words, in reading order. */
  platforms: string[];
  /** #words naming a platform this organisation does not use. */
  unavailablePlatforms: string[];
  /** Other #words, lower-cased, deduplicated, as typed (accents kept). */
  tags: string[];
}

const HASHTAG_RE = /(?<![\p{L}\p{N}_&#])#([\p{L}\p{N}_][\p{L}\p{N}_-]*)/gu;
const CONNECTOR = /(?<![\p{L}\p{N}])(?:sur|on|pour|for|via)\s+$/u;
const ALL_PLATFORMS: ReadonlySet<string> = new Set(PLATFORMS);

/** The platform a #word names (a key, a team alias, a default alias), or null; `word` is folded. */
export function hashtagPlatform(word: string, aliases: readonly QuickAddAlias[]): string | null {
  const direct = ALL_PLATFORMS.has(word) ? word : null;
  // Compared compact, so a team alias learned from "#google-business" ("google business") reads it back.
  const key = compact(word);
  const team = aliases.find((a) => a.kind === 'platform' && compact(a.phrase) === key)?.value;
  return direct ?? team ?? PLATFORM_ALIASES[word] ?? null;
}

export function extractHashtags(
  scan: Scan,
  platforms: readonly string[],
  aliases: readonly QuickAddAlias[] = [],
): Hashtags {
  const out: Hashtags = { platforms: [], unavailablePlatforms: [], tags: [] };
  const spans = [];
  const seenTags = new Set<string>();
  const work = scan.work;
  for (const m of work.matchAll(HASHTAG_RE)) {
    const word = trimEndOf(m[1] ?? '', '-');
    const span = { start: m.index, end: m.index + 1 + word.length };
    const platform = hashtagPlatform(word, aliases);
    if (platform && platforms.includes(platform)) {
      out.platforms.push(platform);
      spans.push(withConnector(work, span, CONNECTOR));
      continue;
    }
    if (platform) out.unavailablePlatforms.push(word);
    const tag = scan.originalText({ start: span.start + 1, end: span.end }).toLowerCase();
    if (tag && !seenTags.has(tag)) {
      seenTags.add(tag);
      out.tags.push(tag);
    }
    spans.push(span);
  }
  scan.claim(spans);
  return out;
}
