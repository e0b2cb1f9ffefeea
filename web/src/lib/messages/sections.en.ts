// The sections' English messages (dashboards, settings and approvals, evidence, imports, the
// calendar), in a chunk of their own: a CM's first page does not download them, and a page in French
// downloads sections.fr.ts instead.
import { adminEn } from './admin.en';
import { calendarEn } from './calendar.en';
import { dashboardsEn } from './dashboards.en';
import { evidenceEn } from './evidence.en';
import { importsEn } from './imports.en';
import { securityEn } from './security.en';
import { webhooksEn } from './webhooks.en';

export const sectionsEn = {
  ...dashboardsEn,
  ...adminEn,
  ...evidenceEn,
  ...importsEn,
  ...webhooksEn,
  ...calendarEn,
  ...securityEn,
};
export type SectionKey = keyof typeof sectionsEn;
