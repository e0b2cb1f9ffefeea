// Rollups stay exact under random writes: entries across Paris, New York and Sydney around their
// 2026 DST changes, edited, moved between weeks and deleted while the BullMQ pipeline runs; once
// it drains, weekly_rollups equal a from-scratch recompute and an independent JavaScript one.
import { localDateOf, PLATFORMS, type WorkingSchedule } from '@proofwork/core';
import { reconcile } from '@proofwork/db';
import { type QueuePipeline, startQueuePipeline } from '@proofwork/workers';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { TEST_REDIS_URL } from '../support/env';
import {
  createMember,
  createOrganization,
  deleteEntry,
  drained,
  dropRedisPrefixes,
  type EntryFields,
  redisPrefix,
  rollupCells,
  type TestMember,
  type TestOrganization,
  updateEntry,
  weekdays,
  writeEntry,
} from './factories';
import { expectedCells, splitByMinute } from './reference';

const ZONES = ['Europe/Paris', 'America/New_York', 'Australia/Sydney'] as const;
/** The 2026 clock changes: Paris 29 Mar / 25 Oct, New York 8 Mar / 1 Nov, Sydney 5 Apr / 4 Oct. */
const DST_CHANGES = [
  '2026-03-29T01:00:00Z',
  '2026-10-25T01:00:00Z',
  '2026-03-08T07:00:00Z',
  '2026-11-01T06:00:00Z',
  '2026-04-04T16:00:00Z',
  '2026-10-03T16:00:00Z',
].map((iso) => Date.parse(iso));

const SCHEDULES: WorkingSchedule[] = [
  weekdays('09:00', '18:00'),
  [...weekdays('08:00', '12:00'), ...weekdays('13:00', '17:00')],
  // Overlapping slots must not count twice.
  [
    ...weekdays('09:00', '13:00', [1, 2, 3, 4]),
    ...weekdays('12:00', '18:00', [1, 2, 3, 4]),
    ...weekdays('10:00', '16:00', [5]),
  ],
  [],
  // Fifteen slots: more than the SQL handles with plain arithmetic, so its fallback runs.
  [...weekdays('08:00', '10:00'), ...weekdays('11:00', '13:00'), ...weekdays('14:00', '18:30')],
  // Weekend slots change nothing (weekend is weekend); an inverted slot is empty.
  [...weekdays('07:30', '19:45', [2]), ...weekdays('10:00', '14:00', [6]), ...weekdays('18:00', '09:00', [3])],
];

let tdb: TestDatabase;
let pipeline: QueuePipeline;

beforeAll(async () => {
  tdb = await createTestDatabase();
  pipeline = await startQueuePipeline({
    db: tdb.db,
    redisUrl: TEST_REDIS_URL,
    prefix: redisPrefix(),
    pollMs: 20,
    schedules: false,
  });
});
afterAll(async () => {
  await pipeline?.stop();
  await tdb?.drop();
  await dropRedisPrefixes();
});

const entryShape = fc.record({
  kind: fc.constantFrom('timed', 'timed', 'timed', 'duration', 'running'),
  change: fc.nat({ max: DST_CHANGES.length - 1 }),
  /** Minutes from the clock change: four days either side, so entries land in several weeks. */
  minute: fc.integer({ min: -4 * 1440, max: 4 * 1440 }),
  // Many long ones, so entries often cross local midnight, weekend edges and clock changes.
  minutes: fc.oneof(fc.integer({ min: 1, max: 240 }), fc.integer({ min: 241, max: 1440 })),
  category: fc.nat({ max: 16 }),
  brand: fc.option(fc.nat({ max: 2 })),
  platform: fc.option(fc.constantFrom(...PLATFORMS)),
  deliverable: fc.option(fc.nat({ max: 7 })),
  late: fc.boolean(),
});
type EntryShape = typeof entryShape extends fc.Arbitrary<infer T> ? T : never;

const operation = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ type: fc.constant('create' as const), member: fc.nat({ max: 2 }), entry: entryShape }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('edit' as const), target: fc.nat(), entry: entryShape }) },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('move' as const),
      target: fc.nat(),
      days: fc.constantFrom(-14, -7, -1, 1, 7),
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('delete' as const), target: fc.nat() }) },
);

const scenario = fc.record({
  organizationZone: fc.nat({ max: 2 }),
  weekStart: fc.constantFrom(1 as const, 7 as const),
  organizationSchedule: fc.nat({ max: SCHEDULES.length - 1 }),
  members: fc.tuple(
    ...[0, 1, 2].map((i) =>
      fc.record({
        ownZone: fc.boolean().map((own) => (own ? ZONES[i]! : null)),
        schedule: fc.option(fc.nat({ max: SCHEDULES.length - 1 })),
      }),
    ),
  ),
  operations: fc.array(operation, { minLength: 20, maxLength: 60 }),
});

interface Live {
  id: string;
  member: TestMember;
  fields: EntryFields;
}

function fieldsOf(shape: EntryShape, org: TestOrganization, member: TestMember, running: boolean): EntryFields {
  const start = new Date(DST_CHANGES[shape.change]! + shape.minute * 60_000);
  const base = {
    categoryId: [...org.categories.values()][shape.category]!,
    brandId: shape.brand === null ? null : org.brands[shape.brand]!,
    platform: shape.platform,
    deliverableId: shape.deliverable === null ? null : [...org.deliverables.keys()][shape.deliverable]!,
    isLate: shape.late,
  };
  if (shape.kind === 'duration') {
    return { ...base, localDate: localDateOf(start, member.zone), durationSeconds: shape.minutes * 60 };
  }
  // One running timer per member (the database enforces it): a second one is logged as timed.
  if (shape.kind === 'running' && !running) return { ...base, startedAt: start };
  return { ...base, startedAt: start, endedAt: new Date(start.getTime() + shape.minutes * 60_000) };
}

function moved(fields: EntryFields, days: number): EntryFields {
  const shift = (d: Date | null | undefined) => (d ? new Date(d.getTime() + days * 86_400_000) : d);
  if (!fields.startedAt) {
    const date = new Date(`${fields.localDate}T00:00:00Z`);
    return { ...fields, localDate: new Date(date.getTime() + days * 86_400_000).toISOString().slice(0, 10) };
  }
  return { ...fields, startedAt: shift(fields.startedAt), endedAt: shift(fields.endedAt) };
}

const isRunning = (f: EntryFields) => Boolean(f.startedAt) && !f.endedAt;

describe('rollups under random writes', () => {
  it('equal a from-scratch recompute and an independent JavaScript computation once drained', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const org = await createOrganization(tdb.db, {
          timeZone: ZONES[s.organizationZone]!,
          weekStart: s.weekStart,
          schedule: SCHEDULES[s.organizationSchedule],
        });
        const members = await Promise.all(
          s.members.map((m) =>
            createMember(tdb.db, org, {
              timeZone: m.ownZone,
              schedule: m.schedule === null ? null : SCHEDULES[m.schedule],
            }),
          ),
        );
        const live: Live[] = [];
        const hasRunning = (member: TestMember, except?: string) =>
          live.some((l) => l.member.id === member.id && l.id !== except && isRunning(l.fields));
        for (const op of s.operations) {
          if (op.type === 'create') {
            const member = members[op.member]!;
            const fields = fieldsOf(op.entry, org, member, hasRunning(member));
            const row = await writeEntry(tdb.db, member, fields);
            live.push({ id: row.id, member, fields });
          } else if (live.length > 0) {
            const index = op.target % live.length;
            const target = live[index]!;
            if (op.type === 'delete') {
              await deleteEntry(tdb.db, target.id);
              live.splice(index, 1);
            } else {
              const fields =
                op.type === 'edit'
                  ? fieldsOf(op.entry, org, target.member, hasRunning(target.member, target.id))
                  : moved(target.fields, op.days);
              await updateEntry(tdb.db, target.member, target.id, fields);
              target.fields = fields;
            }
          }
        }
        await drained(tdb.db, { organizationId: org.id });
        expect(await rollupCells(tdb.db, org.id)).toEqual(await expectedCells(tdb.db, org.id));
        expect(await reconcile(tdb.db, { organizationId: org.id })).toEqual([]);
      }),
      { numRuns: 30, endOnFailure: true },
    );
  }, 120_000);
});

describe('the after-hours and weekend split', () => {
  async function splitOf(zone: string, schedule: WorkingSchedule | null, start: string, end: string) {
    const org = await createOrganization(tdb.db, { timeZone: zone });
    const member = await createMember(tdb.db, org, { schedule });
    await writeEntry(tdb.db, member, {
      categoryId: org.categories.get('admin')!,
      startedAt: new Date(start),
      endedAt: new Date(end),
    });
    await drained(tdb.db, { organizationId: org.id });
    const [cell] = await rollupCells(tdb.db, org.id);
    return { seconds: cell!.seconds, afterHours: cell!.afterHoursSeconds, weekend: cell!.weekendSeconds };
  }

  it('cuts a Paris night across the spring-forward Sunday at local midnight (a 23-hour day)', async () => {
    // Sun 29 Mar 20:00 CEST → Mon 30 Mar 10:00 CEST: 4 h of Sunday, then 9 h before 09:00 and 1 h of work.
    expect(await splitOf('Europe/Paris', null, '2026-03-29T18:00:00Z', '2026-03-30T08:00:00Z')).toEqual({
      seconds: 14 * 3600,
      afterHours: 9 * 3600,
      weekend: 4 * 3600,
    });
  });

  it('counts the repeated hour of a Sydney fall-back Sunday as weekend time', async () => {
    // Sun 5 Apr 00:00 AEDT → 12:00 AEST is 13 real hours, all on Sunday.
    expect(await splitOf('Australia/Sydney', null, '2026-04-04T13:00:00Z', '2026-04-05T02:00:00Z')).toEqual({
      seconds: 13 * 3600,
      afterHours: 0,
      weekend: 13 * 3600,
    });
  });

  it('uses the schedule in the member zone on a New York weekday after the change', async () => {
    // Mon 9 Mar 07:00 → 19:30 EDT with split hours 08–12 and 13–17: 8 h of work, 4.5 h after-hours.
    const split = [...weekdays('08:00', '12:00'), ...weekdays('13:00', '17:00')];
    expect(await splitOf('America/New_York', split, '2026-03-09T11:00:00Z', '2026-03-09T23:30:00Z')).toEqual({
      seconds: 12.5 * 3600,
      afterHours: 4.5 * 3600,
      weekend: 0,
    });
  });

  it('agrees with the minute-by-minute reference on those three cases', () => {
    expect(
      splitByMinute(new Date('2026-03-29T18:00:00Z'), new Date('2026-03-30T08:00:00Z'), 'Europe/Paris', SCHEDULES[0]!),
    ).toEqual({
      afterHours: 9 * 3600,
      weekend: 4 * 3600,
    });
    expect(
      splitByMinute(
        new Date('2026-04-04T13:00:00Z'),
        new Date('2026-04-05T02:00:00Z'),
        'Australia/Sydney',
        SCHEDULES[0]!,
      ),
    ).toEqual({ afterHours: 0, weekend: 13 * 3600 });
    expect(
      splitByMinute(
        new Date('2026-03-09T11:00:00Z'),
        new Date('2026-03-09T23:30:00Z'),
        'America/New_York',
        SCHEDULES[1]!,
      ),
    ).toEqual({ afterHours: 4.5 * 3600, weekend: 0 });
  });
});
