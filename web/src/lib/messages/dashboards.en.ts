// English messages of the dashboards section (merged into en.ts; dashboards.fr.ts has the same keys).
export const dashboardsEn = {
  'section.dashboards': 'Dashboards',
} as const;
