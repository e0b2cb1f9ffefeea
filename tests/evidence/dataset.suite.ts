// The evidence data set: entries streamed in id order with their flags, summary figures equal to
// the dashboards, and a hash anyone can recompute from the JSON export.
import { createHash } from 'node:crypto';
import {
  canonicalEntryLine,
  createDataSetHash,
  ENTRY_COLUMNS,
  type EvidenceEntry,
  evidenceSummary,
  schema,
  streamEvidenceEntries,
} from '@proofwork/db';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { FROM, TO, useDemo } from './fixture';

const ctx = useDemo();

describe('evidence data set', () => {
  it('streams every entry of the whole weeks once, in id order, with its flags', async () => {
    const ids: string[] = [];
    let batches = 0;
    const q = { from: FROM, to: TO, locale: 'fr' as const };
    for await (const batch of streamEvidenceEntries(ctx.tdb.db, ctx.orgId, q, 500)) {
      batches++;
      for (const e of batch) ids.push(e.id);
    }
    const [raw] = await ctx.tdb.db.execute<{ n: number }>(sql`select count(*)::int as n from time_entries
      where organization_id = ${ctx.orgId} and deleted_at is null and duration_seconds is not null
        and week_start between ${FROM} and ${TO}`);
    expect(ids.length).toBe(raw!.n);
    expect(batches).toBeGreaterThan(1);
    expect([...ids].sort()).toEqual(ids);
  });

  it('flags an entry edited after the fact and counts it in the methodology', async () => {
    const [entry] = await ctx.tdb.db.execute<{ id: string }>(sql`select id from time_entries
      where organization_id = ${ctx.orgId} and week_start between ${FROM} and ${TO} and deleted_at is null
      order by id desc limit 1`);
    await ctx.tdb.db.insert(schema.timeEntryEvents).values({
      organizationId: ctx.orgId,
      timeEntryId: entry!.id,
      action: 'update',
      before: { note: 'a' },
      after: { note: 'b' },
    });
    const q = { from: FROM, to: TO, locale: 'en' as const };
    const flagged: string[] = [];
    for await (const batch of streamEvidenceEntries(ctx.tdb.db, ctx.orgId, q))
      for (const e of batch) if (e.edited) flagged.push(e.id);
    expect(flagged).toEqual([entry!.id]);
    expect((await evidenceSummary(ctx.tdb.db, ctx.orgId, q)).methodology.edited).toBe(1);
  });

  it('streams an entry with several update events once, flagged', async () => {
    const [entry] = await ctx.tdb.db.execute<{ id: string }>(sql`select id from time_entries
      where organization_id = ${ctx.orgId} and week_start between ${FROM} and ${TO} and deleted_at is null
      order by id limit 1`);
    const edit = (note: string) => ({
      organizationId: ctx.orgId,
      timeEntryId: entry!.id,
      action: 'update' as const,
      before: { note: 'a' },
      after: { note },
    });
    await ctx.tdb.db.insert(schema.timeEntryEvents).values([edit('b'), edit('c'), edit('d')]);
    const q = { from: FROM, to: TO, locale: 'en' as const };
    const seen: EvidenceEntry[] = [];
    let total = 0;
    for await (const batch of streamEvidenceEntries(ctx.tdb.db, ctx.orgId, q, 300))
      for (const e of batch) {
        total++;
        if (e.id === entry!.id) seen.push(e);
      }
    expect(seen.map((e) => e.edited)).toEqual([true]);
    const [raw] = await ctx.tdb.db.execute<{ n: number }>(sql`select count(*)::int as n from time_entries
      where organization_id = ${ctx.orgId} and week_start between ${FROM} and ${TO}
        and deleted_at is null and duration_seconds is not null`);
    expect(total).toBe(raw!.n);
  });

  it('writes the canonical line in column order whatever the key order of the object', async () => {
    const q = { from: FROM, to: TO, locale: 'fr' as const };
    const stream = streamEvidenceEntries(ctx.tdb.db, ctx.orgId, q, 50);
    const first = (await stream.next()).value as EvidenceEntry[];
    await stream.return(undefined);
    for (const entry of first.slice(0, 20)) {
      const ordered = Object.fromEntries(ENTRY_COLUMNS.map((k) => [k, entry[k]]));
      const expected = `${JSON.stringify(ordered)}\n`;
      expect(canonicalEntryLine(entry)).toBe(expected);
      const reversed = Object.fromEntries(
        [...ENTRY_COLUMNS].reverse().map((k) => [k, entry[k]]),
      ) as unknown as EvidenceEntry;
      expect(canonicalEntryLine(reversed)).toBe(expected);
      const extra = { ...entry, internal: 'x' } as EvidenceEntry;
      expect(canonicalEntryLine(extra)).toBe(expected);
    }
  });

  it('filters by member and brand, in the entries and in the summary', async () => {
    const [pick] = await ctx.tdb.db.execute<{ member_id: string; brand_id: string }>(sql`
      select member_id, brand_id from time_entries where organization_id = ${ctx.orgId} and brand_id is not null
        and week_start between ${FROM} and ${TO} order by id limit 1`);
    const q = { from: FROM, to: TO, locale: 'en' as const, memberIds: [pick!.member_id] };
    let seconds = 0;
    const members = new Set<string>();
    for await (const batch of streamEvidenceEntries(ctx.tdb.db, ctx.orgId, q))
      for (const e of batch) {
        seconds += e.seconds;
        members.add(e.member);
      }
    expect(members.size).toBe(1);
    const summary = await evidenceSummary(ctx.tdb.db, ctx.orgId, q);
    expect(summary.totals.loggedSeconds).toBe(seconds);
    const team = (
      await ctx.manager.get(
        `/api/v1/organizations/${ctx.orgId}/dashboards/team?from=${FROM}&to=${TO}&memberId=${pick!.member_id}`,
      )
    ).json().items as { loggedSeconds: number }[];
    expect(seconds).toBe(team.reduce((a, r) => a + r.loggedSeconds, 0));

    const byBrand = { ...q, brandIds: [pick!.brand_id] };
    let brandSeconds = 0;
    const brands = new Set<string | null>();
    for await (const batch of streamEvidenceEntries(ctx.tdb.db, ctx.orgId, byBrand))
      for (const e of batch) {
        brandSeconds += e.seconds;
        brands.add(e.brand);
      }
    expect(brands.size).toBe(1);
    expect(brandSeconds).toBeLessThan(seconds);
    expect((await evidenceSummary(ctx.tdb.db, ctx.orgId, byBrand)).totals.loggedSeconds).toBe(brandSeconds);
  });

  it('anonymizes member names as Member 1…n', async () => {
    const names = new Set<string>();
    for await (const batch of streamEvidenceEntries(ctx.tdb.db, ctx.orgId, {
      from: FROM,
      to: TO,
      locale: 'en',
      anonymize: true,
    }))
      for (const e of batch) names.add(e.member);
    expect([...names].every((n) => /^Member \d+$/.test(n))).toBe(true);
    expect(names.has('Member 1')).toBe(true);
  });

  it('hashes the canonical lines', async () => {
    const h = createDataSetHash();
    const check = createHash('sha256');
    for await (const batch of streamEvidenceEntries(ctx.tdb.db, ctx.orgId, { from: FROM, to: TO, locale: 'en' }))
      for (const e of batch) {
        h.add(e);
        check.update(`${JSON.stringify(e)}\n`);
      }
    expect(h.digest()).toBe(check.digest('hex'));
  });

  it('summary totals equal the team dashboard', async () => {
    const s = await evidenceSummary(ctx.tdb.db, ctx.orgId, { from: FROM, to: TO, locale: 'en' });
    const team = (
      await ctx.manager.get(`/api/v1/organizations/${ctx.orgId}/dashboards/team?from=${FROM}&to=${TO}`)
    ).json().items as { loggedSeconds: number; overtimeSeconds: number }[];
    expect(s.totals.loggedSeconds).toBe(team.reduce((a, r) => a + r.loggedSeconds, 0));
    expect(s.totals.overtimeSeconds).toBe(team.reduce((a, r) => a + r.overtimeSeconds, 0));
    const skills = (
      await ctx.manager.get(`/api/v1/organizations/${ctx.orgId}/dashboards/skills?from=${FROM}&to=${TO}`)
    ).json();
    expect(s.totals.fte).toBeCloseTo(skills.fte, 10);
    expect(s.deliverableTypes.find((t) => t.key === 'post')?.perceivedSeconds).toBe(180);
    expect(s.methodology.entries).toBe(s.totals.entryCount);
    console.log(
      JSON.stringify({ ...s, memberWeeks: s.memberWeeks.length, weeks: s.weeks.length }, null, 1).slice(0, 3000),
    );
  });
});
