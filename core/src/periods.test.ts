import { describe, expect, it } from 'vitest';
import { finishedPeriod, namedPeriod, periodName } from './periods';

describe('named periods', () => {
  // Thursday 3 December 2026, weeks from Monday.
  const today = '2026-12-03';
  it('the last 4 weeks are the four finished weeks before this one', () => {
    expect(namedPeriod('last4Weeks', today)).toEqual({ from: '2026-11-02', to: '2026-11-29' });
    expect(namedPeriod('last13Weeks', today)).toEqual({ from: '2026-08-31', to: '2026-11-29' });
    expect(namedPeriod('thisWeek', today)).toEqual({ from: '2026-11-30', to: '2026-12-06' });
  });
  it('months and the year so far', () => {
    expect(namedPeriod('lastMonth', today)).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(namedPeriod('last3Months', '2026-02-10')).toEqual({ from: '2025-11-01', to: '2026-01-31' });
    expect(namedPeriod('yearToDate', today)).toEqual({ from: '2026-01-01', to: today });
  });
  it('follows the organization’s week start and names dates back', () => {
    expect(namedPeriod('last4Weeks', today, 7)).toEqual({ from: '2026-11-01', to: '2026-11-28' });
    expect(periodName({ from: '2026-11-02', to: '2026-11-29' }, today)).toBe('last4Weeks');
    expect(periodName({ from: '2026-11-03', to: '2026-11-29' }, today)).toBeNull();
  });
});

describe('the finished period of a scheduled evidence pack', () => {
  it('is the calendar month before today, across a year', () => {
    expect(finishedPeriod('monthly', '2026-12-01')).toEqual({ key: '2026-11', from: '2026-11-01', to: '2026-11-30' });
    expect(finishedPeriod('monthly', '2027-01-31')).toEqual({ key: '2026-12', from: '2026-12-01', to: '2026-12-31' });
    expect(finishedPeriod('monthly', '2028-03-01')).toEqual({ key: '2028-02', from: '2028-02-01', to: '2028-02-29' });
  });

  it('is the calendar quarter before the current one', () => {
    expect(finishedPeriod('quarterly', '2026-10-01')).toEqual({ key: '2026-Q3', from: '2026-07-01', to: '2026-09-30' });
    expect(finishedPeriod('quarterly', '2026-09-30')).toEqual({ key: '2026-Q2', from: '2026-04-01', to: '2026-06-30' });
    expect(finishedPeriod('quarterly', '2027-02-15')).toEqual({ key: '2026-Q4', from: '2026-10-01', to: '2026-12-31' });
    expect(finishedPeriod('quarterly', '2026-04-01')).toEqual({ key: '2026-Q1', from: '2026-01-01', to: '2026-03-31' });
  });
});
