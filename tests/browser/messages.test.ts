// The web app speaks English and French everywhere: both catalogs hold the same keys, no value is
// empty, and the {placeholders} of each message are the same in both languages.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { en as core } from '../../web/src/lib/messages/en';
import { fr as coreFr } from '../../web/src/lib/messages/fr';
import { sectionsEn, sectionsFr } from '../../web/src/lib/messages/sections';

// The app's own catalog and the manager sections' (loaded on demand) are checked as one.
const en = { ...core, ...sectionsEn };
const fr = { ...coreFr, ...sectionsFr };

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogs', () => {
  it('have the same keys in English and French', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
  });

  it('never give a section a key of the app catalog (a section would silently override it)', () => {
    expect(Object.keys(sectionsEn).filter((key) => key in core)).toEqual([]);
  });

  it('have no empty message', () => {
    for (const catalog of [en, fr] as Record<string, string>[]) {
      const empty = Object.entries(catalog).filter(([, v]) => v.trim() === '');
      expect(empty).toEqual([]);
    }
  });

  it('use the same placeholders in both languages', () => {
    const frCatalog = fr as Record<string, string>;
    const mismatched = Object.entries(en as Record<string, string>)
      .filter(([key, text]) => placeholders(text).join() !== placeholders(frCatalog[key] ?? '').join())
      .map(([key]) => key);
    expect(mismatched).toEqual([]);
  });

  it('write French punctuation with a non-breaking space, so "?" or ":" never starts a line', () => {
    const loose = Object.entries(fr as Record<string, string>)
      .filter(([, text]) => / [:;?!»]|« /.test(text))
      .map(([key]) => key);
    expect(loose).toEqual([]);
  });

  it('keep section words out of the pages that render before the sections load', () => {
    // Section messages arrive with the manager pages, the calendar and the share page; anything else (shell,
    // header, tab bar, CM pages) would show a raw key.
    const src = path.resolve(import.meta.dirname, '../../web/src');
    const lazy = [
      /routes\/\(app\)\/\(manager\)\//,
      // The calendar renders inside SectionMessages, which waits for the section words.
      /routes\/\(app\)\/calendar\//,
      /routes\/share\//,
      /lib\/components\/(dashboards|admin|evidence|imports)\//,
    ];
    const sectionKey = new RegExp(
      `'(${Object.keys(sectionsEn)
        .map((k) => k.replace(/\./g, '\\.'))
        .join('|')})'`,
    );
    const offenders = readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter((file) => /\.(svelte|ts)$/.test(file) && !file.startsWith('lib/messages'))
      .filter((file) => !lazy.some((re) => re.test(file)))
      .filter((file) => sectionKey.test(readFileSync(path.join(src, file), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
