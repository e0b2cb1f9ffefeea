// A fixed set of hostile quick-add lines, each as long as a line may be: the shapes that make
// regex engines backtrack (long whitespace runs between digits, runs of punctuation after a word,
// repeated date words and connectors, unclosed quotes, long words). The parser must read every one
// of them within its time budget; the property test, the API test and the benchmark share this set.
import { QUICK_ADD_MAX_LENGTH } from './parse';

export interface AdversarialLine {
  name: string;
  text: string;
}

/** `unit` repeated (the last copy cut) to exactly `length` characters. */
export function repeatTo(unit: string | ((i: number) => string), length = QUICK_ADD_MAX_LENGTH): string {
  let out = '';
  for (let i = 0; out.length < length; i++) out += typeof unit === 'string' ? unit : unit(i);
  return out.slice(0, length);
}

// Built on demand rather than at import, so an app importing the core package never pays for them.

/** The shape reported against the API: digits between long runs of spaces (seconds of backtracking once). */
export function digitsAndSpacesLine(): string {
  return repeatTo(`12${' '.repeat(1598)}`);
}

export function adversarialLines(): AdversarialLine[] {
  return [
    { name: 'digits and long space runs', text: digitsAndSpacesLine() },
    { name: 'digits and 2,500-space runs', text: repeatTo(`12${' '.repeat(2498)}`) },
    {
      name: 'digits and runs of growing length',
      text: repeatTo((i) => `${'1'.repeat(1 + (i % 4))}${' '.repeat(900 + 37 * i)}`),
    },
    { name: 'digits and 200-space runs', text: repeatTo(`12${' '.repeat(198)}`) },
    { name: 'digits and 40-space runs', text: repeatTo(`3${' '.repeat(40)}`) },
    { name: 'one digit then spaces', text: `1${' '.repeat(QUICK_ADD_MAX_LENGTH - 1)}` },
    { name: 'spaces then a date', text: `${' '.repeat(QUICK_ADD_MAX_LENGTH - 11)}20 novembre` },
    { name: 'digits and tab runs', text: repeatTo(`20${'\t'.repeat(300)}`) },
    { name: 'digits and no-break space runs', text: repeatTo(`7${'\u00a0\u2009'.repeat(150)}`) },
    { name: 'a day, spaces, a month', text: repeatTo(`20${' '.repeat(500)}novembre `) },
    { name: 'a day, spaces, "au", a month', text: repeatTo(`3${' '.repeat(300)}au${' '.repeat(300)}5 nov `) },
    { name: 'only digits', text: repeatTo('1234567890') },
    { name: 'spaced digits', text: repeatTo('1 ') },
    { name: 'digits and colons', text: repeatTo('1:') },
    { name: 'digits and slashes', text: repeatTo('1/') },
    { name: 'digits and dots', text: repeatTo('1.') },
    { name: 'digits and dashes', text: repeatTo('1-') },
    { name: 'hours', text: repeatTo('1h') },
    { name: 'spaced hours', text: repeatTo('1h ') },
    { name: 'durations', text: repeatTo('1h30 45 min ') },
    { name: 'ranges', text: repeatTo('9:15-10:40 ') },
    { name: 'clock words', text: repeatTo('de 14h à ') },
    { name: 'french dates', text: repeatTo('le 20 novembre ') },
    { name: 'english dates', text: repeatTo('on November 20th ') },
    { name: 'weekdays', text: repeatTo('lundi dernier last friday ') },
    { name: 'relative days', text: repeatTo('avant-hier hier soir ') },
    { name: 'days ago', text: repeatTo('il y a 3 jours 3 days ago ') },
    { name: 'time units', text: repeatTo('3 days 2 weeks 4 months ') },
    { name: 'time units and commas', text: repeatTo('3 days, 2 weeks and ') },
    { name: 'time units before "ago"', text: `${repeatTo('3 days ', QUICK_ADD_MAX_LENGTH - 4)} ago` },
    { name: 'french time units', text: repeatTo('il y a 3 jours et 2 semaines ') },
    { name: 'spaced time units', text: repeatTo('3 days   ') },
    { name: 'month names and numbers', text: repeatTo('nov 20 20 nov ') },
    { name: 'connectors', text: repeatTo('le du on the ') },
    { name: 'number words', text: repeatTo('deux heures et demie quarter of an hour ') },
    { name: 'at signs', text: repeatTo('@') },
    { name: 'a mention and punctuation', text: `@a${repeatTo('.-', QUICK_ADD_MAX_LENGTH - 3)}a` },
    { name: 'mentions', text: repeatTo('@fournil @Le Fournil @x ') },
    { name: 'hash signs', text: repeatTo('#') },
    { name: 'a hashtag and dashes', text: `#a${'-'.repeat(QUICK_ADD_MAX_LENGTH - 3)}a` },
    { name: 'hashtags', text: repeatTo('#insta #noël #a-b ') },
    { name: 'quotes', text: repeatTo('"') },
    { name: 'an unclosed quote', text: `"${repeatTo('a ', QUICK_ADD_MAX_LENGTH - 1)}` },
    { name: 'guillemets', text: repeatTo('« ') },
    { name: 'separators', text: `x ${repeatTo(', ', QUICK_ADD_MAX_LENGTH - 4)} x` },
    { name: 'dashes between spaces', text: `x${repeatTo(' -', QUICK_ADD_MAX_LENGTH - 2)}x` },
    { name: 'brackets', text: repeatTo('( ') },
    { name: 'a long word', text: repeatTo('a') },
    { name: 'a long accented word', text: repeatTo('é') },
    { name: 'combining accents', text: repeatTo('e\u0301') },
    { name: 'emoji', text: repeatTo('😀') },
    { name: 'zero-width characters', text: repeatTo('a\u200b') },
    { name: 'category words', text: repeatTo('montage modération post ') },
    {
      name: 'mixed',
      text: repeatTo(
        (i) =>
          [`montage ${i}h`, ' '.repeat(64), '@fournil', '"titre', '#insta-', '20', ' '.repeat(129), 'novembre '][
            i % 8
          ] ?? '',
      ),
    },
  ];
}
