// Quick-add parsing cost: the corpus lines and 2,000 random strings (fixed seed), as mean µs per parse
// and as a ratio to a baseline measured in the same run over the same strings: NFD-normalise,
// lower-case and run one duration regex, i.e. the least any text parser has to do.
// Run: node --import tsx bench/quick-add.bench.ts
import { corpusContext, parseQuickAdd, QUICK_ADD_CORPUS, type QuickAddContext, scoreCorpus } from '@proofwork/core';

const SEED = 0x5eed;
const RANDOM_STRINGS = 2000;
const ROUNDS = 5;

/** mulberry32: tiny deterministic PRNG, so every run parses the same strings. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  '1h30',
  '45 min',
  '9:15-10:40',
  'de 14h à 15h30',
  'hier',
  'lundi',
  'last friday',
  '20/11',
  'le 20 novembre',
  '@fournil',
  '@inconnu',
  '#insta',
  '#noël',
  '"titre"',
  'montage',
  'modération',
  'reporting',
  'post',
  'reel',
  'client',
];
const CHARS = 'abcdefghijklmnopqrstuvwxyz ABCXYZ 0123456789 :/-–,.;!?@#"«»’ éèàçôüÉ œ 😀 🇫🇷 \u0000\t\n\u200b\u0301';

function randomStrings(count: number): string[] {
  const rand = prng(SEED);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const parts: string[] = [];
    const length = Math.floor(rand() * 200);
    while (parts.join(' ').length < length) {
      parts.push(
        rand() < 0.5
          ? pick(WORDS)
          : Array.from({ length: 1 + Math.floor(rand() * 8) }, () => pick([...CHARS])).join(''),
      );
    }
    out.push(parts.join(' ').slice(0, 200));
  }
  return out;
}

const BASELINE_RE = /(\d+(?:[.,]\d+)?)\s*(h|min|m)\b/g;
let sink = 0;

function baseline(text: string): void {
  for (const m of text.normalize('NFD').toLowerCase().matchAll(BASELINE_RE)) sink += m[0].length;
}

/** Mean µs per call of `run` over `inputs`, best of ROUNDS (after one warm-up pass). */
function meanMicros<T>(inputs: readonly T[], run: (input: T) => void): number {
  for (const input of inputs) run(input);
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < ROUNDS; r++) {
    const start = performance.now();
    for (const input of inputs) run(input);
    best = Math.min(best, ((performance.now() - start) * 1000) / inputs.length);
  }
  return best;
}

const contexts: Record<'en' | 'fr', QuickAddContext> = { en: corpusContext('en'), fr: corpusContext('fr') };
const corpus = QUICK_ADD_CORPUS.map((l) => ({ text: l.text, ctx: contexts[l.locale] }));
const random = randomStrings(RANDOM_STRINGS).map((text, i) => ({ text, ctx: i % 2 ? contexts.en : contexts.fr }));
const all = [...corpus, ...random];

const quickAdd = {
  corpus: meanMicros(corpus, (l) => {
    sink += parseQuickAdd(l.text, l.ctx).note.length;
  }),
  random: meanMicros(random, (l) => {
    sink += parseQuickAdd(l.text, l.ctx).note.length;
  }),
  all: meanMicros(all, (l) => {
    sink += parseQuickAdd(l.text, l.ctx).note.length;
  }),
};
const base = meanMicros(all, (l) => baseline(l.text));
const score = await scoreCorpus();

const fmt = (n: number) => n.toFixed(1).padStart(8);
console.log(`quick-add bench: ${corpus.length} corpus lines + ${random.length} random strings (seed ${SEED})`);
console.log(`  corpus lines      ${fmt(quickAdd.corpus)} µs/parse`);
console.log(`  random strings    ${fmt(quickAdd.random)} µs/parse`);
console.log(`  all               ${fmt(quickAdd.all)} µs/parse   (target < 5000)`);
console.log(`  baseline          ${fmt(base)} µs/string (NFD + lower-case + one regex)`);
console.log(`  ratio all/baseline ${(quickAdd.all / base).toFixed(0).padStart(7)}×`);
console.log(`  corpus score       ${score.exact}/${score.total} exact (${(score.ratio * 100).toFixed(1)}%)`);
if (sink < 0) console.log(sink); // keeps the measured work observable
