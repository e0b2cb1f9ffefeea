// evidence.scheduled: one pass of scheduled evidence (app/src/evidence/evidence-schedule.service.ts),
// the PDF built here with the export code, in memory (a pack is a few pages of summary figures).
// Every worker may run it at once: the send log's unique key sends each pack once.
import { type EvidencePack, loadEvidence, sendScheduledEvidence } from '@proofwork/app';
import { JOB_PAYLOADS } from '../contracts';
import { evidencePdfBuffer } from '../exports/evidence-pdf';
import type { Processor, ProcessorContext } from '../processor';

/** The anonymized evidence PDF of one period, as an attachment. */
export async function evidencePackPdf(ctx: ProcessorContext, pack: EvidencePack) {
  const q = { from: pack.from, to: pack.to, locale: pack.locale, anonymize: true };
  const data = await loadEvidence(ctx, pack.organizationId, q);
  return { fileName: `proofwork-evidence-${pack.from}-${pack.to}.pdf`, content: await evidencePdfBuffer(data) };
}

export const evidenceScheduledProcessor: Processor<'evidence.scheduled'> = {
  name: 'evidence.scheduled',
  payload: JOB_PAYLOADS['evidence.scheduled'],
  async handle(ctx) {
    return sendScheduledEvidence(ctx, { pdf: (pack) => evidencePackPdf(ctx, pack), log: ctx.log });
  },
};
