// The after-hours / weekend split has one definition in two languages: `splitOfEntry` in core and
// the rollups' SQL (`entrySplitsSql`). Random entries — past midnight, across weekends, around the
// 2026 clock changes of Paris and New York (and of zones that change on weekdays), for members in
// another zone than their organization, with overlapping, split, inverted and many schedule slots —
// must get the same seconds from both. Each run writes a batch of entries and reads every split
// back in one statement, so thousands of cases stay fast.
import { TZDate } from '@date-fns/tz';
import { type IsoWeekday, localDateOf, splitOfEntry, type WorkingSchedule, weekStartOf } from '@proofwork/core';
import { entrySplitsSql, memberZonesSql, schema } from '@proofwork/db';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { createMember, createOrganization, weekdays } from './factories';

const ORGANIZATION_ZONES = ['Europe/Paris', 'America/New_York'] as const;
/** Members' own zones: the organizations', a half-hour offset, the southern hemisphere, and two zones
 *  whose clocks change on weekdays (Cairo on a Friday at midnight and a Thursday at 24:00, Jerusalem
 *  on a Friday at 02:00), where slot edges fall in skipped or repeated wall time. */
const MEMBER_ZONES = [...ORGANIZATION_ZONES, 'Asia/Kolkata', 'Australia/Sydney', 'Africa/Cairo', 'Asia/Jerusalem'];

const offsetOf = (instant: number, zone: string) => new TZDate(instant, zone).getTimezoneOffset();

/** The instants at which a zone's clocks change in 2026, found from the zone data (to the minute). */
function clockChanges(zone: string): number[] {
  const changes: number[] = [];
  const year = Date.UTC(2026, 0, 1);
  for (let t = year; t < Date.UTC(2027, 0, 1); t += 3_600_000) {
    if (offsetOf(t, zone) === offsetOf(t + 3_600_000, zone)) continue;
    let [lo, hi] = [t, t + 3_600_000];
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (offsetOf(mid, zone) === offsetOf(t, zone)) lo = mid;
      else hi = mid;
    }
    changes.push(hi);
  }
  return changes;
}

/** Clock changes of every zone in play, and Friday evenings (weekend edges) in winter and summer. */
const ANCHORS = [
  ...new Set(MEMBER_ZONES.flatMap(clockChanges)),
  Date.parse('2026-11-27T21:00:00Z'),
  Date.parse('2026-07-03T20:00:00Z'),
  Date.parse('2026-01-09T23:30:00Z'),
];

const clock = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const PRESET_SCHEDULES: WorkingSchedule[] = [
  weekdays('09:00', '18:00'),
  [...weekdays('08:00', '12:00'), ...weekdays('13:00', '17:00')],
  [
    ...weekdays('09:00', '13:00', [1, 2, 3, 4]),
    ...weekdays('12:00', '18:00', [1, 2, 3, 4]),
    ...weekdays('10:00', '16:00', [5]),
  ],
  [],
  // Overnight work as two slots, and slots in Cairo's and Jerusalem's changed hours.
  [...weekdays('22:00', '23:59', [4]), ...weekdays('00:00', '06:00', [5]), ...weekdays('02:15', '02:45', [5])],
];

/** Any minute of the day, inverted and overlapping slots included; sometimes more than ten slots. */
const randomSlot = fc
  .record({
    day: fc.integer({ min: 1, max: 7 }),
    start: fc.oneof(
      fc.integer({ min: 0, max: 1439 }),
      fc.integer({ min: 0, max: 95 }).map((q) => q * 15),
    ),
    length: fc.integer({ min: -120, max: 720 }),
  })
  .map(({ day, start, length }) => ({
    day: day as IsoWeekday,
    start: clock(start),
    end: clock(Math.max(0, Math.min(1439, start + length))),
  }));
const schedule = fc.oneof(
  fc.constantFrom(...PRESET_SCHEDULES),
  fc.array(randomSlot, { maxLength: 6 }),
  fc.array(randomSlot, { minLength: 11, maxLength: 16 }),
);

const entryShape = fc.record({
  member: fc.nat({ max: 2 }),
  kind: fc.constantFrom('timed', 'timed', 'timed', 'timed', 'timed', 'duration', 'duration', 'running'),
  anchor: fc.nat({ max: ANCHORS.length - 1 }),
  /** Minutes from the anchor: three days either side. */
  minute: fc.integer({ min: -3 * 1440, max: 3 * 1440 }),
  /** Mostly whole minutes; some entries carry seconds and milliseconds (timers do). */
  milliseconds: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 59_999 })),
  /** Many long ones, so entries often cross midnight, weekend edges and clock changes. */
  seconds: fc.oneof(
    fc.integer({ min: 1, max: 240 }).map((m) => m * 60),
    fc.integer({ min: 241, max: 1440 }).map((m) => m * 60),
    fc.integer({ min: 1, max: 86_399 }),
  ),
});

const batch = fc.record({
  organizationZone: fc.constantFrom(...ORGANIZATION_ZONES),
  organizationSchedule: schedule,
  weekStart: fc.constantFrom(1 as const, 7 as const),
  members: fc.tuple(
    ...[0, 1, 2].map(() =>
      fc.record({ zone: fc.option(fc.constantFrom(...MEMBER_ZONES)), schedule: fc.option(schedule) }),
    ),
  ),
  entries: fc.array(entryShape, { minLength: 90, maxLength: 110 }),
});

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb?.drop();
});

describe('the split in TypeScript and in SQL', () => {
  it('gives the same after-hours and weekend seconds for every entry', async () => {
    let cases = 0;
    let crossing = 0;
    await fc.assert(
      fc.asyncProperty(batch, async (b) => {
        const org = await createOrganization(tdb.db, {
          timeZone: b.organizationZone,
          weekStart: b.weekStart,
          schedule: b.organizationSchedule,
        });
        const members = await Promise.all(
          b.members.map((m) => createMember(tdb.db, org, { timeZone: m.zone, schedule: m.schedule })),
        );
        const categoryId = org.categories.get('admin')!;
        const running = new Set<string>();
        const rows = b.entries.map((e) => {
          const member = members[e.member]!;
          const start = new Date(ANCHORS[e.anchor]! + e.minute * 60_000 + e.milliseconds);
          const localDate = localDateOf(start, member.zone);
          const placed = { localDate, weekStart: weekStartOf(localDate, org.weekStart) };
          const base = { organizationId: org.id, memberId: member.id, categoryId, source: 'manual' as const };
          if (e.kind === 'duration') {
            return { ...base, ...placed, startedAt: null, endedAt: null, durationSeconds: Math.ceil(e.seconds) };
          }
          // One running timer per member (the database enforces it).
          if (e.kind === 'running' && !running.has(member.id)) {
            running.add(member.id);
            return { ...base, ...placed, startedAt: start, endedAt: null, durationSeconds: null };
          }
          const end = new Date(start.getTime() + e.seconds * 1000 - (e.milliseconds % 1000));
          const durationSeconds = Math.round((end.getTime() - start.getTime()) / 1000);
          return { ...base, ...placed, startedAt: start, endedAt: end, durationSeconds };
        });
        const inserted = await tdb.db.insert(schema.timeEntries).values(rows).returning({ id: schema.timeEntries.id });
        const memberIds = sql.join(
          members.map((m) => sql`${m.id}::uuid`),
          sql`, `,
        );
        const splits = await tdb.db.execute<{ id: string; afterHours: number; weekend: number }>(sql`
          with ${memberZonesSql(sql`m.id in (${memberIds})`)}
          select s.id, s.split[1] as "afterHours", s.split[2] as weekend
          from (${entrySplitsSql(sql`e.organization_id = ${org.id} and e.member_id in (${memberIds})`)}) s`);
        const bySql = new Map(splits.map((s) => [s.id, s]));

        rows.forEach((row, i) => {
          const member = members[b.entries[i]!.member]!;
          const ts = splitOfEntry(row, member.zone, member.schedule);
          const id = inserted[i]!.id;
          const fromSql = bySql.get(id) ?? { afterHours: 0, weekend: 0 };
          // Running timers never count: the SQL has no row for them, core gives zeros.
          if (row.durationSeconds === null) expect(bySql.has(id)).toBe(false);
          const context = JSON.stringify({ row, zone: member.zone, schedule: member.schedule });
          expect(Math.abs(ts.afterHoursSeconds - fromSql.afterHours), context).toBeLessThan(1e-6);
          expect(Math.abs(ts.weekendSeconds - fromSql.weekend), context).toBeLessThan(1e-6);
          cases++;
          if (row.endedAt && localDateOf(row.endedAt, member.zone) !== row.localDate) crossing++;
        });
        await tdb.db.execute(sql`delete from time_entries where organization_id = ${org.id}`);
      }),
      { numRuns: 30, endOnFailure: true },
    );
    console.log(`split property: ${cases} entries compared (${crossing} past local midnight)`);
    expect(cases).toBeGreaterThanOrEqual(2000);
  }, 60_000);
});
