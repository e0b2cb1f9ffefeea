// chrono-node for the date phrasings our own rules do not cover ("20 nov", "le 20 novembre",
// "Nov 20th", "il y a 3 jours", "3 days ago", "jeudi 19 novembre"). It only ever sees the text left
// once durations, ranges, clock times and our own date words are blanked out, and only results that
// pin a calendar day are kept: chrono also reads "mon" (French "my"), "sat", "march" or "ce soir".
import * as chrono from 'chrono-node';
import type { Locale } from '../taxonomy';
import { type LocalDate, zonedInstant } from '../time';
import { mostRecentDayMonth, offsetMinutesAtNoon, ymd } from './calendar';
import type { DateMatch } from './dates';
import { selectNonOverlapping } from './scan';

// Chrono is the slowest step; skip it when nothing date-like remains.
const MAY_HOLD_DATE =
  /\d|ago|il y a|semaine|week|mois|month|now|maintenant|jan|fe[bv]|mar|apr|avr|ma[iy]|jun|juin|jul|juil|aug|aou|sep|oct|nov|dec/;

const PARSERS: Record<Locale, chrono.Chrono> = { en: chrono.en.casual, fr: chrono.fr.casual };

export function findChronoDates(work: string, today: LocalDate, locale: Locale, timeZone: string): DateMatch[] {
  if (!MAY_HOLD_DATE.test(work)) return [];
  // Reference at local noon of today so "il y a 3 jours" never slips a day across midnight or DST.
  const reference = { instant: zonedInstant(today, 720, timeZone), timezone: offsetMinutesAtNoon(today, timeZone) };
  const order: Locale[] = locale === 'fr' ? ['fr', 'en'] : ['en', 'fr'];
  const found: DateMatch[] = [];
  for (const l of order) {
    let results: chrono.ParsedResult[];
    try {
      results = PARSERS[l].parse(work, reference);
    } catch {
      // Third-party code on arbitrary input: a failure here must not fail the whole parse.
      continue;
    }
    for (const r of results) {
      const s = r.start;
      if (!s.isCertain('day') || !s.isCertain('month')) continue;
      const month = s.get('month') ?? 0;
      const day = s.get('day') ?? 0;
      const date = s.isCertain('year') ? ymd(s.get('year') ?? 0, month, day) : mostRecentDayMonth(month, day, today);
      if (date) found.push({ start: r.index, end: r.index + r.text.length, date });
    }
  }
  return selectNonOverlapping(found);
}
