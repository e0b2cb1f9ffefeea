// Reading an uploaded export as a stream: what kind of file it is (refusing binaries and text that
// is not UTF-8 with a clear message), which CSV format and separator its header speaks, and its
// rows in the common shape of ./import.contract.ts. The file is never held whole in memory: bytes
// go through a strict UTF-8 decoder into csv-parse (or a streaming JSON parser) and rows come out
// one by one.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { DELIVERABLE_MAX_QUANTITY } from '@proofwork/core';
import { createDataSetHash, type EvidenceCoverageLine, type EvidenceEntry } from '@proofwork/db';
import JSONParser from '@streamparser/json/jsonparser.js';
import { parse as parseCsv } from 'csv-parse';
import { parse as parseCsvSync } from 'csv-parse/sync';
import { DomainError } from '../errors';
import { clockifyFormat } from './formats/clockify.format';
import { genericFormat } from './formats/generic.format';
import { harvestFormat } from './formats/harvest.format';
import { togglFormat } from './formats/toggl.format';
import type { CsvField, CsvFormat, ImportFormat, MoneyColumn, ProofworkLine, SourceRow } from './import.contract';
import { looksLikeFormula, normalizeLabel, parseBoolean } from './values';

export const CSV_FORMATS: readonly CsvFormat[] = [togglFormat, clockifyFormat, harvestFormat, genericFormat];
export const PROOFWORK_JSON_FORMAT = 'proofwork.evidence/1';
/** One record (a row with its quoted line breaks) larger than this is not a time entry. */
const MAX_RECORD_BYTES = 256 * 1024;
const SNIFF_BYTES = 64 * 1024;
const DELIMITERS = [',', ';', '\t'] as const;

const unprocessable = (code: string, message: string, field = 'file') =>
  new DomainError('unprocessable', code, message, [{ field, message }]);

export interface Sniffed {
  kind: 'csv' | 'json';
  bom: boolean;
  delimiter: string;
  /** The header's cells as written (CSV only). */
  headers: string[];
}

const MAGIC: [number[], string][] = [
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive or an Excel workbook (.xlsx): export CSV from your tracker instead'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'an old Excel workbook (.xls): export CSV from your tracker instead'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF: export CSV from your tracker instead'],
  [[0x89, 0x50, 0x4e, 0x47], 'an image'],
  [[0xff, 0xd8, 0xff], 'an image'],
  [[0x1f, 0x8b], 'a compressed (gzip) file: unpack it first'],
];

/** Decodes UTF-8 strictly: a byte sequence that is not UTF-8 stops the read with a clear refusal. */
function utf8Decoder(): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  return new Transform({
    readableObjectMode: false,
    decodeStrings: true,
    transform(chunk: Buffer, _encoding, done) {
      try {
        const text = decoder.decode(chunk, { stream: true });
        offset += chunk.length;
        done(null, text);
      } catch {
        done(notUtf8(offset));
      }
    },
    flush(done) {
      try {
        const rest = decoder.decode();
        done(null, rest || undefined);
      } catch {
        done(notUtf8(offset));
      }
    },
  });
}

const notUtf8 = (near: number) =>
  unprocessable(
    'unsupported_encoding',
    `The file is not UTF-8 text (near byte ${near}): it may be Windows-1252 or Latin-1. ` +
      'Export it again as CSV UTF-8 (or save it with that encoding) and upload it again.',
  );

/** Known header names over every format, to tell which separator a header uses. */
const KNOWN_HEADERS = new Set(
  CSV_FORMATS.flatMap((f) => Object.values(f.columns).flatMap((names) => [...(names ?? [])])),
);

function headerCells(text: string, delimiter: string): string[] | null {
  try {
    const [first] = parseCsvSync(text, {
      delimiter,
      to: 1,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as string[][];
    return first ?? null;
  } catch {
    return null;
  }
}

/**
 * Looks at the start of a stored upload: refuses what is not text (a workbook, a PDF, an image,
 * UTF-16, NUL bytes) or not UTF-8, tells JSON from CSV, and picks the CSV separator whose header
 * cells are the most known (then the most numerous).
 */
export async function sniffFile(file: string): Promise<Sniffed> {
  const handle = await open(file, 'r');
  let bytes: Buffer;
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    bytes = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  if (bytes.length === 0) throw unprocessable('empty_file', 'The file is empty');
  for (const [magic, what] of MAGIC) {
    if (magic.every((b, i) => bytes[i] === b)) {
      throw unprocessable('unsupported_file', `This is not a CSV or JSON export: it looks like ${what}.`);
    }
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw unprocessable(
      'unsupported_encoding',
      'The file is UTF-16 text (Excel\u2019s "Unicode text"): save it as CSV UTF-8 and upload it again.',
    );
  }
  if (bytes.includes(0)) {
    throw unprocessable(
      'unsupported_file',
      'This is not a text file (it holds NUL bytes): upload a CSV or JSON export.',
    );
  }
  let text: string;
  try {
    // The sample may end inside a character: decode it as a stream so only a truly bad byte fails.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: bytes.length === SNIFF_BYTES });
  } catch {
    throw notUtf8(0);
  }
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (/^\s*[{[]/.test(text)) return { kind: 'json', bom, delimiter: '', headers: [] };

  let best: { delimiter: string; headers: string[]; known: number } | null = null;
  for (const delimiter of DELIMITERS) {
    const headers = headerCells(text, delimiter);
    if (!headers) continue;
    const known = headers.filter((h) => KNOWN_HEADERS.has(normalizeLabel(h))).length;
    if (!best || known > best.known || (known === best.known && headers.length > best.headers.length)) {
      best = { delimiter, headers, known };
    }
  }
  if (!best || best.headers.length < 2) {
    throw unprocessable('unknown_format', 'The first line of the file is not a CSV header this importer knows');
  }
  return { kind: 'csv', bom, delimiter: best.delimiter, headers: best.headers };
}

// ─── Formats ──────────────────────────────────────────────────────────────────────────────────

export interface ColumnMap {
  fields: Partial<Record<CsvField, number>>;
  money: MoneyColumn[];
  /** Header cells no field of the format reads (shown, then ignored). */
  ignored: string[];
}

/** Amounts and rates in any currency ("Amount (EUR)", "Billable Rate (USD)", "Montant facturable (EUR)"). */
const MONEY = /\b(amount|rate|cost|montant|taux|cout|prix|price)\b/;

export function columnMap(format: CsvFormat, headers: string[]): ColumnMap {
  const normalized = headers.map(normalizeLabel);
  const fields: Partial<Record<CsvField, number>> = {};
  const used = new Set<number>();
  for (const [field, names] of Object.entries(format.columns) as [CsvField, readonly string[]][]) {
    // The first name in the format's list wins when a file has two (e.g. "User" and "Member").
    for (const name of names) {
      const index = normalized.indexOf(name);
      if (index !== -1 && !used.has(index)) {
        fields[field] = index;
        used.add(index);
        break;
      }
    }
  }
  const money: MoneyColumn[] = [];
  const ignored: string[] = [];
  normalized.forEach((name, index) => {
    if (used.has(index)) return;
    if (MONEY.test(name)) money.push({ index, header: headers[index]!.trim() });
    else ignored.push(headers[index]!.trim());
  });
  return { fields, money, ignored };
}

function formatScore(format: CsvFormat, headers: string[]): number | null {
  const normalized = new Set(headers.map(normalizeLabel));
  if (format.excludes?.some((h) => normalized.has(h))) return null;
  const { fields } = columnMap(format, headers);
  if (!format.requires.some((set) => set.every((f) => fields[f] !== undefined))) return null;
  const distinctive = format.distinctive.filter((h) => normalized.has(h)).length;
  // A tracker's own format wins over the generic reading of the same columns.
  return Object.keys(fields).length + 2 * distinctive + (format.key === 'generic' ? -1 : 0);
}

/** The CSV format whose columns the header matches best, or null when none applies. */
export function detectCsvFormat(headers: string[]): CsvFormat | null {
  let best: { format: CsvFormat; score: number } | null = null;
  for (const format of CSV_FORMATS) {
    const score = formatScore(format, headers);
    if (score !== null && (!best || score > best.score)) best = { format, score };
  }
  return best?.format ?? null;
}

export function csvFormatOf(key: ImportFormat): CsvFormat | null {
  return CSV_FORMATS.find((f) => f.key === key) ?? null;
}

/** Whether a format can read this header at all (an override the header cannot serve is refused). */
export function formatFits(format: CsvFormat, headers: string[]): boolean {
  const { fields } = columnMap(format, headers);
  return format.requires.some((set) => set.every((f) => fields[f] !== undefined));
}

// ─── Rows ─────────────────────────────────────────────────────────────────────────────────────

const EMPTY_CELLS: SourceRow['cells'] = {
  date: '',
  startDate: '',
  startTime: '',
  endDate: '',
  endTime: '',
  start: '',
  end: '',
  duration: '',
  durationDecimal: '',
  minutes: '',
};

function splitTags(text: string): string[] {
  return text
    .split(/[,;]/)
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

function csvRow(record: string[], row: number, headers: string[], map: ColumnMap): SourceRow {
  const cell = (field: CsvField) => {
    const index = map.fields[field];
    return index === undefined ? '' : (record[index] ?? '').trim();
  };
  let formulaColumn: string | null = null;
  for (let i = 0; i < record.length && formulaColumn === null; i++) {
    if (looksLikeFormula(record[i]!)) formulaColumn = headers[i]?.trim() ?? `#${i + 1}`;
  }
  const currency = cell('currency');
  const money: string[] = [];
  for (const column of map.money) {
    const value = (record[column.index] ?? '').trim();
    if (value !== '') money.push(`${column.header}: ${value}${currency ? ` ${currency}` : ''}`);
  }
  const name = cell('user') || [cell('firstName'), cell('lastName')].filter(Boolean).join(' ');
  return {
    row,
    personName: name,
    personEmail: cell('email').toLowerCase(),
    client: cell('client'),
    project: cell('project'),
    task: cell('task'),
    description: cell('description'),
    tags: splitTags(cell('tags')),
    billable: map.fields.billable === undefined ? null : parseBoolean(cell('billable')),
    money,
    cells: {
      date: cell('date'),
      startDate: cell('startDate'),
      startTime: cell('startTime'),
      endDate: cell('endDate'),
      endTime: cell('endTime'),
      start: cell('start'),
      end: cell('end'),
      duration: cell('duration'),
      durationDecimal: cell('durationDecimal'),
      minutes: cell('minutes'),
    },
    formulaColumn,
    origin: null,
  };
}

/** A read that stops once its time budget is spent: a parser of user files has one. */
export interface ReadBudget {
  deadline: number;
}

function checkBudget(budget: ReadBudget | undefined) {
  if (budget && performance.now() > budget.deadline) {
    throw new DomainError(
      'unprocessable',
      'file_too_slow',
      'Reading this file took too long; split it into smaller exports (by month, for example)',
      [{ field: 'file', message: 'took too long to read' }],
    );
  }
}

/** The rows of a CSV export, streamed, in the common shape. */
export async function* readCsvRows(
  file: string,
  sniffed: Sniffed,
  format: CsvFormat,
  budget?: ReadBudget,
): AsyncGenerator<SourceRow> {
  const parser = parseCsv({
    delimiter: sniffed.delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_BYTES,
  });
  const source = createReadStream(file, { highWaterMark: 256 * 1024 });
  const decoder = utf8Decoder();
  const failure = new Promise<never>((_, reject) => {
    source.once('error', reject);
    decoder.once('error', reject);
  });
  failure.catch(() => {});
  source.pipe(decoder).pipe(parser);
  decoder.once('error', (error) => parser.destroy(error));
  let headers: string[] | null = null;
  let map: ColumnMap | null = null;
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row++;
      if (headers === null) {
        headers = record;
        map = columnMap(format, headers);
        continue;
      }
      if (row % 1000 === 0) checkBudget(budget);
      yield csvRow(record, row, headers, map!);
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'CSV_MAX_RECORD_SIZE') {
      throw unprocessable(
        'row_too_long',
        `Row ${row + 1} is longer than ${MAX_RECORD_BYTES / 1024} KB: not a time entry`,
      );
    }
    if (typeof code === 'string' && code.startsWith('CSV_')) {
      throw unprocessable('malformed_csv', `The CSV is malformed near row ${row + 1}: ${(error as Error).message}`);
    }
    throw error;
  } finally {
    source.destroy();
  }
}

// ─── Proofwork's JSON export ──────────────────────────────────────────────────────────────────

const SOURCES = new Set(['timer', 'quick_add', 'manual', 'api', 'import']);
const text = (v: unknown) => (typeof v === 'string' ? v : null);
/** A deliverable's quantity as the exports write it (1…DELIVERABLE_MAX_QUANTITY), else null. */
const quantity = (v: unknown) =>
  typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= DELIVERABLE_MAX_QUANTITY ? v : null;

/** An evidence line as the importer needs it; null when the line is not one. */
function proofworkLine(value: unknown): ProofworkLine | null {
  if (typeof value !== 'object' || value === null) return null;
  const e = value as Record<string, unknown>;
  const tags = Array.isArray(e.tags) && e.tags.every((t) => typeof t === 'string') ? (e.tags as string[]) : null;
  if (
    text(e.id) === null ||
    text(e.member) === null ||
    text(e.localDate) === null ||
    typeof e.seconds !== 'number' ||
    text(e.categoryKey) === null ||
    tags === null ||
    !SOURCES.has(String(e.source))
  ) {
    return null;
  }
  return {
    id: e.id as string,
    member: e.member as string,
    localDate: e.localDate as string,
    startedAt: text(e.startedAt),
    endedAt: text(e.endedAt),
    seconds: e.seconds,
    categoryKey: e.categoryKey as string,
    category: text(e.category) ?? '',
    brand: text(e.brand),
    platform: text(e.platform),
    deliverableType: text(e.deliverableType),
    deliverable: text(e.deliverable),
    deliverableQuantity: quantity(e.deliverableQuantity),
    tags,
    note: text(e.note) ?? '',
    source: e.source as ProofworkLine['source'],
    late: e.late === true,
    edited: e.edited === true,
  };
}

export interface ProofworkFileFacts {
  /** The SHA-256 the file states, and the one its lines give: they differ when it was edited. */
  statedSha256: string | null;
  computedSha256: string | null;
}

/**
 * The entries of a Proofwork JSON export, streamed. `facts` is filled as the file is read: the
 * hash it states and the hash its lines give (a verifier's check, reported when they differ).
 */
export async function* readProofworkRows(
  file: string,
  facts: ProofworkFileFacts,
  budget?: ReadBudget,
): AsyncGenerator<SourceRow | { row: number; bad: true }> {
  const parser = new JSONParser({
    paths: ['$.format', '$.sha256', '$.entries.*', '$.coverage.*'],
    keepStack: false,
  });
  const found: unknown[] = [];
  // Member-week coverage lines follow the entries; they are hashed, not imported.
  const coverage: EvidenceCoverageLine[] = [];
  let format: unknown;
  const hash = createDataSetHash();
  parser.onValue = ({ value, key, stack }) => {
    if (stack.length === 1 && key === 'format') format = value;
    else if (stack.length === 1 && key === 'sha256') facts.statedSha256 = typeof value === 'string' ? value : null;
    else if (stack.length === 2 && stack[1]?.key === 'coverage') coverage.push(value as EvidenceCoverageLine);
    else if (stack.length === 2) found.push(value);
  };
  const source = createReadStream(file, { highWaterMark: 256 * 1024 });
  const decoder = utf8Decoder();
  source.pipe(decoder);
  source.once('error', (error) => decoder.destroy(error));
  let row = 0;
  try {
    for await (const chunk of decoder as AsyncIterable<string>) {
      try {
        parser.write(chunk);
      } catch (error) {
        throw unprocessable('malformed_json', `The JSON is malformed: ${(error as Error).message}`);
      }
      if (format !== undefined && format !== PROOFWORK_JSON_FORMAT) {
        throw unprocessable(
          'unknown_format',
          `This JSON is not a Proofwork export (format ${JSON.stringify(format)}, expected "${PROOFWORK_JSON_FORMAT}")`,
        );
      }
      checkBudget(budget);
      for (const value of found.splice(0)) {
        row++;
        const line = proofworkLine(value);
        if (!line) {
          yield { row, bad: true };
          continue;
        }
        hash.add(value as EvidenceEntry);
        yield {
          row,
          personName: line.member,
          personEmail: '',
          client: line.brand ?? '',
          project: '',
          task: '',
          description: line.note,
          tags: line.tags,
          billable: null,
          money: [],
          cells: EMPTY_CELLS,
          formulaColumn: null,
          origin: line,
        };
      }
    }
    // The parser ends by itself once the document's object closes; a file that ends before is cut short.
    if (!parser.isEnded) {
      try {
        parser.end();
      } catch (error) {
        throw unprocessable('malformed_json', `The JSON is cut short: ${(error as Error).message}`);
      }
    }
    if (format === undefined) {
      throw unprocessable(
        'unknown_format',
        `This JSON is not a Proofwork export (no "format": "${PROOFWORK_JSON_FORMAT}")`,
      );
    }
    facts.computedSha256 = hash.digest(coverage);
  } finally {
    source.destroy();
  }
}
