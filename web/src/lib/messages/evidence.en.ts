// English messages of the evidence section (merged into en.ts; evidence.fr.ts has the same keys).
export const evidenceEn = {
  'section.evidence': 'Evidence',
} as const;
