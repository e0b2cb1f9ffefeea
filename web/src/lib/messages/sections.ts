// The sections' messages (dashboards, settings and approvals, evidence, imports, the calendar), in a chunk of
// their own: a CM's first page does not download them. Pages that use them wait for loadSectionMessages().
import { adminEn } from './admin.en';
import { adminFr } from './admin.fr';
import { calendarEn } from './calendar.en';
import { calendarFr } from './calendar.fr';
import { dashboardsEn } from './dashboards.en';
import { dashboardsFr } from './dashboards.fr';
import { evidenceEn } from './evidence.en';
import { evidenceFr } from './evidence.fr';
import { importsEn } from './imports.en';
import { importsFr } from './imports.fr';
import { securityEn } from './security.en';
import { securityFr } from './security.fr';
import { webhooksEn } from './webhooks.en';
import { webhooksFr } from './webhooks.fr';

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
export const sectionsFr: Record<SectionKey, string> = {
  ...dashboardsFr,
  ...adminFr,
  ...evidenceFr,
  ...importsFr,
  ...webhooksFr,
  ...calendarFr,
  ...securityFr,
};
