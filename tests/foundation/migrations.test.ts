// The committed migrations must describe exactly the drizzle schema.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MIGRATIONS_FOLDER } from '@proofwork/db';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db';

const repoRoot = path.resolve(import.meta.dirname, '../..');

describe('migrations', () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase();
  });
  afterAll(async () => {
    await tdb.drop();
  });

  it('match the schema: drizzle-kit has nothing left to generate', () => {
    // drizzle-kit wants `out` relative to its working directory.
    const out = mkdtempSync(path.join(repoRoot, 'node_modules', '.pw-migrations-'));
    try {
      cpSync(MIGRATIONS_FOLDER, out, { recursive: true });
      const config = path.join(out, 'drizzle.config.ts');
      writeFileSync(
        config,
        `export default { dialect: 'postgresql', schema: ${JSON.stringify(path.join(repoRoot, 'db/src/schema/index.ts'))}, out: ${JSON.stringify(path.relative(repoRoot, out))}, casing: 'snake_case' };\n`,
      );
      const before = readdirSync(out).filter((f) => f.endsWith('.sql'));
      const output = execFileSync(
        path.join(repoRoot, 'node_modules/.bin/drizzle-kit'),
        ['generate', '--config', config],
        {
          cwd: repoRoot,
          stdio: 'pipe',
          encoding: 'utf8',
        },
      );
      expect(output).toMatch(/No schema changes/);
      const after = readdirSync(out).filter((f) => f.endsWith('.sql'));
      expect(after).toEqual(before);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('give every tenant table a NOT NULL organization_id', async () => {
    const rows = await tdb.db.execute<{ table_name: string; is_nullable: string }>(sql`
      select table_name, is_nullable from information_schema.columns
      where table_schema = 'public' and column_name = 'organization_id'`);
    const tenantTables = rows.map((r) => r.table_name).sort();
    expect(tenantTables).toEqual(
      expect.arrayContaining([
        'brands',
        'categories',
        'deliverable_types',
        'deliverables',
        'dirty_member_weeks',
        'exports',
        'idempotency_keys',
        'invitations',
        'members',
        'share_links',
        'time_entries',
        'time_entry_events',
        'week_approvals',
        'weekly_rollups',
      ]),
    );
    expect(rows.filter((r) => r.is_nullable !== 'NO')).toEqual([]);
  });

  it('allow at most one running timer per member', async () => {
    const [{ indexdef }] = (await tdb.db.execute<{ indexdef: string }>(sql`
      select indexdef from pg_indexes where indexname = 'time_entries_member_id_running_idx'`)) as unknown as [
      { indexdef: string },
    ];
    expect(indexdef).toMatch(/UNIQUE INDEX/);
    expect(indexdef).toMatch(/ended_at IS NULL/);
  });
});
