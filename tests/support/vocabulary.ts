// One idea, one word per language. The time management thinks a deliverable takes is "perceived"
// in English and "perçu" in French, wherever a person reads it (web, PDF, spreadsheets, share
// page, API reference). These are the words it used to go by; a test fails when one comes back.
import type { Locale } from '@proofwork/core';

export const PERCEIVED_WORD: Record<Locale, RegExp> = { en: /\bperceived\b/i, fr: /\bperçue?s?(?![\p{L}])/iu };

const COMPETING: Record<Locale, RegExp[]> = {
  en: [/\bbeliev\w*/gi, /\bestimat\w*/gi, /\bsupposed\b/gi, /\bassumed\b/gi],
  fr: [/\bestim\p{L}*/giu, /\bsuppos\p{L}*/giu, /\bcens[ée]\p{L}*/giu, /\bressenti\p{L}*/giu, /\bprésum\p{L}*/giu],
};

/** The competing words found in a text, each with a few words around it (empty when the text is clean). */
export function competingWords(text: string, locale: Locale): string[] {
  return COMPETING[locale].flatMap((pattern) =>
    [...text.matchAll(pattern)].map((m) => text.slice(Math.max(0, m.index - 30), m.index + m[0].length + 30)),
  );
}
