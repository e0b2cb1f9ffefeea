// A background job writes entries through the very service the API uses: the same checks (with
// the same field names, placed by the API under `body.`), the same audit event and the same
// outbox mark. This is what lets imports and reminders run in the workers without copying a rule.
import {
  actorForMember,
  createEntriesInBulk,
  DomainError,
  placeEntry,
  type ServiceDeps,
  sourceOf,
} from '@proofwork/app';
import { fixedClock } from '@proofwork/core';
import { schema } from '@proofwork/db';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTeam, manualClock, signInPeople, type Team } from '../api/time-entries.fixtures';
import { useTestApp } from '../support/app';

const NOW = '2026-11-25T14:00:00.000Z';
const ctx = useTestApp({ clock: manualClock(NOW) });
let t: Team;
/** Another organization: its categories are not ours. */
let other: Team;
let jobDeps: ServiceDeps;

beforeAll(async () => {
  const people = await signInPeople(ctx.app, ctx.tdb.db);
  t = await createTeam(ctx.tdb.db, people);
  other = await createTeam(ctx.tdb.db, people);
  // What a processor has: the database and its clock, no HTTP request.
  jobDeps = { db: ctx.tdb.db, clock: fixedClock(NOW) };
});

async function jobActor() {
  const actor = await actorForMember(ctx.tdb.db, t.organizationId, t.cmId);
  if (!actor) throw new Error('the member should exist');
  return actor;
}

describe('a job calls the application layer', () => {
  it('acts for a member as a job, and logs with source "import" by default', async () => {
    const actor = await jobActor();
    expect(actor).toMatchObject({ memberId: t.cmId, organizationId: t.organizationId, role: 'member', via: 'job' });
    expect(sourceOf(actor)).toBe('import');
  });

  it('writes the entry, one audit event and the dirty mark, exactly like the API', async () => {
    const actor = await jobActor();
    const [id] = await createEntriesInBulk(jobDeps, actor, [
      { categoryId: t.category('content.video'), durationSeconds: 5400, localDate: '2026-11-23', note: 'from a job' },
    ]);
    const [entry] = await ctx.tdb.db.select().from(schema.timeEntries).where(eq(schema.timeEntries.id, id!));
    expect(entry).toMatchObject({
      memberId: t.cmId,
      source: 'import',
      durationSeconds: 5400,
      ...placeEntry('2026-11-23', 'Europe/Paris', 1),
      createdByMemberId: t.cmId,
    });
    const events = await ctx.tdb.db
      .select()
      .from(schema.timeEntryEvents)
      .where(eq(schema.timeEntryEvents.timeEntryId, id!));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'create', actorMemberId: t.cmId, before: null });
    const marks = await ctx.tdb.db
      .select()
      .from(schema.dirtyMemberWeeks)
      .where(and(eq(schema.dirtyMemberWeeks.memberId, t.cmId), eq(schema.dirtyMemberWeeks.weekStart, '2026-11-23')));
    expect(marks).toHaveLength(1);

    // The API's own write of the same entry leaves the same trail.
    const viaApi = await t.cm.post(`${t.base}/time-entries`, {
      categoryId: t.category('content.video'),
      durationSeconds: 5400,
      localDate: '2026-11-23',
    });
    expect(viaApi.statusCode).toBe(201);
    const apiEvents = await ctx.tdb.db
      .select()
      .from(schema.timeEntryEvents)
      .where(eq(schema.timeEntryEvents.timeEntryId, viaApi.json().id));
    expect(apiEvents.map((e) => e.action)).toEqual(['create']);
  });

  it('is refused by the same rules, naming the same field as the API does', async () => {
    const actor = await jobActor();
    const bad = [
      { categoryId: t.category('admin'), durationSeconds: 60, localDate: '2026-11-23' },
      { categoryId: other.category('admin'), durationSeconds: 60, localDate: '2026-11-23' },
    ];
    const refusal = await createEntriesInBulk(jobDeps, actor, bad).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DomainError);
    expect((refusal as DomainError).details[0]?.field).toBe('entries.1.categoryId');

    const viaApi = await t.cm.post(`${t.base}/time-entries/bulk`, { entries: bad });
    expect(viaApi.statusCode).toBe(400);
    expect(viaApi.json().details[0].field).toBe('body.entries.1.categoryId');
    expect(viaApi.json().details[0].message).toBe((refusal as DomainError).details[0]?.message);

    // All or nothing, for the job as for the API: the valid first row was not written either.
    const rows = await ctx.tdb.db
      .select()
      .from(schema.timeEntries)
      .where(and(eq(schema.timeEntries.memberId, t.cmId), eq(schema.timeEntries.categoryId, t.category('admin'))));
    expect(rows).toHaveLength(0);
  });

  it('finds no actor for a member who left', async () => {
    await ctx.tdb.db
      .update(schema.members)
      .set({ removedAt: new Date(NOW) })
      .where(eq(schema.members.id, t.otherCmId));
    expect(await actorForMember(ctx.tdb.db, t.organizationId, t.otherCmId)).toBeNull();
  });
});
