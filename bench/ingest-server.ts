// P1's servers, in a process of their own so the load generator doesn't share their event loop:
// the real app (auth, validation, member lock, audit event, outbox) and a bare Fastify route doing
// one INSERT into a table shaped like time_entries, on the same database. Prints their ports.
// P8 uses the app alone.
import { randomBytes } from 'node:crypto';
import { createDb } from '@proofwork/db';
import { buildApp, loadConfig, systemClock } from '@proofwork/server';
import { sql } from 'drizzle-orm';
import Fastify from 'fastify';
import { uuidv7 } from 'uuidv7';
import { freePort, scratchDataDir } from './support';

const url = process.env.BENCH_INGEST_DATABASE_URL;
if (!url) throw new Error('BENCH_INGEST_DATABASE_URL is required');
const db = createDb(url, { max: 10 });

// The auth library trusts its public URL only: give the app its real address.
const appPort = await freePort();
const data = scratchDataDir();
const app = await buildApp(
  {
    config: loadConfig({
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      PUBLIC_URL: `http://127.0.0.1:${appPort}`,
      AUTH_SECRET: randomBytes(32).toString('base64url'),
      DATA_DIR: data.path,
    }),
    db,
    clock: systemClock,
    queue: { mode: 'in-process', ping: async () => true },
    webRoot: null,
  },
  { logger: false },
);
await app.listen({ host: '127.0.0.1', port: appPort });

// Same columns, defaults and indexes as time_entries; no foreign keys, no trigger, no audit.
await db.execute(sql`create table if not exists bare_entries (like time_entries including defaults including indexes)`);
const bare = Fastify({ logger: false });
bare.post('/bare', async (request, reply) => {
  const b = request.body as Record<string, string>;
  // Prepared, as the app's write is: one round trip (see Database.prepared).
  await db.prepared(sql`insert into bare_entries (id, organization_id, member_id, category_id, started_at, ended_at,
      duration_seconds, local_date, week_start, source)
    values (${uuidv7()}, ${b.organizationId}, ${b.memberId}, ${b.categoryId}, ${b.startedAt}, ${b.endedAt},
      extract(epoch from ${b.endedAt}::timestamptz - ${b.startedAt}::timestamptz)::int,
      (${b.startedAt}::timestamptz at time zone 'Europe/Paris')::date,
      date_trunc('week', ${b.startedAt}::timestamptz at time zone 'Europe/Paris')::date, 'api')`);
  return reply.code(201).send({ ok: true });
});
await bare.listen({ host: '127.0.0.1', port: 0 });

const port = (server: { server: { address(): unknown } }) => (server.server.address() as { port: number }).port;
process.stdout.write(`${JSON.stringify({ app: port(app), bare: port(bare) })}\n`);

for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.on(signal, async () => {
    await app.close();
    await bare.close();
    await db.close();
    data.remove();
    process.exit(0);
  });
