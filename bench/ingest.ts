// P1. `POST /time-entries` (session, validation, member lock, audit event, outbox) against a bare
// Fastify route doing one INSERT into a similar table, same database, same run: the most each
// sustains, then p99 latency of each at a fixed 200 requests/s.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { schema } from '@proofwork/db';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { createBenchDatabase, log } from './support';

const ORIGIN_HEADER = 'origin';
const MEMBERS = 20;

interface Run {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

function cannon(options: {
  url: string;
  headers: Record<string, string>;
  body: (n: number) => string;
  seconds: number;
  connections: number;
  rate?: number;
}): Promise<Run> {
  let n = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: options.url,
        method: 'POST',
        connections: options.connections,
        duration: options.seconds,
        ...(options.rate ? { overallRate: options.rate } : {}),
        headers: { 'content-type': 'application/json', ...options.headers },
        requests: [
          {
            setupRequest: (request: Record<string, unknown>) => {
              n += 1;
              return { ...request, body: options.body(n) };
            },
          },
        ],
      },
      (error: Error | null, result: autocannon.Result) => {
        if (error) return reject(error);
        resolve({
          requests: result.requests.total,
          perSecond: result.requests.total / options.seconds,
          p50: result.latency.p50,
          p99: result.latency.p99,
          errors: result.errors + result.timeouts,
          non2xx: result.non2xx,
        });
      },
    );
  });
}

export interface IngestResult {
  api: { max: Run; fixed: Run };
  bare: { max: Run; fixed: Run };
  rate: number;
  rows: { timeEntries: number; events: number; dirtyMarks: number; bare: number };
}

export async function benchIngest(options: {
  seconds: number;
  rate: number;
  connections: number;
}): Promise<IngestResult> {
  const bdb = await createBenchDatabase({ max: 4 });
  let child: ChildProcess | null = null;
  try {
    // BENCH_CPU_PROF=<dir> writes a CPU profile of the servers' process there (read it with DevTools).
    const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
    const script = path.join(import.meta.dirname, 'ingest-server.ts');
    child = spawn(process.execPath, [...profile, '--import', 'tsx', script], {
      env: { ...process.env, BENCH_INGEST_DATABASE_URL: bdb.url },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const first = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: child!.stdout! });
      lines.once('line', resolve);
      child!.once('exit', (code) => reject(new Error(`the ingest server exited with ${code}`)));
    });
    const ports = JSON.parse(first) as { app: number; bare: number };
    const base = `http://127.0.0.1:${ports.app}`;
    // The app's PUBLIC_URL is the origin it trusts.
    const trusted = base;
    const origin = { [ORIGIN_HEADER]: trusted, 'content-type': 'application/json' };

    // An owner signs up and creates the organization through the API; the team is added directly.
    const signUp = await fetch(`${base}/api/auth/sign-up/email`, {
      method: 'POST',
      headers: origin,
      body: JSON.stringify({ name: 'Bench Owner', email: 'owner@bench.example', password: 'bench-password-1' }),
    });
    if (!signUp.ok) throw new Error(`sign-up failed: ${signUp.status} ${await signUp.text()}`);
    const cookie = signUp.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .filter((c) => c.startsWith('proofwork.session_token='))
      .join('; ');
    const created = await fetch(`${base}/api/v1/organizations`, {
      method: 'POST',
      headers: { ...origin, cookie },
      body: JSON.stringify({ name: 'Bench ingest', timeZone: 'Europe/Paris' }),
    });
    if (created.status !== 201) throw new Error(`organization: ${created.status} ${await created.text()}`);
    const { organization } = (await created.json()) as { organization: { id: string } };
    const users = await bdb.db
      .insert(schema.users)
      .values(Array.from({ length: MEMBERS }, (_, i) => ({ name: `CM ${i}`, email: `cm-${i}@bench.example` })))
      .returning({ id: schema.users.id });
    const members = await bdb.db
      .insert(schema.members)
      .values(users.map((u) => ({ organizationId: organization.id, userId: u.id, role: 'member' as const })))
      .returning({ id: schema.members.id });
    const categories = await fetch(`${base}/api/v1/organizations/${organization.id}/categories`, {
      headers: { cookie },
    });
    const categoryIds = ((await categories.json()) as { items: { id: string }[] }).items.map((c) => c.id);

    // Each request logs a 20-minute task for the next member, spread over the past weeks so
    // no member-week grows unrealistically long (overlap checks read the member's day).
    const body = (offset: number) => (n: number) => {
      const k = n + offset;
      const startedAt = new Date(Date.parse('2026-11-20T07:00:00Z') - (Math.floor(k / MEMBERS) % 20_000) * 25 * 60_000);
      return JSON.stringify({
        organizationId: organization.id,
        memberId: members[k % MEMBERS]!.id,
        categoryId: categoryIds[k % categoryIds.length]!,
        startedAt: startedAt.toISOString(),
        endedAt: new Date(startedAt.getTime() + 20 * 60_000).toISOString(),
        platform: 'instagram',
        note: 'bench',
      });
    };
    // The API refuses unknown fields: send it only what it takes.
    const apiBody = (offset: number) => (n: number) => {
      const { organizationId: _, ...rest } = JSON.parse(body(offset)(n));
      return JSON.stringify(rest);
    };
    const api = `${base}/api/v1/organizations/${organization.id}/time-entries`;
    const bare = `http://127.0.0.1:${ports.bare}/bare`;
    const headers = { cookie, [ORIGIN_HEADER]: trusted };

    const probe = await fetch(api, { method: 'POST', headers: { ...headers, ...origin }, body: apiBody(399_000)(1) });
    if (probe.status !== 201) throw new Error(`POST time-entries: ${probe.status} ${await probe.text()}`);
    // Warm-up, then alternate so drift in the machine's load hits both sides alike.
    await cannon({ url: api, headers, body: apiBody(400_000), seconds: 2, connections: 4 });
    await cannon({ url: bare, headers: {}, body: body(400_000), seconds: 2, connections: 4 });
    log(`   P1 maximum throughput, ${options.seconds} s each, ${options.connections} connections`);
    const bareMax = await cannon({
      url: bare,
      headers: {},
      body: body(0),
      seconds: options.seconds,
      connections: options.connections,
    });
    const apiMax = await cannon({
      url: api,
      headers,
      body: apiBody(0),
      seconds: options.seconds,
      connections: options.connections,
    });
    log(`   P1 fixed ${options.rate} requests/s`);
    const apiFixed = await cannon({
      url: api,
      headers,
      body: apiBody(200_000),
      seconds: options.seconds,
      connections: 10,
      rate: options.rate,
    });
    const bareFixed = await cannon({
      url: bare,
      headers: {},
      body: body(200_000),
      seconds: options.seconds,
      connections: 10,
      rate: options.rate,
    });
    const [counts] = await bdb.db.execute<IngestResult['rows']>(sql`select
      (select count(*)::int from time_entries) as "timeEntries",
      (select count(*)::int from time_entry_events) as events,
      (select count(*)::int from dirty_member_weeks) as "dirtyMarks",
      (select count(*)::int from bare_entries) as bare`);
    if (apiMax.non2xx > 0 || apiFixed.non2xx > 0) {
      throw new Error(`the API answered ${apiMax.non2xx + apiFixed.non2xx} requests with an error status`);
    }
    return {
      api: { max: apiMax, fixed: apiFixed },
      bare: { max: bareMax, fixed: bareFixed },
      rate: options.rate,
      rows: counts!,
    };
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await bdb.drop();
  }
}
