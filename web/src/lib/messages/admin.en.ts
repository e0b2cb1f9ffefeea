// English messages of the admin section (merged into en.ts; admin.fr.ts has the same keys).
export const adminEn = {
  'section.admin': 'Settings',
} as const;
