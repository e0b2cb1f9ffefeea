// Accent- and case-folding with an index map back to the original text. Every grammar in quick-add
// runs on the folded text (so 'Réunion', 'REUNION' and 'reunion' read alike), while the note, the
// quoted title and a proposed brand are cut from the original text through `origin`.

export interface FoldedText {
  /** Lower-cased, accent-free text; typographic quotes, dashes and spaces mapped to ASCII. */
  text: string;
  /** origin[i] is the index in the original string of folded char i; origin[text.length] is its length. */
  origin: number[];
}

// Characters NFD does not decompose, or that people type interchangeably on phones and desktops.
const SPECIAL: Readonly<Record<string, string>> = {
  œ: 'oe',
  Œ: 'oe',
  æ: 'ae',
  Æ: 'ae',
  ß: 'ss',
  '’': "'",
  '‘': "'",
  ʼ: "'",
  '`': "'",
  '´': "'",
  '“': '"',
  '”': '"',
  '„': '"',
  '‟': '"',
  '–': '-',
  '—': '-',
  '−': '-',
  '‐': '-',
  '‑': '-',
  '‒': '-',
};

const SPACE_LIKE = /[\p{Cc}\p{Z}]/u;
const INVISIBLE = /\p{Cf}/u;
const MARKS = /\p{M}/gu;

function foldWide(ch: string): string {
  const special = SPECIAL[ch];
  if (special !== undefined) return special;
  if (SPACE_LIKE.test(ch)) return ' ';
  if (INVISIBLE.test(ch)) return '';
  return ch.normalize('NFD').replace(MARKS, '').toLowerCase();
}

// Folding a non-ASCII character costs a normalisation and two regex tests; a text repeats few distinct
// ones (French accents), so they are remembered, up to a bound a hostile text cannot push memory past.
const wideCache = new Map<string, string>();
const WIDE_CACHE_MAX = 4096;

function foldChar(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 0x80) {
    if (code < 0x20 || code === 0x7f) return ' ';
    return code >= 0x41 && code <= 0x5a ? String.fromCharCode(code + 32) : ch;
  }
  let folded = wideCache.get(ch);
  if (folded === undefined) {
    folded = foldWide(ch);
    if (wideCache.size < WIDE_CACHE_MAX) wideCache.set(ch, folded);
  }
  return folded;
}

export function fold(input: string): FoldedText {
  let text = '';
  const origin: number[] = [];
  let index = 0;
  for (const ch of input) {
    const folded = foldChar(ch);
    for (let k = 0; k < folded.length; k++) origin.push(index);
    text += folded;
    index += ch.length;
  }
  origin.push(input.length);
  return { text, origin };
}

const WORD = /[\p{L}\p{N}]+/gu;

/** The folded words of a phrase: 'Sous-titres' → ['sous', 'titres'], 'Reporting & analyse' → ['reporting', 'analyse']. */
export function foldWords(phrase: string): string[] {
  return fold(phrase).text.match(WORD) ?? [];
}

/** Letters and digits only, folded: 'Bistrot Léon' and 'bistrot-leon' both give 'bistrotleon'. */
export function compact(value: string): string {
  return foldWords(value).join('');
}

// Trimming by loop rather than with `/[…]+$/`: an unanchored run-to-end pattern is tried from every
// start of a long run followed by anything else, which is quadratic in the run's length.

/** `text` without the characters of `chars` at its end. */
export function trimEndOf(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text[end - 1] ?? '')) end--;
  return text.slice(0, end);
}

/** `text` without the characters of `chars` at either end. */
export function trimOf(text: string, chars: string): string {
  let start = 0;
  while (start < text.length && chars.includes(text[start] ?? '')) start++;
  return trimEndOf(text.slice(start), chars);
}
