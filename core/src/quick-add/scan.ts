// The scanner every extractor works through. Extractors read `work` (the folded text with already
// claimed spans blanked out), so a token is parsed once: a range is never re-read as two durations,
// and chrono never sees "1:30". Claimed spans are remembered in original coordinates for the note.
import { type FoldedText, fold } from './normalize';

/** A half-open [start, end) span in folded coordinates. */
export interface Span {
  start: number;
  end: number;
}

export interface WordToken extends Span {
  text: string;
}

const WORD = /[\p{L}\p{N}]+/gu;

export class Scan {
  readonly original: string;
  readonly folded: string;
  private readonly origin: number[];
  private workText: string;
  private readonly dropped: Span[] = [];

  constructor(original: string) {
    const f: FoldedText = fold(original);
    this.original = original;
    this.folded = f.text;
    this.origin = f.origin;
    this.workText = f.text;
  }

  /** The folded text with claimed spans replaced by spaces (same length as `folded`). */
  get work(): string {
    return this.workText;
  }

  /** Blanks spans out of `work`; `drop` also removes them from the note. */
  claim(spans: readonly Span[], drop = true): void {
    if (spans.length === 0) return;
    const sorted = [...spans].sort((a, b) => a.start - b.start);
    let next = '';
    let cursor = 0;
    for (const s of sorted) {
      const start = Math.max(s.start, cursor);
      if (s.end <= start) continue;
      next += this.workText.slice(cursor, start) + ' '.repeat(s.end - start);
      cursor = s.end;
    }
    this.workText = next + this.workText.slice(cursor);
    if (drop) this.dropped.push(...sorted);
  }

  /** The original text behind a folded span (accents, case and typography intact). */
  originalText(span: Span): string {
    return this.original.slice(this.originalIndex(span.start), this.originalIndex(span.end));
  }

  /** A folded span in original coordinates. */
  originalSpan(span: Span): Span {
    return { start: this.originalIndex(span.start), end: this.originalIndex(span.end) };
  }

  private originalIndex(foldedIndex: number): number {
    return this.origin[foldedIndex] ?? this.original.length;
  }

  /** Whether the original character behind folded char `i` carried an accent ('à' → 'a'). */
  hadAccent(i: number): boolean {
    const original = this.original.slice(this.originalIndex(i), this.originalIndex(i + 1));
    return original.toLowerCase() !== this.folded[i];
  }

  /** Spans to cut from the note, in original coordinates. */
  droppedOriginalSpans(): Span[] {
    return this.dropped.map((s) => ({ start: this.originalIndex(s.start), end: this.originalIndex(s.end) }));
  }

  /** The words still visible in `work`. */
  words(): WordToken[] {
    return [...this.workText.matchAll(WORD)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
  }

  /** Words of the folded text inside a span, ignoring masks (used to read inside a quoted title). */
  foldedWords(span: Span): WordToken[] {
    const out: WordToken[] = [];
    for (const m of this.folded.slice(span.start, span.end).matchAll(WORD)) {
      const start = span.start + m.index;
      out.push({ text: m[0], start, end: start + m[0].length });
    }
    return out;
  }
}

/**
 * Keeps the earliest, then longest, of overlapping candidates. Extractors collect matches of several
 * small regexes and let this pick, rather than relying on the order of one huge alternation.
 */
export function selectNonOverlapping<T extends Span>(candidates: readonly T[]): T[] {
  const sorted = [...candidates].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: T[] = [];
  let end = -1;
  for (const c of sorted) {
    if (c.start >= end) {
      out.push(c);
      end = c.end;
    }
  }
  return out;
}

/**
 * Extends a span leftwards over the connector word that only introduced it ("le 20/11", "pour @fournil",
 * "sur #insta", "pendant 2h"), so the note does not keep a dangling "pour" or "sur".
 * `connector` must end with `\s*$` and be anchored on a word boundary.
 */
export function withConnector<T extends Span>(work: string, span: T, connector: RegExp): T {
  const before = work.slice(Math.max(0, span.start - 24), span.start);
  const m = connector.exec(before);
  return m ? { ...span, start: span.start - m[0].length } : span;
}

/** Extends a span rightwards over a word that only tied it to what follows ("2h de montage", "1h of editing"). */
export function withTrailingConnector<T extends Span>(work: string, span: T, connector: RegExp): T {
  const m = connector.exec(work.slice(span.end, span.end + 8));
  return m ? { ...span, end: span.end + m[0].length } : span;
}
