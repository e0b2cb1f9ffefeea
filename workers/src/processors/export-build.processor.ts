// export.build: builds one requested export (PDF, CSV, XLSX or JSON) into the export directory and
// records its hash, size and progress on the export row. The row is claimed queued → running, so
// a job delivered twice builds once. A failure is recorded on the row (the manager can ask again)
// rather than retried: the causes are bugs or a full disk, which retrying does not cure.
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { emitEvents, exportView } from '@proofwork/app';
import {
  claimExport,
  createDataSetHash,
  type EvidenceQuery,
  evidenceHeader,
  evidenceSummary,
  getExport,
  streamEvidenceEntries,
  updateExport,
} from '@proofwork/db';
import { JOB_PAYLOADS } from '../contracts';
import { writeCsv } from '../exports/csv';
import { writeJson } from '../exports/json';
import { writePdf } from '../exports/pdf';
import { EXPORT_CONTENT_TYPES, EXPORT_EXTENSIONS } from '../exports/store';
import { writeXlsx } from '../exports/xlsx';
import { foldersOf, type Processor } from '../processor';

async function toFile(file: string, write: (out: Writable) => Promise<unknown>) {
  const out = createWriteStream(file);
  const finished = new Promise<void>((resolve, reject) => {
    out.on('close', resolve);
    out.on('error', reject);
  });
  await write(out);
  await finished;
}

export function createExportBuildProcessor(): Processor<'export.build'> {
  return {
    name: 'export.build',
    payload: JOB_PAYLOADS['export.build'],
    async handle(ctx, { organizationId, exportId }) {
      const row = await claimExport(ctx.db, organizationId, exportId);
      if (!row) return { skipped: true };
      const started = performance.now();
      const key = `${organizationId}/${exportId}.${EXPORT_EXTENSIONS[row.format]}`;
      const file = path.join(foldersOf(ctx).exports, key);
      const partial = `${file}.partial`;
      const progress = (value: number) => updateExport(ctx.db, organizationId, exportId, { progress: value });
      try {
        const q: EvidenceQuery = { ...row.params, locale: row.locale };
        const header = await evidenceHeader(ctx.db, organizationId, q);
        if (!header) throw new Error('organization not found');
        const summary = await evidenceSummary(ctx.db, organizationId, q);
        await progress(20);
        const generatedAt = ctx.clock.now().toISOString();
        await mkdir(path.dirname(file), { recursive: true });
        const entries = () => streamEvidenceEntries(ctx.db, organizationId, q);

        // The hash is of the data set, whatever the format: PDF and XLSX print it, so they need
        // it first (one streamed pass); CSV and JSON compute it while writing.
        let sha256: string;
        let rows = 0;
        const hashPass = async () => {
          const hash = createDataSetHash();
          for await (const batch of entries()) hash.addBatch(batch);
          rows = hash.count;
          return hash.digest(summary.coverage.lines);
        };
        async function* hashing() {
          const hash = createDataSetHash();
          for await (const batch of entries()) {
            hash.addBatch(batch);
            yield batch;
          }
          rows = hash.count;
          sha256 = hash.digest(summary.coverage.lines);
        }
        switch (row.format) {
          case 'json': {
            await toFile(partial, async (out) => {
              sha256 = (await writeJson({ ...header, generatedAt }, summary, entries(), out)).sha256;
            });
            break;
          }
          case 'csv':
            await toFile(partial, (out) => writeCsv(hashing(), out, { locale: row.locale }));
            break;
          case 'xlsx':
            sha256 = await hashPass();
            await progress(50);
            await toFile(partial, (out) =>
              writeXlsx({ ...header, generatedAt, sha256 }, summary, entries(), out, { locale: row.locale }),
            );
            break;
          case 'pdf':
            sha256 = await hashPass();
            await progress(50);
            await toFile(partial, (out) =>
              writePdf({ header: { ...header, generatedAt, sha256 }, summary, locale: row.locale }, out),
            );
            break;
        }
        await progress(90);
        await rename(partial, file);
        const size = (await stat(file)).size;
        const slug =
          header.organization.name
            .toLowerCase()
            .replace(/[^a-z0-9]+/g, '-')
            .replace(/^-|-$/g, '') || 'evidence';
        // Done, and said so to the webhooks listening, in one transaction.
        await ctx.db.transaction(async (tx) => {
          await updateExport(tx, organizationId, exportId, {
            status: 'done',
            progress: 100,
            storageKey: key,
            fileName: `proofwork-${slug}-${header.period.firstWeek}-${header.period.lastDay}.${EXPORT_EXTENSIONS[row.format]}`,
            contentType: EXPORT_CONTENT_TYPES[row.format],
            fileSize: size,
            sha256: sha256!,
            finishedAt: ctx.clock.now(),
          });
          const done = await getExport(tx, organizationId, exportId);
          if (done) await emitEvents(tx, organizationId, [{ type: 'export.done', data: { export: exportView(done) } }]);
        });
        const ms = Math.round(performance.now() - started);
        ctx.log.info({ exportId, format: row.format, rows, bytes: size, ms }, 'export built');
        return { rows, bytes: size, ms };
      } catch (error) {
        await rm(partial, { force: true }).catch(() => {});
        ctx.log.error({ err: error, exportId }, 'export failed');
        await updateExport(ctx.db, organizationId, exportId, {
          status: 'failed',
          error: (error as Error).message.slice(0, 500),
          finishedAt: ctx.clock.now(),
        });
        return { failed: true };
      }
    },
  };
}

export const exportBuildProcessor = createExportBuildProcessor();
