// Factories for the pipeline tests: organizations, members and entries written the way the API
// writes them (entry and dirty mark in one transaction), plus helpers to wait for the pipeline.
import { placeEntry } from '@proofwork/app';
import type { IsoWeekday, LocalDate, WorkingSchedule } from '@proofwork/core';
import { type Database, insertDefaultCatalog, type MemberWeek, markMemberWeeksDirty, schema } from '@proofwork/db';
import { eq, sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { testRedisPrefix } from '../support/db';
import { TEST_REDIS_URL } from '../support/env';

export interface TestOrganization {
  id: string;
  timeZone: string;
  weekStart: IsoWeekday;
  schedule: WorkingSchedule;
  /** Category ids by key, deliverable type ids by key. */
  categories: Map<string, string>;
  deliverableTypes: Map<string, string>;
  brands: string[];
  /** Deliverable id → its type id. */
  deliverables: Map<string, string>;
}

export interface TestMember {
  id: string;
  organizationId: string;
  /** The zone that applies (own or the organization's). */
  zone: string;
  schedule: WorkingSchedule;
  weekStart: IsoWeekday;
}

/** The same working slot on several weekdays (Monday to Friday by default). */
export const weekdays = (start: string, end: string, days = [1, 2, 3, 4, 5]) =>
  days.map((day) => ({ day: day as IsoWeekday, start, end }));

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export async function createOrganization(
  db: Database,
  options: { timeZone: string; weekStart?: IsoWeekday; schedule?: WorkingSchedule; contractSeconds?: number },
): Promise<TestOrganization> {
  const slug = `org-${unique()}`;
  const [org] = await db
    .insert(schema.organizations)
    .values({
      name: slug,
      slug,
      timeZone: options.timeZone,
      weekStart: options.weekStart ?? 1,
      defaultWeeklyContractSeconds: options.contractSeconds ?? 35 * 3600,
      ...(options.schedule ? { workingSchedule: options.schedule } : {}),
    })
    .returning();
  await insertDefaultCatalog(db, org!.id);
  const categories = await db.select().from(schema.categories).where(eq(schema.categories.organizationId, org!.id));
  const types = await db
    .select()
    .from(schema.deliverableTypes)
    .where(eq(schema.deliverableTypes.organizationId, org!.id));
  const brands = await db
    .insert(schema.brands)
    .values(['alpha', 'beta', 'gamma'].map((b) => ({ organizationId: org!.id, name: b, slug: b })))
    .returning();
  const deliverables = await db
    .insert(schema.deliverables)
    .values(
      types
        .slice(0, 4)
        .flatMap((t) =>
          [1, 2].map((n) => ({ organizationId: org!.id, deliverableTypeId: t.id, title: `${t.key} ${n}` })),
        ),
    )
    .returning();
  return {
    id: org!.id,
    timeZone: org!.timeZone,
    weekStart: org!.weekStart as IsoWeekday,
    schedule: org!.workingSchedule,
    categories: new Map(categories.map((c) => [c.key, c.id])),
    deliverableTypes: new Map(types.map((t) => [t.key, t.id])),
    brands: brands.map((b) => b.id),
    deliverables: new Map(deliverables.map((d) => [d.id, d.deliverableTypeId])),
  };
}

export async function createMember(
  db: Database,
  org: TestOrganization,
  options: { timeZone?: string | null; schedule?: WorkingSchedule | null; contractSeconds?: number | null } = {},
): Promise<TestMember> {
  const email = `cm-${unique()}@test.example`;
  const [user] = await db.insert(schema.users).values({ name: email, email }).returning();
  const [member] = await db
    .insert(schema.members)
    .values({
      organizationId: org.id,
      userId: user!.id,
      timeZone: options.timeZone ?? null,
      workingSchedule: options.schedule ?? null,
      weeklyContractSeconds: options.contractSeconds ?? null,
    })
    .returning();
  return {
    id: member!.id,
    organizationId: org.id,
    zone: options.timeZone ?? org.timeZone,
    schedule: options.schedule ?? org.schedule,
    weekStart: org.weekStart,
  };
}

export interface EntryFields {
  categoryId: string;
  brandId?: string | null;
  platform?: (typeof schema.timeEntries.$inferInsert)['platform'];
  deliverableId?: string | null;
  /** Timed: both set. Running timer: startedAt only. Duration-only: neither, with localDate. */
  startedAt?: Date | null;
  endedAt?: Date | null;
  durationSeconds?: number | null;
  localDate?: LocalDate;
  isLate?: boolean;
}

type EntryRow = typeof schema.timeEntries.$inferSelect;

/** The stored shape of an entry for a member: local date and week computed in the member's zone. */
function entryColumns(member: TestMember, fields: EntryFields) {
  const startedAt = fields.startedAt ?? null;
  const endedAt = fields.endedAt ?? null;
  const durationSeconds =
    startedAt && endedAt ? (endedAt.getTime() - startedAt.getTime()) / 1000 : (fields.durationSeconds ?? null);
  return {
    categoryId: fields.categoryId,
    brandId: fields.brandId ?? null,
    platform: fields.platform ?? null,
    deliverableId: fields.deliverableId ?? null,
    startedAt,
    endedAt,
    durationSeconds,
    ...placeEntry(startedAt ?? fields.localDate!, member.zone, member.weekStart),
    isLate: fields.isLate ?? false,
  };
}

const weekOf = (row: Pick<EntryRow, 'organizationId' | 'memberId' | 'weekStart'>): MemberWeek => ({
  organizationId: row.organizationId,
  memberId: row.memberId,
  weekStart: row.weekStart,
});

export async function writeEntry(db: Database, member: TestMember, fields: EntryFields): Promise<EntryRow> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(schema.timeEntries)
      .values({
        organizationId: member.organizationId,
        memberId: member.id,
        source: 'manual',
        ...entryColumns(member, fields),
      })
      .returning();
    await markMemberWeeksDirty(tx, [weekOf(row!)]);
    return row!;
  });
}

/** Replaces an entry's fields; both the week it leaves and the week it lands in are marked. */
export async function updateEntry(
  db: Database,
  member: TestMember,
  id: string,
  fields: EntryFields,
): Promise<EntryRow> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(schema.timeEntries).where(eq(schema.timeEntries.id, id)).for('update');
    const [row] = await tx
      .update(schema.timeEntries)
      .set(entryColumns(member, fields))
      .where(eq(schema.timeEntries.id, id))
      .returning();
    await markMemberWeeksDirty(tx, [weekOf(before!), weekOf(row!)]);
    return row!;
  });
}

export async function deleteEntry(db: Database, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(schema.timeEntries)
      .set({ deletedAt: sql`now()` })
      .where(eq(schema.timeEntries.id, id))
      .returning();
    await markMemberWeeksDirty(tx, [weekOf(row!)]);
  });
}

export async function pendingMarks(db: Database, organizationId?: string): Promise<number> {
  const [row] = await db.execute<{ n: number }>(sql`select count(*)::int as n from dirty_member_weeks
    where ${organizationId ? sql`organization_id = ${organizationId}` : sql`true`}`);
  return row!.n;
}

/** Waits until the pipeline has cleared every dirty mark (of one organization, or all). */
export async function drained(db: Database, options: { organizationId?: string; timeoutMs?: number } = {}) {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    const pending = await pendingMarks(db, options.organizationId);
    if (pending === 0) return;
    if (Date.now() > deadline) throw new Error(`pipeline not drained: ${pending} dirty member-weeks left`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export type RollupCell = {
  memberId: string;
  weekStart: string;
  categoryId: string;
  brandId: string | null;
  platform: string | null;
  deliverableTypeId: string | null;
  seconds: number;
  entryCount: number;
  afterHoursSeconds: number;
  weekendSeconds: number;
  lateCount: number;
  deliverableCount: number;
};

export const cellKey = (
  c: Pick<RollupCell, 'memberId' | 'weekStart' | 'categoryId' | 'brandId' | 'platform' | 'deliverableTypeId'>,
) => [c.memberId, c.weekStart, c.categoryId, c.brandId ?? '-', c.platform ?? '-', c.deliverableTypeId ?? '-'].join('|');

/** An organization's rollups, in a stable order. */
export async function rollupCells(db: Database, organizationId: string): Promise<RollupCell[]> {
  const rows = await db.execute<RollupCell>(sql`
    select member_id as "memberId", week_start::text as "weekStart", category_id as "categoryId",
      brand_id as "brandId", platform::text as platform, deliverable_type_id as "deliverableTypeId",
      seconds::float8 as seconds, entry_count as "entryCount", after_hours_seconds::float8 as "afterHoursSeconds",
      weekend_seconds::float8 as "weekendSeconds", late_count as "lateCount", deliverable_count as "deliverableCount"
    from weekly_rollups where organization_id = ${organizationId}`);
  return [...rows].sort((a, b) => cellKey(a).localeCompare(cellKey(b)));
}

const prefixes: string[] = [];

/** A Redis key prefix for this test file, deleted by `dropRedisPrefixes` when the file ends. */
export function redisPrefix(): string {
  const prefix = testRedisPrefix();
  prefixes.push(prefix);
  return prefix;
}

/** BullMQ leaves its bookkeeping keys behind after close(): remove this file's. */
export async function dropRedisPrefixes(): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    for (const prefix of prefixes.splice(0)) {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
    }
  } finally {
    redis.disconnect();
  }
}
