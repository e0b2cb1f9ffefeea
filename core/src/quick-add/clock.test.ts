import { describe, expect, it } from 'vitest';
import { findClockStarts, findRanges } from './clock';
import { fold } from './normalize';

const range = (text: string) => findRanges(fold(text).text).map((r) => [r.startMinute, r.endMinute]);
const hm = (h: number, m = 0) => h * 60 + m;

describe('ranges', () => {
  it.each([
    ['9:15-10:40', hm(9, 15), hm(10, 40)],
    ['9h15-10h40', hm(9, 15), hm(10, 40)],
    ['14h-15h30', hm(14), hm(15, 30)],
    ['2pm-3:30pm', hm(14), hm(15, 30)],
    ['de 14h à 15h30', hm(14), hm(15, 30)],
    ['from 2 to 3:30pm', hm(14), hm(15, 30)],
    ['10h–11h', hm(10), hm(11)],
    ['11-1pm', hm(11), hm(13)],
    ['10-11:30am', hm(10), hm(11, 30)],
    ['entre 14h et 16h', hm(14), hm(16)],
    ['between 2 and 4pm', hm(14), hm(16)],
    ['de midi à 14h', hm(12), hm(14)],
    ['noon-2pm', hm(12), hm(14)],
    ['de 9 à 11', hm(9), hm(11)],
    ['9:30-10', hm(9, 30), hm(10)],
    ['1:30-3:30', hm(1, 30), hm(3, 30)],
  ])('%s', (text, start, end) => {
    expect(range(text)).toEqual([[start, end]]);
  });

  it('crosses midnight when the end comes before the start', () => {
    expect(range('23h-1h')).toEqual([[hm(23), hm(25)]]);
  });

  it('reads an English 12-hour range without am/pm as working hours ("from 9 to 5")', () => {
    expect(range('from 9 to 5')).toEqual([[hm(9), hm(17)]]);
  });

  it.each(['9-11', '3 et 4', '1h30', '2026-11-20'])('%j is not a range', (text) => {
    expect(range(text)).toEqual([]);
  });
});

describe('clock start times', () => {
  const starts = (text: string, accented = false) =>
    findClockStarts(fold(text).text, () => accented).map((c) => c.minute);

  it('reads "à 14h", "at 9:30", "vers 10h", "2pm"', () => {
    expect(starts('à 14h', true)).toEqual([hm(14)]);
    expect(starts('at 9:30')).toEqual([hm(9, 30)]);
    expect(starts('vers 10h')).toEqual([hm(10)]);
    expect(starts('2pm')).toEqual([hm(14)]);
    expect(starts('at 11am')).toEqual([hm(11)]);
  });

  it('leaves durations after an unaccented "a" alone, and "11h 30 min" as 11h then a duration', () => {
    expect(starts('a 2h session')).toEqual([]);
    expect(starts('a 14h')).toEqual([hm(14)]);
    expect(starts('à 11h 30 min', true)).toEqual([hm(11)]);
    expect(starts('depuis 3 semaines')).toEqual([]);
  });
});
