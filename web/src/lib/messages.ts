// Message catalogs of the web app: one per language, identical keys (fr.ts is typed by en.ts's keys
// and tests/browser/messages.test.ts checks that no value is empty). A page downloads the catalog of
// the language it shows only, before it renders (the root layout's load waits for it); another
// language's is fetched when the person switches to it. The manager sections' messages are loaded
// on demand, by the pages that need them, in the languages loaded.
import type { Locale } from '@proofwork/core';
import type { MessageKey } from './messages/en';

export type { MessageKey };

type Catalog = Partial<Record<MessageKey, string>>;

/** The messages loaded so far, per language (empty until loadCatalog). */
export const messages: Record<Locale, Catalog> = { en: {}, fr: {} };

const BASE: Record<Locale, () => Promise<Catalog>> = {
  en: () => import('./messages/en').then((m) => m.en),
  fr: () => import('./messages/fr').then((m) => m.fr),
};
const SECTIONS: Record<Locale, () => Promise<Catalog>> = {
  en: () => import('./messages/sections.en').then((m) => m.sectionsEn),
  fr: () => import('./messages/sections.fr').then((m) => m.sectionsFr),
};

/** The languages asked for so far, and whether the sections' messages are wanted with them. */
const asked = new Set<Locale>();
let withSections = false;
const loads = new Map<string, Promise<void>>();
const loaded = new Set<string>();

/** One part of one catalog, fetched once; a failed download (offline) can be retried. */
function part(name: 'base' | 'sections', lang: Locale): Promise<void> {
  const key = `${name}.${lang}`;
  let load = loads.get(key);
  if (!load) {
    load = (name === 'base' ? BASE : SECTIONS)
      [lang]()
      .then((catalog) => {
        Object.assign(messages[lang], catalog);
        loaded.add(key);
      })
      .catch((error: unknown) => {
        loads.delete(key);
        throw error;
      });
    loads.set(key, load);
  }
  return load;
}

/** True when a language's messages are all here (its sections' too, once a page asked for them). */
export function hasCatalog(lang: Locale): boolean {
  return loaded.has(`base.${lang}`) && (!withSections || loaded.has(`sections.${lang}`));
}

/** Loads a language's catalog (and its sections' messages when they are in use); later calls share it. */
export async function loadCatalog(lang: Locale): Promise<void> {
  asked.add(lang);
  await Promise.all([part('base', lang), withSections ? part('sections', lang) : undefined]);
}

/** Adds the manager sections' messages to the catalogs of the languages in use (once). */
export async function loadSectionMessages(): Promise<void> {
  withSections = true;
  await Promise.all([...asked].map((lang) => part('sections', lang)));
}
