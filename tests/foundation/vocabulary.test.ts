// One word per language for the time management thinks a deliverable takes: "perceived" / "perçu".
// Scans what people read outside the PDF (which pdf.suite.ts reads back): the web catalogs, the
// export messages (CSV and XLSX headers, the PDF's words), and the API reference.
import { type Locale, systemClock } from '@proofwork/core';
import { createDb } from '@proofwork/db';
import { buildApp, loadConfig } from '@proofwork/server';
import { EXPORT_MESSAGES } from '@proofwork/workers';
import { describe, expect, it } from 'vitest';
import { en as appEn } from '../../web/src/lib/messages/en';
import { fr as appFr } from '../../web/src/lib/messages/fr';
import { sectionsEn, sectionsFr } from '../../web/src/lib/messages/sections';
import { competingWords, PERCEIVED_WORD } from '../support/vocabulary';

const web: Record<Locale, Record<string, string>> = {
  en: { ...appEn, ...sectionsEn },
  fr: { ...appFr, ...sectionsFr },
};

/** Every string of a nested message object, functions called with placeholder arguments. */
function strings(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (typeof value === 'function') return [[path, String(value('x', 'x', 'x', 'x', 'x'))]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k));
  return [];
}

describe.each(['en', 'fr'] as const)('the word for perceived time (%s)', (locale) => {
  it('web catalogs: no competing word, and every "perceived" message says it', () => {
    const found = Object.entries(web[locale]).flatMap(([key, text]) =>
      competingWords(text, locale).map((w) => `${key}: ${w}`),
    );
    expect(found).toEqual([]);
    const perceivedKeys = Object.keys(web[locale]).filter((key) => /perceived/i.test(key));
    expect(perceivedKeys.length).toBeGreaterThan(3);
    const silent = perceivedKeys.filter((key) => !PERCEIVED_WORD[locale].test(web[locale][key]!));
    expect(silent).toEqual([]);
  });

  it('exports (CSV/XLSX headers, PDF words): no competing word, and the PDF columns say it', () => {
    const all = strings(EXPORT_MESSAGES[locale]);
    expect(all.flatMap(([key, text]) => competingWords(text, locale).map((w) => `${key}: ${w}`))).toEqual([]);
    const pdf = EXPORT_MESSAGES[locale].pdf;
    for (const text of [pdf.perceived, pdf.multiplier, pdf.deliverablesTitle, pdf.headlineTimes('2')])
      expect(text).toMatch(PERCEIVED_WORD[locale]);
    expect(pdf.headline('post', '3 min', '41 min', '52', 'posts')).toMatch(PERCEIVED_WORD[locale]);
  });
});

describe('the API reference', () => {
  it('describes perceived time with one word', async () => {
    // postgres.js connects lazily: the OpenAPI document is built without a database.
    const db = createDb('postgres://127.0.0.1:1/none', { max: 1 });
    const app = await buildApp(
      {
        config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
        db,
        clock: systemClock,
        queue: { mode: 'in-process', ping: async () => true },
        webRoot: null,
      },
      { logger: false },
    );
    try {
      await app.ready();
      const doc = JSON.stringify(app.swagger());
      expect(competingWords(doc, 'en')).toEqual([]);
      expect(doc).toMatch(/perceived minutes/);
    } finally {
      await app.close();
      await db.close();
    }
  });
});
