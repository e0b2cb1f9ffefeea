import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../duration';
import { PLATFORMS } from '../taxonomy';
import { isLocalDate } from '../time';
import { corpusContext } from './corpus';
import { parseQuickAdd } from './parse';
import type { QuickAddResult } from './types';

const ctx = corpusContext('fr');
const categoryKeys = new Set(ctx.categories.map((c) => c.key));
const brandSlugs = new Set(ctx.brands.map((b) => b.slug));
const platforms = new Set<string>(PLATFORMS);

function isIsoOrNull(value: string | null): boolean {
  return value === null || new Date(value).toISOString() === value;
}

function expectWellFormed(r: QuickAddResult): void {
  expect(r.durationSeconds === null || (Number.isInteger(r.durationSeconds) && r.durationSeconds >= 0)).toBe(true);
  expect(isIsoOrNull(r.startedAt) && isIsoOrNull(r.endedAt)).toBe(true);
  if (r.endedAt !== null) expect(r.startedAt).not.toBeNull();
  expect(isLocalDate(r.localDate)).toBe(true);
  expect(categoryKeys.has(r.categoryKey)).toBe(true);
  expect(r.brand === null || brandSlugs.has(r.brand)).toBe(true);
  expect(r.brand === null || r.proposedBrand === null).toBe(true);
  expect(r.platform === null || platforms.has(r.platform)).toBe(true);
  expect(new Set(r.tags).size).toBe(r.tags.length);
  expect(r.tags.every((t) => t.length > 0 && t === t.toLowerCase())).toBe(true);
  expect(r.note).toBe(r.note.trim());
  expect(r.note).not.toMatch(/\s{2}/);
  expect(r.warnings.every((w) => w.code.length > 0 && w.message.length > 0)).toBe(true);
  expect([null, 'start', 'stop']).toContain(r.command);
}

// Words quick-add reacts to, so random lines reach the interesting paths, not only the "nothing found" one.
const VOCABULARY = [
  '1h30',
  '45 min',
  '9:15-10:40',
  'de 14h à 15h30',
  'from 2 to 3:30pm',
  'hier',
  'lundi',
  'last friday',
  '20/11',
  '2026-11-20',
  'le 20 novembre',
  '@fournil',
  '@Bistrot Léon',
  '@inconnu',
  '#insta',
  '#noël',
  '"titre"',
  '« titre »',
  'montage',
  'modération',
  'post',
  'start',
  'stop',
  'à',
  '-',
  ',',
];

describe('parseQuickAdd properties', () => {
  it('never throws and always returns a well-formed result, for any string up to 500 chars', () => {
    const anyText = fc.oneof(
      fc.string({ maxLength: 500, unit: 'binary' }),
      fc.string({ maxLength: 500, unit: 'grapheme' }),
      fc
        .array(fc.oneof(fc.constantFrom(...VOCABULARY), fc.string({ maxLength: 6 })), { maxLength: 40 })
        .map((parts) => parts.join(' ').slice(0, 500)),
    );
    fc.assert(
      fc.property(anyText, fc.constantFrom('en' as const, 'fr' as const), (text, locale) => {
        expectWellFormed(parseQuickAdd(text, { ...ctx, locale }));
      }),
      { numRuns: 1500 },
    );
  });

  it('reads back any formatted whole-minute duration, through parseDuration and parseQuickAdd', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 24 * 60 }),
        fc.constantFrom('en' as const, 'fr' as const),
        (minutes, locale) => {
          const text = formatDuration(minutes * 60, locale);
          expect(parseDuration(text)).toBe(minutes * 60);
          expect(parseQuickAdd(text, { ...ctx, locale }).durationSeconds).toBe(minutes * 60);
          expect(parseQuickAdd(`montage ${text} @fournil`, { ...ctx, locale }).durationSeconds).toBe(minutes * 60);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
