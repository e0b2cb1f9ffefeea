// The evidence PDF of a period, hashed first (the pack prints the data set's SHA-256 on every
// page): the same steps for a requested PDF export and for a scheduled pack mailed as an attachment.
import { PassThrough, type Writable } from 'node:stream';
import { type EvidenceData, hashEvidence } from '@proofwork/app';
import { writePdf } from './pdf';

/** Writes the pack to `out`; `hashed` runs between the hash pass and the drawing (a progress step). */
export async function writeEvidencePdf(data: EvidenceData, out: Writable, hashed?: () => Promise<unknown>) {
  const hash = await hashEvidence(data);
  await hashed?.();
  await writePdf({ header: { ...data.header, sha256: hash.sha256 }, summary: data.summary, locale: data.locale }, out);
  return hash;
}

/** The pack in memory (a few pages of summary figures): for a mail's attachment. */
export async function evidencePdfBuffer(data: EvidenceData): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  await writeEvidencePdf(data, out);
  await ended;
  return Buffer.concat(chunks);
}
