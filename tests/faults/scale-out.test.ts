// Proofwork scaled out as the README's "Running at scale" describes: two API processes (`npm start`)
// and two workers (`npm run worker`) on one PostgreSQL and one Redis. Writes go through both APIs
// at once; then the dashboards of both APIs equal SQL over the entries, the rollups equal a
// recompute, no dirty mark is left, a dashboard stream opened on one API hears a write made through
// the other (NOTIFY), and the sign-in throttle counts attempts across both APIs (Redis).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollupCells } from '../pipeline/factories';
import { expectedCells } from '../pipeline/reference';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { addMember, createOrganization, TEST_PASSWORD } from '../support/factories';
import { type OwnRedis, startOwnRedis } from '../support/own-redis';
import { descendants, killAll, type NpmProcess, npmRun, until } from '../support/processes';

let tdb: TestDatabase;
let redis: OwnRedis;
const apis: { process: NpmProcess; base: string }[] = [];
const workers: NpmProcess[] = [];

async function startApi(): Promise<{ process: NpmProcess; base: string }> {
  const started = npmRun('start', {
    DATABASE_URL: tdb.url,
    REDIS_URL: redis.url,
    PORT: '0',
    HOST: '127.0.0.1',
    NODE_ENV: 'test',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'info',
    PUBLIC_URL: '',
  });
  if (!(await until(() => /Proofwork is up/.test(started.output()) || started.child.exitCode !== null, 90_000))) {
    throw new Error(`an API did not start:\n${started.output()}`);
  }
  const port = /on http:\/\/localhost:(\d+)/.exec(started.output())?.[1];
  if (!port) throw new Error(`an API did not start:\n${started.output()}`);
  return { process: started, base: `http://127.0.0.1:${port}` };
}

async function startWorker(n: number): Promise<NpmProcess> {
  const started = npmRun('worker', {
    DATABASE_URL: tdb.url,
    REDIS_URL: redis.url,
    WORKER_HEARTBEAT_FILE: `/tmp/pw-scale-worker-${process.pid}-${n}.alive`,
  });
  if (
    !(await until(() => /queue pipeline started/.test(started.output()) || started.child.exitCode !== null, 90_000))
  ) {
    throw new Error(`a worker did not start:\n${started.output()}`);
  }
  return started;
}

beforeAll(async () => {
  [tdb, redis] = await Promise.all([createTestDatabase(), startOwnRedis()]);
  // One after the other: both run migrations under an advisory lock, but four cold starts at once
  // on a small machine only make each slower.
  apis.push(await startApi(), await startApi());
  workers.push(await startWorker(1), await startWorker(2));
}, 300_000);

afterAll(async () => {
  for (const p of [...apis.map((a) => a.process), ...workers]) {
    killAll(p, p.child.pid ? descendants(p.child.pid) : []);
  }
  await redis?.stop();
  await tdb?.drop();
});

interface Team {
  organizationId: string;
  members: string[];
  categoryId: string;
  email: string;
}

async function createTeam(): Promise<Team> {
  const { organization, owner } = await createOrganization(tdb.db, { timeZone: 'Europe/Paris' });
  const members: string[] = [];
  for (let i = 0; i < 4; i++) members.push((await addMember(tdb.db, organization.id, 'member')).member.id);
  const [category] = await tdb.db.execute<{ id: string }>(
    sql`select id from categories where organization_id = ${organization.id} and key = 'moderation'`,
  );
  return { organizationId: organization.id, members, categoryId: category!.id, email: owner.email };
}

async function signIn(base: string, email: string, password = TEST_PASSWORD) {
  return fetch(`${base}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { origin: base, 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
}

async function cookieOf(base: string, email: string): Promise<string> {
  const res = await signIn(base, email);
  expect(res.status).toBe(200);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');
}

describe('two APIs and two workers on one PostgreSQL and one Redis', () => {
  it('write through both APIs; both dashboards equal SQL over the entries', async () => {
    const team = await createTeam();
    // A session made on one API works on the other: sessions live in PostgreSQL.
    const cookie = await cookieOf(apis[0]!.base, team.email);
    const headers = (base: string) => ({ cookie, origin: base, 'content-type': 'application/json' });
    const weeks = ['2026-06-01', '2026-06-08', '2026-06-15'];
    let n = 0;
    const lane = async (lane: number) => {
      const api = apis[lane % 2]!;
      for (let i = 0; i < 25; i++) {
        const k = n++;
        const start = Date.parse(`${weeks[k % weeks.length]}T07:00:00Z`) + (k % 5) * 86_400_000 + k * 300_000;
        const res = await fetch(`${api.base}/api/v1/organizations/${team.organizationId}/time-entries`, {
          method: 'POST',
          headers: headers(api.base),
          body: JSON.stringify({
            memberId: team.members[k % team.members.length],
            categoryId: team.categoryId,
            startedAt: new Date(start).toISOString(),
            endedAt: new Date(start + (15 + (k % 7) * 10) * 60_000).toISOString(),
          }),
        });
        expect(res.status, await res.clone().text()).toBe(201);
      }
    };
    await Promise.all([0, 1, 2, 3].map(lane));

    // The two workers share the marks: every one cleared, rollups equal a recompute from the entries.
    const converged = await until(async () => {
      const [marks] = await tdb.db.execute<{ n: number }>(
        sql`select count(*)::int as n from dirty_member_weeks where organization_id = ${team.organizationId}`,
      );
      if (marks!.n > 0) return false;
      const [actual, expected] = await Promise.all([
        rollupCells(tdb.db, team.organizationId),
        expectedCells(tdb.db, team.organizationId),
      ]);
      return JSON.stringify(actual) === JSON.stringify(expected);
    }, 30_000);
    expect(converged, `workers:\n${workers.map((w) => w.output().slice(-1500)).join('\n---\n')}`).toBe(true);

    const truth = await tdb.db.execute<{ memberId: string; weekStart: string; seconds: number }>(sql`
      select member_id as "memberId", week_start::text as "weekStart", sum(duration_seconds)::int as seconds
      from time_entries
      where organization_id = ${team.organizationId} and deleted_at is null and duration_seconds is not null
      group by 1, 2 order by 1, 2`);
    expect(truth.reduce((s, r) => s + r.seconds, 0)).toBeGreaterThan(0);
    for (const api of apis) {
      const res = await fetch(
        `${api.base}/api/v1/organizations/${team.organizationId}/dashboards/team?from=2026-06-01&to=2026-06-21`,
        { headers: headers(api.base) },
      );
      expect(res.status).toBe(200);
      const { items } = (await res.json()) as {
        items: { memberId: string; weekStart: string; loggedSeconds: number }[];
      };
      const shown = items
        .filter((r) => r.loggedSeconds > 0)
        .map((r) => ({ memberId: r.memberId, weekStart: r.weekStart, seconds: r.loggedSeconds }))
        .sort((a, b) => `${a.memberId}${a.weekStart}`.localeCompare(`${b.memberId}${b.weekStart}`));
      expect(shown, api.base).toEqual(truth);
    }
    expect(workers.every((w) => w.child.exitCode === null)).toBe(true);
  }, 120_000);

  it('a dashboard stream on one API hears a write made through the other', async () => {
    const team = await createTeam();
    const [a, b] = apis as [(typeof apis)[0], (typeof apis)[0]];
    const cookie = await cookieOf(a.base, team.email);
    const controller = new AbortController();
    const stream = await fetch(`${a.base}/api/v1/organizations/${team.organizationId}/dashboards/events`, {
      headers: { cookie, origin: a.base },
      signal: controller.signal,
    });
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = stream.body!.getReader();
    await reader.read(); // "connected": listening
    const write = await fetch(`${b.base}/api/v1/organizations/${team.organizationId}/time-entries`, {
      method: 'POST',
      headers: { cookie, origin: b.base, 'content-type': 'application/json' },
      body: JSON.stringify({
        memberId: team.members[0],
        categoryId: team.categoryId,
        startedAt: '2026-06-02T08:00:00Z',
        endedAt: '2026-06-02T09:00:00Z',
      }),
    });
    expect(write.status).toBe(201);
    let received = '';
    const timeout = setTimeout(() => controller.abort(), 15_000);
    try {
      const decoder = new TextDecoder();
      while (!received.includes('event: rollup')) {
        const { value, done } = await reader.read();
        if (done) break;
        received += decoder.decode(value);
      }
    } catch {
      // aborted: the assertion says what was missing
    } finally {
      clearTimeout(timeout);
      controller.abort();
    }
    expect(received).toContain('event: rollup');
    expect(received).toContain(`"memberId":"${team.members[0]}"`);
  }, 60_000);

  it('counts failed sign-ins across both APIs', async () => {
    const team = await createTeam();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await signIn(apis[i % 2]!.base, team.email, 'wrong-password')).status);
    // Alternating APIs does not double the allowance (5 free failures per account and address): the
    // counter lives in Redis, so the 6th attempt is made to wait, whichever API it reaches. With a
    // counter per process, each API would refuse only its own 6th attempt (the 11th overall).
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
  }, 60_000);
});
