// Seeds the two demo organizations with 12 weeks of realistic CM work (more when they need it to hold
// a public holiday: `demo-window.ts`), days off and the public holidays of their country. Idempotent:
// an organization that already exists is left alone. Deterministic for a given "now".
import { addDays, isoWeekdayOf, type LocalDate, weekStartOf, zonedInstant } from '@proofwork/core';
import { eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Database, Executor } from '../client';
import { replacePublicHolidays } from '../queries/absences';
import { computeWeekSnapshot } from '../queries/approvals';
import { insertDefaultCatalog } from '../queries/catalog';
import { markMemberWeeksDirty } from '../queries/outbox';
import {
  absences,
  accounts,
  brands,
  categories,
  deliverables,
  deliverableTypes,
  members,
  organizations,
  timeEntries,
  timeEntryEvents,
  users,
  weekApprovals,
} from '../schema/index';
import {
  CATEGORY_WEIGHTS,
  DELIVERABLE_FOR,
  DEMO_ORGANIZATIONS,
  DEMO_PASSWORD,
  type DemoOrganization,
  type DemoPerson,
  NOTES,
  TASK_MINUTES,
} from './demo-data';
import { demoWindow } from './demo-window';
import { type Random, seededRandom } from './random';

export interface SeedOptions {
  now: Date;
  /** The auth library's password hasher, so demo logins work through the real sign-in. */
  hashPassword: (password: string) => Promise<string>;
  log?: (message: string) => void;
}

export interface SeedResult {
  created: string[];
  skipped: string[];
}

export async function seedDemo(db: Database, options: SeedOptions): Promise<SeedResult> {
  const result: SeedResult = { created: [], skipped: [] };
  const passwordHash = await options.hashPassword(DEMO_PASSWORD);
  for (const org of DEMO_ORGANIZATIONS) {
    const existing = await db
      .select({ id: organizations.id })
      .from(organizations)
      .where(eq(organizations.slug, org.slug));
    if (existing.length > 0) {
      result.skipped.push(org.name);
      continue;
    }
    await db.transaction(async (tx) => {
      await seedOrganization(tx, org, passwordHash, options.now);
    });
    result.created.push(org.name);
    options.log?.(`seeded ${org.name}`);
  }
  return result;
}

type EntryRow = typeof timeEntries.$inferInsert;

async function seedOrganization(tx: Executor, org: DemoOrganization, passwordHash: string, now: Date) {
  const rnd = seededRandom(org.seed);
  const [organization] = await tx
    .insert(organizations)
    .values({
      name: org.name,
      slug: org.slug,
      timeZone: org.timeZone,
      defaultLocale: org.locale,
      defaultWeeklyContractSeconds: org.contractHours * 3600,
      holidayCountry: org.holidayCountry,
    })
    .returning();
  const organizationId = organization!.id;
  await insertDefaultCatalog(tx, organizationId);

  const memberIds = new Map<string, string>();
  for (const person of org.people) {
    memberIds.set(person.email, await ensurePerson(tx, organizationId, person, passwordHash, org.locale));
  }

  const brandRows = await tx
    .insert(brands)
    .values(org.brands.map((b) => ({ organizationId, ...b })))
    .returning();
  const brandBySlug = new Map(brandRows.map((b) => [b.slug, b.id]));
  const categoryRows = await tx.select().from(categories).where(eq(categories.organizationId, organizationId));
  const categoryByKey = new Map(categoryRows.map((c) => [c.key, c.id]));
  const typeRows = await tx.select().from(deliverableTypes).where(eq(deliverableTypes.organizationId, organizationId));
  const typeByKey = new Map(typeRows.map((t) => [t.key, t.id]));

  const { today, firstWeek, weeks, holidays } = demoWindow(org, now);
  const crisisWeek = addDays(weekStartOf(today), -7 * org.crisisWeeksAgo);
  const entries: EntryRow[] = [];
  const deliverableRows: (typeof deliverables.$inferInsert)[] = [];

  const addDeliverable = (typeKey: string, brandId: string, day: LocalDate) => {
    const existing = deliverableRows.find(
      (d) => d.deliverableTypeId === typeByKey.get(typeKey) && d.brandId === brandId && d.publishedOn === day,
    );
    if (existing) return existing.id!;
    const row = {
      id: uuidv7(),
      organizationId,
      deliverableTypeId: typeByKey.get(typeKey)!,
      brandId,
      title: `${typeKey} ${org.brands.find((b) => brandBySlug.get(b.slug) === brandId)?.name ?? ''} ${day}`,
      platform: rnd.pick(['instagram', 'instagram', 'tiktok', 'facebook', 'linkedin'] as const),
      publishedOn: day,
    };
    deliverableRows.push(row);
    return row.id;
  };

  for (const person of org.people) {
    if (person.logsTime === 'none') continue;
    const memberId = memberIds.get(person.email)!;
    for (let day = firstWeek; day <= today; day = addDays(day, 1)) {
      const weekday = isoWeekdayOf(day);
      const inCrisis = weekStartOf(day) === crisisWeek;
      const isWeekend = weekday >= 6;
      if (isWeekend && !(inCrisis && weekday === 6 && person.logsTime === 'full')) continue;
      const plan = isWeekend
        ? crisisWeekendPlan(rnd)
        : person.logsTime === 'light'
          ? lightDayPlan(rnd)
          : fullDayPlan(rnd, person, inCrisis);
      let clock = isWeekend ? rnd.int(10, 14) * 60 : rnd.int(525, 570); // minutes after midnight
      let lunchTaken = isWeekend;
      for (const task of plan) {
        if (!lunchTaken && clock >= 12 * 60 + 15) {
          clock += rnd.int(40, 65);
          lunchTaken = true;
        }
        const start = task.at ?? clock;
        const startedAt = zonedInstant(day, start, org.timeZone);
        const endedAt = new Date(startedAt.getTime() + task.minutes * 60_000);
        if (endedAt > now) break;
        clock = start + task.minutes + rnd.int(0, 12);
        const brandSlug = task.key === 'crisis' ? org.crisisBrand : rnd.pick(org.brands).slug;
        const brandId = brandBySlug.get(brandSlug)!;
        const deliverableType = DELIVERABLE_FOR[task.key];
        const deliverableId =
          deliverableType && rnd.chance(0.7) ? addDeliverable(rnd.pick(deliverableType), brandId, day) : null;
        const durationOnly = rnd.chance(0.08);
        const late = rnd.chance(0.03) && addDays(day, 9) < today;
        const writtenAt = late ? zonedInstant(addDays(day, 9), 17 * 60, org.timeZone) : endedAt;
        entries.push({
          organizationId,
          memberId,
          categoryId: categoryByKey.get(task.key)!,
          brandId,
          platform: rnd.pick([
            'instagram',
            'instagram',
            'instagram',
            'tiktok',
            'facebook',
            'linkedin',
            'youtube',
          ] as const),
          deliverableId,
          tags: task.key === 'crisis' ? ['bad-buzz'] : [],
          note: rnd.pick(NOTES[org.locale][task.key] ?? ['']),
          startedAt: durationOnly ? null : startedAt,
          endedAt: durationOnly ? null : endedAt,
          durationSeconds: task.minutes * 60,
          localDate: day,
          weekStart: weekStartOf(day),
          source: durationOnly
            ? 'manual'
            : rnd.weighted([
                ['timer', 45],
                ['quick_add', 35],
                ['manual', 15],
                ['api', 5],
              ] as const),
          isLate: late,
          createdByMemberId: memberId,
          createdAt: writtenAt,
          updatedAt: writtenAt,
        });
      }
    }
  }

  // Public holidays (from the holiday library) and days off: the office is closed, the person away.
  await replacePublicHolidays(tx, organizationId, holidays);
  const holidayDays = new Set(holidays.map((h) => h.localDate));
  const absenceRows: (typeof absences.$inferInsert)[] = [];
  for (const person of org.people) {
    const memberId = memberIds.get(person.email)!;
    for (const a of person.absences ?? []) {
      const week = addDays(weekStartOf(today), -7 * a.weeksAgo);
      for (const weekday of a.weekdays) {
        const localDate = addDays(week, weekday - 1);
        if (holidayDays.has(localDate)) continue;
        absenceRows.push({
          organizationId,
          memberId,
          localDate,
          kind: a.kind,
          halfDay: a.halfDay ?? false,
          createdByMemberId: memberId,
        });
      }
    }
  }
  if (absenceRows.length > 0) await tx.insert(absences).values(absenceRows);
  const away = new Set(absenceRows.filter((a) => !a.halfDay).map((a) => `${a.memberId}:${a.localDate}`));
  // Filtered after the fact, so the random stream (and everyone else's days) stays as it was.
  const kept = entries.filter(
    (e) =>
      !away.has(`${e.memberId}:${e.localDate}`) && !(holidayDays.has(e.localDate) && isoWeekdayOf(e.localDate) < 6),
  );
  entries.length = 0;
  entries.push(...kept);

  if (deliverableRows.length > 0) await tx.insert(deliverables).values(deliverableRows);
  for (let i = 0; i < entries.length; i += 1000) {
    const inserted = await tx
      .insert(timeEntries)
      .values(entries.slice(i, i + 1000))
      .returning();
    await tx.insert(timeEntryEvents).values(
      inserted.map((e) => ({
        organizationId,
        timeEntryId: e.id,
        action: 'create' as const,
        actorMemberId: e.createdByMemberId,
        after: e,
        createdAt: e.createdAt,
      })),
    );
  }

  const memberWeeks = new Map<string, { organizationId: string; memberId: string; weekStart: string }>();
  for (const e of entries)
    memberWeeks.set(`${e.memberId}:${e.weekStart}`, { organizationId, memberId: e.memberId, weekStart: e.weekStart });
  await markMemberWeeksDirty(tx, [...memberWeeks.values()]);
  await seedApprovals(tx, organizationId, org, memberIds, today, weeks);
}

async function ensurePerson(
  tx: Executor,
  organizationId: string,
  person: DemoPerson,
  passwordHash: string,
  locale: DemoOrganization['locale'],
): Promise<string> {
  let [user] = await tx.select().from(users).where(eq(users.email, person.email));
  if (!user) {
    [user] = await tx
      .insert(users)
      .values({ name: person.name, email: person.email, emailVerified: true, locale })
      .returning();
    await tx
      .insert(accounts)
      .values({ accountId: user!.id, providerId: 'credential', userId: user!.id, password: passwordHash });
  }
  const [member] = await tx
    .insert(members)
    .values({
      organizationId,
      userId: user!.id,
      role: person.role,
      weeklyContractSeconds: person.contractHours ? person.contractHours * 3600 : null,
      tracksTime: person.tracksTime ?? person.logsTime !== 'none',
      hourlyCostCents: person.role === 'member' ? 3200 : 4500,
    })
    .returning();
  return member!.id;
}

interface Task {
  key: string;
  minutes: number;
  /** Fixed start (minutes after midnight), for evening work. */
  at?: number;
}

function task(rnd: Random, key: string): Task {
  const [min, max] = TASK_MINUTES[key] ?? [30, 60];
  return { key, minutes: Math.round(rnd.int(min, max) / 5) * 5 };
}

function fullDayPlan(rnd: Random, person: DemoPerson, inCrisis: boolean): Task[] {
  const target = (person.contractHours ?? 35) * 12 * (rnd.next() < 0.15 ? 1.3 : rnd.int(95, 112) / 100);
  const plan: Task[] = [task(rnd, 'moderation')];
  let total = plan[0]!.minutes;
  if (inCrisis) {
    const crisis = task(rnd, 'crisis');
    plan.push(crisis);
    total += crisis.minutes;
  }
  while (total < target) {
    const next = task(rnd, rnd.weighted(CATEGORY_WEIGHTS));
    plan.push(next);
    total += next.minutes;
  }
  // Crisis evenings: replies after dinner, counted as after-hours.
  if (inCrisis && rnd.chance(0.7)) plan.push({ ...task(rnd, 'crisis'), at: rnd.int(20 * 60, 21 * 60) });
  return plan;
}

function lightDayPlan(rnd: Random): Task[] {
  return [task(rnd, rnd.pick(['meetings', 'approvals', 'reporting'])), task(rnd, 'meetings')];
}

function crisisWeekendPlan(rnd: Random): Task[] {
  return [task(rnd, 'crisis'), task(rnd, 'moderation')];
}

async function seedApprovals(
  tx: Executor,
  organizationId: string,
  org: DemoOrganization,
  memberIds: Map<string, string>,
  today: LocalDate,
  weeks: number,
) {
  const manager = org.people.find((p) => p.role === 'manager') ?? org.people.find((p) => p.role === 'owner')!;
  const managerId = memberIds.get(manager.email)!;
  const thisWeek = weekStartOf(today);
  const cms = org.people.filter((p) => p.logsTime === 'full').map((p) => memberIds.get(p.email)!);
  for (const memberId of cms) {
    for (let back = weeks - 1; back >= 1; back--) {
      const weekStart = addDays(thisWeek, -7 * back);
      // Older weeks are approved; last week is waiting for the manager.
      const approved = back >= 2;
      const submittedAt = zonedInstant(addDays(weekStart, 4), 17 * 60 + 30, org.timeZone);
      await tx.insert(weekApprovals).values({
        organizationId,
        memberId,
        weekStart,
        status: approved ? 'approved' : 'submitted',
        submittedAt,
        submittedByMemberId: memberId,
        decidedAt: approved ? zonedInstant(addDays(weekStart, 7), 10 * 60, org.timeZone) : null,
        decidedByMemberId: approved ? managerId : null,
        snapshot: approved ? await computeWeekSnapshot(tx, organizationId, memberId, weekStart) : null,
      });
    }
  }
}
