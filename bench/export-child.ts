// P6's measured process: builds one export the way the export worker does (streamed entries, the
// data set's hash, the file) or runs its baseline, then prints rows, time and its own peak RSS.
// A process of its own, so the peak RSS is the export's and nothing else's. The bench runs it
// compiled like the production worker (bundled by workers/build.mjs, plain `node` with the worker's
// heap cap, see exportChild in run.ts); by hand: node --import tsx bench/export-child.ts <mode> <json>.
// Modes: csv, copy, pdf, pdf-data.
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { loadEvidence } from '@proofwork/app';
import { systemClock } from '@proofwork/core';
import {
  createDataSetHash,
  createDb,
  type EvidenceQuery,
  evidenceHeader,
  evidenceSummary,
  streamEvidenceRows,
} from '@proofwork/db';
import { EXPORT_WRITERS, writePdf } from '@proofwork/workers';

const [mode, raw] = process.argv.slice(2);
const params = JSON.parse(raw ?? '{}') as { url: string; organizationId: string; query: EvidenceQuery };
const db = createDb(params.url, { max: 2 });
const file = path.join(tmpdir(), `proofwork-bench-${process.pid}.${mode}`);

async function toFile(write: (out: Writable) => Promise<unknown>) {
  const out = createWriteStream(file);
  const closed = new Promise<void>((resolve, reject) => {
    out.on('close', resolve);
    out.on('error', reject);
  });
  await write(out);
  await closed;
}

let started = performance.now();
let rows = 0;
let summaryMs: number | undefined;
const entries = () => streamEvidenceRows(db, params.organizationId, params.query);
async function hashPass() {
  const hash = createDataSetHash();
  for await (const batch of entries()) hash.addBatch(batch);
  rows = hash.count;
  return hash.digest();
}

switch (mode) {
  case 'csv': {
    // The export worker's own CSV writer: the entries hashed as the file is written. Its header and
    // summary (the dashboards' figures, measured by P2) are read first, outside the timed part.
    const data = await loadEvidence({ db, clock: systemClock }, params.organizationId, params.query);
    summaryMs = performance.now() - started;
    started = performance.now();
    await toFile(async (out) => {
      rows = (await EXPORT_WRITERS.csv(data, out, async () => {})).rows;
    });
    break;
  }
  case 'copy': {
    // Baseline: PostgreSQL's own CSV of the same entries' columns, to a file.
    // COPY takes no parameters: the three values are checked, then written in.
    const { organizationId } = params;
    const { from, to } = params.query;
    if (!/^[0-9a-f-]{36}$/.test(organizationId) || !/^\d{4}-\d\d-\d\d$/.test(from)) {
      throw new Error('bad copy parameters');
    }
    if (!/^\d{4}-\d\d-\d\d$/.test(to)) throw new Error('bad copy parameters');
    const copy = await db.$sql
      .unsafe(`copy (
        select e.id, e.member_id, e.local_date, e.week_start, e.started_at, e.ended_at, e.duration_seconds,
          e.category_id, e.brand_id, e.platform, e.deliverable_id, e.tags, e.note, e.source, e.is_late
        from time_entries e
        where e.organization_id = '${organizationId}' and e.deleted_at is null
          and e.duration_seconds is not null
          and e.week_start between '${from}'::date - 6 and '${to}'::date
      ) to stdout with (format csv)`)
      .readable();
    let lines = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
        done(null, chunk);
      },
    });
    await pipeline(copy, counter, createWriteStream(file));
    rows = lines;
    break;
  }
  case 'pdf': {
    const header = await evidenceHeader(db, params.organizationId, params.query);
    if (!header) throw new Error('no organization');
    const summary = await evidenceSummary(db, params.organizationId, params.query);
    const sha256 = await hashPass();
    await toFile((out) =>
      writePdf(
        { header: { ...header, generatedAt: new Date().toISOString(), sha256 }, summary, locale: params.query.locale },
        out,
      ),
    );
    break;
  }
  case 'pdf-data': {
    // Baseline: the data the PDF needs (header, summary, the hash pass), without drawing it.
    await evidenceHeader(db, params.organizationId, params.query);
    await evidenceSummary(db, params.organizationId, params.query);
    await hashPass();
    break;
  }
  default:
    throw new Error(`unknown mode ${mode}`);
}
const ms = performance.now() - started;
const { size } = await import('node:fs/promises').then((fs) => fs.stat(file).catch(() => ({ size: 0 })));
await rm(file, { force: true });
await db.close();
process.stdout.write(
  `${JSON.stringify({ mode, rows, ms, summaryMs, bytes: size, maxRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`,
);
