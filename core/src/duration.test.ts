import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration';

describe('formatDuration', () => {
  it.each([
    [5400, 'fr', '1h30'],
    [2700, 'fr', '45 min'],
    [7200, 'fr', '2h'],
    [3900, 'fr', '1h05'],
    [0, 'fr', '0 min'],
    [5400, 'en', '1h 30m'],
    [2700, 'en', '45m'],
    [7200, 'en', '2h'],
    [3900, 'en', '1h 5m'],
    [0, 'en', '0m'],
    [-1800, 'en', '-30m'],
    [89, 'fr', '1 min'],
    [12, 'fr', '<1\u00a0min'],
    [29, 'en', '<1m'],
    [30, 'en', '1m'],
  ] as const)('%i s in %s → %s', (seconds, locale, expected) => {
    expect(formatDuration(seconds, locale)).toBe(expected);
  });
});

describe('parseDuration', () => {
  it.each([
    ['90', 5400],
    ['1h30', 5400],
    ['1,5', 5400],
    ['0.25', 900],
    ['45 min', 2700],
    ['1:30', 5400],
    ['1h 30m', 5400],
    ['une demi-heure', 1800],
    ['2 heures', 7200],
    ['half an hour', 1800],
    ["quart d'heure", 900],
    [' 2h ', 7200],
    ['-30', -1800],
  ])('%s → %i s', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(['', 'abc', '1h montage', '1h 5 posts', '2:30pm', '1h1h'])('%j is not one duration', (text) => {
    expect(parseDuration(text)).toBeNull();
  });

  it('reads back every whole minute from 0 to 24h as formatted, in both locales', () => {
    for (const locale of ['en', 'fr'] as const) {
      for (let minutes = 0; minutes <= 24 * 60; minutes++) {
        expect(parseDuration(formatDuration(minutes * 60, locale))).toBe(minutes * 60);
      }
    }
  });
});
