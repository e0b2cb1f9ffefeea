// The note search has a time budget: ILIKE costs up to note length × search length per row, so a
// search like "aaa…ab" over notes of "aaa…" costs ~50 times a plain one. Past its statement timeout
// the search is cancelled in PostgreSQL and answered 422 naming query.q, never a 500 or a minute.
import { listTimeEntries, SearchTimeoutError, schema, summarizeTimeEntries, type TimeEntryFilter } from '@proofwork/db';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { createOrganization } from '../support/factories';

const ENTRIES = 300;
const HOSTILE: TimeEntryFilter = { q: `${'a'.repeat(199)}b` };
const page = { order: 'asc' as const, after: null, limit: 10 };

let tdb: TestDatabase;
let app: Awaited<ReturnType<typeof buildTestApp>>;
let organizationId: string;

beforeAll(async () => {
  tdb = await createTestDatabase();
  const { organization, ownerMember } = await createOrganization(tdb.db);
  organizationId = organization.id;
  const [category] = await tdb.db.execute<{ id: string }>(
    sql`select id from categories where organization_id = ${organizationId} limit 1`,
  );
  await tdb.db.insert(schema.timeEntries).values(
    Array.from({ length: ENTRIES }, (_, i) => ({
      organizationId,
      memberId: ownerMember.id,
      categoryId: category!.id,
      durationSeconds: 600,
      localDate: `2026-11-${String(1 + (i % 28)).padStart(2, '0')}`,
      weekStart: '2026-11-02',
      source: 'manual' as const,
      note: `${'a'.repeat(1990)} montage ${i}`,
    })),
  );
  app = await buildTestApp({ db: tdb.db });
  // The list query with a 1 ms budget, behind the app's real error handler.
  app.get('/api/v1/probe-search', { config: { public: true } }, async () =>
    listTimeEntries(tdb.db, organizationId, HOSTILE, page, 1),
  );
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await tdb?.drop();
});

describe('note search time budget', () => {
  it('cancels a listing or a summary that outruns its budget', async () => {
    await expect(listTimeEntries(tdb.db, organizationId, HOSTILE, page, 1)).rejects.toBeInstanceOf(SearchTimeoutError);
    await expect(summarizeTimeEntries(tdb.db, organizationId, HOSTILE, 1)).rejects.toBeInstanceOf(SearchTimeoutError);
  });

  it('answers 422 search_too_slow naming query.q', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/probe-search' });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({
      error: 'search_too_slow',
      message: expect.any(String),
      details: [{ field: 'query.q', message: expect.any(String) }],
    });
  });

  it('searches as before within the default budget', async () => {
    expect(await listTimeEntries(tdb.db, organizationId, HOSTILE, page)).toEqual([]);
    const found = await listTimeEntries(tdb.db, organizationId, { q: 'MONTAGE 1' }, { ...page, limit: 500 });
    // "montage 1", "montage 10"…"montage 19", "montage 100"…"montage 199".
    expect(found).toHaveLength(1 + 10 + 100);
    const summary = await summarizeTimeEntries(tdb.db, organizationId, { q: 'montage' });
    expect(summary).toMatchObject({ entryCount: ENTRIES, totalSeconds: ENTRIES * 600 });
  });
});
