// The committed migrations must describe exactly the drizzle schema.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MIGRATIONS_FOLDER, schema } from '@proofwork/db';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createOrganization, writeEntry } from '../pipeline/factories';
import { createTestDatabase, TEST_DATABASE_PATTERN, type TestDatabase } from '../support/db';

const repoRoot = path.resolve(import.meta.dirname, '../..');

describe('migrations', () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase();
  });
  afterAll(async () => {
    await tdb.drop();
  });

  it("leave the run's templates out of the leftovers a test run clears, which are the test files' own", async () => {
    const [row] = await tdb.db.execute<{ own: boolean; template: boolean; demo: boolean }>(sql`
      select ${tdb.name} like ${TEST_DATABASE_PATTERN} as own,
        'pw_tpl_0de90765d3fc' like ${TEST_DATABASE_PATTERN} as template,
        'pw_t_demo_755038bb' like ${TEST_DATABASE_PATTERN} as demo`);
    expect(row).toEqual({ own: true, template: false, demo: true });
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

  it('keep what an entry names without foreign keys: a named row is not deleted, deletions cascade', async () => {
    const { db } = tdb;
    const org = await createOrganization(db, { timeZone: 'Europe/Paris' });
    const member = await createMember(db, org);
    const idle = await createMember(db, org);
    const [category, spare] = [...org.categories.values()];
    const [brand, otherBrand] = org.brands;
    const deliverable = [...org.deliverables.keys()][0]!;
    const [job] = await db
      .insert(schema.imports)
      .values({
        organizationId: org.id,
        fileName: 'toggl.csv',
        fileSize: 1,
        detectedFormat: 'toggl',
        format: 'toggl',
        analysis: {},
        fileExpiresAt: new Date(),
      })
      .returning();
    const entries = [];
    for (let day = 1; day <= 3; day++) {
      const entry = await writeEntry(db, member, {
        categoryId: category!,
        brandId: brand!,
        deliverableId: deliverable,
        localDate: `2026-11-0${day}`,
        durationSeconds: 1800,
      });
      await db.execute(sql`update time_entries set import_id = ${job!.id}, created_by_member_id = ${member.id}
        where id = ${entry.id}`);
      await db.insert(schema.timeEntryEvents).values({
        organizationId: org.id,
        timeEntryId: entry.id,
        action: 'create',
        actorMemberId: member.id,
        after: {},
      });
      entries.push(entry);
    }
    const refused = async (statement: ReturnType<typeof sql>, named: string) => {
      const error = await db.execute(statement).then(
        () => null,
        (e: { cause?: { code?: string; message?: string } }) => e.cause ?? e,
      );
      expect(error).toMatchObject({ code: '23503' });
      expect((error as { message: string }).message).toContain(named);
    };
    await refused(sql`delete from categories where id = ${category}`, 'time_entries.category_id');
    await refused(sql`delete from brands where id = ${brand}`, 'time_entries.brand_id');
    await refused(sql`delete from deliverables where id = ${deliverable}`, 'time_entries.deliverable_id');
    await refused(sql`delete from imports where id = ${job!.id}`, 'time_entries.import_id');
    await refused(sql`delete from members where id = ${member.id}`, 'time_entries.member_id');
    // What no entry names is deleted as before.
    for (const statement of [
      sql`delete from categories where id = ${spare}`,
      sql`delete from brands where id = ${otherBrand}`,
      sql`delete from members where id = ${idle.id}`,
    ]) {
      expect((await db.execute(sql`${statement} returning 1`)).length).toBe(1);
    }

    const events = async () =>
      (await db.execute<{ n: number }>(sql`select count(*)::int as n from time_entry_events`))[0]!.n;
    expect(await events()).toBe(3);
    // An entry's deletion deletes its events (what the cascade did), not the others'.
    await db.execute(sql`delete from time_entries where id = ${entries[0]!.id}`);
    expect(await events()).toBe(2);
    // The organization's deletion deletes its entries and their events, and passes every guard.
    await db.execute(sql`delete from organizations where id = ${org.id}`);
    const [left] = await db.execute<{ entries: number; events: number; members: number }>(sql`
      select (select count(*) from time_entries)::int as entries, (select count(*) from time_entry_events)::int as events,
        (select count(*) from members where organization_id = ${org.id})::int as members`);
    expect(left).toEqual({ entries: 0, events: 0, members: 0 });
  });
});
