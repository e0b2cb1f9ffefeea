// A query that fails with nobody waiting for it when the database goes away must not stop the API or
// a worker (it once ended the API during a PostgreSQL restart under load); any other unhandled
// rejection still ends the process. Both run in a child process, with a real terminated backend.
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

async function runChild(mode: 'database' | 'other') {
  const { code, stdout, stderr } = await runTsxChild('tests/faults/unhandled-rejection.child.ts', [tdb.url, mode]);
  const lines = stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { code, lines, stderr };
}

describe('an unhandled rejection', () => {
  it('from a query whose backend was terminated is logged and dropped; the next query succeeds', async () => {
    const { code, lines, stderr } = await runChild('database');
    expect(code, stderr).toBe(0);
    expect(lines).toContainEqual({ found: true });
    const warned = lines.find((l) => 'warned' in l);
    expect(warned, JSON.stringify(lines)).toBeDefined();
    expect(['CONNECTION_CLOSED', '57P01']).toContain(warned!.code);
    expect(lines).toContainEqual({ next: 1 });
    expect(lines.at(-1)).toEqual({ alive: true });
    expect(lines.some((l) => 'orphan' in l)).toBe(false);
  });

  it('of any other kind still ends the process', async () => {
    const { code, lines, stderr } = await runChild('other');
    expect(code).toBe(1);
    expect(stderr).toContain('not a database error');
    expect(lines).not.toContainEqual({ alive: true });
  });
});
