// Messages français de la section admin (fusionnés dans fr.ts ; mêmes clés que admin.en.ts).
import type { adminEn } from './admin.en';

export const adminFr: Record<keyof typeof adminEn, string> = {
  'section.admin': 'Réglages',
};
