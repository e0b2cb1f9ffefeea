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

function foldChar(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 0x80) {
    if (code < 0x20 || code === 0x7f) return ' ';
    return code >= 0x41 && code <= 0x5a ? String.fromCharCode(code + 32) : ch;
  }
  const special = SPECIAL[ch];
  if (special !== undefined) return special;
  if (SPACE_LIKE.test(ch)) return ' ';
  if (INVISIBLE.test(ch)) return '';
  return ch.normalize('NFD').replace(MARKS, '').toLowerCase();
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
