// Word-sequence matching for category, deliverable, platform and brand names. Phrases and text are
// compared word by word after folding, so matching is accent- and case-insensitive, respects word
// boundaries ('post' never matches inside 'poster', 'edit' never inside 'editorial'), treats
// 'sous-titres' and 'sous titres' alike, and lets the last word take a plural 's'.
import { foldWords } from './normalize';
import type { Span, WordToken } from './scan';

export interface PhraseSource<V> {
  phrase: string;
  value: V;
  /** Weak phrases (tools, objects of the work) lose to any strong one: "tuto Canva" is training. */
  weak?: boolean;
  /** The team's own words (higher) win over the default vocabulary whatever their length. */
  priority?: number;
}

export interface PhraseMatch<V> extends Span {
  value: V;
  weak: boolean;
  priority: number;
  /** Length of the matched phrase in folded characters: the longer, the more specific. */
  weight: number;
}

interface Entry<V> {
  words: string[];
  value: V;
  weak: boolean;
  priority: number;
  weight: number;
}

// Words of one phrase may be separated by spaces, hyphens or apostrophes, but not by a blanked-out
// token: "montage 1h30 vidéo" is not the phrase "montage vidéo".
const JOINER = /^[\s'-]{1,3}$/;

export class PhraseIndex<V> {
  private readonly byFirstWord = new Map<string, Entry<V>[]>();

  constructor(sources: Iterable<PhraseSource<V>>) {
    const seen = new Set<string>();
    for (const s of sources) {
      const words = foldWords(s.phrase);
      const key = words.join(' ');
      // The first source of a phrase wins, so a phrase listed under two values stays deterministic.
      if (words.length === 0 || seen.has(key)) continue;
      seen.add(key);
      const entry: Entry<V> = {
        words,
        value: s.value,
        weak: s.weak ?? false,
        priority: s.priority ?? 0,
        weight: key.length,
      };
      const first = words[0] ?? '';
      const list = this.byFirstWord.get(first);
      if (list) list.push(entry);
      else this.byFirstWord.set(first, [entry]);
    }
  }

  /** Every phrase occurrence in `tokens` (words of one text, in order). */
  findAll(tokens: readonly WordToken[], text: string): PhraseMatch<V>[] {
    const out: PhraseMatch<V>[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i];
      if (!token) continue;
      const candidates = this.byFirstWord.get(token.text) ?? [];
      const singular = token.text.endsWith('s') ? this.byFirstWord.get(token.text.slice(0, -1)) : undefined;
      for (const entry of singular ? [...candidates, ...singular] : candidates) {
        const end = this.matchAt(entry, tokens, i, text);
        if (end !== null) {
          const { value, weak, priority, weight } = entry;
          out.push({ start: token.start, end, value, weak, priority, weight });
        }
      }
    }
    return out;
  }

  /** The most specific match: the team's words first, then strong before weak, then longest, then earliest. */
  best(tokens: readonly WordToken[], text: string): PhraseMatch<V> | null {
    let best: PhraseMatch<V> | null = null;
    for (const m of this.findAll(tokens, text)) if (!best || better(m, best)) best = m;
    return best;
  }

  private matchAt(entry: Entry<V>, tokens: readonly WordToken[], i: number, text: string): number | null {
    const n = entry.words.length;
    let end = 0;
    for (let k = 0; k < n; k++) {
      const token = tokens[i + k];
      const word = entry.words[k];
      if (!token || word === undefined) return null;
      const plural = k === n - 1 && token.text === `${word}s`;
      if (token.text !== word && !plural) return null;
      if (k > 0 && !JOINER.test(text.slice(end, token.start))) return null;
      end = token.end;
    }
    return end;
  }
}

// Matches come in reading order, so strict comparisons keep the earliest of equal matches.
function better<V>(m: PhraseMatch<V>, best: PhraseMatch<V>): boolean {
  if (m.priority !== best.priority) return m.priority > best.priority;
  if (m.weak !== best.weak) return !m.weak;
  return m.weight > best.weight;
}

/** Caches an index per context array, so a server reusing its catalog arrays builds each index once. */
export function cachedIndex<K extends object, V>(
  cache: WeakMap<K, PhraseIndex<V>>,
  key: K,
  build: () => PhraseIndex<V>,
): PhraseIndex<V> {
  let index = cache.get(key);
  if (!index) {
    index = build();
    cache.set(key, index);
  }
  return index;
}

const NO_ALIASES: readonly never[] = [];

/** Like cachedIndex, for an index built from a catalog array and the organization's alias array. */
export function cachedPairIndex<K extends object, A extends object, V>(
  cache: WeakMap<K, WeakMap<A, PhraseIndex<V>>>,
  key: K,
  aliases: A | undefined,
  build: () => PhraseIndex<V>,
): PhraseIndex<V> {
  let inner = cache.get(key);
  if (!inner) {
    inner = new WeakMap();
    cache.set(key, inner);
  }
  return cachedIndex(inner, aliases ?? (NO_ALIASES as unknown as A), build);
}
