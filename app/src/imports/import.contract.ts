// The contract every import source meets: a file becomes a stream of source rows, each in the
// same shape whatever tracker wrote it (people, client and project, task, description, tags,
// billable, money, and the timing cells as written). Mapping and writing never look at formats.
import type { EntrySource } from '@proofwork/db';

export type ImportFormat = 'toggl' | 'clockify' | 'harvest' | 'generic' | 'proofwork';
export const IMPORT_FORMATS: readonly ImportFormat[] = ['toggl', 'clockify', 'harvest', 'generic', 'proofwork'];

/** The logical columns of a CSV export; each format lists the header names that carry them. */
export type CsvField =
  | 'user'
  | 'email'
  | 'firstName'
  | 'lastName'
  | 'client'
  | 'project'
  | 'task'
  | 'description'
  | 'tags'
  | 'billable'
  | 'date'
  | 'startDate'
  | 'startTime'
  | 'endDate'
  | 'endTime'
  | 'start'
  | 'end'
  | 'duration'
  | 'durationDecimal'
  | 'minutes'
  | 'currency';

/** A CSV format: the header names of each field (compared without case or accents), and how to detect it. */
export interface CsvFormat {
  key: Exclude<ImportFormat, 'proofwork'>;
  columns: Partial<Record<CsvField, readonly string[]>>;
  /** Field sets of which one must be present for the format to apply (its timing, at least). */
  requires: readonly (readonly CsvField[])[];
  /** Headers only this tracker writes: they decide between formats that share the others. */
  distinctive: readonly string[];
  /** Headers that rule the format out (another tracker's). */
  excludes?: readonly string[];
  /** Dates like 03/04/2026 when nothing in the file tells. */
  dateOrder?: 'dmy' | 'mdy';
}

/** A money column (an amount or a rate, in any currency): kept as a tag or ignored, never a cost. */
export interface MoneyColumn {
  index: number;
  header: string;
}

/** One row of the source, as written, in the common shape. */
export interface SourceRow {
  /**
   * The record's number in a CSV, the header being 1 (what a spreadsheet shows); the entry's
   * position (from 1) in a JSON export.
   */
  row: number;
  personName: string;
  personEmail: string;
  client: string;
  project: string;
  task: string;
  description: string;
  tags: string[];
  billable: boolean | null;
  /** `Amount (EUR): 120.50`, as it would be kept in a tag. */
  money: string[];
  /** Timing cells as written (empty when the column is absent). */
  cells: {
    date: string;
    startDate: string;
    startTime: string;
    endDate: string;
    endTime: string;
    start: string;
    end: string;
    duration: string;
    durationDecimal: string;
    minutes: string;
  };
  /** The first column holding a spreadsheet formula, if any: such a row is never imported. */
  formulaColumn: string | null;
  /** A line of a Proofwork export: what it says exactly, with no grammar to apply. */
  origin: ProofworkLine | null;
}

/** One entry of Proofwork's JSON export (the evidence line), as the importer reads it. */
export interface ProofworkLine {
  id: string;
  member: string;
  localDate: string;
  startedAt: string | null;
  endedAt: string | null;
  seconds: number;
  categoryKey: string;
  category: string;
  brand: string | null;
  platform: string | null;
  deliverableType: string | null;
  deliverable: string | null;
  /** How many the deliverable stands for; null in exports made before the column existed (then 1). */
  deliverableQuantity: number | null;
  tags: string[];
  note: string;
  source: EntrySource;
  late: boolean;
  edited: boolean;
}

export type ProblemSeverity = 'error' | 'warning';

/**
 * What is wrong with a row (or the file). Errors keep the row out; warnings are imported with a
 * note in the report. The message is English; clients translate by code.
 */
export interface ImportProblem {
  row: number;
  code: ProblemCode;
  severity: ProblemSeverity;
  /** The source column (or mapping part) at fault, when there is one. */
  column?: string;
  /** The value as written, cut to 80 characters. */
  value?: string;
  message: string;
}

export type ProblemCode =
  | 'bad_date'
  | 'bad_time'
  | 'bad_duration'
  | 'no_timing'
  | 'zero_duration'
  | 'over_24h'
  | 'end_before_start'
  | 'duration_mismatch'
  | 'formula'
  | 'unknown_member'
  | 'skipped_member'
  | 'waiting_invitation'
  | 'no_category'
  | 'skipped_row'
  | 'text_cut'
  | 'refused'
  | 'week_approved'
  | 'duplicate'
  | 'bad_line'
  | 'hash_mismatch';
