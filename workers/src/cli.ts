// `npm run rollups -- rebuild [--org ID] [--from YYYY-MM-DD --to YYYY-MM-DD]` rebuilds rollups
// set-based; `npm run rollups -- reconcile [--org ID] [--sample N]` prints drift and exits 1 if any.
import { parseArgs } from 'node:util';
import { ConfigError, readEnvironment } from '@proofwork/app';
import { isLocalDate, isUuid } from '@proofwork/core';
import { createDb, rebuildRollups, reconcile } from '@proofwork/db';
import Type from 'typebox';
import { WorkerConfigSchema } from './config';

const USAGE = `usage:
  npm run rollups -- rebuild [--org ID] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
  npm run rollups -- reconcile [--org ID] [--sample N]`;

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true,
    options: { org: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, sample: { type: 'string' } },
  });
}
try {
  parsed = parse();
} catch (error) {
  fail((error as Error).message);
}
const { positionals, values } = parsed;
const command = positionals[0];
if (command !== 'rebuild' && command !== 'reconcile') fail(`unknown command: ${command ?? '(none)'}`);
for (const key of ['from', 'to'] as const) {
  const value = values[key];
  if (value !== undefined && !isLocalDate(value)) fail(`--${key} must be a date (YYYY-MM-DD)`);
}
if (values.org !== undefined && !isUuid(values.org)) fail('--org must be an organization id (a UUID)');
const sample = values.sample === undefined ? undefined : Number(values.sample);
if (sample !== undefined && !(Number.isInteger(sample) && sample > 0)) fail('--sample must be a positive integer');

// The database setting checked as the worker checks it (its value never printed).
let databaseUrl: string;
try {
  ({ DATABASE_URL: databaseUrl } = readEnvironment(
    Type.Object({ DATABASE_URL: WorkerConfigSchema.properties.DATABASE_URL }),
    process.env,
    { secrets: ['DATABASE_URL'] },
  ));
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  fail(error.message);
}

const db = createDb(databaseUrl, { max: 2 });
let exitCode = 0;
try {
  if (command === 'rebuild') {
    const started = performance.now();
    const result = await rebuildRollups(db, {
      organizationId: values.org,
      from: values.from,
      to: values.to,
      onProgress: (p) =>
        console.log(`[${p.done}/${p.total}] organization ${p.organizationId}: ${p.rows} rows in ${p.milliseconds} ms`),
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`rebuilt ${result.rows} rollup rows for ${result.organizations} organization(s) in ${seconds} s`);
  } else {
    const drift = await reconcile(db, { organizationId: values.org, sample });
    for (const d of drift) {
      console.log(
        `drift ${d.organizationId} member ${d.memberId} week ${d.weekStart} category ${d.categoryId} ` +
          `brand ${d.brandId ?? '-'} platform ${d.platform ?? '-'} type ${d.deliverableTypeId ?? '-'}: ` +
          `expected ${JSON.stringify(d.expected)} actual ${JSON.stringify(d.actual)}`,
      );
    }
    console.log(drift.length === 0 ? 'no drift' : `${drift.length} drifted cell(s)`);
    exitCode = drift.length === 0 ? 0 : 1;
  }
} finally {
  await db.close();
}
process.exit(exitCode);
