// Each test file gets its own database, cloned from the migrated template, dropped afterwards.
import { randomBytes } from 'node:crypto';
import { createDb, type Database } from '@proofwork/db';
import postgres from 'postgres';
import { inject } from 'vitest';
import { ADMIN_DATABASE_URL, databaseUrl } from './env';

export interface TestDatabase {
  name: string;
  url: string;
  db: Database;
  drop(): Promise<void>;
}

/**
 * LIKE pattern of the test files' databases (`pw_t_…`), which a killed run may leave behind. `_` is
 * LIKE's one-character wildcard, hence the escapes: 'pw_t_%' would also match the templates (`pw_tpl_…`).
 */
export const TEST_DATABASE_PATTERN = 'pw\\_t\\_%';

/** A database of this file's own, cloned from the migrated template (or from another template, by name). */
export async function createTestDatabase(template: string = inject('templateDatabase')): Promise<TestDatabase> {
  const name = `pw_t_${randomBytes(6).toString('hex')}`;
  const admin = postgres(ADMIN_DATABASE_URL, { max: 1, onnotice: () => {} });
  // CREATE DATABASE … TEMPLATE fails while another session uses the template; retry briefly.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.unsafe(`create database "${name}" template "${template}"`);
      break;
    } catch (error) {
      if (attempt > 20) throw error;
      await new Promise((r) => setTimeout(r, 100 + attempt * 50));
    }
  }
  await admin.end();
  const url = databaseUrl(name);
  const db = createDb(url, { max: 5 });
  return {
    name,
    url,
    db,
    async drop() {
      await db.close();
      const cleanup = postgres(ADMIN_DATABASE_URL, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists "${name}" with (force)`);
      await cleanup.end();
    },
  };
}

/** A short random key prefix so each test file's Redis keys never meet another's. */
export function testRedisPrefix(): string {
  return `pw-test-${randomBytes(4).toString('hex')}`;
}
