// The manager sections' messages (dashboards, settings and approvals, evidence), in a chunk of their
// own: a CM's first page does not download them. Pages that use them wait for loadSectionMessages().
import { adminEn } from './admin.en';
import { adminFr } from './admin.fr';
import { dashboardsEn } from './dashboards.en';
import { dashboardsFr } from './dashboards.fr';
import { evidenceEn } from './evidence.en';
import { evidenceFr } from './evidence.fr';

export const sectionsEn = { ...dashboardsEn, ...adminEn, ...evidenceEn };
export type SectionKey = keyof typeof sectionsEn;
export const sectionsFr: Record<SectionKey, string> = { ...dashboardsFr, ...adminFr, ...evidenceFr };
