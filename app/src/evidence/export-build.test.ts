// An export's file name says whose evidence it is and of which weeks, in the slug rule of every
// other name (core's slugify): accents dropped, never turned into a dash.
import type { EvidenceHeader } from '@proofwork/db';
import { describe, expect, it } from 'vitest';
import { exportFileName } from './export-build.service';

const header = (name: string): EvidenceHeader => ({
  organization: { id: '0190a0a0-0000-7000-8000-000000000000', name, timeZone: 'Europe/Paris' },
  period: { from: '2026-11-02', to: '2026-11-29', firstWeek: '2026-11-02', lastDay: '2026-11-29', weeks: 4 },
  filters: { memberIds: [], brandIds: [], anonymize: false },
  locale: 'fr',
});

describe('an export file name', () => {
  it('keeps the letters of an accented name ("Bistrot Léon" → bistrot-leon, not l-on)', () => {
    expect(exportFileName(header('Bistrot Léon'), 'pdf')).toBe('proofwork-bistrot-leon-2026-11-02-2026-11-29.pdf');
    expect(exportFileName(header('Éclat Cosmétiques & Cie'), 'xlsx')).toBe(
      'proofwork-eclat-cosmetiques-cie-2026-11-02-2026-11-29.xlsx',
    );
  });

  it('says "evidence" for a name with no letter or digit to keep', () => {
    expect(exportFileName(header('Ωμέγα'), 'csv')).toBe('proofwork-evidence-2026-11-02-2026-11-29.csv');
  });
});
