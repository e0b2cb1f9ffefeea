// The canonical JSON export: the header, the summary figures, then the entries, one canonical line
// each (see `canonicalEntryLine`), the coverage of each member-week (`canonicalCoverageLine`), and
// last the SHA-256 of those lines. Streamed: constant memory.
import type { Writable } from 'node:stream';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  canonicalCoverageLine,
  canonicalEntryLine,
  createDataSetHash,
  type EvidenceCoverageLine,
  type EvidenceEntry,
  type EvidenceHeader,
  type EvidenceSummary,
} from '@proofwork/db';

export const JSON_EXPORT_FORMAT = 'proofwork.evidence/1';

export async function writeJson(
  header: EvidenceHeader & { generatedAt: string },
  summary: EvidenceSummary,
  batches: AsyncIterable<EvidenceEntry[]>,
  out: Writable,
): Promise<{ rows: number; sha256: string }> {
  const hash = createDataSetHash();
  let sha256 = '';
  async function* chunks() {
    const head = { format: JSON_EXPORT_FORMAT, ...header, summary };
    yield `${JSON.stringify(head).slice(0, -1)},"entries":[\n`;
    let first = true;
    for await (const batch of batches) {
      let text = '';
      for (const entry of batch) {
        hash.add(entry);
        text += (first ? '' : ',') + canonicalEntryLine(entry);
        first = false;
      }
      if (text) yield text;
    }
    const coverage = summary.coverage.lines;
    sha256 = hash.digest(coverage);
    yield `],"coverage":[\n${coverage.map(canonicalCoverageLine).join(',')}],"sha256":"${sha256}"}\n`;
  }
  await pipeline(Readable.from(chunks()), out);
  return { rows: hash.count, sha256 };
}

/** Recomputes the data set's hash from a parsed JSON export (what a verifier does). */
export function hashOfJsonExport(parsed: { entries: EvidenceEntry[]; coverage?: EvidenceCoverageLine[] }): string {
  const hash = createDataSetHash();
  for (const entry of parsed.entries) hash.add(entry);
  return hash.digest(parsed.coverage ?? []);
}
