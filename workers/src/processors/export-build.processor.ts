// export.build: builds one requested export (PDF, CSV, XLSX or JSON) into the export folder through
// the application layer's buildExport (claim, progress, file name, done or failed); this file only
// says how each format is written. A failure is recorded on the row rather than retried.
import { buildExport, type ExportWriter, hashEvidence, hashWhileReading } from '@proofwork/app';
import type { ExportFormat } from '@proofwork/db';
import { JOB_PAYLOADS } from '../contracts';
import { writeCsv } from '../exports/csv';
import { writeEvidencePdf } from '../exports/evidence-pdf';
import { writeJson } from '../exports/json';
import { writeXlsx } from '../exports/xlsx';
import { fileDeps, type Processor } from '../processor';

/**
 * The hash is of the data set, whatever the format: JSON and CSV compute it while writing; PDF and
 * XLSX print it, so they need it first (one streamed pass more).
 */
export const EXPORT_WRITERS: Readonly<Record<ExportFormat, ExportWriter>> = {
  json: (data, out) => writeJson(data.header, data.summary, data.entries(), out),
  async csv(data, out) {
    const hashing = hashWhileReading(data);
    await writeCsv(hashing.batches, out, { locale: data.locale });
    return hashing.result();
  },
  async xlsx(data, out, progress) {
    const hash = await hashEvidence(data);
    await progress(50);
    await writeXlsx({ ...data.header, sha256: hash.sha256 }, data.summary, data.entries(), out, {
      locale: data.locale,
    });
    return hash;
  },
  pdf: (data, out, progress) => writeEvidencePdf(data, out, () => progress(50)),
};

export const exportBuildProcessor: Processor<'export.build'> = {
  name: 'export.build',
  payload: JOB_PAYLOADS['export.build'],
  async handle(ctx, { organizationId, exportId }) {
    const started = performance.now();
    const result = await buildExport(fileDeps(ctx, 'exports'), organizationId, exportId, EXPORT_WRITERS);
    const ms = Math.round(performance.now() - started);
    if ('notClaimed' in result) return result;
    if ('failed' in result) {
      ctx.log.error({ err: result.error, exportId, ms }, 'export failed');
      return { failed: result.failed };
    }
    ctx.log.info({ exportId, ...result, ms }, 'export built');
    return { ...result, ms };
  },
};
