// The evidence exports: the canonical JSON (and its hash), CSV, XLSX and the PDF pack.
export { type CsvOptions, csvRow, writeCsv } from './csv';
export { type ExportRunner, type ExportRunnerOptions, startExportRunner } from './export-runner';
export { hashOfJsonExport, JSON_EXPORT_FORMAT, writeJson } from './json';
export { EXPORT_MESSAGES, neutralize } from './messages';
export { formatters, headlineSentence, headlineType, type PdfInput, writePdf } from './pdf';
export { writeXlsx } from './xlsx';
