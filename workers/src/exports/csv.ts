// CSV export: one row per entry, streamed. UTF-8 with a BOM (so Excel reads the accents), `;`
// separators and decimal commas for French (what a French Excel opens as numbers), `,` and decimal
// points for English. Text cells that a spreadsheet would run as a formula are neutralized.
import type { Writable } from 'node:stream';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Locale } from '@proofwork/core';
import { ENTRY_COLUMNS, type EvidenceEntry } from '@proofwork/db';
import { stringify } from 'csv-stringify';
import { EXPORT_MESSAGES, formatDecimal, neutralize } from './messages';

export interface CsvOptions {
  locale: Locale;
  /** Defaults to `;` for French, `,` for English. With `;`, decimals use a comma. */
  separator?: ',' | ';';
}

/** Column order of the CSV (the data set's, with hours before seconds). */
export const CSV_COLUMNS = ENTRY_COLUMNS;

export function csvRow(entry: EvidenceEntry, locale: Locale, decimalComma: boolean): string[] {
  const m = EXPORT_MESSAGES[locale];
  const text = (v: string | null) => neutralize(v ?? '');
  const bool = (v: boolean) => (v ? m.yes : m.no);
  return CSV_COLUMNS.map((column) => {
    switch (column) {
      case 'hours':
        return formatDecimal(entry.hours, decimalComma);
      case 'seconds':
        return String(entry.seconds);
      case 'tags':
        return text(entry.tags.join(' '));
      case 'late':
      case 'edited':
        return bool(entry[column]);
      case 'source':
        return m.sources[entry.source] ?? entry.source;
      case 'weekStatus':
        return entry.weekStatus ? (m.weekStatus[entry.weekStatus] ?? entry.weekStatus) : '';
      default:
        return text(entry[column]);
    }
  });
}

/** Writes the CSV to `out` (which it ends); resolves with the number of entry rows. */
export async function writeCsv(
  batches: AsyncIterable<EvidenceEntry[]>,
  out: Writable,
  options: CsvOptions,
): Promise<{ rows: number }> {
  const separator = options.separator ?? (options.locale === 'fr' ? ';' : ',');
  const decimalComma = separator === ';';
  const m = EXPORT_MESSAGES[options.locale];
  let rows = 0;
  async function* records() {
    yield CSV_COLUMNS.map((c) => m.columns[c]);
    for await (const batch of batches) {
      for (const entry of batch) {
        rows++;
        yield csvRow(entry, options.locale, decimalComma);
      }
    }
  }
  await pipeline(
    Readable.from(records()),
    stringify({ bom: true, delimiter: separator, record_delimiter: 'windows' }),
    out,
  );
  return { rows };
}
