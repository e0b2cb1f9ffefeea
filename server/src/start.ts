// `npm start`: one process serving the API and the web app. Without DATABASE_URL it starts an
// embedded PostgreSQL (data kept in DATA_DIR), migrates, seeds the demo when empty and listens.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMailer, dataFolders } from '@proofwork/app';
import { systemClock } from '@proofwork/core';
import {
  createDb,
  DEMO_ORGANIZATIONS,
  DEMO_PASSWORD,
  guardDatabaseRejections,
  runMigrations,
  startEmbeddedPostgres,
} from '@proofwork/db';
import { startInProcessPipeline } from '@proofwork/workers';
import { createQueueClient } from '@proofwork/workers/contracts';
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app';
import { publicUrl } from './auth/auth';
import { ConfigError, loadConfig } from './config';
import type { QueueStatus } from './context';
import { seedDemoAtStart } from './lib/demo-seed';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const webRoot = path.join(repoRoot, 'web', 'build');

function fail(message: string): never {
  console.error(`\nProofwork could not start: ${message}\n`);
  process.exit(1);
}

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}

// Tests that start the server as a process don't need the web app (the browser tests build it).
if (
  config.NODE_ENV !== 'test' &&
  !existsSync(path.join(webRoot, 'index.html')) &&
  existsSync(path.join(repoRoot, 'web', 'package.json'))
) {
  console.log('Building the web app (first start only)…');
  const build = spawnSync('npm', ['run', 'build', '-w', '@proofwork/web'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) console.warn('The web app did not build; serving the API with a placeholder page.');
}

const started = Date.now();
const embedded = config.DATABASE_URL
  ? null
  : await startEmbeddedPostgres({
      dataDir: path.resolve(repoRoot, config.DATA_DIR, 'pg'),
      port: config.EMBEDDED_PG_PORT,
      log: (m) => console.log(m),
    }).catch((error: Error) => fail(error.message));
const databaseUrl = config.DATABASE_URL ?? embedded!.url;
const db = createDb(databaseUrl);
try {
  await runMigrations(db);
} catch (error) {
  await embedded?.stop();
  fail(
    `the database at ${redact(databaseUrl)} is not reachable or could not be migrated (${(error as Error).message})`,
  );
}

const seeded = await seedDemoAtStart(db, config, { embedded: embedded !== null, now: systemClock.now() });
if (seeded.created.length > 0) console.log(`Seeded demo data: ${seeded.created.join(', ')}`);

const queueClient = config.REDIS_URL ? createQueueClient(config.REDIS_URL) : null;
const queue: QueueStatus = queueClient
  ? { mode: 'redis', ping: () => queueClient.ping() }
  : { mode: 'in-process', ping: async () => true };

// One mailer for the API and the in-process jobs: SMTP_URL, else .eml files under MAIL_DIR.
const mailer = createMailer({
  smtpUrl: config.SMTP_URL,
  from: config.MAIL_FROM,
  mailDir: path.resolve(repoRoot, config.MAIL_DIR ?? path.join(config.DATA_DIR, 'mail')),
  log: { info: (obj, msg) => console.log(JSON.stringify({ level: 'info', msg, ...obj })) },
});
const mail = { mailer, publicUrl: publicUrl(config) };

// Without Redis the same processors run in this process, fed by the same outbox.
const pipeline = queueClient
  ? null
  : await startInProcessPipeline({
      db,
      allowPrivateWebhooks: config.WEBHOOK_ALLOW_PRIVATE,
      mail,
      folders: dataFolders(config),
    });

const app = await buildApp({ config, db, clock: systemClock, queue, webRoot, mail });

// A query that fails with nobody waiting for it because the database went away is logged, not a
// reason to stop serving (the pool reconnects); any other unhandled rejection is rethrown as an
// uncaught exception, which closes the server below.
guardDatabaseRejections(app.log);
closeWithGrace({ delay: 10_000, skip: ['unhandledRejection'] }, async ({ err, signal }) => {
  if (err) app.log.error({ err }, 'shutting down after an error');
  else app.log.info({ signal }, 'shutting down: finishing in-flight requests');
  await app.close();
  await pipeline?.stop();
  await queueClient?.close();
  await db.close();
  await embedded?.stop();
});

try {
  await app.listen({ host: config.HOST, port: config.PORT });
} catch (error) {
  await db.close();
  await embedded?.stop();
  fail(`could not listen on ${config.HOST}:${config.PORT} (${(error as Error).message})`);
}

const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : config.PORT;
const url = config.PUBLIC_URL ?? `http://localhost:${port}`;
const logins = DEMO_ORGANIZATIONS.flatMap((o) =>
  o.people.filter((p) => p.email.split('@')[0] !== p.email).map((p) => p.email),
).filter((email) => /^(owner|manager|cm)@/.test(email));
console.log(
  [
    '',
    `Proofwork is up in ${((Date.now() - started) / 1000).toFixed(1)} s on ${url}`,
    `  database: ${embedded ? `embedded PostgreSQL (${path.join(config.DATA_DIR, 'pg')})` : redact(databaseUrl)}`,
    `  jobs:     ${queue.mode === 'redis' ? 'BullMQ on Redis' : 'in-process'}`,
    `  API docs: ${url}/docs`,
    // Demo logins are worth printing where the demo lives: the embedded database, or a fresh seed.
    ...(seeded.created.length > 0 || (embedded && config.SEED_DEMO !== 'false')
      ? [`  demo logins (password ${DEMO_PASSWORD}): ${logins.join(', ')}`]
      : []),
    '',
  ].join('\n'),
);

function redact(value: string) {
  return value.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}
