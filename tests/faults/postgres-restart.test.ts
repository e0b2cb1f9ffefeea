// PostgreSQL restarting under write load, in the two shapes Proofwork runs in: `npm start` alone
// (jobs in-process) and `npm start` beside `npm run worker` on Redis (BullMQ). For a fast and an
// immediate shutdown: the API process stays up and answers 503 meanwhile (never a 500, never a
// dropped connection), no acknowledged entry is lost or doubled (clients retry with their
// Idempotency-Key), and once PostgreSQL is back the rollups equal a recompute from the entries
// within 5 s, without restarting anything. The same processes show the operator's side: a worker
// started before its database waits for it, and SIGTERM sent to npm reaches node.
import { createDb, type Database } from '@proofwork/db';
import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollupCells } from '../pipeline/factories';
import { expectedCells } from '../pipeline/reference';
import { addMember, createOrganization, TEST_PASSWORD } from '../support/factories';
import { type OwnPostgres, type ShutdownMode, startOwnPostgres } from '../support/own-postgres';
import { type OwnRedis, startOwnRedis } from '../support/own-redis';
import { alive, descendants, killAll, type NpmProcess, npmRun, until } from '../support/processes';

let pg: OwnPostgres;
let db: Database;
beforeAll(async () => {
  pg = await startOwnPostgres();
  db = createDb(pg.url, { max: 4 });
}, 120_000);
afterAll(async () => {
  await db?.close();
  await pg?.destroy();
});

/**
 * How long PostgreSQL stays down (a fast restart is given a longer outage, long enough for every
 * pooled connection and both LISTENs to fail several times), and how long the writes go on around it.
 */
const OUTAGE_MS: Record<ShutdownMode, number> = { fast: 4000, immediate: 1500 };
const LOAD_BEFORE_MS = 1000;
const LOAD_AFTER_MS = 1000;
const LANES = 6;
const WEEKS = ['2026-06-01', '2026-06-08', '2026-06-15'];

interface Api {
  process: NpmProcess;
  base: string;
  nodePids: number[];
}

async function startApi(env: Record<string, string>): Promise<Api> {
  const started = npmRun('start', {
    DATABASE_URL: pg.url,
    PORT: '0',
    HOST: '127.0.0.1',
    NODE_ENV: 'test',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'info',
    PUBLIC_URL: '',
    ...env,
  });
  if (!(await until(() => /Proofwork is up/.test(started.output()), 90_000))) {
    killAll(started, descendants(started.child.pid!));
    throw new Error(`the API did not start:\n${started.output()}`);
  }
  const port = /on http:\/\/localhost:(\d+)/.exec(started.output())![1];
  return { process: started, base: `http://127.0.0.1:${port}`, nodePids: descendants(started.child.pid!) };
}

/** SIGTERM to npm, as an operator would: node (not only npm) must drain and exit. */
async function stopProcess(started: NpmProcess) {
  const pids = descendants(started.child.pid!);
  expect(pids.length).toBeGreaterThan(0);
  started.child.kill('SIGTERM');
  const stopped = await until(() => pids.every((pid) => !alive(pid)), 30_000);
  killAll(started, pids);
  expect(stopped, `still running after SIGTERM to npm:\n${started.output().slice(-2000)}`).toBe(true);
  // npm itself dies of the signal it forwarded; node's own exit is what the output shows.
  await started.exited;
}

interface Team {
  organizationId: string;
  members: string[];
  categoryId: string;
  cookie: string;
}

async function createTeam(api: Api): Promise<Team> {
  const { organization, owner } = await createOrganization(db, { timeZone: 'Europe/Paris' });
  const members: string[] = [];
  for (let i = 0; i < 3; i++) members.push((await addMember(db, organization.id, 'member')).member.id);
  const [category] = await db.execute<{ id: string }>(
    sql`select id from categories where organization_id = ${organization.id} and key = 'moderation'`,
  );
  const signIn = await fetch(`${api.base}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { origin: api.base, 'content-type': 'application/json' },
    body: JSON.stringify({ email: owner.email, password: TEST_PASSWORD }),
  });
  expect(signIn.status).toBe(200);
  const cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');
  return { organizationId: organization.id, members, categoryId: category!.id, cookie };
}

interface CycleFigures {
  mode: ShutdownMode;
  requests: number;
  statuses: Record<string, number>;
  acknowledged: number;
  lost: number;
  doubled: number;
  /** Stored entries that no Idempotency-Key's stored response names. */
  unkeyed: number;
  /** From PostgreSQL accepting connections again to the first write the API acknowledged. */
  apiBackMs: number;
  /** From PostgreSQL accepting connections again to rollups equal to the entries, no mark left. */
  convergedMs: number;
  /** The first answers that were neither a success nor a 503. */
  problems: string[];
}

/**
 * Writes through the API in LANES parallel clients while PostgreSQL goes down and comes back.
 * A client that gets 503 retries the same entry with the same Idempotency-Key, as the web app's
 * offline queue does; dashboards are read along the way with the session cookie.
 */
async function restartUnderLoad(api: Api, team: Team, mode: ShutdownMode): Promise<CycleFigures> {
  const statuses = new Map<string, number>();
  const record = (what: string) => statuses.set(what, (statuses.get(what) ?? 0) + 1);
  const acknowledged = new Set<string>();
  const orgBase = `${api.base}/api/v1/organizations/${team.organizationId}`;
  const headers = { cookie: team.cookie, origin: api.base, 'content-type': 'application/json' };
  let stopLoad = false;
  let backAt = 0;
  let firstWriteAfterBack = 0;
  let counter = 0;
  const problems: string[] = [];

  const send = async (url: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}) => {
    try {
      const res = await fetch(url, {
        ...init,
        headers: { ...headers, ...init.headers },
        signal: AbortSignal.timeout(15_000),
      });
      return { status: res.status, body: await res.text(), retryAfter: res.headers.get('retry-after') };
    } catch (error) {
      return { status: 0, body: String(error), retryAfter: null };
    }
  };

  async function lane(laneIndex: number) {
    while (!stopLoad) {
      const n = counter++;
      const start = Date.parse(`${WEEKS[n % WEEKS.length]}T07:00:00Z`) + (n % 5) * 86_400_000 + n * 120_000;
      const body = JSON.stringify({
        memberId: team.members[n % team.members.length],
        categoryId: team.categoryId,
        startedAt: new Date(start).toISOString(),
        endedAt: new Date(start + 90_000).toISOString(),
      });
      const key = uuidv7();
      let unanswered = 0;
      for (let attempt = 0; attempt < 300; attempt++) {
        const res = await send(`${orgBase}/time-entries`, {
          method: 'POST',
          body,
          headers: { 'idempotency-key': key },
        });
        record(`POST ${res.status}${res.status === 503 && res.retryAfter === null ? ' without Retry-After' : ''}`);
        if (res.status === 201) {
          acknowledged.add(JSON.parse(res.body).id);
          if (backAt && !firstWriteAfterBack) firstWriteAfterBack = Date.now();
          break;
        }
        if (res.status !== 503) {
          problems.push(`lane ${laneIndex}: POST answered ${res.status}: ${res.body.slice(0, 300)}`);
          // A client retries a dropped connection too, but not forever: the API may be gone.
          if (res.status !== 0 || ++unanswered >= 20) return;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      if (n % 4 === 0) {
        const res = await send(`${orgBase}/dashboards/team?from=2026-06-01&to=2026-06-21`);
        record(`GET ${res.status}`);
      }
    }
  }

  const load = Promise.all(Array.from({ length: LANES }, (_, i) => lane(i)));
  await new Promise((resolve) => setTimeout(resolve, LOAD_BEFORE_MS));
  await pg.stop(mode);
  await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS[mode]));
  await pg.start();
  backAt = Date.now();
  await new Promise((resolve) => setTimeout(resolve, LOAD_AFTER_MS));
  stopLoad = true;
  await load;

  // Converged: every mark cleared and the rollups equal to a recompute of the entries in JavaScript.
  let convergedAt = 0;
  await until(async () => {
    const [marks] = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from dirty_member_weeks where organization_id = ${team.organizationId}`,
    );
    if (marks!.n > 0) return false;
    const [actual, expected] = await Promise.all([
      rollupCells(db, team.organizationId),
      expectedCells(db, team.organizationId),
    ]);
    if (JSON.stringify(actual) !== JSON.stringify(expected)) return false;
    convergedAt = Date.now();
    return true;
  }, 30_000);

  const stored = await db.execute<{ id: string }>(
    sql`select id from time_entries where organization_id = ${team.organizationId} and deleted_at is null`,
  );
  const storedIds = new Set(stored.map((r) => r.id));
  // Every stored entry came with the key its client sent (and would retry with): the key's row
  // names it. An entry without one was written by a request whose key never reached the API.
  const [keyed] = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from time_entries e
      where e.organization_id = ${team.organizationId} and e.deleted_at is null
        and exists (select 1 from idempotency_keys k where k.organization_id = e.organization_id
          and k.response_status = 201 and k.response_body->>'id' = e.id::text)`,
  );
  const figures: CycleFigures = {
    mode,
    requests: [...statuses.values()].reduce((a, b) => a + b, 0),
    statuses: Object.fromEntries([...statuses.entries()].sort()),
    acknowledged: acknowledged.size,
    lost: [...acknowledged].filter((id) => !storedIds.has(id)).length,
    doubled: storedIds.size - acknowledged.size,
    unkeyed: storedIds.size - keyed!.n,
    apiBackMs: firstWriteAfterBack ? firstWriteAfterBack - backAt : -1,
    convergedMs: convergedAt ? convergedAt - backAt : -1,
    problems: problems.slice(0, 5),
  };
  console.info(`PostgreSQL ${mode} restart: ${JSON.stringify(figures)}`);
  return figures;
}

function expectSurvived(api: Api, figures: CycleFigures) {
  // The API process never died: same node process, still running.
  expect(api.process.child.exitCode, api.process.output().slice(-3000)).toBeNull();
  expect(api.nodePids.every(alive), api.process.output().slice(-3000)).toBe(true);
  expect(figures.problems).toEqual([]);
  expect(api.process.output()).not.toMatch(/TypeError|Cannot read properties of null/);
  // Only 201 and 503 for writes, 200 and 503 for reads; 503s came with Retry-After.
  expect(Object.keys(figures.statuses).sort()).toEqual(
    expect.arrayContaining(['POST 201', 'POST 503'].filter((k) => k in figures.statuses)),
  );
  for (const key of Object.keys(figures.statuses))
    expect(['POST 201', 'POST 503', 'GET 200', 'GET 503']).toContain(key);
  expect(figures.statuses['POST 503'] ?? 0, 'the outage was seen by the clients').toBeGreaterThan(0);
  expect(figures.lost).toBe(0);
  expect(figures.doubled).toBe(0);
  expect(figures.unkeyed).toBe(0);
  expect(figures.apiBackMs).toBeGreaterThanOrEqual(0);
  expect(figures.convergedMs, 'rollups never equalled the entries').toBeGreaterThanOrEqual(0);
  expect(figures.convergedMs).toBeLessThanOrEqual(5000);
}

describe('PostgreSQL restarts under load, jobs in-process (npm start alone)', () => {
  let api: Api | null = null;
  beforeAll(async () => {
    api = await startApi({});
  }, 120_000);
  afterAll(() => killAll(api?.process ?? null, api?.nodePids ?? []));

  for (const mode of ['fast', 'immediate'] as const) {
    it(`survives a ${mode} restart: 503 meanwhile, nothing lost, rollups right within 5 s`, async () => {
      expectSurvived(api!, await restartUnderLoad(api!, await createTeam(api!), mode));
      const health = await fetch(`${api!.base}/api/v1/health`);
      expect(health.status).toBe(200);
    }, 90_000);
  }

  it('stops when SIGTERM is sent to npm start: node drains and exits, nothing keeps serving', async () => {
    await stopProcess(api!.process);
    expect(api!.process.output()).toMatch(/shutting down: finishing in-flight requests/);
    await expect(fetch(`${api!.base}/api/v1/health`)).rejects.toThrow();
  }, 60_000);
});

describe('PostgreSQL restarts under load, jobs in BullMQ workers (npm run worker on Redis)', () => {
  let redis: OwnRedis;
  let api: Api | null = null;
  let worker: NpmProcess | null = null;
  let workerWaited = false;
  beforeAll(async () => {
    redis = await startOwnRedis();
    // The worker comes up first, while PostgreSQL is down (a host restart, an orchestrator that
    // starts everything at once): it must wait for the database rather than die.
    await pg.stop('fast');
    worker = npmRun('worker', {
      DATABASE_URL: pg.url,
      REDIS_URL: redis.url,
      WORKER_HEARTBEAT_FILE: `/tmp/pw-faults-worker-${process.pid}.alive`,
    });
    workerWaited = await until(
      () => /waiting for the database/.test(worker!.output()) || worker!.child.exitCode !== null,
      90_000,
    );
    await pg.start();
    api = await startApi({ REDIS_URL: redis.url });
    if (!(await until(() => /queue pipeline started/.test(worker!.output()), 90_000))) {
      throw new Error(`the worker did not start:\n${worker.output()}`);
    }
  }, 240_000);
  afterAll(async () => {
    killAll(worker, worker?.child.pid ? descendants(worker.child.pid) : []);
    killAll(api?.process ?? null, api?.nodePids ?? []);
    await redis?.stop();
  });

  it('the worker, started while PostgreSQL was down, waited for it and then started', () => {
    expect(workerWaited, worker!.output()).toBe(true);
    expect(worker!.child.exitCode, worker!.output()).toBeNull();
    expect(worker!.output()).toMatch(/waiting for the database[\s\S]*queue pipeline started/);
  });

  for (const mode of ['fast', 'immediate'] as const) {
    it(`survives a ${mode} restart: 503 meanwhile, nothing lost, rollups right within 5 s`, async () => {
      const workerPids = descendants(worker!.child.pid!);
      expectSurvived(api!, await restartUnderLoad(api!, await createTeam(api!), mode));
      expect(worker!.child.exitCode, worker!.output().slice(-3000)).toBeNull();
      expect(workerPids.every(alive), worker!.output().slice(-3000)).toBe(true);
      expect(worker!.output()).not.toMatch(/TypeError|Cannot read properties of null/);
    }, 90_000);
  }

  it('stops when SIGTERM is sent to npm run worker and npm start', async () => {
    await stopProcess(worker!);
    expect(worker!.output()).toMatch(/worker stopped/);
    await stopProcess(api!.process);
  }, 90_000);
});
