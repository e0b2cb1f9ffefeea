// The sections' messages of both languages together, for the tests that compare the catalogs. The
// app itself loads one language's file (sections.en.ts or sections.fr.ts) through messages.ts.
export { type SectionKey, sectionsEn } from './sections.en';
export { sectionsFr } from './sections.fr';
