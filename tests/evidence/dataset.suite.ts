// The evidence data set: entries streamed in id order with their flags, summary figures equal to
// the dashboards, and a hash anyone can recompute from the JSON export.
import { createHash } from 'node:crypto';
import {
  canonicalEntryLine,
  createDataSetHash,
  createDb,
  ENTRY_COLUMNS,
  type EvidenceEntry,
  evidenceSummary,
  schema,
  streamEvidenceEntries,
  streamEvidenceRows,
} from '@proofwork/db';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { FROM, TO, useDemo } from './fixture';

const ctx = useDemo();

/**
 * The entries as one query joining every name, as the data set was built before names were looked
 * up in memory: the lines must not change (a hash of an older export must still match).
 */
async function joinedEntries(q: {
  from: string;
  to: string;
  locale: 'en' | 'fr';
  anonymize?: boolean;
  brandIds?: string[];
}) {
  const name = sql.raw(q.locale === 'fr' ? 'name_fr' : 'name_en');
  const brands = q.brandIds && q.brandIds.length > 0 ? `{${q.brandIds.join(',')}}` : null;
  return ctx.tdb.db.execute<EvidenceEntry & Record<string, unknown>>(sql`
    with org as (
      select id, (${q.from}::date - ((extract(isodow from ${q.from}::date)::int - week_start + 7) % 7))::date as first_week,
        (${q.to}::date - ((extract(isodow from ${q.to}::date)::int - week_start + 7) % 7))::date as last_week
      from organizations where id = ${ctx.orgId}),
    member_names as (
      select m.id, case when ${q.anonymize ?? false}::boolean
          then ${q.locale === 'fr' ? 'Membre ' : 'Member '}::text || row_number() over (order by lower(u.name), m.id)
          else u.name end as name
      from members m join users u on u.id = m.user_id
      where m.organization_id = ${ctx.orgId} and exists (
        select 1 from time_entries e, org where e.organization_id = ${ctx.orgId} and e.member_id = m.id
          and e.week_start between org.first_week and org.last_week
          and e.deleted_at is null and e.duration_seconds is not null
          and (${brands}::uuid[] is null or e.brand_id = any(${brands}::uuid[]))))
    select coalesce(e.origin_id, e.id) as id, mn.name as member,
      e.local_date::text as "localDate", e.week_start::text as "weekStart",
      to_char(e.started_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "startedAt",
      to_char(e.ended_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "endedAt",
      e.duration_seconds as seconds, round(e.duration_seconds / 3600.0, 4)::float8 as hours,
      c.key as "categoryKey", c.${name} as category, b.name as brand, e.platform::text as platform,
      t.key as "deliverableType", t.${name} as "deliverableTypeName", d.title as deliverable,
      d.quantity::int as "deliverableQuantity", e.tags, e.note, coalesce(e.origin_source, e.source)::text as source, e.is_late as late,
      coalesce(e.origin_edited, false) or exists (select 1 from time_entry_events ev
        where ev.time_entry_id = e.id and ev.action = 'update') as edited,
      a.status::text as "weekStatus"
    from time_entries e cross join org
    join member_names mn on mn.id = e.member_id
    join categories c on c.id = e.category_id
    left join brands b on b.id = e.brand_id
    left join deliverables d on d.id = e.deliverable_id
    left join deliverable_types t on t.id = d.deliverable_type_id
    left join week_approvals a on a.member_id = e.member_id and a.week_start = e.week_start
    where e.organization_id = ${ctx.orgId} and e.week_start between org.first_week and org.last_week
      and e.deleted_at is null and e.duration_seconds is not null
      and (${brands}::uuid[] is null or e.brand_id = any(${brands}::uuid[]))
    order by coalesce(e.origin_id, e.id)`);
}

describe('evidence data set', () => {
  it('gives the same lines as one query joining every name, in both languages, anonymized or not', async () => {
    const [brand] = await ctx.tdb.db.execute<{ id: string }>(
      sql`select brand_id as id from time_entries where organization_id = ${ctx.orgId} and brand_id is not null limit 1`,
    );
    const variants = [
      { from: FROM, to: TO, locale: 'fr' as const },
      { from: FROM, to: TO, locale: 'en' as const, anonymize: true },
      { from: FROM, to: TO, locale: 'en' as const, brandIds: [brand!.id] },
    ];
    for (const q of variants) {
      const streamed: string[] = [];
      for await (const batch of streamEvidenceEntries(ctx.tdb.db, ctx.orgId, q, 300))
        for (const e of batch) streamed.push(canonicalEntryLine(e));
      const joined = (await joinedEntries(q)).map((e) => canonicalEntryLine(e));
      expect(streamed.length).toBeGreaterThan(0);
      expect(streamed).toEqual(joined);
      // The writers that keep no entry read the same lines through one object per chunk.
      const read: string[] = [];
      const objects = new Set<EvidenceEntry>();
      for await (const rows of streamEvidenceRows(ctx.tdb.db, ctx.orgId, q))
        for (const e of rows) {
          objects.add(e);
          read.push(canonicalEntryLine(e));
        }
      expect(read).toEqual(joined);
      expect(objects.size).toBeLessThan(read.length / 10);
    }
    // The approvals are part of what these lines compared (the edits: the tests below).
    const all = await joinedEntries(variants[0]!);
    expect(all.some((e) => e.weekStatus !== null)).toBe(true);
  });

  it('reads back every character of notes and tags from the COPY stream (escapes, control characters)', async () => {
    const [row] = await ctx.tdb.db.execute<{ id: string; note: string; tags: string[] }>(sql`
      select id, note, tags from time_entries where organization_id = ${ctx.orgId} and deleted_at is null
        and duration_seconds is not null and week_start between ${FROM} and ${TO} order by id limit 1`);
    const note = 'back\\slash \\N\ttab\u0001\u001f\b\f\v "q" \\t é 🙂\r\n\\';
    const tags = ['a\\b', 'c"d', 'e\tf', 'x y', '\\N', '{}', 'g,h'];
    await ctx.tdb.db.update(schema.timeEntries).set({ note, tags }).where(eq(schema.timeEntries.id, row!.id));
    try {
      const q = { from: FROM, to: TO, locale: 'en' as const };
      const streamed: EvidenceEntry[] = [];
      for await (const batch of streamEvidenceEntries(ctx.tdb.db, ctx.orgId, q, 300)) streamed.push(...batch);
      const mine = streamed.find((e) => e.id === row!.id);
      expect(mine?.note).toBe(note);
      expect(mine?.tags).toEqual(tags);
      expect(streamed.map((e) => canonicalEntryLine(e))).toEqual(
        (await joinedEntries(q)).map((e) => canonicalEntryLine(e)),
      );
    } finally {
      await ctx.tdb.db
        .update(schema.timeEntries)
        .set({ note: row!.note, tags: row!.tags })
        .where(eq(schema.timeEntries.id, row!.id));
    }
  });

  it('leaves its connection usable when the reader stops early or reads a small period to its end', async () => {
    const q = { from: FROM, to: TO, locale: 'en' as const };
    for (let i = 0; i < 8; i++) {
      for await (const batch of streamEvidenceEntries(ctx.tdb.db, ctx.orgId, q, 50)) {
        expect(batch.length).toBeGreaterThan(0);
        break;
      }
      const [row] = await ctx.tdb.db.execute<{ one: number }>(sql`select 1 as one`);
      expect(row!.one).toBe(1);
    }
    for (let i = 0; i < 8; i++) {
      let n = 0;
      for await (const batch of streamEvidenceEntries(ctx.tdb.db, ctx.orgId, { ...q, to: FROM })) n += batch.length;
      expect(n).toBeGreaterThan(0);
    }
  });

  it('streams on a connection of its own: a query sent meanwhile waits for it, never fails behind the COPY', async () => {
    // One connection in the pool: the driver would pipeline the query onto the COPY's connection.
    const db = createDb(ctx.tdb.url, { max: 1 });
    try {
      const stream = streamEvidenceEntries(db, ctx.orgId, { from: FROM, to: TO, locale: 'en' }, 50);
      const first = await stream.next();
      expect(first.done).toBe(false);
      const meanwhile = Promise.resolve(db.execute<{ one: number }>(sql`select 1 as one`)).then(
        (rows) => rows,
        (error: unknown) => error,
      );
      let streamed = (first.value as EvidenceEntry[]).length;
      for await (const batch of stream) streamed += batch.length;
      expect(streamed).toBeGreaterThan(100);
      const answer = await meanwhile;
      expect(answer).not.toBeInstanceOf(Error);
      expect((answer as { one: number }[])[0]!.one).toBe(1);
    } finally {
      await db.close();
    }
  });

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

  it('counts the methodology as the entries say: sources, late, duration-only, member-weeks, approvals', async () => {
    const q = { from: FROM, to: TO, locale: 'en' as const };
    const { methodology } = await evidenceSummary(ctx.tdb.db, ctx.orgId, q);
    const scope = sql`e.organization_id = ${ctx.orgId} and e.week_start between ${FROM} and ${TO}
      and e.deleted_at is null and e.duration_seconds is not null`;
    const bySource = await ctx.tdb.db.execute<{ source: string; n: number; seconds: number }>(sql`
      select e.source::text as source, count(*)::int as n, sum(e.duration_seconds)::int as seconds
      from time_entries e where ${scope} group by 1`);
    const [counts] = await ctx.tdb.db.execute<Record<string, number>>(sql`
      select count(*)::int as entries, count(*) filter (where e.is_late)::int as late,
        count(*) filter (where e.started_at is null)::int as "durationOnly",
        count(*) filter (where exists (select 1 from time_entry_events ev
          where ev.time_entry_id = e.id and ev.action = 'update'))::int as edited,
        count(distinct (e.member_id, e.week_start))::int as "memberWeeks",
        count(distinct (e.member_id, e.week_start)) filter (where a.status = 'approved')::int as "approvedMemberWeeks"
      from time_entries e
      left join week_approvals a on a.member_id = e.member_id and a.week_start = e.week_start
      where ${scope}`);
    expect(methodology).toMatchObject({
      ...counts,
      bySource: Object.fromEntries(bySource.map((r) => [r.source, r.n])),
      secondsBySource: Object.fromEntries(bySource.map((r) => [r.source, r.seconds])),
    });
    // The demo holds every kind that these counts tell apart.
    expect([counts!.late, counts!.durationOnly, counts!.approvedMemberWeeks].every((n) => n! > 0)).toBe(true);
    expect(bySource.length).toBeGreaterThan(1);
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
    expect(summary.allWeeks.loggedSeconds).toBe(seconds);
    // The filtered pack computes the figures of that member alone: the same as in the team's pack.
    const whole = await evidenceSummary(ctx.tdb.db, ctx.orgId, { from: FROM, to: TO, locale: 'en' });
    const ofPick = (rows: { memberId: string | null }[]) => rows.filter((r) => r.memberId === pick!.member_id);
    expect(summary.members).toEqual(ofPick(whole.members));
    expect(summary.memberWeeks).toEqual(ofPick(whole.memberWeeks));
    expect(summary.memberWeeks.length).toBeGreaterThan(1);
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
    expect((await evidenceSummary(ctx.tdb.db, ctx.orgId, byBrand)).allWeeks.loggedSeconds).toBe(brandSeconds);
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
    const coverage = (await evidenceSummary(ctx.tdb.db, ctx.orgId, { from: FROM, to: TO, locale: 'en' })).coverage
      .lines;
    expect(coverage.length).toBeGreaterThan(0);
    for (const line of coverage) check.update(`${JSON.stringify(line)}\n`);
    expect(h.digest(coverage)).toBe(check.digest('hex'));
  });

  it('summary totals equal the team dashboard: the headline its complete weeks, the tables every week', async () => {
    const s = await evidenceSummary(ctx.tdb.db, ctx.orgId, { from: FROM, to: TO, locale: 'en' });
    type Row = { loggedSeconds: number; expectedSeconds: number; overtimeSeconds: number };
    const base = `/api/v1/organizations/${ctx.orgId}/dashboards`;
    const complete = (await ctx.manager.get(`${base}/team?from=${FROM}&to=${TO}&completeOnly=true`)).json()
      .items as Row[];
    expect(s.totals.loggedSeconds).toBe(complete.reduce((a, r) => a + r.loggedSeconds, 0));
    expect(s.totals.expectedSeconds).toBe(complete.reduce((a, r) => a + r.expectedSeconds, 0));
    expect(s.totals.overtimeSeconds).toBe(complete.reduce((a, r) => a + r.overtimeSeconds, 0));
    const all = (await ctx.manager.get(`${base}/team?from=${FROM}&to=${TO}`)).json().items as Row[];
    expect(s.allWeeks.loggedSeconds).toBe(all.reduce((a, r) => a + r.loggedSeconds, 0));
    expect(s.allWeeks.expectedSeconds).toBe(all.reduce((a, r) => a + r.expectedSeconds, 0));
    expect(s.totals.loggedSeconds).toBeLessThan(s.allWeeks.loggedSeconds);
    const skills = (await ctx.manager.get(`${base}/skills?from=${FROM}&to=${TO}&completeOnly=true`)).json();
    expect(s.totals.fte).toBeCloseTo(skills.fte, 10);
    expect(s.deliverableTypes.find((t) => t.key === 'post')?.perceivedSeconds).toBe(180);
    const deliverables = (await ctx.manager.get(`${base}/deliverables?from=${FROM}&to=${TO}&completeOnly=true`)).json()
      .items as { key: string; medianSeconds: number | null }[];
    for (const t of s.deliverableTypes) {
      expect(t.medianSeconds).toBe(deliverables.find((d) => d.key === t.key)?.medianSeconds ?? null);
    }
    expect(s.methodology.entries).toBe(s.allWeeks.loggedSeconds > 0 ? s.methodology.entries : 0);
    console.log(
      JSON.stringify({ ...s, memberWeeks: s.memberWeeks.length, weeks: s.weeks.length }, null, 1).slice(0, 3000),
    );
  });
});
