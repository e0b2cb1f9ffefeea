// The two entry points as real processes: `npm run worker` (dispatcher + BullMQ worker, heartbeat,
// graceful SIGTERM) and `npm run rollups -- rebuild|reconcile`.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { TEST_REDIS_URL } from '../support/env';
import {
  createMember,
  createOrganization,
  drained,
  dropRedisPrefixes,
  redisPrefix,
  rollupCells,
  writeEntry,
} from './factories';

const repoRoot = path.resolve(import.meta.dirname, '../..');
let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb?.drop();
  await dropRedisPrefixes();
});

function run(script: string, args: string[], env: Record<string, string>, node = ['--import', 'tsx']) {
  const child = spawn(process.execPath, [...node, script, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function until(check: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function someEntries() {
  const org = await createOrganization(tdb.db, { timeZone: 'Europe/Paris' });
  const member = await createMember(tdb.db, org);
  const categories = ['moderation', 'content.video', 'reporting', 'meetings', 'admin'];
  for (let i = 0; i < 5; i++) {
    const start = Date.parse('2026-10-19T07:00:00Z') + i * 86_400_000;
    await writeEntry(tdb.db, member, {
      categoryId: org.categories.get(categories[i]!)!,
      startedAt: new Date(start),
      endedAt: new Date(start + 5 * 3600_000),
    });
  }
  return org;
}

describe('npm run worker', () => {
  it('refuses to start without DATABASE_URL and REDIS_URL', async () => {
    const worker = run('workers/src/main.ts', [], { DATABASE_URL: '', REDIS_URL: '' });
    expect(await worker.exited, worker.output()).toBe(2);
    expect(worker.output()).toMatch(/needs DATABASE_URL and REDIS_URL/);
  }, 60_000);

  it('processes the outbox, keeps a heartbeat, and stops cleanly on SIGTERM', async () => {
    const heartbeat = path.join(tmpdir(), `pw-worker-${redisPrefix()}.alive`);
    let child: ChildProcess | null = null;
    try {
      const worker = run('workers/src/main.ts', [], {
        DATABASE_URL: tdb.url,
        REDIS_URL: TEST_REDIS_URL,
        REDIS_PREFIX: redisPrefix(),
        WORKER_HEARTBEAT_FILE: heartbeat,
      });
      child = worker.child;
      await until(() => worker.output().includes('queue pipeline started'), 60_000);
      // Written right after that line is logged: the line can reach us before the worker's next step.
      await until(() => existsSync(heartbeat), 10_000);
      const org = await someEntries();
      await drained(tdb.db, { organizationId: org.id });
      expect((await rollupCells(tdb.db, org.id)).reduce((s, c) => s + c.seconds, 0)).toBe(5 * 5 * 3600);
      child.kill('SIGTERM');
      expect(await worker.exited, worker.output()).toBe(0);
      expect(worker.output()).toMatch(/worker stopped/);
      expect(existsSync(heartbeat)).toBe(false);
    } finally {
      if (child && child.exitCode === null) child.kill('SIGKILL');
    }
  }, 90_000);

  it('runs compiled (npm run worker:build) with plain node and a heap cap, as in production', async () => {
    // The test builds what it runs: a checkout has no build output until someone asks for it.
    execFileSync(process.execPath, ['workers/build.mjs'], { cwd: repoRoot });
    const heartbeat = path.join(tmpdir(), `pw-worker-compiled-${redisPrefix()}.alive`);
    let child: ChildProcess | null = null;
    try {
      const worker = run(
        'workers/dist/main.js',
        [],
        {
          DATABASE_URL: tdb.url,
          REDIS_URL: TEST_REDIS_URL,
          REDIS_PREFIX: redisPrefix(),
          WORKER_HEARTBEAT_FILE: heartbeat,
        },
        ['--max-old-space-size=256'],
      );
      child = worker.child;
      // Started means the bundle found the migrations folder from its own place and ran them.
      await until(() => worker.output().includes('queue pipeline started'), 60_000);
      child.kill('SIGTERM');
      expect(await worker.exited, worker.output()).toBe(0);
      expect(worker.output()).toMatch(/worker stopped/);
    } finally {
      if (child && child.exitCode === null) child.kill('SIGKILL');
    }
  }, 90_000);
});

describe('npm run rollups', () => {
  it('rebuilds with progress lines, then reconciles clean, and reports drift with exit code 1', async () => {
    const org = await someEntries();
    const env = { DATABASE_URL: tdb.url };
    const rebuild = run(
      'workers/src/cli.ts',
      ['rebuild', '--org', org.id, '--from', '2026-10-01', '--to', '2026-10-31'],
      env,
    );
    expect(await rebuild.exited, rebuild.output()).toBe(0);
    expect(rebuild.output()).toMatch(new RegExp(`\\[1/1\\] organization ${org.id}: 5 rows in \\d+ ms`));
    expect(rebuild.output()).toMatch(/rebuilt 5 rollup rows for 1 organization\(s\)/);
    expect((await rollupCells(tdb.db, org.id)).length).toBe(5);

    const clean = run('workers/src/cli.ts', ['reconcile'], env);
    expect(await clean.exited, clean.output()).toBe(0);
    expect(clean.output()).toMatch(/no drift/);

    await tdb.db.execute(sql`update weekly_rollups set seconds = seconds + 60
      where id = (select id from weekly_rollups where organization_id = ${org.id} limit 1)`);
    const drift = run('workers/src/cli.ts', ['reconcile', '--org', org.id], env);
    expect(await drift.exited, drift.output()).toBe(1);
    expect(drift.output()).toMatch(/drift .* expected \{"seconds":18000,.*\} actual \{"seconds":18060,/);
    expect(drift.output()).toMatch(/1 drifted cell\(s\)/);
  }, 90_000);

  it('explains its usage on bad arguments', async () => {
    const bad = run('workers/src/cli.ts', ['rebuild', '--from', '2026-13-01'], { DATABASE_URL: tdb.url });
    expect(await bad.exited, bad.output()).toBe(2);
    expect(bad.output()).toMatch(/--from must be a date[\s\S]*usage:/);
    const missing = run('workers/src/cli.ts', ['reconcile'], { DATABASE_URL: '' });
    expect(await missing.exited, missing.output()).toBe(2);
    expect(missing.output()).toMatch(/invalid configuration:\s+DATABASE_URL: is required[\s\S]*usage:/);
    // Checked as the worker checks it, and never echoed: a password in a wrong URL stays out of the logs.
    const wrong = run('workers/src/cli.ts', ['reconcile'], { DATABASE_URL: 'mysql://app:s3cret@db/proofwork' });
    expect(await wrong.exited, wrong.output()).toBe(2);
    expect(wrong.output()).toMatch(/DATABASE_URL=\(hidden\)/);
    expect(wrong.output()).not.toContain('s3cret');
    const org = run('workers/src/cli.ts', ['reconcile', '--org', 'acme'], { DATABASE_URL: tdb.url });
    expect(await org.exited, org.output()).toBe(2);
    expect(org.output()).toMatch(/--org must be an organization id/);
  }, 60_000);
});
