// Database client factory: one typed drizzle handle over postgres.js, shared by the API, the
// workers, the CLI and the tests.
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema/index';

export type Schema = typeof schema;

export interface DbOptions {
  /** Pool size; the API and the workers each hold their own pool. */
  max?: number;
  /** postgres.js debug hook, for tests that count queries. */
  onnotice?: (notice: postgres.Notice) => void;
}

export function createDb(url: string, options: DbOptions = {}) {
  const sql = postgres(url, {
    max: options.max ?? 10,
    idle_timeout: 30,
    connect_timeout: 5,
    onnotice: options.onnotice ?? (() => {}),
    connection: { application_name: 'proofwork' },
  });
  const db = drizzle(sql, { schema, casing: 'snake_case' });
  return Object.assign(db, {
    $sql: sql,
    async close() {
      await sql.end({ timeout: 5 });
    },
  });
}

export type Database = ReturnType<typeof createDb>;
/** A transaction handle or the database itself: queries accept either. */
export type Executor = Database | Parameters<Parameters<Database['transaction']>[0]>[0];
