// Message catalogs of the web app: one per language, identical keys (fr.ts is typed by en.ts's keys
// and tests/browser/messages.test.ts checks that no value is empty). The manager sections' messages
// are loaded on demand, by the pages that need them.
import type { Locale } from '@proofwork/core';
import { en, type MessageKey } from './messages/en';
import { fr } from './messages/fr';

export type { MessageKey };

export const messages: Record<Locale, Partial<Record<MessageKey, string>>> = { en: { ...en }, fr: { ...fr } };

let sections: Promise<void> | null = null;

/** Adds the manager sections' messages to the catalogs (once; later calls share the first load). */
export function loadSectionMessages(): Promise<void> {
  sections ??= import('./messages/sections')
    .then(({ sectionsEn, sectionsFr }) => {
      Object.assign(messages.en, sectionsEn);
      Object.assign(messages.fr, sectionsFr);
    })
    .catch((error: unknown) => {
      sections = null; // a failed download (offline) can be retried
      throw error;
    });
  return sections;
}
