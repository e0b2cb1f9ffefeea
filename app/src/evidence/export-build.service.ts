// Building an evidence file: what every format is written from (a period's header, summary and
// entries, and the data set's hash), and an export's lifecycle around its writing: the row claimed
// queued → running, progress, the file's place and name, then done (with its hash, and the
// `export.done` event in the same transaction) or failed. The writers of each format are the
// workers'; they get the data from here and write to the stream they are given.
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { type Clock, type Locale, slugify } from '@proofwork/core';
import {
  claimExport,
  createDataSetHash,
  type Database,
  type EvidenceEntry,
  type EvidenceHeader,
  type EvidenceQuery,
  type EvidenceRows,
  type EvidenceSummary,
  type ExportFormat,
  evidenceHeader,
  evidenceSummary,
  getExport,
  streamEvidenceEntries,
  streamEvidenceRows,
  updateExport,
} from '@proofwork/db';
import { emitEvents } from '../webhooks/webhook.service';
import { exportView } from './evidence.service';

export const EXPORT_EXTENSIONS = { pdf: 'pdf', csv: 'csv', xlsx: 'xlsx', json: 'json' } as const;
export const EXPORT_CONTENT_TYPES = {
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json',
} as const;

/** What an evidence file is written from. */
export interface EvidenceData {
  header: EvidenceHeader & { generatedAt: string };
  summary: EvidenceSummary;
  locale: Locale;
  /** The entries in batches, streamed from the database again at each call. */
  entries(): AsyncIterable<EvidenceEntry[]>;
  /** The same entries for a writer that keeps none of them (one object refilled per entry, see EvidenceRows). */
  rows(): AsyncIterable<EvidenceRows>;
}

/** The data set's SHA-256 (what every format carries) and how many entries it holds. */
export interface DataSetHash {
  sha256: string;
  rows: number;
}

/** A streaming export reads its entries on a connection of its own: the database, not a transaction. */
export interface EvidenceDeps {
  db: Database;
  clock: Clock;
}

/** The evidence of a period, generated now. */
export async function loadEvidence({ db, clock }: EvidenceDeps, organizationId: string, q: EvidenceQuery) {
  const header = await evidenceHeader(db, organizationId, q);
  if (!header) throw new Error('organization not found');
  const summary = await evidenceSummary(db, organizationId, q);
  const data: EvidenceData = {
    header: { ...header, generatedAt: clock.now().toISOString() },
    summary,
    locale: q.locale,
    entries: () => streamEvidenceEntries(db, organizationId, q),
    rows: () => streamEvidenceRows(db, organizationId, q),
  };
  return data;
}

/** The hash in one streamed pass, for the formats that print it before their entries (PDF, XLSX). */
export async function hashEvidence(data: EvidenceData): Promise<DataSetHash> {
  const hash = createDataSetHash();
  for await (const rows of data.rows()) hash.addBatch(rows);
  return { sha256: hash.digest(data.summary.coverage.lines), rows: hash.count };
}

/**
 * The entries hashed as a writer reads them (CSV), each as it goes by (one object refilled per
 * entry, see EvidenceRows): `result()` once they have all gone by.
 */
export function hashWhileReading(data: EvidenceData): {
  batches: AsyncIterable<Iterable<EvidenceEntry>>;
  result(): DataSetHash;
} {
  const hash = createDataSetHash();
  let result: DataSetHash | null = null;
  function* hashing(rows: EvidenceRows) {
    for (const entry of rows) {
      hash.add(entry);
      yield entry;
    }
  }
  async function* batches() {
    for await (const rows of data.rows()) yield hashing(rows);
    result = { sha256: hash.digest(data.summary.coverage.lines), rows: hash.count };
  }
  return {
    batches: batches(),
    result() {
      if (!result) throw new Error('the entries were not all read');
      return result;
    },
  };
}

/** An export's file name: `proofwork-<organization>-<first week>-<last day>.<ext>`, in ASCII. */
export function exportFileName(header: EvidenceHeader, format: ExportFormat): string {
  const organization = slugify(header.organization.name, { fallback: 'evidence' });
  return `proofwork-${organization}-${header.period.firstWeek}-${header.period.lastDay}.${EXPORT_EXTENSIONS[format]}`;
}

/** Writes one format to `out` and returns the data set's hash; `progress` records a step (0–100). */
export type ExportWriter = (
  data: EvidenceData,
  out: Writable,
  progress: (percent: number) => Promise<void>,
) => Promise<DataSetHash>;

export interface ExportBuildDeps extends EvidenceDeps {
  /** Where export files are kept (the export folder); keys are relative to it. */
  directory: string;
}

export type ExportBuildResult =
  | { notClaimed: true }
  | { failed: string; error: unknown }
  | { format: ExportFormat; rows: number; bytes: number };

/** What `write` returns, once the file it wrote is closed. */
async function toFile<T>(file: string, write: (out: Writable) => Promise<T>): Promise<T> {
  const out = createWriteStream(file);
  const finished = new Promise<void>((resolve, reject) => {
    out.on('close', resolve);
    out.on('error', reject);
  });
  try {
    const value = await write(out);
    await finished;
    return value;
  } catch (error) {
    // The write failed: close the file (the caller removes it) and let its own error go.
    finished.catch(() => {});
    out.destroy();
    throw error;
  }
}

/**
 * Builds a queued export with the writer of its format. A row already claimed is left alone, so a
 * job delivered twice builds once. A failure is recorded on the row (the manager can ask again)
 * and returned, not thrown: its causes are bugs or a full disk, which retrying does not cure.
 */
export async function buildExport(
  deps: ExportBuildDeps,
  organizationId: string,
  exportId: string,
  writers: Readonly<Record<ExportFormat, ExportWriter>>,
): Promise<ExportBuildResult> {
  const { db, clock } = deps;
  const row = await claimExport(db, organizationId, exportId);
  if (!row) return { notClaimed: true };
  const key = `${organizationId}/${exportId}.${EXPORT_EXTENSIONS[row.format]}`;
  const file = path.join(deps.directory, key);
  const partial = `${file}.partial`;
  const progress = async (value: number) => {
    await updateExport(db, organizationId, exportId, { progress: value });
  };
  try {
    const data = await loadEvidence(deps, organizationId, { ...row.params, locale: row.locale });
    await progress(20);
    await mkdir(path.dirname(file), { recursive: true });
    const { sha256, rows } = await toFile(partial, (out) => writers[row.format](data, out, progress));
    await progress(90);
    await rename(partial, file);
    const bytes = (await stat(file)).size;
    // Done, and said so to the webhooks listening, in one transaction.
    await db.transaction(async (tx) => {
      await updateExport(tx, organizationId, exportId, {
        status: 'done',
        progress: 100,
        storageKey: key,
        fileName: exportFileName(data.header, row.format),
        contentType: EXPORT_CONTENT_TYPES[row.format],
        fileSize: bytes,
        sha256,
        finishedAt: clock.now(),
      });
      const done = await getExport(tx, organizationId, exportId);
      if (done) await emitEvents(tx, organizationId, [{ type: 'export.done', data: { export: exportView(done) } }]);
    });
    return { format: row.format, rows, bytes };
  } catch (error) {
    await rm(partial, { force: true }).catch(() => {});
    const message = (error as Error).message.slice(0, 500);
    await updateExport(db, organizationId, exportId, { status: 'failed', error: message, finishedAt: clock.now() });
    return { failed: message, error };
  }
}
