// Listing time entries: every filter, a cursor that returns every entry exactly once in both
// orders (ties on the same day and start included), and totals that equal SQL over the entries.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app';
import type { Client } from '../support/http';
import { createTeam, manualClock, signInPeople, type Team } from './time-entries.fixtures';

let t: Team;
let brandId: string;
let deliverableId: string;
const clock = manualClock('2026-11-25T14:00:00.000Z');
const ctx = useTestApp({ clock });

interface Listed {
  id: string;
  memberId: string;
  localDate: string;
  startedAt: string | null;
  durationSeconds: number | null;
}

async function readAll(client: Client, query: string, limit: number): Promise<{ items: Listed[]; pages: number }> {
  const items: Listed[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const after: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const res = await client.get(`${t.base}/time-entries?limit=${limit}&${query}${after}`);
    expect(res.statusCode, res.body).toBe(200);
    items.push(...res.json().items);
    cursor = res.json().nextCursor;
    pages++;
  } while (cursor);
  return { items, pages };
}

beforeAll(async () => {
  t = await createTeam(ctx.tdb.db, await signInPeople(ctx.app, ctx.tdb.db));
  brandId = (await t.owner.post(`${t.base}/brands`, { name: 'Le Fournil', slug: 'fournil' })).json().id;
  const type = (await t.owner.get(`${t.base}/deliverable-types`)).json().items[0];
  deliverableId = (await t.cm.post(`${t.base}/deliverables`, { deliverableTypeId: type.id, title: 'Reel' })).json().id;
  const categories = ['content.video', 'moderation', 'admin'];
  const entries = Array.from({ length: 60 }, (_, i) => {
    const day = `2026-11-${String(2 + (i % 20)).padStart(2, '0')}`;
    const fields = {
      categoryId: t.category(categories[i % 3]!),
      brandId: i % 4 === 0 ? brandId : null,
      platform: i % 5 === 0 ? 'instagram' : null,
      deliverableId: i % 6 === 0 ? deliverableId : null,
      tags: i % 7 === 0 ? ['xmas', '50%_off'] : [],
      note: i % 8 === 0 ? `Montage ${i} 100%_done` : `entry ${i}`,
      source: i % 9 === 0 ? 'import' : 'manual',
    };
    // Several entries share a day and a start, so the cursor's tie-break by id is exercised.
    return i % 2 === 0
      ? { ...fields, durationSeconds: 600 + i, localDate: day }
      : { ...fields, startedAt: `${day}T09:00:00+01:00`, endedAt: `${day}T10:00:00+01:00` };
  });
  const mine = await t.cm.post(`${t.base}/time-entries/bulk`, { entries });
  expect(mine.statusCode, mine.body).toBe(201);
  const theirs = await t.otherCm.post(`${t.base}/time-entries/bulk`, { entries: entries.slice(0, 15) });
  expect(theirs.statusCode).toBe(201);
  await t.cm.delete(`${t.base}/time-entries/${mine.json().ids[0]}`);
});

describe('cursor pagination', () => {
  it.each([
    ['asc', 1],
    ['asc', 7],
    ['desc', 7],
    ['desc', 500],
  ])('returns every entry exactly once, %s by %i', async (sort, limit) => {
    const { items, pages } = await readAll(t.manager, `sort=${sort}`, limit);
    const ids = items.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(74); // 60 + 15 − 1 deleted
    expect(pages).toBe(Math.ceil(74 / limit));
    const dates = items.map((e) => e.localDate);
    expect(dates).toEqual([...dates].sort((a, b) => (sort === 'asc' ? a.localeCompare(b) : b.localeCompare(a))));
  });

  it('stays stable when entries are added while paging', async () => {
    const first = (await t.cm.get(`${t.base}/time-entries?limit=10`)).json();
    const added = await t.cm.post(`${t.base}/time-entries`, {
      categoryId: t.category('admin'),
      durationSeconds: 60,
      localDate: '2026-11-01',
    });
    const rest = await readAll(t.cm, `cursor=${encodeURIComponent(first.nextCursor)}`, 50);
    const ids = [...first.items, ...rest.items].map((e: Listed) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain(added.json().id); // it sorts before the pages already read
    await t.cm.delete(`${t.base}/time-entries/${added.json().id}`);
  });

  it('refuses a forged cursor or one made for the other order', async () => {
    const page = (await t.cm.get(`${t.base}/time-entries?limit=2`)).json();
    const other = await t.cm.get(`${t.base}/time-entries?limit=2&sort=desc&cursor=${page.nextCursor}`);
    expect(other.statusCode).toBe(400);
    expect(other.json().details[0].field).toBe('query.cursor');
    for (const forged of ['nope', Buffer.from('["asc",1,2,3]').toString('base64url'), 'x'.repeat(501)]) {
      const res = await t.cm.get(`${t.base}/time-entries?cursor=${forged}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().details[0].field).toBe('query.cursor');
    }
  });
});

describe('filters', () => {
  async function ids(query: string) {
    return new Set((await readAll(t.manager, query, 500)).items.map((e) => e.id));
  }
  async function sqlIds(condition: ReturnType<typeof sql>) {
    const rows = await ctx.tdb.db.execute<{ id: string }>(
      sql`select id from time_entries where organization_id = ${t.organizationId} and deleted_at is null and ${condition}`,
    );
    return new Set(rows.map((r) => r.id));
  }

  it.each([
    ['memberId', () => `memberId=${t.cmId}`, () => sql`member_id = ${t.cmId}`],
    ['from/to', () => 'from=2026-11-05&to=2026-11-09', () => sql`local_date between '2026-11-05' and '2026-11-09'`],
    [
      'categoryId',
      () => `categoryId=${t.category('moderation')}`,
      () => sql`category_id = ${t.category('moderation')}`,
    ],
    ['brandId', () => `brandId=${brandId}`, () => sql`brand_id = ${brandId}`],
    ['platform', () => 'platform=instagram', () => sql`platform = 'instagram'`],
    ['tag', () => 'tag=50%25_off', () => sql`'50%_off' = any(tags)`],
    ['deliverableId', () => `deliverableId=${deliverableId}`, () => sql`deliverable_id = ${deliverableId}`],
    ['source', () => 'source=import', () => sql`source = 'import'`],
    ['q (case-insensitive, % and _ taken literally)', () => 'q=MONTAGE', () => sql`note ilike '%montage%'`],
    ['q with a wildcard character', () => 'q=100%25_d', () => sql`position('100%_d' in note) > 0`],
  ])('%s returns exactly the matching entries', async (_, query, condition) => {
    const expected = await sqlIds(condition());
    expect(expected.size).toBeGreaterThan(0);
    expect(await ids(query())).toEqual(expected);
  });

  it('takes % and _ in q literally (as LIKE wildcards, "y_1" would match "entry 1")', async () => {
    expect((await ids('q=y_1')).size).toBe(0);
    expect((await ids('q=y%251')).size).toBe(0);
  });

  it('combines filters', async () => {
    const expected = await sqlIds(sql`member_id = ${t.cmId} and platform = 'instagram' and source = 'import'`);
    expect(await ids(`memberId=${t.cmId}&platform=instagram&source=import`)).toEqual(expected);
  });

  it('refuses bad filters naming the field', async () => {
    for (const [query, field] of [
      ['from=2026-11-10&to=2026-11-01', 'query.to'],
      ['from=yesterday', 'query.from'],
      ['platform=myspace', 'query.platform'],
      ['limit=501', 'query.limit'],
      ['q=%07', 'query.q'],
      ['sort=sideways', 'query.sort'],
      ['unknown=1', 'query.unknown'],
    ] as const) {
      const res = await t.manager.get(`${t.base}/time-entries?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().details[0].field, query).toBe(field);
    }
  });
});

describe('summary', () => {
  it.each([
    ['everything', () => ''],
    ['one member and a range', () => `memberId=${t.cmId}&from=2026-11-05&to=2026-11-15`],
    ['a platform', () => 'platform=instagram'],
    ['nothing', () => 'from=2020-01-01&to=2020-01-31'],
  ])('totals for %s equal the sum over the listed entries, computed in SQL', async (_, filter) => {
    const query = filter();
    const listed = (await readAll(t.manager, query, 500)).items.map((e) => e.id);
    const summary = (await t.manager.get(`${t.base}/time-entries/summary?${query}`)).json();
    const [expected] = await ctx.tdb.db.execute<{ seconds: number; n: number }>(sql`
      select coalesce(sum(duration_seconds), 0)::int as seconds, count(*)::int as n
      from time_entries where id = any(${`{${listed.join(',')}}`}::uuid[])`);
    expect(summary.totalSeconds).toBe(expected!.seconds);
    expect(summary.entryCount).toBe(expected!.n);
    expect(summary.entryCount).toBe(listed.length);
    const perCategory = await ctx.tdb.db.execute<{ category_id: string; seconds: number; n: number }>(sql`
      select category_id, sum(duration_seconds)::int as seconds, count(*)::int as n
      from time_entries where id = any(${`{${listed.join(',')}}`}::uuid[]) group by category_id`);
    expect(
      summary.byCategory.map((c: { categoryId: string; seconds: number; entryCount: number }) => [
        c.categoryId,
        c.seconds,
        c.entryCount,
      ]),
    ).toEqual(expect.arrayContaining(perCategory.map((r) => [r.category_id, r.seconds, r.n])));
    expect(summary.byCategory).toHaveLength(perCategory.length);
  });

  it('a member’s summary covers their own entries only', async () => {
    const mine = (await t.cm.get(`${t.base}/time-entries/summary`)).json();
    const [expected] = await ctx.tdb.db.execute<{ n: number }>(
      sql`select count(*)::int as n from time_entries where member_id = ${t.cmId} and deleted_at is null`,
    );
    expect(mine.entryCount).toBe(expected!.n);
  });
});
