// Imports: an uploaded export is analysed (format, people, brands, tasks, a preview of the mapped
// rows and every problem with its row number), run in the background with a mapping (entries
// written through the same rules, audit and outbox as every write, in set-wise batches), and can
// be cancelled or undone as one action. The file is read as a stream each time, never held whole.
import path from 'node:path';
import { type LocalDate, slugify } from '@proofwork/core';
import {
  claimImport,
  createBrand,
  deleteImportedEntries,
  type Executor,
  existingEntryIds,
  existingImportKeys,
  findImportedDeliverables,
  findLockedWeeks,
  getImport,
  type ImportedDeliverableKey,
  type ImportRow,
  importCancelRequested,
  importedDeliverableKey,
  importedWeeks,
  insertDeliverables,
  insertImport,
  listImports,
  lockImport,
  lockMembers,
  lockOrganizationImports,
  markMemberWeeksDirty,
  queueImport,
  updateImport,
} from '@proofwork/db';
import { type Actor, actorForMember } from '../actor';
import type { ServiceDeps } from '../context';
import { conflict, DomainError, invalidField, messageOf, notFound } from '../errors';
import { inviteMember } from '../organizations/invitation.service';
import type { EntryInput } from '../time-entries/time-entry.rules';
import { type EntryProvenance, writeImportedEntries } from '../time-entries/time-entry.service';
import type { CsvField, ImportFormat, ImportProblem, ProblemCode, SourceRow } from './import.contract';
import {
  assertMayImport,
  createClassifier,
  createRowMapper,
  type ImportCatalog,
  loadImportCatalog,
  type MappedRow,
  type MappingInput,
  type PreviewRow,
  type ResolvedMapping,
  resolveMapping,
  type Survey,
  SurveyBuilder,
} from './mapping';
import {
  columnMap,
  csvFormatOf,
  detectCsvFormat,
  formatFits,
  type ProofworkFileFacts,
  type ReadBudget,
  readCsvRows,
  readProofworkRows,
  type Sniffed,
  sniffFile,
} from './source-file';
import { type DateOrder, dateOrderHint } from './values';

/** Uploads larger than this are refused while they stream in (the route stops reading). */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
/** The uploaded file is kept this long (to run or preview again); the import and its entries stay. */
export const IMPORT_FILE_DAYS = 30;
/** Reading a file for its analysis or a preview may take this long, no more. */
const ANALYSIS_BUDGET_MS = 90_000;
const PREVIEW_ROWS = 50;
/** Problems listed one by one (all are counted). */
const LISTED_PROBLEMS = 2000;
/** Rows written per transaction: set-wise checks, one statement per kind. */
export const IMPORT_BATCH_ROWS = 2500;

export interface ImportDeps extends ServiceDeps {
  /** Where uploads are stored (the import store). */
  directory: string;
}

// ─── Stored documents ─────────────────────────────────────────────────────────────────────────

export interface FileFacts {
  kind: 'csv' | 'json';
  bom: boolean;
  delimiter: string | null;
  headers: string[];
  /** Which header each field was read from. */
  columns: Partial<Record<CsvField, string>>;
  money: string[];
  ignored: string[];
  /** A Proofwork export: the hash it states and the one its lines give. */
  sha256: { stated: string | null; computed: string | null } | null;
}

export interface MapTotals {
  rows: number;
  /** Rows the run would write now (duplicates and approved weeks are only known then). */
  importable: number;
  seconds: number;
  firstDate: LocalDate | null;
  lastDate: LocalDate | null;
}

export interface MapResult {
  mapping: ResolvedMapping;
  preview: PreviewRow[];
  problems: ImportProblem[];
  problemCounts: Partial<Record<ProblemCode, number>>;
  totals: MapTotals;
}

export interface ImportAnalysis {
  file: FileFacts;
  survey: Survey;
  dateOrder: { detected: DateOrder; ambiguous: boolean };
  result: MapResult;
}

export interface ImportReport {
  rows: number;
  processed: number;
  imported: number;
  secondsImported: number;
  skipped: number;
  skippedByReason: Partial<Record<ProblemCode, number>>;
  /** The skipped rows with their reason (the first ones, all are counted above). */
  skippedRows: ImportProblem[];
  warnings: number;
  duplicates: number;
  membersInvited: string[];
  brandsCreated: string[];
  deliverablesCreated: number;
  cancelled: boolean;
  undo: {
    at: string;
    byMemberId: string;
    entriesRemoved: number;
    secondsRemoved: number;
    deliverablesRemoved: number;
    /** Entries kept because their week is approved. */
    keptInApprovedWeeks: number;
  } | null;
}

// ─── Views ────────────────────────────────────────────────────────────────────────────────────

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function importSummaryView(row: ImportRow) {
  return {
    id: row.id,
    fileName: row.fileName,
    fileSize: row.fileSize,
    format: row.format,
    detectedFormat: row.detectedFormat,
    status: row.status,
    progress: row.progress,
    rowCount: row.rowCount,
    error: row.error,
    fileAvailable: row.storageKey !== null,
    report: (row.report as ImportReport | null) ?? null,
    requestedByMemberId: row.requestedByMemberId,
    createdAt: row.createdAt.toISOString(),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
    undoneAt: iso(row.undoneAt),
    undoneByMemberId: row.undoneByMemberId,
  };
}

export function importView(row: ImportRow) {
  const analysis = row.analysis as ImportAnalysis;
  return {
    ...importSummaryView(row),
    /** The mapping the last run was asked with (what a run again reuses). */
    lastRunMapping: (row.mapping as MappingInput | null) ?? null,
    file: analysis.file,
    survey: analysis.survey,
    dateOrder: analysis.dateOrder,
    ...analysis.result,
  };
}

export type ImportView = ReturnType<typeof importView>;
export type ImportSummaryView = ReturnType<typeof importSummaryView>;

// ─── Reading a stored file ────────────────────────────────────────────────────────────────────

interface OpenedSource {
  sniffed: Sniffed;
  format: ImportFormat;
  facts: FileFacts;
  proofwork: ProofworkFileFacts;
  rows(budget?: ReadBudget): AsyncGenerator<SourceRow | { row: number; bad: true }>;
}

const unprocessable = (code: string, message: string, field = 'file') =>
  new DomainError('unprocessable', code, message, [{ field, message }]);

/** Sniffs the file and settles its format (the detected one, or the one asked for if it fits). */
async function openSource(file: string, asked: ImportFormat | null, field = 'format'): Promise<OpenedSource> {
  const sniffed = await sniffFile(file);
  const proofwork: ProofworkFileFacts = { statedSha256: null, computedSha256: null };
  if (sniffed.kind === 'json') {
    if (asked !== null && asked !== 'proofwork') {
      throw invalidField(field, `is ${asked}, but the file is JSON: only a Proofwork export can be JSON`);
    }
    return {
      sniffed,
      format: 'proofwork',
      proofwork,
      facts: {
        kind: 'json',
        bom: sniffed.bom,
        delimiter: null,
        headers: [],
        columns: {},
        money: [],
        ignored: [],
        sha256: null,
      },
      rows: (budget) => readProofworkRows(file, proofwork, budget),
    };
  }
  if (asked === 'proofwork') throw invalidField(field, 'is proofwork, but the file is CSV: a Proofwork export is JSON');
  const format = asked === null ? detectCsvFormat(sniffed.headers) : csvFormatOf(asked);
  if (!format) {
    throw unprocessable(
      'unknown_format',
      `No known export has these columns (${sniffed.headers.slice(0, 12).join(', ')}): export a detailed report ` +
        'from Toggl Track, Clockify or Harvest, or a CSV with a date, a duration (or a start and an end) and a description',
    );
  }
  if (asked !== null && !formatFits(format, sniffed.headers)) {
    throw invalidField(field, `does not fit this file: its header lacks the ${asked} timing columns`);
  }
  const map = columnMap(format, sniffed.headers);
  const columns: Partial<Record<CsvField, string>> = {};
  for (const [field, index] of Object.entries(map.fields)) columns[field as CsvField] = sniffed.headers[index]!.trim();
  return {
    sniffed,
    format: format.key,
    proofwork,
    facts: {
      kind: 'csv',
      bom: sniffed.bom,
      delimiter: sniffed.delimiter,
      headers: sniffed.headers.map((h) => h.trim()),
      columns,
      money: map.money.map((m) => m.header),
      ignored: map.ignored,
      sha256: null,
    },
    rows: (budget) => readCsvRows(file, sniffed, format, budget),
  };
}

const budget = (): ReadBudget => ({ deadline: performance.now() + ANALYSIS_BUDGET_MS });

async function surveyOf(source: OpenedSource): Promise<Survey> {
  const builder = new SurveyBuilder(dateOrderHint);
  for await (const row of source.rows(budget())) if (!('bad' in row)) builder.add(row);
  return builder.result();
}

/**
 * Day-first or month-first: what the file's own dates say (25/03 can only be day-first). When
 * none tells, or they disagree, the tracker's habit (day-first for a semicolon file, written by a
 * European locale) is a guess, flagged as ambiguous so the mapping shows the choice.
 */
function detectedDateOrder(survey: Survey, source: OpenedSource): { detected: DateOrder; ambiguous: boolean } {
  const { dmy, mdy, either } = survey.dateOrderHints;
  if (dmy > 0 && mdy === 0) return { detected: 'dmy', ambiguous: false };
  if (mdy > 0 && dmy === 0) return { detected: 'mdy', ambiguous: false };
  const fallback: DateOrder =
    source.sniffed.delimiter === ';' ? 'dmy' : (csvFormatOf(source.format)?.dateOrder ?? 'dmy');
  return { detected: fallback, ambiguous: either > 0 || (dmy > 0 && mdy > 0) };
}

class ProblemList {
  readonly listed: ImportProblem[] = [];
  readonly counts: Partial<Record<ProblemCode, number>> = {};
  add(problem: ImportProblem) {
    this.counts[problem.code] = (this.counts[problem.code] ?? 0) + 1;
    if (this.listed.length < LISTED_PROBLEMS) this.listed.push(problem);
  }
}

const badLine = (row: number): ImportProblem => ({
  row,
  code: 'bad_line',
  severity: 'error',
  message: 'is not an entry of a Proofwork export',
});

/** One pass of the mapper over the file: the preview, the problems and the totals. */
async function mapPass(
  source: OpenedSource,
  mapping: ResolvedMapping,
  catalog: ImportCatalog,
  now: Date,
): Promise<MapResult> {
  const mapper = createRowMapper({ format: source.format, mapping, catalog, classify: createClassifier(catalog, now) });
  const preview: PreviewRow[] = [];
  const problems = new ProblemList();
  const totals: MapTotals = { rows: 0, importable: 0, seconds: 0, firstDate: null, lastDate: null };
  for await (const row of source.rows(budget())) {
    totals.rows++;
    if ('bad' in row) {
      problems.add(badLine(row.row));
      continue;
    }
    const result = mapper.map(row);
    if (preview.length < PREVIEW_ROWS) preview.push(result.preview);
    for (const p of result.preview.problems) problems.add(p);
    if ('mapped' in result) {
      totals.importable++;
      totals.seconds += result.mapped.timing.seconds;
      const day = result.preview.date;
      if (day && (totals.firstDate === null || day < totals.firstDate)) totals.firstDate = day;
      if (day && (totals.lastDate === null || day > totals.lastDate)) totals.lastDate = day;
    }
  }
  if (source.proofwork.statedSha256 && source.proofwork.statedSha256 !== source.proofwork.computedSha256) {
    problems.add({
      row: 0,
      code: 'hash_mismatch',
      severity: 'warning',
      message: 'the SHA-256 the file states does not match its entries: it was changed after the export',
    });
  }
  return { mapping, preview, problems: problems.listed, problemCounts: problems.counts, totals };
}

async function analyse(
  deps: ServiceDeps,
  actor: Actor,
  file: string,
  asked: ImportFormat | null,
  input: MappingInput,
): Promise<{ format: ImportFormat; analysis: ImportAnalysis }> {
  const source = await openSource(file, asked);
  const survey = await surveyOf(source);
  if (survey.rows === 0) throw unprocessable('no_rows', 'The file has a header but no rows');
  const dateOrder = detectedDateOrder(survey, source);
  const catalog = await loadImportCatalog(deps.db, actor);
  const now = deps.clock.now();
  const mapping = resolveMapping(input, survey, catalog, actor, createClassifier(catalog, now), dateOrder.detected);
  const result = await mapPass(source, mapping, catalog, now);
  if (source.proofwork.statedSha256 !== null || source.proofwork.computedSha256 !== null) {
    source.facts.sha256 = { stated: source.proofwork.statedSha256, computed: source.proofwork.computedSha256 };
  }
  return { format: source.format, analysis: { file: source.facts, survey, dateOrder, result } };
}

const storedFile = (deps: ImportDeps, row: ImportRow) => {
  if (!row.storageKey) {
    throw new DomainError(
      'gone',
      'file_expired',
      `The uploaded file was deleted after ${IMPORT_FILE_DAYS} days: upload it again`,
    );
  }
  return path.join(deps.directory, row.storageKey);
};

// ─── Services ─────────────────────────────────────────────────────────────────────────────────

/** File names are shown, never used as paths: no directories, no control characters, 200 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  return (
    base
      .replace(/\p{Cc}/gu, '')
      .trim()
      .slice(0, 200) || 'import'
  );
}

/**
 * Analyses an uploaded file (stored by the caller at `storageKey` in the import store) and records
 * the import, ready to run. A file nothing can be read from is refused (the caller deletes it).
 */
export async function createImport(
  deps: ImportDeps,
  actor: Actor,
  upload: { id: string; fileName: string; fileSize: number; storageKey: string },
): Promise<ImportView> {
  assertMayImport(actor);
  const { format, analysis } = await analyse(deps, actor, path.join(deps.directory, upload.storageKey), null, {});
  const row = await insertImport(deps.db, actor.organizationId, {
    id: upload.id,
    requestedByMemberId: actor.memberId,
    fileName: cleanFileName(upload.fileName),
    fileSize: upload.fileSize,
    storageKey: upload.storageKey,
    detectedFormat: format,
    format,
    status: 'ready',
    rowCount: analysis.result.totals.rows,
    analysis,
    fileExpiresAt: new Date(deps.clock.now().getTime() + IMPORT_FILE_DAYS * 86_400_000),
  });
  return importView(row);
}

export async function getImportView({ db }: ServiceDeps, actor: Actor, importId: string): Promise<ImportView> {
  assertMayImport(actor);
  const row = await getImport(db, actor.organizationId, importId);
  if (!row) throw notFound('Import');
  return importView(row);
}

export async function listImportViews({ db }: ServiceDeps, actor: Actor): Promise<ImportSummaryView[]> {
  assertMayImport(actor);
  return (await listImports(db, actor.organizationId)).map(importSummaryView);
}

const ACTIVE = new Set(['queued', 'running']);

/**
 * The preview of a mapping: the first rows as they would be written and every problem, read from
 * the file again. A format other than the import's re-analyses the file in that format (and keeps it).
 */
export async function previewImport(
  deps: ImportDeps,
  actor: Actor,
  importId: string,
  input: MappingInput & { format?: ImportFormat },
): Promise<ImportView> {
  assertMayImport(actor);
  const row = await getImport(deps.db, actor.organizationId, importId);
  if (!row) throw notFound('Import');
  const file = storedFile(deps, row);
  const { format: asked, ...mappingInput } = input;
  if (asked !== undefined && asked !== row.format) {
    if (ACTIVE.has(row.status)) throw conflict(`The import is ${row.status}: its format cannot change now`);
    const { format, analysis } = await analyse(deps, actor, file, asked, mappingInput);
    const updated = await updateImport(deps.db, actor.organizationId, importId, {
      format,
      analysis,
      rowCount: analysis.result.totals.rows,
    });
    return importView(updated!);
  }
  const analysis = row.analysis as ImportAnalysis;
  const source = await openSource(file, row.format);
  const catalog = await loadImportCatalog(deps.db, actor);
  const now = deps.clock.now();
  const mapping = resolveMapping(
    mappingInput,
    analysis.survey,
    catalog,
    actor,
    createClassifier(catalog, now),
    analysis.dateOrder.detected,
  );
  const result = await mapPass(source, mapping, catalog, now);
  return { ...importView(row), ...result };
}

/** Queues a run of the import with this mapping (the suggestions where it says nothing). */
export async function runImport(
  deps: ImportDeps,
  actor: Actor,
  importId: string,
  input: MappingInput,
): Promise<ImportView> {
  assertMayImport(actor);
  const found = await getImport(deps.db, actor.organizationId, importId);
  if (!found) throw notFound('Import');
  storedFile(deps, found);
  const analysis = found.analysis as ImportAnalysis;
  const catalog = await loadImportCatalog(deps.db, actor);
  // Checked now, so a bad mapping is a 400 here rather than a failed job later.
  resolveMapping(
    input,
    analysis.survey,
    catalog,
    actor,
    createClassifier(catalog, deps.clock.now()),
    analysis.dateOrder.detected,
  );
  return deps.db.transaction(async (tx) => {
    const row = await lockImport(tx, actor.organizationId, importId);
    if (!row) throw notFound('Import');
    if (ACTIVE.has(row.status)) throw conflict(`The import is already ${row.status}`);
    const queued = await queueImport(tx, actor.organizationId, importId, {
      mapping: input,
      requestedByMemberId: actor.memberId,
      cancelRequested: false,
      error: null,
      finishedAt: null,
    });
    return importView(queued!);
  });
}

/** A queued import is cancelled at once; a running one stops after its current batch. */
export async function cancelImport({ db }: ServiceDeps, actor: Actor, importId: string): Promise<ImportView> {
  assertMayImport(actor);
  return db.transaction(async (tx) => {
    const row = await lockImport(tx, actor.organizationId, importId);
    if (!row) throw notFound('Import');
    if (row.status === 'queued') {
      return importView((await updateImport(tx, actor.organizationId, importId, { status: 'cancelled' }))!);
    }
    if (row.status === 'running') {
      return importView((await updateImport(tx, actor.organizationId, importId, { cancelRequested: true }))!);
    }
    throw conflict(`The import is ${row.status}: there is nothing to cancel`);
  });
}

/**
 * Removes the import's entries as one action, in one transaction: their members are locked first
 * (like every entry write), entries in approved weeks stay (and are counted), the member-weeks are
 * marked for their rollups, and the import records who undid it and when. The entries' audit
 * events go with them; the undo itself is the record.
 */
export async function undoImport({ db, clock }: ServiceDeps, actor: Actor, importId: string): Promise<ImportView> {
  assertMayImport(actor);
  const now = clock.now();
  return db.transaction(async (tx) => {
    const row = await lockImport(tx, actor.organizationId, importId);
    if (!row) throw notFound('Import');
    if (ACTIVE.has(row.status)) throw conflict(`The import is ${row.status}: cancel it first`);
    if (row.status === 'undone') throw conflict('This import was already undone');
    if (row.status === 'ready') throw conflict('This import has not run: there is nothing to undo');
    await lockOrganizationImports(tx, actor.organizationId);
    const weeks = await importedWeeks(tx, actor.organizationId, importId);
    await lockMembers(tx, actor.organizationId, [...new Set(weeks.map((w) => w.memberId))]);
    const approved = await findLockedWeeks(tx, actor.organizationId, weeks);
    const approvedKeys = new Set(approved.map((w) => `${w.memberId}|${w.weekStart}`));
    const kept = weeks.filter((w) => approvedKeys.has(`${w.memberId}|${w.weekStart}`));
    const removed = await deleteImportedEntries(tx, actor.organizationId, importId, approved);
    await markMemberWeeksDirty(
      tx,
      weeks
        .filter((w) => !approvedKeys.has(`${w.memberId}|${w.weekStart}`))
        .map((w) => ({ organizationId: actor.organizationId, memberId: w.memberId, weekStart: w.weekStart })),
    );
    const report = { ...((row.report as ImportReport | null) ?? emptyReport(row.rowCount)) };
    report.undo = {
      at: now.toISOString(),
      byMemberId: actor.memberId,
      entriesRemoved: removed.entries,
      secondsRemoved: removed.seconds,
      deliverablesRemoved: removed.deliverables,
      keptInApprovedWeeks: kept.reduce((n, w) => n + w.entries, 0),
    };
    const updated = await updateImport(tx, actor.organizationId, importId, {
      status: 'undone',
      undoneAt: now,
      undoneByMemberId: actor.memberId,
      report,
    });
    return importView(updated!);
  });
}

function emptyReport(rows: number): ImportReport {
  return {
    rows,
    processed: 0,
    imported: 0,
    secondsImported: 0,
    skipped: 0,
    skippedByReason: {},
    skippedRows: [],
    warnings: 0,
    duplicates: 0,
    membersInvited: [],
    brandsCreated: [],
    deliverablesCreated: 0,
    cancelled: false,
    undo: null,
  };
}

// ─── The run (the job's body) ─────────────────────────────────────────────────────────────────

class RunReport {
  readonly report: ImportReport;
  private readonly problems = new ProblemList();
  constructor(rows: number) {
    this.report = emptyReport(rows);
  }
  skip(problem: ImportProblem) {
    this.report.skipped++;
    this.problems.add(problem);
    this.report.skippedByReason = this.problems.counts;
    this.report.skippedRows = this.problems.listed;
  }
  warn(count: number) {
    this.report.warnings += count;
  }
}

/** What a refusal of the entry rules says, in the row's words. */
function refusalProblem(row: number, error: DomainError): ImportProblem {
  if (error.code === 'week_locked') {
    return { row, code: 'week_approved', severity: 'error', message: 'its week is approved: it was not written' };
  }
  const detail = error.details[0];
  const column = detail?.field?.replace(/^entries\.\d+\./, '');
  return {
    row,
    code: 'refused',
    severity: 'error',
    ...(column ? { column } : {}),
    message: detail?.field ? `${column}: ${detail.message}` : messageOf(error),
  };
}

/**
 * Runs a queued import: claims it, maps the file's rows with the stored mapping and writes them in
 * batches, each in one transaction (the same rules as every write; refused rows, rows already
 * imported and rows of approved weeks are reported, not written), with progress on the row and a
 * cancel honoured between batches. Returns what it did (for the job's log).
 */
export async function executeImport(
  deps: ImportDeps,
  organizationId: string,
  importId: string,
): Promise<{ notClaimed: true } | { failed: string } | ImportReport> {
  const { db, clock } = deps;
  const claimed = await claimImport(db, organizationId, importId, clock.now());
  if (!claimed) return { notClaimed: true };
  const run = new RunReport(claimed.rowCount);
  try {
    const actor = claimed.requestedByMemberId
      ? await actorForMember(db, organizationId, claimed.requestedByMemberId)
      : null;
    if (!actor) throw new Error('the member who asked for this import is no longer in the organization');
    assertMayImport(actor);
    const analysis = claimed.analysis as ImportAnalysis;
    const file = storedFile(deps, claimed);
    const source = await openSource(file, claimed.format);
    const catalog = await loadImportCatalog(db, actor);
    const now = clock.now();
    const classify = createClassifier(catalog, now);
    const mapping = resolveMapping(
      (claimed.mapping as MappingInput | null) ?? {},
      analysis.survey,
      catalog,
      actor,
      classify,
      analysis.dateOrder.detected,
    );
    run.report.membersInvited = await sendInvitations({ db, clock }, actor, mapping, catalog);
    const mapper = createRowMapper({ format: source.format, mapping, catalog, classify, preview: false });
    const writer = createBatchWriter({ db, clock }, actor, importId, source.format, run);

    // The next batch is read and mapped while the current one is written (the database works on
    // its own core meanwhile); at most one batch waits, so memory stays bounded. The batch's write
    // is a chain of statements, each sent when the previous one's answer has been read: while it
    // runs, the mapping lets the event loop turn every quarter of a millisecond, so an answer waits
    // that long at most instead of a whole chunk of the file's rows (100k rows: the run's wall time
    // was 1.42-1.45 times its CPU time, now 1.15).
    let batch: MappedRow[] = [];
    let writing: Promise<boolean> | null = null;
    const flush = (rows: MappedRow[]) =>
      (async () => {
        await writer.write(rows);
        const progress = Math.min(99, Math.floor((run.report.processed / Math.max(1, claimed.rowCount)) * 100));
        await updateImport(db, organizationId, importId, { progress, report: run.report });
        return importCancelRequested(db, organizationId, importId);
      })();
    let cancelled = false;
    let turned = performance.now();
    for await (const row of source.rows()) {
      run.report.processed++;
      if (writing && performance.now() - turned >= 0.25) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        turned = performance.now();
      }
      if ('bad' in row) {
        run.skip(badLine(row.row));
        continue;
      }
      const result = mapper.map(row);
      if ('refused' in result) {
        for (const p of result.refused.problems) if (p.severity === 'error') run.skip(p);
        continue;
      }
      run.warn(result.mapped.warnings.length);
      batch.push(result.mapped);
      if (batch.length >= IMPORT_BATCH_ROWS) {
        if (writing && (await writing)) {
          cancelled = true;
          writing = null;
          break;
        }
        writing = flush(batch);
        // Awaited before the next batch; until then a failure must not count as unhandled.
        writing.catch(() => {});
        batch = [];
      }
    }
    if (writing && (await writing)) cancelled = true;
    if (!cancelled && batch.length > 0) cancelled = await flush(batch);
    run.report.brandsCreated = writer.brandsCreated();
    run.report.deliverablesCreated = writer.deliverablesCreated();
    run.report.cancelled = cancelled;
    // The totals are the database's: what this import's entries hold now.
    const weeks = await importedWeeks(db, organizationId, importId);
    run.report.imported = weeks.reduce((n, w) => n + w.entries, 0);
    run.report.secondsImported = weeks.reduce((n, w) => n + w.seconds, 0);
    await updateImport(db, organizationId, importId, {
      status: cancelled ? 'cancelled' : 'done',
      progress: 100,
      report: run.report,
      finishedAt: clock.now(),
      cancelRequested: false,
    });
    return run.report;
  } catch (error) {
    // Recorded on the import rather than retried: the batches written so far stay (a run again
    // skips them as already imported, an undo removes them).
    const message = error instanceof DomainError ? messageOf(error) : (error as Error).message || 'the import failed';
    await updateImport(db, organizationId, importId, {
      status: 'failed',
      error: message.slice(0, 500),
      report: run.report,
      finishedAt: clock.now(),
      cancelRequested: false,
    });
    return { failed: message };
  }
}

/** Invitations for the people the mapping invites who are neither members nor invited yet. */
async function sendInvitations(
  deps: ServiceDeps,
  actor: Actor,
  mapping: ResolvedMapping,
  catalog: ImportCatalog,
): Promise<string[]> {
  const sent: string[] = [];
  for (const person of mapping.people) {
    if (person.action !== 'invite') continue;
    if (catalog.memberByEmail.has(person.email) || catalog.pendingInvitations.has(person.email)) continue;
    await inviteMember(deps, actor, { email: person.email, role: 'member' });
    catalog.pendingInvitations.add(person.email);
    sent.push(person.email);
  }
  return sent;
}

/**
 * Writes mapped rows batch by batch. Each batch is one transaction: the organization's import lock,
 * the rows already imported set aside, new brands created, then the entry rules and writes
 * (writeImportedEntries) with the deliverables of the rows actually written.
 */
function createBatchWriter(deps: ServiceDeps, actor: Actor, importId: string, format: ImportFormat, run: RunReport) {
  const brandIds = new Map<string, string>();
  const createdBrands: string[] = [];
  const deliverableIds = new Map<string, string>();
  let deliverablesCreated = 0;

  async function brandIdOf(tx: Executor, brand: MappedRow['brand']): Promise<string | null> {
    if (!brand) return null;
    if ('id' in brand) return brand.id;
    const slug = slugify(brand.create);
    const known = brandIds.get(slug);
    if (known) return known;
    const created = await createBrand(tx, actor.organizationId, { name: brand.create, slug, color: '#666666' });
    brandIds.set(slug, created.id);
    createdBrands.push(brand.create);
    return created.id;
  }

  async function write(rows: MappedRow[]) {
    if (rows.length === 0) return;
    await deps.db.transaction(async (tx) => {
      await lockOrganizationImports(tx, actor.organizationId);
      const taken = await existingImportKeys(
        tx,
        actor.organizationId,
        rows.map((r) => r.key),
      );
      const ownIds =
        format === 'proofwork'
          ? await existingEntryIds(
              tx,
              actor.organizationId,
              rows.flatMap((r) => (r.origin ? [r.origin.id] : [])),
            )
          : new Set<string>();
      const seen = new Set<string>();
      const fresh: MappedRow[] = [];
      for (const row of rows) {
        if (taken.has(row.key) || seen.has(row.key) || (row.origin && ownIds.has(row.origin.id))) {
          run.report.duplicates++;
          run.skip({ row: row.row, code: 'duplicate', severity: 'error', message: 'already imported' });
          continue;
        }
        seen.add(row.key);
        fresh.push(row);
      }
      const inputs: EntryInput[] = [];
      const provenance: EntryProvenance[] = [];
      for (const row of fresh) {
        const brandId = await brandIdOf(tx, row.brand);
        inputs.push({
          memberId: row.memberId,
          categoryId: row.categoryId,
          brandId,
          platform: row.platform,
          tags: row.tags,
          note: row.note,
          ...(row.timing.kind === 'timed'
            ? { startedAt: row.timing.startedAt.toISOString(), endedAt: row.timing.endedAt.toISOString() }
            : { localDate: row.timing.localDate, durationSeconds: row.timing.seconds }),
        });
        provenance.push({
          importId,
          importRow: row.row,
          importKey: row.key,
          originId: row.origin?.id ?? null,
          originSource: row.origin?.source ?? null,
          originEdited: row.origin?.edited ?? null,
          late: row.origin?.late ?? false,
        });
      }
      const result = await writeImportedEntries(
        { db: tx, clock: deps.clock },
        actor,
        inputs,
        provenance,
        async (db, writing) => {
          // One deliverable per type, brand, title and day (an import's "Montage reel" over three
          // days is three reels' work, the same title twice on a day is one), reused across batches
          // and from earlier imports.
          const wanted = new Map<string, ImportedDeliverableKey & { platform: string | null; quantity: number }>();
          const keyOf = new Map<number, string>();
          for (const { index, value } of writing) {
            const d = fresh[index]!.deliverable;
            if (!d) continue;
            const k = {
              deliverableTypeId: d.typeId,
              brandId: value.brandId ?? null,
              title: d.title,
              localDate: value.localDate,
            };
            const key = importedDeliverableKey(k);
            keyOf.set(index, key);
            if (!deliverableIds.has(key)) {
              wanted.set(key, { ...k, platform: fresh[index]!.platform, quantity: d.quantity });
            }
          }
          if (wanted.size > 0) {
            const earlier = await findImportedDeliverables(db, actor.organizationId, [...wanted.values()]);
            for (const [key, id] of earlier) {
              deliverableIds.set(key, id);
              wanted.delete(key);
            }
            const missing = [...wanted.entries()];
            const ids = await insertDeliverables(
              db,
              actor.organizationId,
              missing.map(([, k]) => ({
                deliverableTypeId: k.deliverableTypeId,
                title: k.title,
                brandId: k.brandId,
                platform: k.platform,
                quantity: k.quantity,
              })),
            );
            for (const [i, [key]] of missing.entries()) deliverableIds.set(key, ids[i]!);
            deliverablesCreated += ids.length;
          }
          for (const { index, value } of writing) {
            const key = keyOf.get(index);
            if (key) value.deliverableId = deliverableIds.get(key)!;
          }
        },
      );
      for (const refusal of result.refused) run.skip(refusalProblem(fresh[refusal.index]!.row, refusal.error));
      for (const index of result.duplicates) {
        run.report.duplicates++;
        run.skip({ row: fresh[index]!.row, code: 'duplicate', severity: 'error', message: 'already imported' });
      }
    });
  }

  return { write, brandsCreated: () => [...createdBrands], deliverablesCreated: () => deliverablesCreated };
}
