// Dashboard API on the demo organizations: numbers equal SQL over raw entries, members see only
// themselves, and the event stream announces refreshed weeks.
import { DEMO_PASSWORD, evidenceSummary, rebuildRollups, recomputeMemberWeek, seedDemo } from '@proofwork/db';
import { hashPassword } from 'better-auth/crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { type Client, ORIGIN, signIn } from '../support/http';

let tdb: TestDatabase;
let app: Awaited<ReturnType<typeof buildTestApp>>;
let manager: Client & { cookie: string };
let cm: Client;
let orgId: string;
let cmMemberId: string;
const now = new Date('2026-11-25T14:00:00Z');
const range = 'from=2026-09-01&to=2026-11-29';

beforeAll(async () => {
  tdb = await createTestDatabase();
  await seedDemo(tdb.db, { now, hashPassword });
  await rebuildRollups(tdb.db);
  app = await buildTestApp({ db: tdb.db });
  await app.listen({ host: '127.0.0.1', port: 0 });
  manager = await signIn(app, 'manager@lumen.example', DEMO_PASSWORD);
  cm = await signIn(app, 'cm@lumen.example', DEMO_PASSWORD);
  const me = (await cm.get('/api/v1/me')).json();
  orgId = me.memberships[0].organizationId;
  cmMemberId = me.memberships[0].memberId;
});
afterAll(async () => {
  await app.close();
  await tdb.drop();
});

describe('dashboards', () => {
  it('team totals equal SQL over raw entries', async () => {
    const res = await manager.get(`/api/v1/organizations/${orgId}/dashboards/team?${range}`);
    expect(res.statusCode).toBe(200);
    const items = res.json().items as {
      memberId: string;
      weekStart: string;
      loggedSeconds: number;
      weekendSeconds: number;
    }[];
    const raw = await tdb.db.execute<{ member_id: string; week_start: string; seconds: number }>(sql`
      select member_id, week_start::text, sum(duration_seconds)::int as seconds from time_entries
      where organization_id = ${orgId} and deleted_at is null and duration_seconds is not null
        and week_start between '2026-09-01' and '2026-11-29'
      group by 1, 2 order by 1, 2`);
    // Member-weeks without time are rows too (coverage 0): compare those with time.
    const fromApi = items
      .filter((i) => i.loggedSeconds > 0)
      .map((i) => ({ member_id: i.memberId, week_start: i.weekStart, seconds: i.loggedSeconds }))
      .sort((a, b) => a.member_id.localeCompare(b.member_id) || a.week_start.localeCompare(b.week_start));
    expect(fromApi).toEqual(raw.map((r) => ({ ...r })));
    expect(items.some((i) => i.weekendSeconds > 0)).toBe(true);
  });

  it('category mix totals equal SQL over raw entries', async () => {
    const items = (await manager.get(`/api/v1/organizations/${orgId}/dashboards/categories?${range}`)).json().items as {
      label: string;
      seconds: number;
    }[];
    const total = items.reduce((s, i) => s + i.seconds, 0);
    const [raw] = await tdb.db.execute<{ seconds: number }>(sql`
      select sum(duration_seconds)::float8 as seconds from time_entries
      where organization_id = ${orgId} and deleted_at is null and week_start between '2026-09-01' and '2026-11-29'`);
    expect(total).toBe(raw!.seconds);
  });

  it('shows the "3-minute post" gap per deliverable type', async () => {
    const items = (await manager.get(`/api/v1/organizations/${orgId}/dashboards/deliverables?${range}`)).json()
      .items as {
      key: string;
      perceivedSeconds: number;
      multiplier: number | null;
    }[];
    const post = items.find((i) => i.key === 'post');
    expect(post?.perceivedSeconds).toBe(180);
    expect(post?.multiplier).toBeGreaterThan(5);
  });

  it('counts each deliverable once (as many as it stands for), as SQL over raw entries does', async () => {
    const items = (await manager.get(`/api/v1/organizations/${orgId}/dashboards/deliverables?${range}`)).json()
      .items as {
      key: string;
      deliverableCount: number;
      measuredSeconds: number;
    }[];
    const raw = await tdb.db.execute<{ key: string; deliverables: number; seconds: number }>(sql`
      select x.key, sum(x.quantity)::int as deliverables, sum(x.seconds)::float8 as seconds from (
        select t.key, d.id, d.quantity, sum(e.duration_seconds) as seconds
        from time_entries e join deliverables d on d.id = e.deliverable_id join deliverable_types t on t.id = d.deliverable_type_id
        where e.organization_id = ${orgId} and e.deleted_at is null and e.duration_seconds is not null
          and e.week_start between '2026-09-01' and '2026-11-29'
        group by t.key, d.id) x
      group by x.key order by x.key`);
    const fromApi = items
      .map((i) => ({ key: i.key, deliverables: i.deliverableCount, seconds: i.measuredSeconds }))
      .sort((a, b) => a.key.localeCompare(b.key));
    expect(fromApi).toEqual(raw.map((r) => ({ ...r })));
  });

  it('gives the median time per deliverable as SQL over raw entries, the same as the evidence pack', async () => {
    const items = (await manager.get(`/api/v1/organizations/${orgId}/dashboards/deliverables?${range}`)).json()
      .items as {
      key: string;
      perceivedSeconds: number;
      medianSeconds: number | null;
      medianMultiplier: number | null;
    }[];
    const raw = await tdb.db.execute<{ key: string; median: number }>(sql`
      select key, percentile_cont(0.5) within group (order by seconds)::float8 as median from (
        select t.key, e.deliverable_id, sum(e.duration_seconds) as seconds
        from time_entries e join deliverables d on d.id = e.deliverable_id
          join deliverable_types t on t.id = d.deliverable_type_id
        where e.organization_id = ${orgId} and e.deleted_at is null and e.duration_seconds is not null
          and e.week_start between '2026-09-01' and '2026-11-29'
        group by t.key, e.deliverable_id) per_deliverable
      group by key order by key`);
    expect(raw.length).toBeGreaterThan(0);
    const fromApi = items
      .map((i) => ({ key: i.key, median: i.medianSeconds }))
      .sort((a, b) => a.key.localeCompare(b.key));
    expect(fromApi).toEqual(raw.map((r) => ({ ...r })));
    for (const item of items) expect(item.medianMultiplier).toBeCloseTo(item.medianSeconds! / item.perceivedSeconds, 9);

    // The evidence pack's medians read the complete member-weeks, as "complete weeks only" does.
    const complete = (
      await manager.get(`/api/v1/organizations/${orgId}/dashboards/deliverables?${range}&completeOnly=true`)
    ).json().items as { key: string; medianSeconds: number | null }[];
    const evidence = await evidenceSummary(tdb.db, orgId, {
      from: '2026-09-01',
      to: '2026-11-29',
      locale: 'en',
      today: '2026-11-25',
    });
    expect(
      evidence.deliverableTypes
        .map((t) => ({ key: t.key, median: t.medianSeconds }))
        .sort((a, b) => a.key.localeCompare(b.key)),
    ).toEqual(
      complete.map((i) => ({ key: i.key, median: i.medianSeconds })).sort((a, b) => a.key.localeCompare(b.key)),
    );
  });

  it('gives a member their own numbers only', async () => {
    const mine = (await cm.get(`/api/v1/organizations/${orgId}/dashboards/team?${range}`)).json().items as {
      memberId: string;
    }[];
    expect(mine.length).toBeGreaterThan(0);
    expect(new Set(mine.map((i) => i.memberId))).toEqual(new Set([cmMemberId]));
    const team = (await manager.get(`/api/v1/organizations/${orgId}/dashboards/team?${range}`)).json().items as {
      memberId: string;
    }[];
    const someoneElse = team.find((i) => i.memberId !== cmMemberId)!.memberId;
    expect(
      (await cm.get(`/api/v1/organizations/${orgId}/dashboards/team?${range}&memberId=${someoneElse}`)).statusCode,
    ).toBe(403);
  });

  it('refuses a period that ends before it starts, naming the field', async () => {
    const res = await manager.get(`/api/v1/organizations/${orgId}/dashboards/skills?from=2026-11-30&to=2026-11-01`);
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('query.to');
  });

  it('streams an event when a week the member can see is refreshed', async () => {
    const address = app.server.address() as { port: number };
    const controller = new AbortController();
    const response = await fetch(`http://127.0.0.1:${address.port}/api/v1/organizations/${orgId}/dashboards/events`, {
      headers: { cookie: manager.cookie, origin: ORIGIN },
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    await reader.read(); // the "connected" comment: the stream is listening
    await recomputeMemberWeek(tdb.db, orgId, { memberId: cmMemberId, weekStart: '2026-11-23' });
    // A read that never returns is cut after 5 s, and the assertions below say what was missing.
    const timeout = setTimeout(() => controller.abort(), 5000);
    try {
      while (!received.includes('event: rollup')) {
        const { value, done } = await reader.read();
        if (done) break;
        received += decoder.decode(value);
      }
    } catch {
      // aborted: fall through to the assertions
    } finally {
      clearTimeout(timeout);
      controller.abort();
    }
    expect(received).toContain('event: rollup');
    expect(received).toContain(`"memberId":"${cmMemberId}"`);
    expect(received).toContain('"weekStart":"2026-11-23"');
  });

  it("shows a category's time under its new group on the team overview once it changes group", async () => {
    const [moved] = await tdb.db.execute<{ id: string; group: string }>(sql`
      select c.id, c."group" from categories c join time_entries e on e.category_id = c.id
      where c.organization_id = ${orgId} and e.deleted_at is null and e.week_start between '2026-09-01' and '2026-11-29'
      group by c.id order by count(*) desc limit 1`);
    const to = moved!.group === 'growth' ? 'insight' : 'growth';
    const res = await manager.patch(`/api/v1/organizations/${orgId}/categories/${moved!.id}`, { group: to });
    expect(res.statusCode, res.body).toBe(200);
    const items = (await manager.get(`/api/v1/organizations/${orgId}/dashboards/team?${range}`)).json().items as {
      memberId: string;
      weekStart: string;
      byGroup: Record<string, number>;
    }[];
    // Per member-week and group, as SQL over the raw entries with the categories as they are now.
    const raw = await tdb.db.execute<{ member_id: string; week_start: string; by_group: Record<string, number> }>(sql`
      select member_id, week_start::text, jsonb_object_agg(grp, seconds) as by_group from (
        select e.member_id, e.week_start, c."group" as grp, sum(e.duration_seconds)::float8 as seconds
        from time_entries e join categories c on c.id = e.category_id
        where e.organization_id = ${orgId} and e.deleted_at is null and e.duration_seconds is not null
          and e.week_start between '2026-09-01' and '2026-11-29'
        group by 1, 2, 3) g
      group by 1, 2 order by 1, 2`);
    const fromApi = items
      .filter((i) => Object.keys(i.byGroup).length > 0)
      .map((i) => ({ member_id: i.memberId, week_start: i.weekStart, by_group: i.byGroup }))
      .sort((a, b) => a.member_id.localeCompare(b.member_id) || a.week_start.localeCompare(b.week_start));
    expect(fromApi).toEqual(raw.map((r) => ({ ...r })));
    expect(fromApi.some((r) => (r.by_group[to] ?? 0) > 0)).toBe(true);
  });
});
