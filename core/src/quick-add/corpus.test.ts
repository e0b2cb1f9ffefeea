import { describe, expect, it } from 'vitest';
import { DEFAULT_CATEGORIES, PLATFORMS } from '../taxonomy';
import { isLocalDate } from '../time';
import { CORPUS_BRANDS, QUICK_ADD_CORPUS, scoreCorpus } from './corpus';

describe('quick-add corpus', () => {
  it('holds at least 200 lines, 100 per language', () => {
    expect(QUICK_ADD_CORPUS.length).toBeGreaterThanOrEqual(200);
    expect(QUICK_ADD_CORPUS.filter((l) => l.locale === 'fr').length).toBeGreaterThanOrEqual(100);
    expect(QUICK_ADD_CORPUS.filter((l) => l.locale === 'en').length).toBeGreaterThanOrEqual(100);
  });

  it('only expects values that exist', () => {
    const categories = new Set(DEFAULT_CATEGORIES.map((c) => c.key));
    const brands = new Set(CORPUS_BRANDS.map((b) => b.slug));
    const platforms = new Set<string>(PLATFORMS);
    const texts = new Set<string>();
    for (const line of QUICK_ADD_CORPUS) {
      expect(categories.has(line.category), line.text).toBe(true);
      expect(line.brand === null || brands.has(line.brand), line.text).toBe(true);
      expect(line.platform === null || platforms.has(line.platform), line.text).toBe(true);
      expect(isLocalDate(line.date), line.text).toBe(true);
      expect(texts.has(line.text), `duplicate: ${line.text}`).toBe(false);
      texts.add(line.text);
    }
  });

  it('parses at least 99% of lines exactly (minutes, category, brand, platform, date, range start)', async () => {
    const score = await scoreCorpus();
    const report = score.misses.map((m) => `${m.line.locale} ${JSON.stringify(m.line.text)}: ${m.fields.join(', ')}`);
    expect(score.ratio, report.join('\n')).toBeGreaterThanOrEqual(0.99);
  });
});
