import { describe, expect, it } from 'vitest';
import {
  dateOrderHint,
  localInstant,
  looksLikeFormula,
  normalizeLabel,
  parseBoolean,
  parseClockTime,
  parseDate,
  parseDateTime,
  parseDuration,
} from './values';

describe('durations as other trackers write them', () => {
  it.each([
    ['01:30:00', 5400],
    ['0:00:42', 42],
    ['26:05:09', 26 * 3600 + 5 * 60 + 9],
    ['1:30', 5400],
    ['1.5', 5400],
    ['1,5', 5400],
    ['0.25', 900],
    [',75', 2700],
    ['18:25 min', 18 * 60 + 25],
    ['12:20:00 AM', 20 * 60],
    ['12:20 am', 20 * 60],
    ['1:30:00 PM', 13.5 * 3600],
    ['1h30', 5400],
    ['1 h 30 min', 5400],
    ['45 min', 2700],
    ['45 sec', 45],
    ['2h', 7200],
  ])('%s is %i seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it('reads a bare number as minutes in a minutes column', () => {
    expect(parseDuration('90', 'minutes')).toBe(5400);
  });

  it.each(['', 'soon', '1:75', '-1', '1:2:3:4', '13:00 PM'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeNull();
  });
});

describe('dates and times', () => {
  it('reads ISO, dotted, day-first and month-first dates', () => {
    expect(parseDate('2026-03-04', 'mdy')).toBe('2026-03-04');
    expect(parseDate('2026/3/4', 'dmy')).toBe('2026-03-04');
    expect(parseDate('04.03.2026', 'mdy')).toBe('2026-03-04');
    expect(parseDate('04/03/2026', 'dmy')).toBe('2026-03-04');
    expect(parseDate('03/04/2026', 'mdy')).toBe('2026-03-04');
    expect(parseDate('03/04/26', 'mdy')).toBe('2026-03-04');
    expect(parseDate('31/02/2026', 'dmy')).toBeNull();
    expect(parseDate('yesterday', 'dmy')).toBeNull();
  });

  it('tells the order of a date when one part is above 12', () => {
    expect(dateOrderHint('25/03/2026')).toBe('dmy');
    expect(dateOrderHint('03/25/2026')).toBe('mdy');
    expect(dateOrderHint('03/04/2026')).toBe('either');
    expect(dateOrderHint('2026-03-25')).toBeNull();
  });

  it('reads 24-hour and 12-hour clock times', () => {
    expect(parseClockTime('09:15')).toBe(9 * 3600 + 15 * 60);
    expect(parseClockTime('10:30:34 AM')).toBe(10 * 3600 + 30 * 60 + 34);
    expect(parseClockTime('12:05 am')).toBe(5 * 60);
    expect(parseClockTime('12:05 PM')).toBe(12 * 3600 + 5 * 60);
    expect(parseClockTime('11:59:59 p.m.')).toBe(86_399);
    expect(parseClockTime('14h30')).toBe(14.5 * 3600);
    expect(parseClockTime('24:00')).toBe(86_400);
    expect(parseClockTime('25:00')).toBeNull();
    expect(parseClockTime('13:00 PM')).toBeNull();
  });

  it('reads a date and a time in one cell, with or without an offset', () => {
    expect(parseDateTime('2026-03-04 09:15', 'dmy')).toEqual({
      date: '2026-03-04',
      seconds: 33_300,
      offsetInstant: null,
    });
    expect(parseDateTime('03/04/2026 9:15 PM', 'mdy')).toMatchObject({ date: '2026-03-04', seconds: 76_500 });
    expect(parseDateTime('2026-03-04T09:15:00+01:00', 'dmy')?.offsetInstant?.toISOString()).toBe(
      '2026-03-04T08:15:00.000Z',
    );
    expect(parseDateTime('2026-03-04', 'dmy')).toBeNull();
  });

  it('places a local time in its zone, to the second, across daylight saving', () => {
    expect(localInstant('2026-03-04', 9 * 3600 + 15 * 60 + 7, 'Europe/Paris').toISOString()).toBe(
      '2026-03-04T08:15:07.000Z',
    );
    expect(localInstant('2026-07-04', 9 * 3600, 'Europe/Paris').toISOString()).toBe('2026-07-04T07:00:00.000Z');
    expect(localInstant('2026-07-04', 9 * 3600, 'America/New_York').toISOString()).toBe('2026-07-04T13:00:00.000Z');
  });
});

describe('other cells', () => {
  it('compares headers without case, accents or spacing', () => {
    expect(normalizeLabel('\uFEFFDurée  (h) ')).toBe('duree (h)');
    expect(normalizeLabel('Start Date')).toBe('start date');
  });

  it('reads yes and no in both languages', () => {
    expect(parseBoolean('Yes')).toBe(true);
    expect(parseBoolean('oui')).toBe(true);
    expect(parseBoolean('No')).toBe(false);
    expect(parseBoolean('')).toBe(false);
    expect(parseBoolean('maybe')).toBeNull();
  });

  it('spots spreadsheet formulas, not ordinary text', () => {
    expect(looksLikeFormula('=HYPERLINK("https://evil.example","click")')).toBe(true);
    expect(looksLikeFormula('+SUM(A1:A2)')).toBe(true);
    expect(looksLikeFormula('@IMPORTXML(A1)')).toBe(true);
    expect(looksLikeFormula('- call with the client')).toBe(false);
    expect(looksLikeFormula('@acme reel')).toBe(false);
    expect(looksLikeFormula('+1 follow-up')).toBe(false);
  });
});
