import { describe, expect, it } from 'vitest';
import { dateTimeFormat, formatDay, formatDayRange } from './format';

const plain = (s: string) => s.replace(/[\u00a0\u202f\u2009]/g, ' ');

describe('formatDay', () => {
  it('writes a local day the locale’s way, in every style', () => {
    expect(formatDay('2026-11-02', 'en', 'dayMonth')).toBe('Nov 2');
    expect(formatDay('2026-11-02', 'fr', 'dayMonth')).toBe('2 nov.');
    expect(formatDay('2026-09-07', 'fr', 'dayMonth')).toBe('7 sept.');
    expect(formatDay('2026-11-02', 'en', 'medium')).toBe('Nov 2, 2026');
    expect(formatDay('2026-11-02', 'fr', 'medium')).toBe('2 nov. 2026');
    expect(formatDay('2026-11-02', 'en', 'full')).toBe('November 2, 2026');
    expect(formatDay('2026-11-02', 'fr', 'full')).toBe('2 novembre 2026');
    expect(formatDay('2026-11-02', 'fr')).toBe('lundi 2 novembre');
  });

  it('never shifts the day, whatever the machine’s zone (the first and last hours of a day)', () => {
    for (const d of ['2026-01-01', '2026-03-29', '2026-10-25', '2026-12-31'])
      expect(formatDay(d, 'en', 'medium')).toBe(
        new Date(`${d}T00:00:00Z`).toLocaleDateString('en-US', { timeZone: 'UTC', dateStyle: 'medium' }),
      );
  });

  it('writes a span of days once per shared month and year', () => {
    expect(plain(formatDayRange('2026-11-23', '2026-11-29', 'en'))).toBe('Nov 23 – 29, 2026');
    expect(plain(formatDayRange('2026-11-23', '2026-11-29', 'fr'))).toBe('23–29 nov. 2026');
  });
});

describe('dateTimeFormat', () => {
  it('makes one formatter per language and options, writing what a new one writes', () => {
    const options: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit', timeZone: 'Europe/Paris' };
    const first = dateTimeFormat('fr-FR', options);
    expect(dateTimeFormat('fr-FR', { ...options })).toBe(first);
    expect(dateTimeFormat('fr-FR', { ...options, timeZone: 'America/New_York' })).not.toBe(first);
    expect(dateTimeFormat('en-US', options)).not.toBe(first);
    const instant = new Date('2026-07-01T16:05:00Z');
    expect(first.format(instant)).toBe(new Intl.DateTimeFormat('fr-FR', options).format(instant));
    expect(first.format(instant)).toBe('18:05');
  });
});
