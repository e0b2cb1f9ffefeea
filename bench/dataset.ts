// A deterministic benchmark dataset: organizations of 5 to 200 members in Paris, New York and Sydney
// (the first one always 200 members: the team the dashboards are measured on), two years of weeks
// (four DST changes per zone), CM-like days with evening and weekend work, written with COPY.
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { TZDate } from '@date-fns/tz';
import { addDays, isoWeekdayOf, type LocalDate, PLATFORMS, weekStartOf } from '@proofwork/core';
import { type Database, insertDefaultCatalog, schema, seededRandom } from '@proofwork/db';
import { sql } from 'drizzle-orm';

const ZONES = ['Europe/Paris', 'America/New_York', 'Australia/Sydney'] as const;
/** The first Monday of the data; DATASET_WEEKS weeks follow (two years, to 2026-11-29). */
const FIRST_WEEK = '2024-12-02';
export const DATASET_WEEKS = 104;
/** Members of the first organization, the one the team dashboard is measured on. */
export const ANCHOR_MEMBERS = 200;
/** Entries a full-time CM logs in a week (3–5 tasks a working day, a few weekend ones). */
const ENTRIES_PER_MEMBER_WEEK = 19.2;
/** Organization sizes and how common they are: mostly small agencies and in-house teams. */
const ORGANIZATION_SIZES = [
  [5, 6],
  [8, 6],
  [12, 5],
  [20, 4],
  [35, 3],
  [60, 2],
  [100, 1],
  [200, 1],
] as const;
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
  /** Entries of the first (200-member) organization. */
  anchorEntries: number;
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

/**
 * Organization sizes for a dataset of about `entries` entries: the 200-member anchor first, then
 * sizes drawn from ORGANIZATION_SIZES until the members needed at full activity are there. Below
 * what the anchor alone logs at full activity, the anchor stays and logs less (`activity` < 1).
 */
export function datasetShape(entries: number, seed = 2026, sizes?: readonly number[]) {
  const rnd = seededRandom(seed ^ 0x5173);
  const perMember = DATASET_WEEKS * ENTRIES_PER_MEMBER_WEEK;
  if (sizes) {
    const members = sizes.reduce((a, b) => a + b, 0);
    return { sizes: [...sizes], activity: Math.min(1, entries / (members * perMember)) };
  }
  const needed = Math.ceil(entries / perMember);
  const out: number[] = [ANCHOR_MEMBERS];
  let total = ANCHOR_MEMBERS;
  while (total < needed) {
    const size = Math.min(rnd.weighted(ORGANIZATION_SIZES), Math.max(5, needed - total));
    out.push(size);
    total += size;
  }
  return { sizes: out, activity: Math.min(1, entries / (total * perMember)) };
}

export async function generateDataset(
  db: Database,
  options: {
    entries: number;
    seed?: number;
    /** Members per organization (default: datasetShape's draw, the 200-member anchor first). */
    organizationSizes?: readonly number[];
    log?: (line: string) => void;
  },
): Promise<Dataset> {
  const seed = options.seed ?? 2026;
  const rnd = seededRandom(seed);
  const shape = datasetShape(options.entries, seed, options.organizationSizes);
  const organizationCount = shape.sizes.length;
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
    const perOrg = shape.sizes[o]!;
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
  let anchorWritten = 0;

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
          // A smaller dataset keeps the 200-member team and has it log fewer, longer-spaced tasks.
          if (shape.activity < 1 && !rnd.chance(shape.activity)) continue;
          const durationOnly = rnd.chance(0.08);
          const deleted = rnd.chance(0.02);
          written += 1;
          if (member.organizationId === organizations[0]) anchorWritten += 1;
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
  return { entries: written, anchorEntries: anchorWritten, members, organizations, from: FIRST_WEEK, to: lastDay };
}
