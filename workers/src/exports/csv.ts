// CSV export: one row per entry, streamed. UTF-8 with a BOM (so Excel reads the accents), `;`
// separators and decimal commas for French (what a French Excel opens as numbers), `,` and decimal
// points for English. Text cells that a spreadsheet would run as a formula are neutralized.
import type { Writable } from 'node:stream';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Locale } from '@proofwork/core';
import { ENTRY_COLUMNS, type EvidenceEntry } from '@proofwork/db';
import { EXPORT_MESSAGES, formatDecimal, neutralize } from './messages';

export interface CsvOptions {
  locale: Locale;
  /** Defaults to `;` for French, `,` for English. With `;`, decimals use a comma. */
  separator?: ',' | ';';
}

/** Column order of the CSV (the data set's, with hours before seconds). */
export const CSV_COLUMNS = ENTRY_COLUMNS;

type Cell = (entry: EvidenceEntry) => string;

/** One function per column, in CSV_COLUMNS order: the cell's text before CSV quoting. */
function cellsFor(locale: Locale, decimalComma: boolean): Cell[] {
  const m = EXPORT_MESSAGES[locale];
  const text = (v: string | null) => (v ? neutralize(v) : '');
  return CSV_COLUMNS.map((column): Cell => {
    switch (column) {
      case 'hours':
        return (e) => formatDecimal(e.hours, decimalComma);
      case 'seconds':
        return (e) => String(e.seconds);
      case 'deliverableQuantity':
        return (e) => (e.deliverableQuantity === null ? '' : String(e.deliverableQuantity));
      case 'tags':
        return (e) => (e.tags.length === 0 ? '' : text(e.tags.join(' ')));
      case 'late':
        return (e) => (e.late ? m.yes : m.no);
      case 'edited':
        return (e) => (e.edited ? m.yes : m.no);
      case 'source':
        return (e) => m.sources[e.source] ?? e.source;
      case 'weekStatus':
        return (e) => (e.weekStatus ? (m.weekStatus[e.weekStatus] ?? e.weekStatus) : '');
      default:
        return (e) => text(e[column]);
    }
  });
}

export function csvRow(entry: EvidenceEntry, locale: Locale, decimalComma: boolean): string[] {
  return cellsFor(locale, decimalComma).map((cell) => cell(entry));
}

/**
 * Writes the CSV to `out` (which it ends); resolves with the number of entry rows. Lines are built
 * directly, a batch of entries per chunk, and written with backpressure. A cell is quoted when it
 * holds the separator, a double quote (doubled) or a line break; each line ends with CRLF.
 */
export async function writeCsv(
  batches: AsyncIterable<Iterable<EvidenceEntry>>,
  out: Writable,
  options: CsvOptions,
): Promise<{ rows: number }> {
  const separator = options.separator ?? (options.locale === 'fr' ? ';' : ',');
  const decimalComma = separator === ';';
  const m = EXPORT_MESSAGES[options.locale];
  const mustQuote = separator === ';' ? /[";\r\n]/ : /[",\r\n]/;
  const quote = (value: string) => (mustQuote.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  const cells = finalCells(cellsFor(options.locale, decimalComma), quote);
  const count = cells.length;
  let rows = 0;
  async function* chunks() {
    yield `\ufeff${CSV_COLUMNS.map((c) => quote(m.columns[c])).join(separator)}\r\n`;
    for await (const batch of batches) {
      let text = '';
      for (const entry of batch) {
        let line = cells[0]!(entry);
        for (let i = 1; i < count; i++) line += separator + cells[i]!(entry);
        text += `${line}\r\n`;
        rows++;
      }
      if (text) yield text;
    }
  }
  // Byte mode: the generator is pulled when less than 16 KiB waits, one batch's text at a time
  // (object mode would queue up to 16 batches).
  await pipeline(Readable.from(chunks(), { objectMode: false }), out);
  return { rows };
}

/**
 * The columns whose values are the entry's own; every other one repeats from row to row (names,
 * dates, durations, labels).
 */
const PER_ENTRY = new Set<keyof EvidenceEntry>(['id', 'startedAt', 'endedAt', 'tags', 'note']);

/**
 * Each column's cell as written (quoted when it must be): a repeating column's cell is made once
 * per distinct value and file, not neutralized and tested for quoting on every row.
 */
function finalCells(cells: Cell[], quote: (value: string) => string): Cell[] {
  return CSV_COLUMNS.map((column, i): Cell => {
    const cell = cells[i]!;
    if (PER_ENTRY.has(column)) return (e) => quote(cell(e));
    const made = new Map<unknown, string>();
    return (e) => {
      const value = e[column];
      let text = made.get(value);
      if (text === undefined) {
        // Bounded: a data set names a few thousand things at most.
        if (made.size >= 10_000) made.clear();
        text = quote(cell(e));
        made.set(value, text);
      }
      return text;
    };
  });
}
