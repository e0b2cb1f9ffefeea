// evidence.scheduled: one pass of scheduled evidence (app/src/evidence/evidence-schedule.service.ts),
// the PDF built here with the export code, in memory (a pack is a few pages of summary figures).
// Every worker may run it at once: the send log's unique key sends each pack once.
import { PassThrough } from 'node:stream';
import { type EvidencePack, sendScheduledEvidence } from '@proofwork/app';
import { createDataSetHash, evidenceHeader, evidenceSummary, streamEvidenceEntries } from '@proofwork/db';
import { JOB_PAYLOADS } from '../contracts';
import { writePdf } from '../exports/pdf';
import type { Processor, ProcessorContext } from '../processor';

/** The anonymized evidence PDF of one period, as an attachment. */
export async function evidencePackPdf(ctx: ProcessorContext, pack: EvidencePack) {
  const q = { from: pack.from, to: pack.to, locale: pack.locale, anonymize: true };
  const header = await evidenceHeader(ctx.db, pack.organizationId, q);
  if (!header) throw new Error('organization not found');
  const summary = await evidenceSummary(ctx.db, pack.organizationId, q);
  const hash = createDataSetHash();
  for await (const batch of streamEvidenceEntries(ctx.db, pack.organizationId, q)) hash.addBatch(batch);
  const sha256 = hash.digest(summary.coverage.lines);
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  await writePdf(
    { header: { ...header, generatedAt: ctx.clock.now().toISOString(), sha256 }, summary, locale: pack.locale },
    out,
  );
  await ended;
  return { fileName: `proofwork-evidence-${pack.from}-${pack.to}.pdf`, content: Buffer.concat(chunks) };
}

export const evidenceScheduledProcessor: Processor<'evidence.scheduled'> = {
  name: 'evidence.scheduled',
  payload: JOB_PAYLOADS['evidence.scheduled'],
  async handle(ctx) {
    return sendScheduledEvidence(ctx, { pdf: (pack) => evidencePackPdf(ctx, pack), log: ctx.log });
  },
};
