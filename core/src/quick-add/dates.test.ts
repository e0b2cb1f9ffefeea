import { describe, expect, it } from 'vitest';
import { corpusContext } from './corpus';
import { parseQuickAdd } from './parse';

// Reference: Wednesday 2026-11-25, 15:00 Europe/Paris.
const dateOf = (text: string, locale: 'en' | 'fr' = 'fr') => parseQuickAdd(text, corpusContext(locale)).localDate;

describe('reference dates (now = Wednesday 2026-11-25 15:00 Paris)', () => {
  it.each([
    ['hier', '2026-11-24'],
    ['lundi', '2026-11-23'],
    ['last friday', '2026-11-20'],
    ['mercredi', '2026-11-25'],
    ['avant-hier', '2026-11-23'],
    ['today', '2026-11-25'],
    ["aujourd'hui", '2026-11-25'],
    ['yesterday', '2026-11-24'],
    ['tuesday', '2026-11-24'],
    ['vendredi dernier', '2026-11-20'],
    ['mercredi dernier', '2026-11-18'],
    ['last wednesday', '2026-11-18'],
    ['hier soir', '2026-11-24'],
    ['last night', '2026-11-24'],
    ['this morning', '2026-11-25'],
    ['ce matin', '2026-11-25'],
    ['the day before yesterday', '2026-11-23'],
    ['2026-11-20', '2026-11-20'],
    ['20/11', '2026-11-20'],
    ['11/20', '2026-11-20'],
    ['20/11/2025', '2025-11-20'],
    ['Nov 20', '2026-11-20'],
    ['20 nov', '2026-11-20'],
    ['le 20 novembre', '2026-11-20'],
    ['November 20th', '2026-11-20'],
    ['le 1er novembre', '2026-11-01'],
    ['jeudi 19 novembre', '2026-11-19'],
    ['jeudi 19', '2026-11-19'],
    ['le 20', '2026-11-20'],
    ['on the 20th', '2026-11-20'],
    ['il y a 3 jours', '2026-11-22'],
    ['3 days ago', '2026-11-22'],
    ['montage', '2026-11-25'],
  ])('%s → %s', (text, expected) => {
    expect(dateOf(`${text} 1h`)).toBe(expected);
  });

  it('reads day/month first in both locales, and month/day only when day/month is impossible', () => {
    expect(dateOf('03/04 1h', 'en')).toBe('2026-04-03');
    expect(dateOf('03/04 1h', 'fr')).toBe('2026-04-03');
    expect(dateOf('04/13 1h', 'en')).toBe('2026-04-13');
  });

  it('takes a day-month without a year as the most recent one, not a future one', () => {
    expect(dateOf('le 3 décembre 1h')).toBe('2025-12-03');
    expect(dateOf('03/12 1h')).toBe('2025-12-03');
    expect(dateOf('le 3 mars 1h')).toBe('2026-03-03');
  });

  it('does not mistake events or ordinary words for dates', () => {
    for (const text of ['Black Friday ads', 'cyber monday', 'mon client', 'sat down', 'march madness', 'le 3 posts']) {
      expect(dateOf(`${text} 1h`)).toBe('2026-11-25');
    }
  });

  it('does not let chrono read durations or ranges as times', () => {
    const r = parseQuickAdd('1:30 montage', corpusContext('fr'));
    expect(r.durationSeconds).toBe(5400);
    expect(r.startedAt).toBeNull();
    expect(parseQuickAdd('2 heures montage', corpusContext('fr')).durationSeconds).toBe(7200);
  });

  it('warns about future dates and about several dates', () => {
    const future = parseQuickAdd('lundi prochain 1h montage', corpusContext('fr'));
    expect(future.localDate).toBe('2026-11-30');
    expect(future.warnings.map((w) => w.code)).toContain('future_date');
    expect(parseQuickAdd('demain 1h', corpusContext('fr')).warnings.map((w) => w.code)).toContain('future_date');
    const two = parseQuickAdd('hier 1h montage 20/11', corpusContext('fr'));
    expect(two.localDate).toBe('2026-11-24');
    expect(two.warnings.map((w) => w.code)).toContain('two_dates');
  });

  it('uses the member zone for "today": 23:30 UTC is already tomorrow in Paris', () => {
    const ctx = { ...corpusContext('fr'), now: new Date('2026-11-25T23:30:00Z') };
    expect(parseQuickAdd('1h', ctx).localDate).toBe('2026-11-26');
    expect(parseQuickAdd('hier 1h', ctx).localDate).toBe('2026-11-25');
  });
});
