// P7's measured processes: the upload's analysis of a Toggl CSV (the API's side), the import's run
// (the job's side: parse, map, the entry rules, the writes, audit events and outbox marks), or the
// baseline (a bare COPY of the same rows into a table shaped like time_entries). Each prints rows,
// time and its own peak RSS: a process of its own, so the peak RSS is that step's alone.
// The bench runs it compiled like the production worker (see `compiled` in run.ts); by hand:
// node --import tsx bench/import-child.ts <analyse|import|copy> <json params>
import { createReadStream, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { actorForMember, createImport, executeImport, runImport } from '@proofwork/app';
import { systemClock } from '@proofwork/core';
import { createDb } from '@proofwork/db';
import { uuidv7 } from 'uuidv7';

const [mode, raw] = process.argv.slice(2);
const params = JSON.parse(raw ?? '{}') as {
  url: string;
  organizationId: string;
  ownerMemberId: string;
  togglFile: string;
  copyFile: string;
  importId?: string;
};
const db = createDb(params.url, { max: 4 });
let result: Record<string, number> = {};
let importId: string | undefined;

switch (mode) {
  case 'copy': {
    const started = performance.now();
    const sink = await db.$sql`copy bench_copy (id, organization_id, member_id, category_id, note, tags, started_at,
      ended_at, duration_seconds, local_date, week_start, source) from stdin (format csv)`.writable();
    await pipeline(createReadStream(params.copyFile), sink);
    const ms = performance.now() - started;
    const [row] = await db.$sql<{ n: number }[]>`select count(*)::int as n from bench_copy`;
    result = { rows: row!.n, ms };
    break;
  }
  case 'analyse': {
    // The upload's side: the file analysed and the import recorded, ready to run.
    const actor = await actorForMember(db, params.organizationId, params.ownerMemberId);
    if (!actor) throw new Error('no owner');
    const deps = { db, clock: systemClock, directory: path.dirname(params.togglFile) };
    const id = uuidv7();
    const started = performance.now();
    const view = await createImport(deps, actor, {
      id,
      fileName: 'toggl.csv',
      fileSize: (await stat(params.togglFile)).size,
      storageKey: path.basename(params.togglFile),
    });
    await runImport(deps, actor, id, {});
    result = { rows: view.totals.rows, importable: view.totals.importable, ms: performance.now() - started };
    importId = id;
    break;
  }
  case 'import': {
    // The job's side: the queued import run, as the import.run processor does.
    const deps = { db, clock: systemClock, directory: path.dirname(params.togglFile) };
    const backends = await databaseCpuMs();
    const cpu = process.cpuUsage();
    const started = performance.now();
    const report = await executeImport(deps, params.organizationId, params.importId!);
    const ms = performance.now() - started;
    const { user, system } = process.cpuUsage(cpu);
    if (!('imported' in report)) throw new Error(`import did not run: ${JSON.stringify(report)}`);
    result = {
      rows: report.rows,
      imported: report.imported,
      skipped: report.skipped,
      ms,
      // CPU time, which the machine's other work moves much less than the wall time.
      cpuMs: (user + system) / 1000,
      databaseCpuMs: (await databaseCpuMs()) - backends,
    };
    break;
  }
  default:
    throw new Error(`unknown mode ${mode}`);
}
await db.close();

/**
 * CPU time spent so far by this process's PostgreSQL sessions (their server processes' own
 * counters, read from /proc: the server runs on this machine), in milliseconds.
 */
async function databaseCpuMs(): Promise<number> {
  const rows = await db.$sql<{ pid: number }[]>`
    select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend'`;
  const tick = 1000 / 100; // clock ticks of 10 ms (USER_HZ)
  let total = 0;
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      total += (Number(fields[11]) + Number(fields[12])) * tick;
    } catch {
      // Not on this machine (a remote server): no figure.
      return Number.NaN;
    }
  }
  return total;
}
process.stdout.write(
  `${JSON.stringify({ mode, ...result, ...(importId ? { importId } : {}), maxRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`,
);
