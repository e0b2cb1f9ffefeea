// "Quoted text", « guillemets » and “curly quotes” name the deliverable. The quoted text is masked so
// its words are not read as dates or durations ("Top 5 du 20/11"), but it stays in the note.
import { type Scan, type Span, selectNonOverlapping } from './scan';

// Curly quotes are folded to '"' by ./normalize.ts.
const QUOTED_RE = /"[^"]{1,300}"|«[^«»]{1,300}»/gu;

export interface QuotedTitle {
  title: string;
  /** Folded span of the text between the quotes (its words can still name a category). */
  inner: Span;
}

export function extractQuotedTitle(scan: Scan): QuotedTitle | null {
  const quotes = selectNonOverlapping(
    [...scan.work.matchAll(QUOTED_RE)].map((m) => ({ start: m.index, end: m.index + m[0].length })),
  );
  scan.claim(quotes, false);
  for (const q of quotes) {
    const inner = { start: q.start + 1, end: q.end - 1 };
    const title = scan.originalText(inner).trim();
    if (title) return { title, inner };
  }
  return null;
}
