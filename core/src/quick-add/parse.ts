// parseQuickAdd: one line of English or French → a time entry draft. Pure: no I/O, no system clock.
//
// Extraction order matters, each step blanking what it read (see ./scan.ts):
//   command word (tentative) → "quoted title" → @brands → #platforms/#tags → numeric dates →
//   ranges → clock start times → durations → word dates (own rules, then chrono, then weekdays) →
//   category / deliverable / bare platform / bare brand over the words that are left.
import { DEFAULT_DELIVERABLE_TYPES, FALLBACK_CATEGORY_KEY, PLATFORMS } from '../taxonomy';
import { addDays, isValidTimeZone, type LocalDate, localDateOf, zonedInstant } from '../time';
import { extractBrandMentions, findBareBrand } from './brands';
import { type ClockMatch, findClockStarts, findRanges, type RangeMatch } from './clock';
import { findCommand } from './command';
import { type DateMatch, extractNumericDates, extractWordDates } from './dates';
import { deliverableCount, linePlatforms } from './deliverables';
import { type DurationMatch, findDurations } from './durations';
import { extractHashtags } from './hashtags';
import { categoryIndex, deliverableIndex } from './matching';
import { buildNote } from './note';
import { extractQuotedTitle } from './quotes';
import { Scan, withConnector, withTrailingConnector } from './scan';
import type { QuickAddContext, QuickAddResult, QuickAddWarning, QuickAddWarningCode } from './types';

/** Longer input is cut: a quick-add line is a sentence, not a document. */
export const QUICK_ADD_MAX_LENGTH = 5000;
/** Durations above this are kept but flagged: more likely a typo ("14h" meant as a time) than a 13-hour task. */
const LONG_DURATION_SECONDS = 12 * 3600;

const DURATION_LEAD = /(?:(?<![\p{L}\p{N}])(?:for|pendant|durant|during|environ|about|around|approx|en)\s+|~\s*)$/u;
const DURATION_TAIL = /^\s+(?:de|of)\s|^\s+d'/u;

const MESSAGES: Record<QuickAddWarningCode, string> = {
  no_duration: 'No duration or time range found.',
  two_durations: 'Several durations found; the first one was used.',
  duration_mismatch: 'The duration does not match the time range; the range was used.',
  long_duration: 'This duration is longer than 12 hours.',
  unknown_brand: 'Unknown brand; it was kept in the note and can be created as a new brand.',
  ambiguous_brand: 'This @word matches several brands; none was chosen and it was kept in the note.',
  two_brands: 'Several brands found; the first one was used.',
  no_category: 'No category recognised; the default category was used.',
  unknown_platform: 'This platform is not enabled for your organization; it was kept as a tag.',
  two_platforms: 'Several platforms found; the first one was used.',
  future_date: 'The date is in the future.',
  two_dates: 'Several dates found; the first one was used.',
  invalid_context: 'Invalid time zone or reference time; UTC or the epoch was used.',
  truncated: `The text was cut to ${QUICK_ADD_MAX_LENGTH} characters.`,
};

class Warnings {
  readonly list: QuickAddWarning[] = [];
  add(code: QuickAddWarningCode, message = MESSAGES[code]): void {
    if (!this.list.some((w) => w.code === code)) this.list.push({ code, message });
  }
}

function instantAt(date: LocalDate, minute: number, timeZone: string): Date {
  return zonedInstant(addDays(date, Math.floor(minute / 1440)), minute % 1440, timeZone);
}

/**
 * With two durations and no range, one of them written like a time of day ("14h30 réunion 1h")
 * is the start time. Returns the start minute and the remaining durations.
 */
function splitClockFromDurations(durations: DurationMatch[]): { clock: number | null; durations: DurationMatch[] } {
  if (durations.length !== 2) return { clock: null, durations };
  const clockLike = durations.filter((d) => d.clock && d.clock.hour >= 7);
  const clock = clockLike[0]?.clock;
  if (clockLike.length !== 1 || !clock) return { clock: null, durations };
  return { clock: clock.hour * 60 + clock.minute, durations: durations.filter((d) => d !== clockLike[0]) };
}

interface TimeTokens {
  ranges: RangeMatch[];
  clocks: ClockMatch[];
  durations: DurationMatch[];
}

interface Timing {
  durationSeconds: number | null;
  startedAt: Date | null;
  endedAt: Date | null;
}

/** A range wins over a duration (it is more precise); a clock time plus a duration gives both ends. */
function resolveTiming(tokens: TimeTokens, localDate: LocalDate, timeZone: string, warnings: Warnings): Timing {
  const split =
    tokens.ranges.length === 0 && tokens.clocks.length === 0 ? splitClockFromDurations(tokens.durations) : null;
  const durations = split ? split.durations : tokens.durations;
  if (durations.length > 1 || tokens.ranges.length > 1) warnings.add('two_durations');
  const duration = durations[0]?.seconds ?? null;
  const range = tokens.ranges[0];
  if (range) {
    const startedAt = instantAt(localDate, range.startMinute, timeZone);
    // Real elapsed time, so DST nights count 1 or 3 hours between 1:00 and 3:00. A range that starts
    // in a spring-forward gap can end "before" it starts: it lasted nothing.
    const endedAt = new Date(Math.max(instantAt(localDate, range.endMinute, timeZone).getTime(), startedAt.getTime()));
    const elapsed = Math.round((endedAt.getTime() - startedAt.getTime()) / 1000);
    if (duration !== null && duration !== elapsed) warnings.add('duration_mismatch');
    return { durationSeconds: elapsed, startedAt, endedAt };
  }
  const clock = tokens.clocks[0]?.minute ?? split?.clock ?? null;
  if (clock === null) return { durationSeconds: duration, startedAt: null, endedAt: null };
  const startedAt = instantAt(localDate, clock, timeZone);
  const endedAt = duration === null ? null : new Date(startedAt.getTime() + duration * 1000);
  return { durationSeconds: duration, startedAt, endedAt };
}

function resolveDate(dates: DateMatch[], today: LocalDate, warnings: Warnings): LocalDate {
  const first = [...dates].sort((a, b) => a.start - b.start)[0];
  if (new Set(dates.map((d) => d.date)).size > 1) warnings.add('two_dates');
  const date = first?.date ?? today;
  if (date > today) warnings.add('future_date');
  return date;
}

const DEFAULT_IMPLIED: ReadonlyMap<string, string | null> = new Map(
  DEFAULT_DELIVERABLE_TYPES.map((t) => [t.key, t.categoryKey]),
);

/** The category a deliverable type implies, when the organization has it and it is not archived. */
function impliedCategory(ctx: QuickAddContext, typeKey: string | null): string | null {
  if (typeKey === null) return null;
  const type = ctx.deliverableTypes.find((t) => t.key === typeKey);
  const key = type?.categoryKey !== undefined ? type.categoryKey : (DEFAULT_IMPLIED.get(typeKey) ?? null);
  return key !== null && ctx.categories.some((c) => c.key === key && !c.archived) ? key : null;
}

export function parseQuickAdd(text: string, ctx: QuickAddContext): QuickAddResult {
  const warnings = new Warnings();
  const validZone = isValidTimeZone(ctx.timeZone);
  const validNow = ctx.now instanceof Date && Number.isFinite(ctx.now.getTime());
  if (!validZone || !validNow) warnings.add('invalid_context');
  const timeZone = validZone ? ctx.timeZone : 'UTC';
  const today = localDateOf(validNow ? ctx.now : new Date(0), timeZone);
  const platforms = ctx.platforms ?? PLATFORMS;

  if (text.length > QUICK_ADD_MAX_LENGTH) warnings.add('truncated');
  const scan = new Scan(text.slice(0, QUICK_ADD_MAX_LENGTH));

  // Tokens, in the order described at the top of this file. Without timing (an import, which
  // brings its own dates and durations), time words are not looked for and stay plain words.
  const timed = ctx.timing !== false;
  const commandWord = timed ? findCommand(scan.work) : null;
  const quoted = extractQuotedTitle(scan);
  const mentions = extractBrandMentions(scan, ctx.brands, ctx.aliases);
  const hashtags = extractHashtags(scan, platforms, ctx.aliases);
  const dates = timed ? extractNumericDates(scan, today) : [];
  const ranges = timed ? findRanges(scan.work) : [];
  scan.claim(ranges);
  const clocks = timed ? findClockStarts(scan.work, (i) => scan.hadAccent(i)) : [];
  scan.claim(clocks);
  const durations = timed
    ? findDurations(scan.work).map((d) =>
        withTrailingConnector(scan.work, withConnector(scan.work, d, DURATION_LEAD), DURATION_TAIL),
      )
    : [];
  scan.claim(durations);
  if (timed) dates.push(...extractWordDates(scan, today, ctx.locale, timeZone));
  const command = commandWord && ranges.length === 0 && durations.length === 0 ? commandWord.command : null;
  if (command && commandWord) scan.claim([commandWord]);

  const localDate = resolveDate(dates, today, warnings);
  const timing = resolveTiming({ ranges, clocks, durations }, localDate, timeZone, warnings);
  if (timed && timing.durationSeconds === null && command === null) warnings.add('no_duration');
  if (timing.durationSeconds !== null && timing.durationSeconds > LONG_DURATION_SECONDS) warnings.add('long_duration');

  // Words left: category (then from the tags, then from the quoted title), deliverable type, platform, brand.
  const words = scan.words();
  const titleWords = quoted ? scan.foldedWords(quoted.inner) : [];
  const tagScan = new Scan(hashtags.tags.join(' | '));
  const categories = categoryIndex(ctx.categories, ctx.aliases);
  const named =
    categories.best(words, scan.work) ??
    categories.best(tagScan.words(), tagScan.work) ??
    categories.best(titleWords, scan.folded);

  const deliverables = deliverableIndex(ctx.deliverableTypes);
  const deliverableMatch = deliverables.best(words, scan.work);
  const deliverableType = deliverableMatch ?? deliverables.best(titleWords, scan.folded);
  // A line that names only what was made ("stories 20 min") is the making of it.
  const categoryKey = named?.value ?? impliedCategory(ctx, deliverableType?.value ?? null);
  if (!categoryKey && command !== 'stop') warnings.add('no_category');

  const platformsFound = [
    ...hashtags.platforms,
    ...linePlatforms({
      words,
      work: scan.work,
      platforms,
      aliases: ctx.aliases,
      deliverables,
      categories,
      categoryKey,
    }),
  ];
  if (new Set(platformsFound).size > 1) warnings.add('two_platforms');
  if (hashtags.unavailablePlatforms.length > 0) warnings.add('unknown_platform');

  const unresolved = mentions.unknown.length + mentions.ambiguous.length;
  const brand = mentions.known[0] ?? (unresolved === 0 ? findBareBrand(scan, ctx.brands, ctx.aliases) : null);
  const proposed = brand === null ? (mentions.unknown[0] ?? null) : null;
  if (proposed !== null) warnings.add('unknown_brand');
  const ambiguous = brand === null && proposed === null ? (mentions.ambiguous[0] ?? null) : null;
  if (ambiguous) {
    const list = ambiguous.candidates.join(', ');
    warnings.add('ambiguous_brand', `"@${ambiguous.text}" matches several brands (${list}); none was chosen.`);
  }
  if (new Set(mentions.known).size + unresolved > 1) warnings.add('two_brands');

  return {
    durationSeconds: timing.durationSeconds,
    startedAt: timing.startedAt?.toISOString() ?? null,
    endedAt: timing.endedAt?.toISOString() ?? null,
    localDate,
    categoryKey: categoryKey ?? ctx.fallbackCategoryKey ?? FALLBACK_CATEGORY_KEY,
    brand,
    proposedBrand: proposed?.text ?? null,
    proposedBrandSpan: proposed?.span ?? null,
    brandCandidates: ambiguous?.candidates ?? [],
    platform: platformsFound[0] ?? null,
    tags: hashtags.tags,
    deliverable:
      quoted || deliverableType
        ? {
            typeKey: deliverableType?.value ?? null,
            title: quoted?.title ?? null,
            count: deliverableMatch ? deliverableCount(scan.work, deliverableMatch) : 1,
          }
        : null,
    note: buildNote(scan.original, scan.droppedOriginalSpans()),
    warnings: warnings.list,
    command,
  };
}
