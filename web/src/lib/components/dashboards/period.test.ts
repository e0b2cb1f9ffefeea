import { describe, expect, it } from 'vitest';
import { presetOf } from '../evidence/period';
import { exportHref, PRESETS, periodFrom, periodQuery } from './period';

// Thursday 3 December 2026, weeks from Monday.
const TODAY = '2026-12-03';
const read = (query: string) => periodFrom(new URLSearchParams(query), TODAY, 1);

describe('the dashboards’ period', () => {
  it('names thirteen finished weeks for what they are, and reads older "quarter" links as them', () => {
    expect(read('period=13w')).toMatchObject({ preset: '13w', from: '2026-08-31', to: '2026-11-29' });
    expect(read('period=13w').weeks).toHaveLength(13);
    expect(read('period=quarter')).toMatchObject({ preset: '13w', from: '2026-08-31', to: '2026-11-29' });
    expect(periodQuery(read('period=quarter'))).toBe('?period=13w');
    expect(read('period=nonsense')).toMatchObject({ preset: '4w', from: '2026-11-02', to: '2026-11-29' });
  });

  it('opens the export dialog on the same named period as every preset it shows', () => {
    const named = { week: 'thisWeek', '4w': 'last4Weeks', '13w': 'last13Weeks' } as const;
    for (const preset of PRESETS) {
      if (preset === 'custom') continue;
      const period = read(`period=${preset}`);
      const link = new URL(exportHref(period), 'http://proofwork.test');
      const dates = { from: link.searchParams.get('from')!, to: link.searchParams.get('to')! };
      expect(dates).toEqual({ from: period.from, to: period.to });
      expect(presetOf(dates, TODAY, 1)).toBe(named[preset]);
    }
  });
});
