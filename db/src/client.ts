// Database client factory: one typed drizzle handle over postgres.js, shared by the API, the
// workers, the CLI and the tests.
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema/index';

export type Schema = typeof schema;

export interface DbOptions {
  /** Pool size; the API and the workers each hold their own pool. */
  max?: number;
  /** postgres.js debug hook, for tests that count queries. */
  onnotice?: (notice: postgres.Notice) => void;
  /** Runs of a transaction that keeps failing on a transient conflict (default 4). */
  transactionAttempts?: number;
  /** Told of each transaction run again after a transient conflict. */
  onTransientRetry?: (error: unknown, attempt: number) => void;
}

/**
 * SQLSTATEs after which PostgreSQL has rolled the whole transaction back and running it again is
 * the cure: serialization failure, deadlock victim, lock not available (lock_timeout, NOWAIT).
 */
const TRANSIENT_CODES = new Set(['40001', '40P01', '55P03']);

/** The driver's SQLSTATE of an error, looking through drizzle's wrapper. */
export function sqlStateOf(error: unknown): string | undefined {
  for (
    let e = error, depth = 0;
    e && typeof e === 'object' && depth < 4;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

export function isTransientConflict(error: unknown): boolean {
  const code = sqlStateOf(error);
  return code !== undefined && TRANSIENT_CODES.has(code);
}

/** The driver's and the socket's codes for a database that can't be reached or went away. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  '57P01', // admin_shutdown: a fast shutdown or restart
  '57P02', // crash_shutdown: an immediate shutdown, or another backend crashed
  '57P03', // cannot_connect_now: starting up, in recovery
  '53300', // too_many_connections
]);

/**
 * Whether an error means the database is unreachable or going away (an outage: answer 503, wait
 * and retry) rather than a problem with the query. Class 08 SQLSTATEs are connection exceptions.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = sqlStateOf(error);
  return code !== undefined && (UNREACHABLE_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code));
}

const dialect = new PgDialect({ casing: 'snake_case' });

export function createDb(url: string, options: DbOptions = {}) {
  const sql = postgres(url, {
    max: options.max ?? 10,
    idle_timeout: 30,
    connect_timeout: 5,
    // Seconds before a connection that failed tries again. The driver's default grows to 20 s
    // with the failures of the whole pool, so after a restart of a few seconds the API would
    // keep answering 503 long after PostgreSQL is back; reconnecting happens only when a query
    // needs the connection, so a 1 s ceiling costs little during an outage.
    backoff: (retries: number) => (0.5 + Math.random() / 2) * Math.min(0.05 * 2 ** retries, 1),
    onnotice: options.onnotice ?? (() => {}),
    // JIT off for every session: Proofwork's statements run in milliseconds, and the member-week
    // figures' series are costed like millions of rows, so JIT compiled them for about a second
    // each. As a session default the dashboards read in one statement, with no transaction to
    // set it locally (three round trips saved on every read). work_mem 16 MB (PostgreSQL's default
    // is 4 MB): a two-year member-week view of 200 members sorts ~3 MB of rows, which spilled to
    // disk and took about 1.5 times as long; only the statements that sort or hash that much use it.
    connection: { application_name: 'proofwork', jit: 'off', work_mem: '16MB' },
  });
  const db = drizzle(sql, { schema, casing: 'snake_case' });
  const attempts = Math.max(1, options.transactionAttempts ?? 4);
  const runTransaction = db.transaction.bind(db);
  /**
   * A top-level transaction that loses a deadlock or a serialization check runs again, after a
   * short random pause (so the two that collided don't collide again), before the error reaches
   * a caller. Callbacks only talk to the database, so a rolled-back run leaves nothing behind.
   * Nested transactions (savepoints) are not retried: their outer transaction is.
   */
  const transaction: typeof db.transaction = async (fn, config) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await runTransaction(fn, config);
      } catch (error) {
        if (attempt >= attempts || !isTransientConflict(error)) throw error;
        options.onTransientRetry?.(error, attempt);
        await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt * (0.5 + Math.random())));
      }
    }
  };
  return Object.assign(db, {
    transaction,
    $sql: sql,
    /**
     * Runs a statement as a prepared statement of its connection. The ORM prepares only statements
     * given a name, and the driver sends any other statement with parameters in two round trips (it
     * asks the server for the parameters' types first, then binds them); a prepared statement is
     * described once per connection, then costs one round trip. For hot statements whose text does
     * not vary with their input (every variant of the text is kept by each connection).
     */
    async prepared<T = Record<string, unknown>>(statement: SQL): Promise<T[]> {
      const query = dialect.sqlToQuery(statement);
      return (await sql.unsafe(query.sql, query.params as never[], { prepare: true })) as unknown as T[];
    },
    async close() {
      await sql.end({ timeout: 5 });
    },
  });
}

export type Database = ReturnType<typeof createDb>;
/** A transaction handle or the database itself: queries accept either. */
export type Executor = Database | Parameters<Parameters<Database['transaction']>[0]>[0];

/** The postgres.js client under a drizzle database or transaction (for what drizzle does not do). */
export function clientOf(executor: Executor): postgres.Sql {
  return (executor as unknown as { session: { client: postgres.Sql } }).session.client;
}

/**
 * Runs a statement and returns its rows as arrays of column values, in the statement's order: the
 * driver builds no object per row, which for thousands of rows is about 40 % of the client's share
 * of a read (the dashboards' member-weeks). Works on the database or inside a transaction.
 */
export async function readValues(executor: Executor, statement: SQL): Promise<unknown[][]> {
  const query = dialect.sqlToQuery(statement);
  return (await clientOf(executor)
    .unsafe(query.sql, query.params as never[])
    .values()) as unknown[][];
}
