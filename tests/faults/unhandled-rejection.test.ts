// A query that fails with nobody waiting for it when the database goes away must not stop the API or
// a worker (it once ended the API during a PostgreSQL restart under load); any other unhandled
// rejection still ends the process. Both run in a child process, with a real terminated backend.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db';

const repoRoot = path.resolve(import.meta.dirname, '../..');
let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb?.drop();
});

function runChild(mode: 'database' | 'other') {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'tests/faults/unhandled-rejection.child.ts', tdb.url, mode],
    { cwd: repoRoot },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise<{ code: number | null; lines: Record<string, unknown>[]; stderr: string }>((resolve) =>
    child.on('exit', (code) =>
      resolve({
        code,
        stderr,
        lines: stdout
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as Record<string, unknown>),
      }),
    ),
  );
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
