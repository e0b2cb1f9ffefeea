import { describe, expect, it } from 'vitest';
import { compact, fold, foldWords } from './normalize';

describe('fold', () => {
  it('lower-cases, strips accents and maps typography to ASCII', () => {
    expect(fold('Réunion – « Œuvre » l’équipe').text).toBe("reunion - « oeuvre » l'equipe");
  });

  it('maps every folded character back to its original index', () => {
    const original = 'Cœur e\u0301té';
    const f = fold(original);
    expect(f.text).toBe('coeur ete');
    expect(f.origin).toHaveLength(f.text.length + 1);
    // "oe" both come from "œ"; the combining accent vanishes but the next char still maps correctly.
    expect(f.origin.slice(0, 4)).toEqual([0, 1, 1, 2]);
    expect(original.slice(f.origin[6], f.origin[9])).toBe('e\u0301té');
  });

  it('turns control characters into spaces and drops invisible format characters', () => {
    expect(fold('a\u0000b\u200bc\td').text).toBe('a bc d');
  });
});

describe('foldWords / compact', () => {
  it('splits on anything that is not a letter or a digit', () => {
    expect(foldWords('Sous-titres & légendes')).toEqual(['sous', 'titres', 'legendes']);
    expect(compact('Bistrot Léon')).toBe(compact('bistrot-leon'));
  });
});
