// Messages français de la section dashboards (fusionnés dans fr.ts ; mêmes clés que dashboards.en.ts).
import type { dashboardsEn } from './dashboards.en';

export const dashboardsFr: Record<keyof typeof dashboardsEn, string> = {
  'section.dashboards': 'Tableaux de bord',
};
