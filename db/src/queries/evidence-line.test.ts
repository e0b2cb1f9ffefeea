import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalEntryLine, ENTRY_COLUMNS, type EvidenceEntry } from './evidence';

// Any text a person can type, and what a broken one could hold: control characters, quotes,
// backslashes, line separators, astral characters and lone surrogates.
const text = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', '"', '\\', '\u2028', '\ud800', 'Montage vidéo', '=HYPERLINK("x")', '\u0000\u001f\u007f'),
);
const nullableText = fc.option(text, { nil: null });

const entry: fc.Arbitrary<EvidenceEntry> = fc.record({
  id: fc.uuid(),
  member: text,
  localDate: text,
  weekStart: text,
  startedAt: nullableText,
  endedAt: nullableText,
  seconds: fc.integer({ min: 0, max: 86_400 }),
  hours: fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer().map((n) => n / 10_000),
  ),
  categoryKey: text,
  category: text,
  brand: nullableText,
  platform: nullableText,
  deliverableType: nullableText,
  deliverableTypeName: nullableText,
  deliverable: nullableText,
  deliverableQuantity: fc.option(fc.integer({ min: 1, max: 1000 }), { nil: null }),
  tags: fc.array(text, { maxLength: 4 }),
  note: text,
  source: text,
  late: fc.boolean(),
  edited: fc.boolean(),
  weekStatus: nullableText,
});

describe('the canonical line of an entry', () => {
  it('is JSON.stringify of the entry with its keys in column order, for any values, again and again', () => {
    fc.assert(
      fc.property(entry, (e) => {
        const ordered = Object.fromEntries(ENTRY_COLUMNS.map((key) => [key, e[key]]));
        const expected = `${JSON.stringify(ordered)}\n`;
        // Twice: the second line reads the names' JSON kept from the first.
        expect(canonicalEntryLine(e)).toBe(expected);
        expect(canonicalEntryLine(e)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the names it has seen bounded, and right after it starts over', () => {
    const base = fc.sample(entry, 1)[0]!;
    for (let i = 0; i < 25_000; i++) {
      const e = { ...base, member: `Member ${i}`, category: `Catégorie ${i % 7}` };
      const line = canonicalEntryLine(e);
      if (i % 4999 === 0)
        expect(line).toBe(`${JSON.stringify(Object.fromEntries(ENTRY_COLUMNS.map((k) => [k, e[k]])))}\n`);
    }
  });
});
