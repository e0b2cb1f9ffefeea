// The PostgreSQL driver must survive a connection that closes under a transaction (a restart, a
// failover, pg_terminate_backend). postgres.js 3.4.9 does not: a write it queued with setImmediate
// runs after the socket is gone and throws outside any caller (porsager/postgres#1066, #1154,
// #1208), and a slot whose socket died can fail or hang its next query or the pool's end.
// patches/ carries the fix, applied by `npm ci` (postinstall); this test fails without it. The same
// patch keeps a transaction whose connection closed from running its later statements on the
// reconnected session, outside any transaction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTsxChild } from '../support/child';
import { createTestDatabase, type TestDatabase } from '../support/db';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb?.drop();
});

const runChild = (url: string, rounds: number) =>
  runTsxChild('tests/faults/driver-close.child.ts', [url, String(rounds)]);

describe('a connection terminated under a transaction', () => {
  it('rejects the transaction, keeps the process alive, and the next query on the slot succeeds', async () => {
    const rounds = 8;
    const { code, stdout, stderr } = await runChild(tdb.url, rounds);
    expect(stderr).not.toMatch(/TypeError|Cannot read properties of null/);
    expect(code, stderr).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { transaction: string; next: string; closeMs?: number });
    const closed = lines.pop()!;
    expect(lines).toHaveLength(rounds);
    // Ending the pool finishes at once, not when the driver's 5 s end timeout gives up on a
    // connection that still thinks it has a query in flight.
    expect(closed.closeMs).toBeLessThan(4000);
    for (const line of lines) {
      // 57P01 (admin shutdown) or the socket's close, whichever the driver reads first.
      expect(['CONNECTION_CLOSED', '57P01']).toContain(line.transaction);
      expect(line.next).toBe('ok 1');
    }
  }, 60_000);
});

describe('a transaction whose connection closed between two of its statements', () => {
  it('fails its later statements instead of running them on the reconnected session', async () => {
    const { code, stdout, stderr } = await runTsxChild('tests/faults/orphan-transaction.child.ts', [tdb.url]);
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout.trim()) as { outcome: string; other: string; late: string; rows: number };
    // The transaction rejected (the request answered 503), another query reconnected the slot...
    expect(result.outcome).toBe('CONNECTION_CLOSED');
    expect(result.other).toBe('ok');
    // ...and the callback's next insert failed: unpatched, it ran outside any transaction and
    // committed (an entry written for a request its client was told had failed).
    expect(result.late).toBe('CONNECTION_CLOSED');
    expect(result.rows).toBe(0);
  }, 30_000);
});
