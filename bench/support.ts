// What every bench shares: a database of its own (created, migrated, dropped), timing and
// percentiles, and the machine facts printed next to the figures.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { createDb, type Database, runMigrations } from '@proofwork/db';
import postgres from 'postgres';

export const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A DATA_DIR of its own for a bench's app (the mails it writes, uploads, exports), never the checkout's. */
export function scratchDataDir(): { path: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'pw-bench-data-'));
  return { path: dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface BenchDatabase {
  name: string;
  url: string;
  db: Database;
  drop(): Promise<void>;
}

/** A new, migrated database named pw_bench_…; `drop()` closes its clients and removes it. */
export async function createBenchDatabase(options: { max?: number } = {}): Promise<BenchDatabase> {
  const name = `pw_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const db = createDb(url.toString(), { max: options.max ?? 24 });
  await runMigrations(db);
  let dropped = false;
  return {
    name,
    url: url.toString(),
    db,
    async drop() {
      if (dropped) return;
      dropped = true;
      await db.close().catch(() => {});
      const again = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
      await again.unsafe(`drop database if exists "${name}" with (force)`);
      await again.end();
    },
  };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  max: number;
}

export function summary(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), max: sorted.at(-1) ?? 0 };
}

export async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await run();
  return [result, performance.now() - started];
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function loadAverage(): [number, number, number] {
  return loadavg().map((l) => Math.round(l * 100) / 100) as [number, number, number];
}

export interface MachineFacts {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  postgres: string;
  platform: string;
}

export async function machineFacts(): Promise<MachineFacts> {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  const [row] = await admin<{ version: string }[]>`select current_setting('server_version') as version`;
  await admin.end();
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    postgres: row?.version ?? 'unknown',
    platform: `${process.platform} ${process.arch}`,
  };
}

/** Progress lines on stderr, so stdout keeps only the report. */
export function log(line: string) {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
}

/** A TCP port free right now, so a server can be told its own public address before it listens. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
