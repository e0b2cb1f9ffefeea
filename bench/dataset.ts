// A deterministic benchmark dataset: organizations in Paris, New York and Sydney, a year of weeks
// (both DST changes included), CM-like days with evening and weekend work, written with COPY.
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { TZDate } from '@date-fns/tz';
import { addDays, isoWeekdayOf, type LocalDate, PLATFORMS, weekStartOf } from '@proofwork/core';
import { type Database, insertDefaultCatalog, schema, seededRandom } from '@proofwork/db';
import { sql } from 'drizzle-orm';

const ZONES = ['Europe/Paris', 'America/New_York', 'Australia/Sydney'] as const;
/** The first Monday of the year of data; 52 weeks follow. */
const FIRST_WEEK = '2025-12-01';
export const DATASET_WEEKS = 52;
const SPLIT_SCHEDULE = [1, 2, 3, 4, 5].flatMap((day) => [
  { day: day as 1 | 2 | 3 | 4 | 5, start: '08:00', end: '12:00' },
  { day: day as 1 | 2 | 3 | 4 | 5, start: '13:00', end: '17:00' },
]);

/** Deterministic uuid v7-shaped ids from a counter (the time field is fixed, the tail counts). */
function idFactory(prefix: number) {
  let n = 0;
  const head = `0190${(prefix % 0x10000).toString(16).padStart(4, '0')}-0000-7000-8000-`;
  return () => {
    n += 1;
    return `${head}${n.toString(16).padStart(12, '0')}`;
  };
}

export interface DatasetMember {
  organizationId: string;
  memberId: string;
  zone: string;
  /** The organization's categories, this member's favourites first. */
  categoryIds: string[];
  /** Index of the first of the member's two main brands. */
  mainBrand: number;
}

export interface Dataset {
  entries: number;
  members: DatasetMember[];
  organizations: string[];
  /** Local dates covered. */
  from: LocalDate;
  to: LocalDate;
}

/** Local UTC offset of a zone on a day (taken at noon: our zones change clocks at night). */
function offsetCache() {
  const cache = new Map<string, number>();
  return (zone: string, day: LocalDate) => {
    const key = `${zone} ${day}`;
    let offset = cache.get(key);
    if (offset === undefined) {
      const [y, m, d] = day.split('-').map(Number) as [number, number, number];
      offset = -new TZDate(y, m - 1, d, 12, 0, 0, zone).getTimezoneOffset();
      cache.set(key, offset);
    }
    return offset;
  };
}

export async function generateDataset(
  db: Database,
  options: { entries: number; seed?: number; log?: (line: string) => void },
): Promise<Dataset> {
  const rnd = seededRandom(options.seed ?? 2026);
  // About 19 entries per member-week, so the member count follows from the entry target.
  const memberCount = Math.max(10, Math.ceil(options.entries / (DATASET_WEEKS * 19.2)));
  const organizationCount = Math.max(1, Math.round(memberCount / 50));
  const members: DatasetMember[] = [];
  const organizations: string[] = [];
  const deliverablesByOrg = new Map<string, string[]>();
  const brandsByOrg = new Map<string, string[]>();

  for (let o = 0; o < organizationCount; o++) {
    const zone = ZONES[o % ZONES.length]!;
    const [org] = await db
      .insert(schema.organizations)
      .values({ name: `Bench ${o}`, slug: `bench-${o}`, timeZone: zone })
      .returning();
    const organizationId = org!.id;
    organizations.push(organizationId);
    await insertDefaultCatalog(db, organizationId);
    const categoryIds = (
      await db
        .select({ id: schema.categories.id })
        .from(schema.categories)
        .where(sql`organization_id = ${organizationId}`)
    ).map((c) => c.id);
    const types = await db
      .select({ id: schema.deliverableTypes.id })
      .from(schema.deliverableTypes)
      .where(sql`organization_id = ${organizationId}`);
    const brands = await db
      .insert(schema.brands)
      .values([0, 1, 2, 3, 4].map((b) => ({ organizationId, name: `Brand ${b}`, slug: `brand-${b}` })))
      .returning();
    brandsByOrg.set(
      organizationId,
      brands.map((b) => b.id),
    );
    const deliverables = await db
      .insert(schema.deliverables)
      .values(
        Array.from({ length: 300 }, (_, i) => ({
          organizationId,
          deliverableTypeId: types[i % types.length]!.id,
          title: `Deliverable ${i}`,
        })),
      )
      .returning({ id: schema.deliverables.id });
    deliverablesByOrg.set(
      organizationId,
      deliverables.map((d) => d.id),
    );
    const perOrg = Math.ceil(memberCount / organizationCount);
    const users = await db
      .insert(schema.users)
      .values(Array.from({ length: perOrg }, (_, i) => ({ name: `CM ${o}-${i}`, email: `cm-${o}-${i}@bench.example` })))
      .returning({ id: schema.users.id });
    const memberRows = await db
      .insert(schema.members)
      .values(
        users.map((u, i) => ({
          organizationId,
          userId: u.id,
          // Some members live elsewhere or keep split hours.
          timeZone: i % 7 === 3 ? ZONES[(o + 1) % ZONES.length]! : null,
          workingSchedule: i % 5 === 2 ? SPLIT_SCHEDULE : null,
          weeklyContractSeconds: i % 6 === 1 ? 28 * 3600 : null,
        })),
      )
      .returning();
    for (const [i, m] of memberRows.entries()) {
      const favourites = categoryIds.map((_, k) => categoryIds[(k + i * 3) % categoryIds.length]!);
      members.push({
        organizationId,
        memberId: m.id,
        zone: m.timeZone ?? zone,
        categoryIds: favourites,
        mainBrand: i % 4,
      });
    }
  }

  const nextId = idFactory(options.seed ?? 2026);
  const offsetOf = offsetCache();
  const iso = (ms: number) => new Date(ms).toISOString();
  const lastDay = addDays(FIRST_WEEK, DATASET_WEEKS * 7 - 1);
  let written = 0;

  function* lines(): Generator<string> {
    for (const member of members) {
      const brands = brandsByOrg.get(member.organizationId)!;
      const deliverables = deliverablesByOrg.get(member.organizationId)!;
      for (let day = FIRST_WEEK; day <= lastDay; day = addDays(day, 1)) {
        const weekday = isoWeekdayOf(day);
        if (weekday >= 6 && !rnd.chance(0.08)) continue;
        if (weekday < 6 && rnd.chance(0.05)) continue; // a day off
        const offset = offsetOf(member.zone, day);
        const [y, mo, d] = day.split('-').map(Number) as [number, number, number];
        const midnightUtc = Date.UTC(y, mo - 1, d) - offset * 60_000;
        let clock = rnd.int(480, 570); // local minutes
        const tasks = weekday >= 6 ? rnd.int(1, 2) : rnd.int(3, 5);
        for (let t = 0; t < tasks; t++) {
          const minutes = rnd.int(2, 36) * 5;
          // Evening work, sometimes past midnight.
          if (t === tasks - 1 && rnd.chance(0.1)) clock = rnd.int(19 * 60, 23 * 60);
          const startMs = midnightUtc + clock * 60_000;
          const endMs = startMs + minutes * 60_000;
          clock += minutes + rnd.int(0, 20);
          const durationOnly = rnd.chance(0.08);
          const deleted = rnd.chance(0.02);
          written += 1;
          yield [
            nextId(),
            member.organizationId,
            member.memberId,
            // A CM's week leans on a few categories, two main brands and two main platforms.
            rnd.chance(0.7) ? member.categoryIds[rnd.int(0, 5)]! : rnd.pick(member.categoryIds),
            rnd.chance(0.1) ? '\\N' : rnd.chance(0.8) ? brands[member.mainBrand + rnd.int(0, 1)]! : rnd.pick(brands),
            rnd.chance(0.15)
              ? '\\N'
              : rnd.chance(0.75)
                ? rnd.pick(['instagram', 'tiktok'] as const)
                : rnd.pick(PLATFORMS),
            rnd.chance(0.25) ? rnd.pick(deliverables) : '\\N',
            durationOnly ? '\\N' : iso(startMs),
            durationOnly ? '\\N' : iso(endMs),
            minutes * 60,
            day,
            weekStartOf(day),
            durationOnly ? 'manual' : 'timer',
            rnd.chance(0.03) ? 't' : 'f',
            deleted ? iso(endMs) : '\\N',
          ].join('\t');
        }
      }
    }
  }

  const copy = await db.$sql`copy time_entries (id, organization_id, member_id, category_id, brand_id, platform,
    deliverable_id, started_at, ended_at, duration_seconds, local_date, week_start, source, is_late, deleted_at)
    from stdin`.writable();
  const source = lines();
  let buffered: string[] = [];
  await pipeline(async function* () {
    for (const line of source) {
      buffered.push(line);
      if (buffered.length === 5000) {
        yield `${buffered.join('\n')}\n`;
        buffered = [];
        if (written % 100_000 < 5000) options.log?.(`  ${written} entries…`);
      }
    }
    if (buffered.length > 0) yield `${buffered.join('\n')}\n`;
  }, copy as Writable);
  await db.execute(sql`analyze`);
  return { entries: written, members, organizations, from: FIRST_WEEK, to: lastDay };
}
