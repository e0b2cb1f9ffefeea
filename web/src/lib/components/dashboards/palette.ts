// Colours and fill patterns of the dashboard charts. Colours come from the category catalog (an
// Okabe–Ito based palette); every series also gets a pattern and a direct label, so a chart reads in
// grey print and for colour-blind readers, never by colour alone.
import type { CategoryGroup } from '@proofwork/core';

export const GROUP_COLORS: Record<CategoryGroup, string> = {
  content: '#0072B2',
  community: '#009E73',
  insight: '#E69F00',
  growth: '#CC79A7',
  coordination: '#6B7280',
};

export const OTHER_COLOR = '#9AA3B2';

export const PATTERNS = ['solid', 'diagonal', 'dots', 'cross', 'horizontal', 'vertical', 'back'] as const;
export type PatternKind = (typeof PATTERNS)[number];

export const patternOf = (index: number): PatternKind => PATTERNS[index % PATTERNS.length]!;
