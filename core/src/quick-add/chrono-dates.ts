// chrono-node for the date phrasings our own rules do not cover ("20 nov", "le 20 novembre",
// "Nov 20th", "il y a 3 jours", "3 days ago", "jeudi 19 novembre"). It only ever sees the text left
// once durations, ranges, clock times and our own date words are blanked out, and only results that
// pin a calendar day are kept: chrono also reads "mon" (French "my"), "sat", "march" or "ce soir".
//
// Time budget: chrono's patterns backtrack on whitespace runs (a French month pattern allows
// `\s*(?:au|-|\s)\s*` between a day and a month; upstream chrono issue #382 reports a hang on spaced
// text) and its time-unit chains ("3 days 2 hours …") cost grows with every space two `\s*` can
// share. So chrono reads a view of the text with whitespace runs collapsed (an index map leads its
// spans back), and at most CHRONO_MAX_CHARS of it: a longer view is cut to windows around date cues.
import * as chrono from 'chrono-node';
import type { Locale } from '../taxonomy';
import { type LocalDate, zonedInstant } from '../time';
import { mostRecentDayMonth, offsetMinutesAtNoon, ymd } from './calendar';
import type { DateMatch } from './dates';
import { type Span, selectNonOverlapping } from './scan';

// Chrono is the slowest step; skip it when nothing date-like remains, and read only around these cues.
const MAY_HOLD_DATE =
  /\d|ago|il y a|semaine|week|mois|month|now|maintenant|jan|fe[bv]|mar|apr|avr|ma[iy]|jun|juin|jul|juil|aug|aou|sep|oct|nov|dec/;
const DATE_CUES = new RegExp(MAY_HOLD_DATE.source, 'g');

/**
 * The longest text chrono reads in one call, and the most it reads of one line. Its worst patterns (a
 * chain of time units tried from every start: "3 days 2 weeks 4 months …") cost more than linearly,
 * about 0.6 ms for 80 such characters, 2 ms for 120 and 10 ms for 200 (both languages, on the machine
 * the budget was set on), so a long line is read as a few windows around its date cues. A normal line
 * fits in one window whole once its tokens are blanked out.
 */
export const CHRONO_WINDOW = 100;
export const CHRONO_MAX_CHARS = 200;
/** Characters kept on each side of a cue: "le jeudi 19 novembre 2026", "2 weeks and 3 days ago". */
const CUE_MARGIN = 40;

const PARSERS: Record<Locale, chrono.Chrono> = { en: chrono.en.casual, fr: chrono.fr.casual };

/** What chrono reads, and `at[i]`: the index in the scanned text of its char i. */
export interface DateView {
  text: string;
  at: number[];
}

const BARRIER = ' | ';
const LONG_RUN = 4;

/**
 * `work` with each run of whitespace collapsed to one space, or to a barrier chrono cannot read across
 * when the run holds a blanked-out token ("20 nov 1h30 12" must not become "20 nov 12", year 2012) or
 * is a gap of LONG_RUN spaces or more (a gap that wide separates; English patterns allowed at most
 * three spaces there anyway). `folded` is the text before blanking, which tells typed spaces from
 * blanked tokens.
 */
export function dateView(work: string, folded: string): DateView {
  let text = '';
  const at: number[] = [];
  let i = 0;
  while (i < work.length) {
    if (!/\s/.test(work[i] ?? '')) {
      text += work[i];
      at.push(i);
      i++;
      continue;
    }
    const start = i;
    let blanked = false;
    while (i < work.length && /\s/.test(work[i] ?? '')) {
      if (!/\s/.test(folded[i] ?? ' ')) blanked = true;
      i++;
    }
    const gap = blanked || i - start >= LONG_RUN ? BARRIER : ' ';
    text += gap;
    for (let k = 0; k < gap.length; k++) at.push(start);
  }
  return { text, at };
}

/**
 * Windows of `text` around its date cues, merged up to CHRONO_WINDOW characters, cut at spaces
 * (chrono would read a cut word's end as a word boundary), at most `max` characters in all. Windows
 * may overlap, so a date is whole in at least one of them. Linear: each cue costs its margin at most.
 */
export function cueWindows(text: string, max = CHRONO_MAX_CHARS): Span[] {
  if (text.length <= CHRONO_WINDOW) return [{ start: 0, end: text.length }];
  const windows: Span[] = [];
  let total = 0;
  for (const m of text.matchAll(DATE_CUES)) {
    const cueEnd = m.index + m[0].length;
    const last = windows.at(-1);
    if (last && cueEnd <= last.end) continue;
    const from = Math.max(0, m.index - CUE_MARGIN);
    const merge = last !== undefined && from <= last.end && cueEnd < last.start + CHRONO_WINDOW;
    const start = merge ? last.start : wordStartFrom(text, from, m.index);
    if (start === null) continue;
    const others = total - (merge ? last.end - last.start : 0);
    const room = max - others;
    const limit = Math.min(text.length, cueEnd + CUE_MARGIN, start + CHRONO_WINDOW, start + room);
    const end = wordEndBefore(text, limit, cueEnd);
    if (end === null) {
      if (start + room <= cueEnd) break;
      continue;
    }
    if (merge) windows.pop();
    windows.push({ start, end });
    total = others + end - start;
  }
  return windows;
}

/** The first word start in [from, cue], or null when the cue sits in a word begun before `from`. */
function wordStartFrom(text: string, from: number, cue: number): number | null {
  for (let i = from; i <= cue; i++) if (i === 0 || text[i - 1] === ' ') return i;
  return null;
}

/** The last word end in [cueEnd, to], or null when the cue's word runs past `to`. */
function wordEndBefore(text: string, to: number, cueEnd: number): number | null {
  for (let j = to; j >= cueEnd; j--) if (j === text.length || text[j] === ' ') return j;
  return null;
}

export function findChronoDates(
  work: string,
  folded: string,
  today: LocalDate,
  locale: Locale,
  timeZone: string,
): DateMatch[] {
  if (!MAY_HOLD_DATE.test(work)) return [];
  // Reference at local noon of today so "il y a 3 jours" never slips a day across midnight or DST.
  const reference = { instant: zonedInstant(today, 720, timeZone), timezone: offsetMinutesAtNoon(today, timeZone) };
  const order: Locale[] = locale === 'fr' ? ['fr', 'en'] : ['en', 'fr'];
  const view = dateView(work, folded);
  const windows = cueWindows(view.text);
  const workIndex = (i: number) => view.at[i] ?? work.length;
  const found: DateMatch[] = [];
  for (const l of order) {
    for (const w of windows) {
      let results: chrono.ParsedResult[];
      try {
        results = PARSERS[l].parse(view.text.slice(w.start, w.end), reference);
      } catch {
        // Third-party code on arbitrary input: a failure here must not fail the whole parse.
        continue;
      }
      for (const r of results) {
        const s = r.start;
        if (!s.isCertain('day') || !s.isCertain('month') || r.text.length === 0) continue;
        const month = s.get('month') ?? 0;
        const day = s.get('day') ?? 0;
        const date = s.isCertain('year') ? ymd(s.get('year') ?? 0, month, day) : mostRecentDayMonth(month, day, today);
        const first = w.start + r.index;
        if (date) found.push({ start: workIndex(first), end: workIndex(first + r.text.length - 1) + 1, date });
      }
    }
  }
  return selectNonOverlapping(found);
}
