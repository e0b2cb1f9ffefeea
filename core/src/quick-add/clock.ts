// Wall-clock times and time ranges: "9:15-10:40", "14h-15h30", "2pm-3:30pm", "de 14h à 15h30",
// "from 2 to 3:30pm", "à 14h", "at 9:30". Ranges are extracted before durations so "9:15-10:40"
// is one range, not two durations; results are minutes since local midnight (the date comes later).
import { type Span, selectNonOverlapping } from './scan';

/** A clock token as written. `explicit` = it has ':' or 'h' or am/pm or is a word (noon, midi). */
interface Clock {
  hour: number;
  minute: number;
  meridiem: 'am' | 'pm' | null;
  hNotation: boolean;
  explicit: boolean;
  /** noon / midnight words: never shifted by a borrowed am/pm. */
  word: boolean;
}

export interface RangeMatch extends Span {
  /** Minutes since local midnight of the entry date. */
  startMinute: number;
  /** May exceed 1440 when the range crosses midnight ("23h-1h"). */
  endMinute: number;
}

export interface ClockMatch extends Span {
  minute: number;
}

// Six capture groups per clock: hour, colon-minutes, 'h', h-minutes, meridiem, word.
// "11h 30 min" is 11h then a duration: minutes after a spaced 'h' must not carry a minutes unit.
const CLOCK = String.raw`(?:(\d{1,2})(?::(\d{2})|\s?(h)(?:\s?(\d{2})(?!\s*(?:minutes?|mins?|mn|m)(?!\p{L})))?)?(?:\s?([ap])\.?m\.?(?![\p{L}\p{N}]))?|(midi|noon|minuit|midnight))`;
const CLOCK_GROUPS = 6;
const B = String.raw`(?<![\p{L}\p{N}:.,/])`;
const E = String.raw`(?![\p{L}\p{N}])`;
const SEPARATOR = String.raw`(?:\s*(?:->|-+|>|→)\s*|\s+(to|till|until|til|a|jusqu'\s?a|et|and)\s+)`;

const RANGE_RE = new RegExp(`${B}(?:(from|de|between|entre)\\s+)?${CLOCK}${SEPARATOR}${CLOCK}${E}`, 'gu');
const CLOCK_START_RE = new RegExp(
  `${B}(?:(at|a|vers|des|from|since|depuis|starting)\\s+${CLOCK}|(\\d{1,2})(?::(\\d{2}))?\\s?([ap])\\.?m\\.?)${E}`,
  'gu',
);

function readClock(m: RegExpMatchArray, at: number): Clock | null {
  const word = m[at + 5];
  if (word) {
    const hour = word === 'midi' || word === 'noon' ? 12 : 0;
    return { hour, minute: 0, meridiem: null, hNotation: false, explicit: true, word: true };
  }
  const hourText = m[at];
  if (hourText === undefined) return null;
  const hour = Number(hourText);
  const minute = Number(m[at + 1] ?? m[at + 3] ?? 0);
  const mer = m[at + 4];
  const meridiem = mer === 'a' ? 'am' : mer === 'p' ? 'pm' : null;
  const hNotation = m[at + 2] === 'h';
  if (minute > 59) return null;
  if (meridiem ? hour < 1 || hour > 12 : hour > 24) return null;
  const explicit = m[at + 1] !== undefined || hNotation || meridiem !== null;
  return { hour, minute, meridiem, hNotation, explicit, word: false };
}

function toMinutes(c: Clock, meridiem: 'am' | 'pm' | null): number {
  let hour = c.hour;
  if (c.word) return hour * 60;
  if (meridiem === 'pm' && hour > 0 && hour < 12) hour += 12;
  if (meridiem === 'am' && hour === 12) hour = 0;
  return hour * 60 + c.minute;
}

/**
 * Start and end minutes of a range. A missing am/pm is borrowed from the other end ("2-3:30pm",
 * "11-1pm" flips to am when borrowing would put the start after the end). Without any am/pm a
 * 12-hour reading is tried only for colon/bare times ("from 9 to 5"): 'h' notation is 24-hour.
 */
function resolveRange(a: Clock, b: Clock): { start: number; end: number } | null {
  let start: number;
  let end: number;
  if (a.meridiem || b.meridiem) {
    const other = (m: 'am' | 'pm'): 'am' | 'pm' => (m === 'am' ? 'pm' : 'am');
    if (a.meridiem && b.meridiem) {
      start = toMinutes(a, a.meridiem);
      end = toMinutes(b, b.meridiem);
    } else if (b.meridiem) {
      end = toMinutes(b, b.meridiem);
      start = toMinutes(a, b.meridiem);
      if (start > end) start = toMinutes(a, other(b.meridiem));
    } else {
      const am = a.meridiem ?? 'am';
      start = toMinutes(a, am);
      end = toMinutes(b, am);
      if (end < start) end = toMinutes(b, other(am));
    }
  } else {
    start = toMinutes(a, null);
    end = toMinutes(b, null);
    if (end < start && !a.hNotation && !b.hNotation && b.hour <= 12 && end + 720 > start) end += 720;
  }
  if (end === start) return null;
  if (end < start) end += 1440;
  return { start, end };
}

export function findRanges(work: string): RangeMatch[] {
  const out: RangeMatch[] = [];
  for (const m of work.matchAll(RANGE_RE)) {
    const prefix = m[1];
    const a = readClock(m, 2);
    const conj = m[2 + CLOCK_GROUPS];
    const b = readClock(m, 3 + CLOCK_GROUPS);
    if (!a || !b) continue;
    // "9-11" alone is too ambiguous (a score, a count); "de 9 à 11" or "9h-11" is a range.
    if (!prefix && !a.explicit && !b.explicit) continue;
    if ((conj === 'et' || conj === 'and') && prefix !== 'entre' && prefix !== 'between') continue;
    const r = resolveRange(a, b);
    if (r) out.push({ start: m.index, end: m.index + m[0].length, startMinute: r.start, endMinute: r.end });
  }
  return selectNonOverlapping(out);
}

/**
 * A single start time: "à 14h", "at 9:30", "vers 10h", "dès 9h", "2pm". Only "at" takes a bare hour
 * ("at 3"), so "depuis 3 semaines" is no clock. "a"/"des" typed without their accent are also English
 * and French articles: they only count before a working-hours clock ("a 2h session" stays a duration).
 */
export function findClockStarts(work: string, hadAccent: (index: number) => boolean): ClockMatch[] {
  const out: ClockMatch[] = [];
  for (const m of work.matchAll(CLOCK_START_RE)) {
    const prefix = m[1];
    let minute: number;
    if (prefix) {
      const c = readClock(m, 2);
      if (!c) continue;
      if (c.hour === 24 || (!c.explicit && prefix !== 'at')) continue;
      const unaccented = (prefix === 'a' && !hadAccent(m.index)) || (prefix === 'des' && !hadAccent(m.index + 1));
      if (unaccented && !(c.hour >= 7 && c.hour <= 23)) continue;
      minute = toMinutes(c, c.meridiem);
    } else {
      const hour = Number(m[2 + CLOCK_GROUPS]);
      const min = Number(m[3 + CLOCK_GROUPS] ?? 0);
      if (hour < 1 || hour > 12 || min > 59) continue;
      minute = toMinutes(
        { hour, minute: min, meridiem: null, hNotation: false, explicit: true, word: false },
        m[4 + CLOCK_GROUPS] === 'a' ? 'am' : 'pm',
      );
    }
    out.push({ start: m.index, end: m.index + m[0].length, minute });
  }
  return selectNonOverlapping(out);
}
