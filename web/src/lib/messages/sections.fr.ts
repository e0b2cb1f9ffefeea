// Messages français des sections (mêmes clés que sections.en.ts), dans un chunk à part : chargés
// seulement par une page en français.
import { adminFr } from './admin.fr';
import { calendarFr } from './calendar.fr';
import { dashboardsFr } from './dashboards.fr';
import { evidenceFr } from './evidence.fr';
import { importsFr } from './imports.fr';
import type { SectionKey } from './sections.en';
import { securityFr } from './security.fr';
import { webhooksFr } from './webhooks.fr';

export const sectionsFr: Record<SectionKey, string> = {
  ...dashboardsFr,
  ...adminFr,
  ...evidenceFr,
  ...importsFr,
  ...webhooksFr,
  ...calendarFr,
  ...securityFr,
};
