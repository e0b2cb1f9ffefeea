// Run by driver-close.test.ts in a process of its own: a transaction whose backend is terminated
// mid-query, several times over one pooled connection. Unpatched, postgres.js 3.4.9 throws from a
// timer callback (outside any caller) and the process dies; patched, each transaction rejects, and
// the next query on the same connection slot succeeds. Prints one JSON line per round.
import { createDb } from '@proofwork/db';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';

const url = process.argv[2]!;
const rounds = Number(process.argv[3] ?? 8);
// One connection, so every round reuses the slot whose socket died in the round before.
const db = createDb(url, { max: 1 });
const killer = postgres(url, { max: 1, onnotice: () => {} });

for (let round = 0; round < rounds; round++) {
  let pid: number | null = null;
  const transaction = db
    .transaction(async (tx) => {
      const [row] = await tx.execute<{ pid: number }>(sql`select pg_backend_pid() as pid`);
      pid = row!.pid;
      await tx.execute(sql`select pg_sleep(5)`);
    })
    .then(
      () => 'committed',
      (error: { code?: string; cause?: { code?: string } }) => error.cause?.code ?? error.code ?? 'error',
    );
  while (pid === null) await new Promise((resolve) => setTimeout(resolve, 10));
  await killer`select pg_terminate_backend(${pid})`;
  const outcome = await transaction;
  const next = await Promise.race([
    db.execute<{ one: number }>(sql`select 1 as one`).then(
      (rows) => `ok ${rows[0]!.one}`,
      (error: { code?: string; cause?: { code?: string } }) => `failed ${error.cause?.code ?? error.code}`,
    ),
    new Promise<string>((resolve) => setTimeout(() => resolve('hung'), 10_000).unref()),
  ]);
  console.log(JSON.stringify({ round, transaction: outcome, next }));
}
// A slot whose socket died under a query is left closed: ending the pool must not wait for it.
let lastPid: number | null = null;
const last = db
  .transaction(async (tx) => {
    const [row] = await tx.execute<{ pid: number }>(sql`select pg_backend_pid() as pid`);
    lastPid = row!.pid;
    await tx.execute(sql`select pg_sleep(5)`);
  })
  .catch(() => 'rejected');
while (lastPid === null) await new Promise((resolve) => setTimeout(resolve, 10));
await killer`select pg_terminate_backend(${lastPid})`;
await last;
await killer.end();
const closing = performance.now();
await db.close();
console.log(JSON.stringify({ closeMs: Math.round(performance.now() - closing) }));
