// Builds one migrated template database per migration set; each test file clones it (fast).
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createDb, MIGRATIONS_FOLDER, runMigrations, seedDemo } from '@proofwork/db';
import { passwordHasher } from '@proofwork/server/passwords';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { TEST_DATABASE_PATTERN } from './db';
import { ADMIN_DATABASE_URL, databaseUrl } from './env';
import { ensureWebBuild } from './web-build';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
    /** The browser project's template: migrated and seeded with the demo organizations, as of this run. */
    demoDatabase: string;
  }
}

function migrationsHash(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(MIGRATIONS_FOLDER).sort()) {
    if (file.endsWith('.sql')) hash.update(file).update(readFileSync(path.join(MIGRATIONS_FOLDER, file)));
  }
  return hash.digest('hex').slice(0, 12);
}

export default async function setup(project: TestProject) {
  if (project.name === 'browser') ensureWebBuild();
  const template = `pw_tpl_${migrationsHash()}`;
  const admin = postgres(ADMIN_DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    // Serialise concurrent runs that would build the same template.
    await admin`select pg_advisory_lock(7251002002)`;
    const exists = await admin`select 1 from pg_database where datname = ${template}`;
    if (exists.length === 0) {
      await admin.unsafe(`create database "${template}_building"`).catch(async () => {
        await admin.unsafe(`drop database if exists "${template}_building" with (force)`);
        await admin.unsafe(`create database "${template}_building"`);
      });
      const db = createDb(databaseUrl(`${template}_building`), { max: 2 });
      await runMigrations(db);
      await db.close();
      await admin.unsafe(`alter database "${template}_building" rename to "${template}"`);
    }
    // Drop databases left behind by test runs that were killed: the test files' clones (`pw_t_…`), never
    // a template (`pw_tpl_…`). `_` is LIKE's one-character wildcard, so it is escaped: unescaped,
    // 'pw_t_%' also matched every template, and a template older than the cut-off was dropped right
    // after this run had found it (the demo clone below then failed on a missing template).
    const stale = await admin<{ datname: string }[]>`
      select datname from pg_database where datname like ${TEST_DATABASE_PATTERN}
      and (pg_stat_file('base/' || oid || '/PG_VERSION', true)).modification < now() - interval '2 hours'`;
    for (const { datname } of stale) await admin.unsafe(`drop database if exists "${datname}" with (force)`);
    await admin`select pg_advisory_unlock(7251002002)`;
  } finally {
    await admin.end();
  }
  project.provide('templateDatabase', template);
  if (project.name !== 'browser') return;

  // Every browser file serves the demo organizations: seed them once per run (the demo's weeks are
  // relative to today) and let each file clone the result, instead of seeding it seventeen times.
  const demo = `pw_t_demo_${randomBytes(4).toString('hex')}`;
  const seeding = postgres(ADMIN_DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    await seeding.unsafe(`create database "${demo}" template "${template}"`);
  } finally {
    await seeding.end();
  }
  const db = createDb(databaseUrl(demo), { max: 2 });
  try {
    // The test apps hash passwords the cheap way (PASSWORD_HASHING=fast, tests/support/app.ts).
    await seedDemo(db, { now: new Date(), hashPassword: passwordHasher('fast').hash });
  } finally {
    await db.close();
  }
  project.provide('demoDatabase', demo);
  return async () => {
    const cleanup = postgres(ADMIN_DATABASE_URL, { max: 1, onnotice: () => {} });
    await cleanup.unsafe(`drop database if exists "${demo}" with (force)`);
    await cleanup.end();
  };
}
