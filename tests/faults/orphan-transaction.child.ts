// Run by driver-close.test.ts in a process of its own: a transaction whose backend is terminated
// while its callback is between two statements, on a pool of one connection that another query
// reconnects meanwhile. The transaction rejects at once (the request answers 503); its callback's
// next statement must then fail too, never run on the reconnected session outside any transaction
// (there it would commit on its own: an entry written while its client was told it was not).
import { createDb } from '@proofwork/db';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';

const url = process.argv[2]!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const db = createDb(url, { max: 1 });
const killer = postgres(url, { max: 1, onnotice: () => {} });
await killer`create table if not exists orphan_probe (n int)`;
await killer`truncate orphan_probe`;

let pid: number | null = null;
let late = 'not run';
const transaction = db
  .transaction(async (tx) => {
    const [row] = await tx.execute<{ pid: number }>(sql`select pg_backend_pid() as pid`);
    pid = row!.pid;
    await sleep(700);
    try {
      await tx.execute(sql`insert into orphan_probe values (1)`);
      late = 'ran';
    } catch (error) {
      late = (error as { cause?: { code?: string }; code?: string }).cause?.code ?? 'rejected';
      throw error;
    }
  })
  .then(
    () => 'committed',
    (error: { code?: string; cause?: { code?: string } }) => error.cause?.code ?? error.code ?? 'error',
  );
while (pid === null) await sleep(10);
await killer`select pg_terminate_backend(${pid})`;
await sleep(100);
// Another request's query on the same pool: it reconnects the connection the transaction had.
const other = await db.execute(sql`select 1 as one`).then(
  () => 'ok',
  () => 'error',
);
const outcome = await transaction;
await sleep(1200);
const [count] = await killer<{ n: number }[]>`select count(*)::int as n from orphan_probe`;
process.stdout.write(`${JSON.stringify({ outcome, other, late, rows: count!.n })}\n`);
await killer`drop table orphan_probe`;
await killer.end();
await db.close();
