// The note is the original line minus the machine tokens (durations, ranges, clock times, dates,
// @brands, #tags, a start/stop command and the connector words that introduced them). Every word of
// meaning stays, including the category, deliverable and platform words and the "quoted title": the
// note is what the CM wrote about the work, not what the parser understood.
import { trimOf } from './normalize';
import type { Span } from './scan';

const SEPARATOR_TOKEN = /^[,;:|+/·•.\-–—]+$/u;
const ENDS_WITH_SEPARATOR = /[,;:|+/·•.\-–—]$/u;
/** Trimmed from both ends of the note; the joined note holds no whitespace but single spaces. */
const EDGE_PUNCTUATION = ' ,;:|+/·•-–—';
const EMPTY_BRACKETS = /\(\s*\)|\[\s*\]/g;
const INVISIBLES = /[\p{Cc}\p{Cf}\p{Z}]+/gu;

export function buildNote(original: string, dropped: readonly Span[]): string {
  const sorted = [...dropped].sort((a, b) => a.start - b.start);
  let kept = '';
  let cursor = 0;
  for (const s of sorted) {
    if (s.start > cursor) kept += original.slice(cursor, s.start);
    kept += ' ';
    cursor = Math.max(cursor, s.end);
  }
  kept += original.slice(cursor);
  const tokens = kept.replace(INVISIBLES, ' ').replace(EMPTY_BRACKETS, ' ').split(' ');
  const out: string[] = [];
  for (const token of tokens) {
    if (!token) continue;
    // A separator left between two removed tokens ("montage, 1h30, @fournil") collapses into one.
    const last = out[out.length - 1];
    if (SEPARATOR_TOKEN.test(token) && (last === undefined || ENDS_WITH_SEPARATOR.test(last))) continue;
    out.push(token);
  }
  while (out.length > 0 && SEPARATOR_TOKEN.test(out[out.length - 1] ?? '')) out.pop();
  return trimOf(out.join(' '), EDGE_PUNCTUATION);
}
