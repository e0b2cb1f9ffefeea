// The duration grammar shared by quick-add and parseDuration (../duration.ts): "45m", "1h30",
// "1 h 15", "1,5h", "1:30", "2 heures et demie", "half an hour", "un quart d'heure"… Each form is a
// small regex; overlapping candidates are resolved by selectNonOverlapping (earliest, then longest).
import { fold } from './normalize';
import { type Span, selectNonOverlapping } from './scan';

export interface DurationMatch extends Span {
  seconds: number;
  /** Set when the token could also be a wall-clock time ("14h30", "9:15", "14h"). */
  clock: { hour: number; minute: number } | null;
}

// Not inside a word or a number ("v2h", "1.5" seen from its "5", "12:30" seen from its "30").
const B = String.raw`(?<![\p{L}\p{N}])(?<!\d[.,:])`;
const E = String.raw`(?![\p{L}\p{N}])`;
const NUM = String.raw`(\d{1,3}(?:[.,]\d{1,2})?)`;
const H_UNIT = '(?:heures?|hours?|hrs?|hres?|h)';
const H_WORD = '(?:heures?|hours?|hrs?)';
const M_UNIT = '(?:minutes?|mins?|mn|m)';
const FRACTION = String.raw`(\s*(?:et\s+demie?|and\s+a\s+half|et\s+quart|and\s+a\s+quarter))?`;

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  forty: 40,
  'forty five': 45,
  fifty: 50,
  ninety: 90,
  un: 1,
  une: 1,
  deux: 2,
  trois: 3,
  quatre: 4,
  cinq: 5,
  sept: 7,
  huit: 8,
  neuf: 9,
  dix: 10,
  onze: 11,
  douze: 12,
  quinze: 15,
  vingt: 20,
  trente: 30,
  quarante: 40,
  'quarante cinq': 45,
  cinquante: 50,
  'quatre vingt dix': 90,
};
const WORD = `(${Object.keys(NUMBER_WORDS)
  .sort((a, b) => b.length - a.length)
  .map((w) => w.replace(/ /g, String.raw`[\s-]`))
  .join('|')})`;

function num(text: string): number {
  return Number(text.replace(',', '.'));
}

function wordValue(text: string): number {
  return NUMBER_WORDS[text.replace(/[\s-]+/g, ' ')] ?? Number.NaN;
}

/** "et demie" / "and a half" add 30 minutes, "et quart" / "and a quarter" 15. */
function fractionSeconds(text: string | undefined): number {
  if (!text) return 0;
  return /quar/.test(text) ? 900 : 1800;
}

interface Reading {
  seconds: number;
  clock?: { hour: number; minute: number };
}

interface Rule {
  re: RegExp;
  read(m: RegExpMatchArray): Reading | null;
}

function hm(hours: number, minutes: number, clockShaped: boolean): Reading | null {
  if (minutes >= 60) return null;
  const reading: Reading = { seconds: hours * 3600 + minutes * 60 };
  if (clockShaped && hours <= 23) reading.clock = { hour: hours, minute: minutes };
  return reading;
}

const rule = (source: string, read: Rule['read']): Rule => ({ re: new RegExp(B + source + E, 'gu'), read });

const RULES: readonly Rule[] = [
  // 1h30min, 1 h 30 m, 1h 5m, 2 hours 15 minutes, 1h et 30 min
  rule(String.raw`(\d{1,3})\s*${H_UNIT}\s*(?:(?:et|and)\s*)?(\d{1,2})\s*${M_UNIT}`, (m) =>
    hm(Number(m[1]), Number(m[2]), false),
  ),
  // 1h30, 1h5, 14h30, 1hr30: attached minutes read as minutes whatever their digit count
  rule(String.raw`(\d{1,3})\s*(?:h|hrs?)(\d{1,2})`, (m) => hm(Number(m[1]), Number(m[2]), true)),
  // 1h 30, 1 h 15, 2 heures 30: spaced minutes need two digits ("1h 5 posts" is 1h and 5 posts)
  rule(String.raw`(\d{1,3})\s*(?:h|hrs?|${H_WORD})\s+(\d{2})`, (m) => hm(Number(m[1]), Number(m[2]), false)),
  // 2h, 1.5h, 1,5 h, 2 heures et demie, 3 hours
  rule(String.raw`${NUM}\s*(${H_UNIT})${FRACTION}`, (m) => {
    const hours = num(m[1] ?? '');
    const seconds = Math.round(hours * 3600) + fractionSeconds(m[3]);
    const clockShaped = m[2] === 'h' && !m[3] && Number.isInteger(hours) && hours <= 23;
    return clockShaped ? { seconds, clock: { hour: hours, minute: 0 } } : { seconds };
  }),
  // 45m, 90 min, 30 mins, 45 minutes
  rule(String.raw`${NUM}\s*${M_UNIT}`, (m) => ({ seconds: Math.round(num(m[1] ?? '') * 60) })),
  // 90', 45’: minutes written with a prime, as on a match report
  rule(String.raw`(\d{1,3})['’′]`, (m) => ({ seconds: Number(m[1]) * 60 })),
  // 1:30, 0:45
  rule(String.raw`(\d{1,2}):([0-5]\d)`, (m) => hm(Number(m[1]), Number(m[2]), true)),
  // one and a half hours, 2 and a half hours
  rule(String.raw`(?:${NUM}|${WORD})\s+(?:and\s+a\s+half|et\s+demie?)\s+${H_WORD}`, (m) => ({
    seconds: Math.round((m[1] ? num(m[1]) : wordValue(m[2] ?? '')) * 3600) + 1800,
  })),
  // an hour, une heure, two hours, deux heures et demie, an hour and a half
  rule(String.raw`${WORD}\s+${H_WORD}${FRACTION}`, (m) => ({
    seconds: wordValue(m[1] ?? '') * 3600 + fractionSeconds(m[2]),
  })),
  // twenty minutes, quinze min
  rule(String.raw`${WORD}\s+(?:minutes?|mins?|mn)`, (m) => ({ seconds: wordValue(m[1] ?? '') * 60 })),
  // une demi-heure, demi heure, half an hour, a half-hour, 1/2h
  rule(String.raw`(?:(?:(?:une?|a)\s+)?(?:demi[\s-]?heure|half[\s-]?(?:an\s+)?hour)|1/2\s*(?:h|heure|hour))`, () => ({
    seconds: 1800,
  })),
  // un quart d'heure, a quarter of an hour, quarter-hour, 1/4 h
  rule(
    String.raw`(?:(?:(?:un|a|one)\s+)?quart\s+d'\s?heure|(?:(?:a|one)\s+)?quarter(?:\s+of\s+an)?[\s-]hour|1/4\s*(?:h|d'\s?heure|heure|hour))`,
    () => ({ seconds: 900 }),
  ),
  // trois quarts d'heure, three quarters of an hour, 3/4 h
  rule(
    String.raw`(?:(?:trois|3)\s+quarts?\s+d'\s?heure|three[\s-]quarters?\s+of\s+an\s+hour|3/4\s*(?:h|d'\s?heure|heure|hour))`,
    () => ({ seconds: 2700 }),
  ),
];

/** Every duration in `text` (folded), non-overlapping, in reading order. */
export function findDurations(text: string): DurationMatch[] {
  const candidates: DurationMatch[] = [];
  for (const { re, read } of RULES) {
    for (const m of text.matchAll(re)) {
      const reading = read(m);
      if (!reading || !Number.isFinite(reading.seconds)) continue;
      candidates.push({
        start: m.index,
        end: m.index + m[0].length,
        seconds: reading.seconds,
        clock: reading.clock ?? null,
      });
    }
  }
  return selectNonOverlapping(candidates);
}

/** The duration when the whole of `text` is one duration token (surrounding spaces allowed), else null. */
export function wholeDuration(text: string): number | null {
  const folded = fold(text).text;
  const trimmed = folded.trim();
  const found = findDurations(trimmed);
  const only = found[0];
  return found.length === 1 && only && only.start === 0 && only.end === trimmed.length ? only.seconds : null;
}
