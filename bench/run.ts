// `npm run bench [-- --quick] [--only P1,P3] [--sizes 100000,1000000] [--no-write]`: every
// performance figure of the issue against a baseline measured in the same run, each bench on a
// database of its own (created, then dropped). Prints a table on stdout (progress on stderr) and
// writes bench/results/<date>.json (<date>-quick.json with --quick) with the machine's facts.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { addDays } from '@proofwork/core';
import { createDb, rebuildRollups } from '@proofwork/db';
import { startInProcessPipeline, startQueuePipeline } from '@proofwork/workers';
import { sql } from 'drizzle-orm';
import { type Dataset, generateDataset } from './dataset';
import { benchIngest } from './ingest';
import { benchDashboard, benchFreshness, benchRebuild, type DashboardResult } from './pipeline';
import { type BenchResults, type Figure, figure, formatTable, RESULTS_FORMAT, writeResults } from './results';
import { createBenchDatabase, loadAverage, log, machineFacts, REDIS_URL, timed } from './support';
import { benchWeb } from './web';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    sizes: { type: 'string' },
    'no-write': { type: 'boolean', default: false },
    /** P2 also measures a coarser pre-aggregate in a scratch table (what adding one would buy). */
    'what-if': { type: 'boolean', default: false },
  },
});
const quick = args.quick;
const only = args.only ? new Set(args.only.split(',').map((s) => s.trim().toUpperCase())) : null;
const wanted = (id: string) => !only || only.has(id);

const SETTINGS = quick
  ? {
      ingest: { seconds: 4, connections: 16, rate: 200 },
      dashboardSizes: [100_000, 300_000],
      rollupSamples: 10,
      rawSamples: 3,
      rawBudgetMs: 10_000,
      freshness: { rate: 500, seconds: 10 },
      pipelineMembers: 100,
      webRuns: 2,
    }
  : {
      ingest: { seconds: 15, connections: 16, rate: 200 },
      dashboardSizes: [100_000, 1_000_000, 10_000_000],
      rollupSamples: 50,
      rawSamples: 10,
      rawBudgetMs: 60_000,
      freshness: { rate: 500, seconds: 60 },
      pipelineMembers: 500,
      webRuns: 5,
    };
const DASHBOARD_SIZES = args.sizes ? args.sizes.split(',').map(Number) : SETTINGS.dashboardSizes;

const figures: Figure[] = [];
const details: Record<string, unknown> = {};
const errors: BenchResults['errors'] = [];

async function step(id: string, title: string, run: () => Promise<void>) {
  if (!wanted(id)) return;
  log(`${id} ${title}`);
  try {
    await run();
  } catch (error) {
    log(`${id} failed: ${(error as Error).stack ?? error}`);
    errors.push({ bench: id, message: (error as Error).message });
  }
}

const kilo = (n: number) => `${Math.round(n / 1000)}k`;
/** 1M, 10M, 100k: a dataset's nominal size (the exact count is in the notes and details). */
const sizeLabel = (n: number) => (n >= 1_000_000 ? `${Number((n / 1_000_000).toFixed(1))}M` : kilo(n));

async function p1() {
  const r = await benchIngest(SETTINGS.ingest);
  details.P1 = r;
  figures.push(
    figure({
      id: 'P1',
      label: 'ingest POST time-entries, most req/s',
      value: r.api.max.perSecond,
      unit: 'req/s',
      baseline: { label: 'bare INSERT route', value: r.bare.max.perSecond },
      ratioLabel: 'of bare',
      target: { on: 'ratio', op: 'min', limit: 0.5 },
    }),
    figure({
      id: 'P1',
      label: `ingest p99 at ${r.rate} req/s`,
      value: r.api.fixed.p99,
      unit: 'ms',
      baseline: { label: 'bare INSERT route', value: r.bare.fixed.p99 },
      target: { on: 'value', op: 'max', limit: 25 },
      note: `achieved ${r.api.fixed.perSecond.toFixed(0)} req/s (bare route ${r.bare.fixed.perSecond.toFixed(0)}); p50 ${r.api.fixed.p50} ms vs ${r.bare.fixed.p50} ms`,
    }),
  );
}

async function p2() {
  const results: DashboardResult[] = [];
  for (const size of DASHBOARD_SIZES) {
    const bdb = await createBenchDatabase();
    try {
      log(`   P2 at ${sizeLabel(size)} entries: generating`);
      const [dataset, loadMs] = await timed(() => generateDataset(bdb.db, { entries: size }));
      const [, rebuildMs] = await timed(() => rebuildRollups(bdb.db));
      await bdb.db.execute(vacuum);
      log(
        `   ${dataset.entries} entries (${dataset.anchorEntries} in the 200-member team), ` +
          `${dataset.organizations.length} organizations; loaded ${(loadMs / 1000).toFixed(0)} s, rollups ${(rebuildMs / 1000).toFixed(0)} s`,
      );
      const r = await benchDashboard(bdb.db, dataset, { ...SETTINGS, whatIf: args['what-if'] });
      results.push(r);
      const [rollupRows] = await bdb.db.execute<{ n: number }>(sqlCount('weekly_rollups', dataset.organizations[0]!));
      details[`P2@${sizeLabel(size)}`] = { ...r, loadMs, rebuildMs, anchorRollupRows: rollupRows!.n };
      figures.push(
        figure({
          id: 'P2',
          label: `team dashboard p95 @${sizeLabel(dataset.entries)} entries`,
          value: r.fromRollups.p95,
          unit: 'ms',
          baseline: { label: 'on the fly', value: r.fromEntries.p95 },
          invert: true,
          ratioLabel: 'faster',
          target: { on: 'ratio', op: 'min', limit: 100 },
          note:
            `p50 ${r.fromRollups.p50.toFixed(1)} ms vs ${r.fromEntries.p50.toFixed(0)} ms; ${r.rows} member-weeks, ` +
            `${r.anchorEntries} entries and ${rollupRows!.n} rollup rows for the team` +
            (r.fromMemberWeekGroups
              ? `; what-if member × week × group table: p50 ${r.fromMemberWeekGroups.p50.toFixed(1)} ms, p95 ${r.fromMemberWeekGroups.p95.toFixed(1)} ms`
              : ''),
        }),
      );
    } finally {
      await bdb.drop();
    }
  }
  const last = results.at(-1);
  const before = results.at(-2);
  if (last) {
    figures.push(
      figure({
        id: 'P2',
        label: `team dashboard p95 @${sizeLabel(last.entries)} (absolute)`,
        value: last.fromRollups.p95,
        unit: 'ms',
        target: { on: 'value', op: 'max', limit: 20 },
      }),
    );
  }
  if (last && before) {
    figures.push(
      figure({
        id: 'P2',
        label: `growth ${sizeLabel(before.entries)}→${sizeLabel(last.entries)}, rollups p95`,
        value: last.fromRollups.p95,
        unit: 'ms',
        baseline: { label: `at ${sizeLabel(before.entries)}`, value: before.fromRollups.p95 },
        target: { on: 'ratio', op: 'max', limit: 1.5 },
      }),
      figure({
        id: 'P2',
        label: `growth ${sizeLabel(before.entries)}→${sizeLabel(last.entries)}, on the fly p95`,
        value: last.fromEntries.p95,
        unit: 'ms',
        baseline: { label: `at ${sizeLabel(before.entries)}`, value: before.fromEntries.p95 },
      }),
    );
  }
}

const vacuum = sql`vacuum analyze`;
const sqlCount = (table: string, organizationId: string) =>
  sql`select count(*)::int as n from ${sql.identifier(table)} where organization_id = ${organizationId}`;

/** P4, P6 and P3 share one dataset: one organization of `pipelineMembers` CMs over two years. */
async function pipelineAndExports() {
  if (!wanted('P3') && !wanted('P4') && !wanted('P6')) return;
  const members = SETTINGS.pipelineMembers;
  const bdb = await createBenchDatabase();
  const pipelineDb = createDb(bdb.url, { max: 8 });
  try {
    log(`P3/P4/P6 dataset: one organization of ${members} CMs over two years`);
    const dataset: Dataset = await generateDataset(bdb.db, {
      entries: members * 104 * 19.2,
      organizationSizes: [members],
    });
    log(`   ${dataset.entries} entries`);
    details.pipelineDataset = { entries: dataset.entries, members: dataset.members.length };

    await step('P4', 'rollup rebuild vs INSERT … SELECT … GROUP BY', async () => {
      const r = await benchRebuild(bdb.db);
      details.P4 = r;
      figures.push(
        figure({
          id: 'P4',
          label: `rollup rebuild, ${sizeLabel(r.entries)} entries → ${sizeLabel(r.rows)} rows`,
          value: r.rebuildMs / 1000,
          unit: 's',
          baseline: { label: 'INSERT…SELECT…GROUP BY', value: r.baselineMs / 1000 },
          target: { on: 'ratio', op: 'max', limit: 1.5 },
        }),
      );
    });
    if (wanted('P6') && !wanted('P4')) await rebuildRollups(bdb.db);

    await step('P6', 'exports: CSV of every entry, PDF of 50 members × 52 weeks', async () => {
      const organizationId = dataset.organizations[0]!;
      const all = { from: dataset.from, to: dataset.to, locale: 'fr' as const };
      const copy = await exportChild('copy', bdb.url, organizationId, all);
      const csv = await exportChild('csv', bdb.url, organizationId, all);
      const pdfQuery = {
        from: addDays(dataset.to, -52 * 7 + 1),
        to: dataset.to,
        memberIds: dataset.members.slice(0, 50).map((m) => m.memberId),
        locale: 'en' as const,
      };
      const pdfData = await exportChild('pdf-data', bdb.url, organizationId, pdfQuery);
      const pdf = await exportChild('pdf', bdb.url, organizationId, pdfQuery);
      details.P6 = { copy, csv, pdfData, pdf };
      figures.push(
        figure({
          id: 'P6',
          label: `CSV export, ${sizeLabel(csv.rows)} entries`,
          value: csv.rows / (csv.ms / 1000),
          unit: 'rows/s',
          baseline: { label: 'PostgreSQL COPY … CSV', value: copy.rows / (copy.ms / 1000) },
          target: { on: 'value', op: 'min', limit: 200_000 },
        }),
        figure({
          id: 'P6',
          label: 'CSV export, peak RSS',
          value: csv.maxRssMiB,
          unit: 'MiB',
          baseline: { label: 'COPY process', value: copy.maxRssMiB },
          target: { on: 'value', op: 'max', limit: 250 },
        }),
        figure({
          id: 'P6',
          label: `PDF pack, 50 members × 52 weeks (${sizeLabel(pdf.rows)} entries)`,
          value: pdf.ms / 1000,
          unit: 's',
          baseline: { label: 'its data alone', value: pdfData.ms / 1000 },
          target: { on: 'value', op: 'max', limit: 5 },
        }),
      );
    });

    await step(
      'P3',
      `freshness at ${SETTINGS.freshness.rate} writes/s for ${SETTINGS.freshness.seconds} s`,
      async () => {
        const runs = [];
        for (const runner of ['in-process', 'BullMQ'] as const) {
          const prefix = `pw-bench-${process.pid}-${Date.now()}`;
          const pipeline =
            runner === 'BullMQ'
              ? await startQueuePipeline({
                  db: pipelineDb,
                  redisUrl: REDIS_URL,
                  prefix,
                  schedules: false,
                  concurrency: 4,
                })
              : await startInProcessPipeline({ db: pipelineDb, concurrency: 4 });
          try {
            const r = await benchFreshness(bdb.db, pipelineDb, dataset.members, pipeline, {
              runner,
              ...SETTINGS.freshness,
            });
            runs.push(r);
            figures.push(
              figure({
                id: 'P3',
                label: `freshness p95, ${runner} runner (${Math.round(r.rate)} writes/s)`,
                value: r.p95,
                unit: 'ms',
                baseline: { label: 'NOTIFY after commit', value: r.notify.p95 },
                target: { on: 'value', op: 'max', limit: 1000 },
                note: `p50 ${r.p50.toFixed(0)} ms, max ${r.max.toFixed(0)} ms; ${r.refreshes} refreshes for ${r.written} writes; ${r.unresolved} never refreshed; drift ${r.drift}`,
              }),
            );
          } finally {
            await pipeline.stop();
            if (runner === 'BullMQ') await clearRedis(prefix);
          }
        }
        details.P3 = runs;
      },
    );
  } finally {
    await pipelineDb.close();
    await bdb.drop();
  }
}

async function clearRedis(prefix: string) {
  const { Redis } = await import('ioredis');
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
}

interface ExportRun {
  mode: string;
  rows: number;
  ms: number;
  bytes: number;
  maxRssMiB: number;
}

function exportChild(mode: string, url: string, organizationId: string, query: object): Promise<ExportRun> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(import.meta.dirname, 'export-child.ts'),
        mode,
        JSON.stringify({ url, organizationId, query }),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
    });
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`export ${mode} exited with ${code}`));
      const run = JSON.parse(out.trim().split('\n').at(-1)!) as ExportRun;
      log(`   ${mode}: ${run.rows} rows in ${(run.ms / 1000).toFixed(1)} s, peak RSS ${run.maxRssMiB.toFixed(0)} MiB`);
      resolve(run);
    });
  });
}

async function p5() {
  const r = await benchWeb({ runs: SETTINGS.webRuns });
  details.P5 = r;
  const signIn = r.sections.find((s) => s.measured && s.name === 'sign-in');
  for (const s of r.sections) {
    if (!s.measured) {
      log(`   ${s.name} (${s.path}): not in this build, skipped`);
      continue;
    }
    figures.push(
      figure({
        id: 'P5',
        label: `${s.name} JS (${s.scripts} files)`,
        value: s.gzipBytes! / 1024,
        unit: 'KB gzip',
        baseline: signIn && s !== signIn ? { label: 'sign-in page', value: signIn.gzipBytes! / 1024 } : null,
        target: { on: 'value', op: 'max', limit: 150 },
      }),
      figure({
        id: 'P5',
        label: `${s.name} time to interactive`,
        value: s.ttiMs!,
        unit: 'ms',
        baseline: { label: 'bare JSON page', value: r.blankMs },
        target: { on: 'value', op: 'max', limit: 1000 },
      }),
    );
  }
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

async function main() {
  const startedAt = new Date().toISOString();
  const loadAverageStart = loadAverage();
  const machine = await machineFacts();
  log(
    `Proofwork bench (${quick ? 'quick' : 'full'}) on ${machine.cpus} CPUs, ${machine.memoryGiB} GiB, ` +
      `PostgreSQL ${machine.postgres}; load average ${loadAverageStart.join(' ')}`,
  );
  await step('P5', 'web: first-page JavaScript and time to interactive', p5);
  await step('P1', 'ingest: POST time-entries vs a bare INSERT route', p1);
  await pipelineAndExports();
  await step('P2', `team dashboard at ${DASHBOARD_SIZES.map(sizeLabel).join(', ')} entries`, p2);

  const order = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6'];
  figures.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  const results: BenchResults = {
    format: RESULTS_FORMAT,
    mode: quick ? 'quick' : 'full',
    startedAt,
    finishedAt: new Date().toISOString(),
    commit: gitCommit(),
    machine: { ...machine, loadAverageStart, loadAverageEnd: loadAverage() },
    figures,
    details,
    errors,
  };
  console.log(
    `\nProofwork bench, ${results.mode} run, ${startedAt.slice(0, 16).replace('T', ' ')} UTC — ${machine.cpus} CPUs ` +
      `(${machine.cpuModel}), ${machine.memoryGiB} GiB, PostgreSQL ${machine.postgres}, Node ${machine.node}\n` +
      `load average at start ${loadAverageStart.join(' ')}, at end ${results.machine.loadAverageEnd.join(' ')}\n`,
  );
  console.log(formatTable(figures));
  for (const f of figures.filter((x) => x.note)) console.log(`  ${f.id} ${f.label}: ${f.note}`);
  const skipped = ((details.P5 as { sections?: { name: string; path: string; measured: boolean }[] })?.sections ?? [])
    .filter((s) => !s.measured)
    .map((s) => `${s.name} (${s.path})`);
  if (skipped.length > 0) console.log(`  P5 not in this build, not measured: ${skipped.join(', ')}`);
  for (const e of errors) console.log(`  ${e.bench} FAILED: ${e.message}`);
  if (!args['no-write']) {
    const file = writeResults(results, path.join(import.meta.dirname, 'results'));
    console.log(`\nresults written to ${path.relative(process.cwd(), file)}`);
  }
  // A failed bench fails the command, after its figures were printed.
  process.exitCode = errors.length > 0 ? 1 : 0;
}

await main();
