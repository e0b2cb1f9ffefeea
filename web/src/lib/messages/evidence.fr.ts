// Messages français de la section evidence (fusionnés dans fr.ts ; mêmes clés que evidence.en.ts).
import type { evidenceEn } from './evidence.en';

export const evidenceFr: Record<keyof typeof evidenceEn, string> = {
  'section.evidence': 'Preuves',
};
