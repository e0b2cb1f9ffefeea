// Run by unhandled-rejection.test.ts in a process of its own, with the guard the API and the worker
// install. `database`: a query nobody waits for loses its backend (terminated, as in a restart);
// the rejection is logged and dropped, and the next query succeeds. `other`: any other unhandled
// rejection still ends the process as an uncaught exception. Prints one JSON line per step.
import { createDb, guardDatabaseRejections } from '@proofwork/db';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';

const [url, mode] = process.argv.slice(2) as [string, 'database' | 'other'];
const print = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);
guardDatabaseRejections({
  warn: (fields, message) => {
    const err = fields.err as { code?: string; cause?: { code?: string } };
    print({ warned: message, code: err.cause?.code ?? err.code });
  },
});

if (mode === 'other') {
  void Promise.reject(new Error('not a database error'));
  await new Promise((resolve) => setTimeout(resolve, 2000));
  print({ alive: true });
  process.exit(0);
}

const db = createDb(url, { max: 2 });
const killer = postgres(url, { max: 1, onnotice: () => {} });
const [self] = await killer<{ pid: number }[]>`select pg_backend_pid() as pid`;
const pid = self!.pid;
// A query whose promise has no rejection handler, on a backend that is then terminated.
void db.execute(sql.raw(`select pg_sleep(5) /* orphan-${pid} */`)).then(() => print({ orphan: 'finished' }));
let orphan: number | null = null;
for (let i = 0; i < 200 && orphan === null; i++) {
  await new Promise((resolve) => setTimeout(resolve, 10));
  const rows = await killer<{ pid: number }[]>`
    select pid from pg_stat_activity where query like ${`%orphan-${pid}%`} and pid <> pg_backend_pid()`;
  orphan = rows[0]?.pid ?? null;
}
print({ found: orphan !== null });
await killer`select pg_terminate_backend(${orphan})`;
await new Promise((resolve) => setTimeout(resolve, 500));
const [row] = await db.execute<{ one: number }>(sql`select 1 as one`);
print({ next: row?.one });
await killer.end();
await db.close();
print({ alive: true });
