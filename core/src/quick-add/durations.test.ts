import { describe, expect, it } from 'vitest';
import { findDurations, wholeDuration } from './durations';
import { fold } from './normalize';

const secondsIn = (text: string) => findDurations(fold(text).text).map((d) => d.seconds);

describe('duration grammar', () => {
  it.each([
    ['45m', 2700],
    ['45 min', 2700],
    ['45 minutes', 2700],
    ['1h', 3600],
    ['1h30', 5400],
    ['1h 30', 5400],
    ['1 h 15', 4500],
    ['1.5h', 5400],
    ['1,5h', 5400],
    ['1:30', 5400],
    ['0:45', 2700],
    ['90min', 5400],
    ["90'", 5400],
    ['45’', 2700],
    ['2 heures', 7200],
    ['une demi-heure', 1800],
    ['half an hour', 1800],
    ['an hour', 3600],
    ['une heure', 3600],
    ['2 hours', 7200],
    ['1 hr', 3600],
    ['30 mins', 1800],
    ['1h30min', 5400],
    ["quart d'heure", 900],
    ["un quart d'heure", 900],
    ['a quarter of an hour', 900],
    ["trois quarts d'heure", 2700],
    ['3/4h', 2700],
    ['1/2 h', 1800],
    ['an hour and a half', 5400],
    ['une heure et demie', 5400],
    ['2h et quart', 8100],
    ['2 and a half hours', 9000],
    ['vingt minutes', 1200],
    ['forty-five minutes', 2700],
    ['1 hour 30 minutes', 5400],
    ['1hr30', 5400],
    ['1H30', 5400],
  ])('%s → %i s', (text, seconds) => {
    expect(secondsIn(text)).toEqual([seconds]);
    expect(wholeDuration(text)).toBe(seconds);
  });

  it.each(['post 3', 'h264', 'v2h', 'mp4', '12/11', '2026', 'x3', '1h5x'])('finds no duration in %j', (text) => {
    expect(secondsIn(text)).toEqual([]);
  });

  it('keeps separate durations separate', () => {
    expect(secondsIn('1h montage, 45min rédac')).toEqual([3600, 2700]);
    // Spaced minutes need two digits: "1h 5 posts" is one hour and five posts.
    expect(secondsIn('1h 5 posts')).toEqual([3600]);
  });

  it('flags tokens that could be a time of day', () => {
    const [d] = findDurations('14h30');
    expect(d?.clock).toEqual({ hour: 14, minute: 30 });
    expect(findDurations('45 min')[0]?.clock).toBeNull();
  });
});
