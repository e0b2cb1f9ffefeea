// An import's life: re-importing a file (or an overlapping export) adds nothing twice, an approved
// week is never changed, people are mapped (an owner may invite, a manager may not), problems are
// fixed or skipped in the mapping, a run can be cancelled, progress is streamed, and an undo
// leaves the entries and the rollups exactly as they were (the pipeline running as in production).
import { IMPORT_BATCH_ROWS } from '@proofwork/app';
import { schema } from '@proofwork/db';
import { type Pipeline, startInProcessPipeline } from '@proofwork/workers';
import { eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { drained, rollupCells } from '../pipeline/factories';
import { testFolders } from '../support/app';
import { createUser } from '../support/factories';
import { ORIGIN } from '../support/http';
import * as F from './fixtures';
import { useImports } from './harness';

const h = useImports();
let pipeline: Pipeline | null = null;

afterAll(async () => {
  await pipeline?.stop();
});

const toggl = (rows: [string, string, string, string][]) =>
  `User,Email,Client,Project,Description,Start date,Start time,End date,End time,Duration\n${rows
    .map(
      ([who, day, start, end]) =>
        `${who},{${who.toLowerCase()}},Acme,Acme Social,Montage reel Instagram,${day},${start},${day},${end},`,
    )
    .join('\n')}\n`;

describe('importing twice', () => {
  it('creates no entry the second time, and only the new rows of an overlapping export', async () => {
    const team = await h.newTeam();
    const first = h.fill(
      toggl([
        ['Cm', '2026-11-16', '09:00:00', '10:00:00'],
        ['Cm', '2026-11-16', '10:00:00', '11:00:00'],
        ['Other', '2026-11-17', '09:00:00', '09:30:00'],
      ]),
      team,
    );
    const once = await h.importFile(first, {}, { team });
    expect(once.report).toMatchObject({ imported: 3, duplicates: 0 });
    const entriesAfterFirst = await h.count('time_entries', team.organizationId);
    const eventsAfterFirst = await h.count('time_entry_events', team.organizationId);

    const again = await h.importFile(first, {}, { team });
    expect(again.report).toMatchObject({ rows: 3, imported: 0, duplicates: 3, skipped: 3 });
    expect(again.report.skippedByReason).toEqual({ duplicate: 3 });
    expect(await h.count('time_entries', team.organizationId)).toBe(entriesAfterFirst);
    expect(await h.count('time_entry_events', team.organizationId)).toBe(eventsAfterFirst);

    // A later export of a longer period: the same three rows (in another order) and a new one.
    const overlapping = h.fill(
      toggl([
        ['Other', '2026-11-17', '09:00:00', '09:30:00'],
        ['Cm', '2026-11-18', '14:00:00', '15:00:00'],
        ['Cm', '2026-11-16', '09:00:00', '10:00:00'],
        ['Cm', '2026-11-16', '10:00:00', '11:00:00'],
      ]),
      team,
    );
    const third = await h.importFile(overlapping, {}, { team });
    expect(third.report).toMatchObject({ rows: 4, imported: 1, duplicates: 3, secondsImported: 3600 });
    expect((await h.entriesOf(third.id)).map((e) => e.startedAt?.toISOString())).toEqual(['2026-11-18T13:00:00.000Z']);
    expect(await h.count('time_entries', team.organizationId)).toBe(entriesAfterFirst + 1);
  });

  it('keeps two identical rows of one file as two entries, and a re-import finds both', async () => {
    const team = await h.newTeam();
    const file = `Date,Hours,Notes,Task,First Name,Last Name,Project,Client\n${'2026-11-16,1,Sync,Meeting,Cm,,Acme Social,Acme\n'.repeat(2)}`;
    expect((await h.importFile(file, {}, { team })).report).toMatchObject({ imported: 2 });
    expect((await h.importFile(file, {}, { team })).report).toMatchObject({ imported: 0, duplicates: 2 });
  });
});

describe('approved weeks', () => {
  it('are never changed: their rows are reported, the other weeks imported, and an undo keeps them', async () => {
    const team = await h.newTeam();
    const existing = await team.cm.post(`${team.base}/time-entries`, {
      categoryId: team.category('admin'),
      localDate: '2026-11-16',
      durationSeconds: 1800,
    });
    expect(existing.statusCode).toBe(201);
    expect((await team.cm.post(`${team.base}/weeks/2026-11-16/submit`)).statusCode).toBe(200);
    expect((await team.manager.post(`${team.base}/weeks/2026-11-16/approve?memberId=${team.cmId}`)).statusCode).toBe(
      200,
    );
    const weekBefore = await h.ctx.tdb.db.execute(
      sql`select * from time_entries where member_id = ${team.cmId} and week_start = '2026-11-16' order by id`,
    );

    const file = h.fill(
      toggl([
        ['Cm', '2026-11-17', '09:00:00', '10:00:00'],
        ['Cm', '2026-11-23', '09:00:00', '10:00:00'],
        ['Other', '2026-11-17', '09:00:00', '10:00:00'],
      ]),
      team,
    );
    const result = await h.importFile(file, {}, { team });
    expect(result.report).toMatchObject({ rows: 3, imported: 2, skipped: 1, skippedByReason: { week_approved: 1 } });
    expect(result.report.skippedRows).toEqual([expect.objectContaining({ row: 2, code: 'week_approved' })]);
    const weekAfter = await h.ctx.tdb.db.execute(
      sql`select * from time_entries where member_id = ${team.cmId} and week_start = '2026-11-16' order by id`,
    );
    expect(weekAfter).toEqual(weekBefore);

    // The other CM's week is approved after the import: the undo leaves its entry there.
    expect((await team.otherCm.post(`${team.base}/weeks/2026-11-16/submit`)).statusCode).toBe(200);
    expect(
      (await team.manager.post(`${team.base}/weeks/2026-11-16/approve?memberId=${team.otherCmId}`)).statusCode,
    ).toBe(200);
    const undone = await team.manager.post(`${team.base}/imports/${result.id}/undo`, {});
    expect(undone.statusCode).toBe(200);
    expect(undone.json().report.undo).toMatchObject({
      entriesRemoved: 1,
      secondsRemoved: 3600,
      keptInApprovedWeeks: 1,
    });
    expect((await h.entriesOf(result.id)).map((e) => e.memberId)).toEqual([team.otherCmId]);
  });
});

describe('people', () => {
  it('an owner invites the people who are not members yet; their rows wait, and come in once they join', async () => {
    const team = await h.newTeam();
    const file = `Date,Duration,Description,Email\n2026-11-16,1:00,Veille,{cm}\n2026-11-16,2:00,Veille,newcomer@test.example\n`;
    const uploaded = (await h.upload(h.fill(file, team), { team, as: team.owner })).json();
    expect(uploaded.mapping.people).toEqual([
      { key: team.emails.cm, action: 'member', memberId: team.cmId, suggested: true },
      { key: 'newcomer@test.example', action: 'invite', email: 'newcomer@test.example', suggested: true },
    ]);
    expect(uploaded.problemCounts).toEqual({ waiting_invitation: 1 });

    const first = await h.run(uploaded.id, {}, { team, as: team.owner });
    expect(first.report).toMatchObject({
      imported: 1,
      membersInvited: ['newcomer@test.example'],
      skippedByReason: { waiting_invitation: 1 },
    });
    const invitations = (await team.owner.get(`${team.base}/invitations`)).json().items;
    expect(invitations.map((i: { email: string; role: string }) => [i.email, i.role])).toEqual([
      ['newcomer@test.example', 'member'],
    ]);

    // They join; running the import again brings their row in, and nothing twice.
    const user = await createUser(h.ctx.tdb.db, { email: 'newcomer@test.example', name: 'Newcomer' });
    const [member] = await h.ctx.tdb.db
      .insert(schema.members)
      .values({ organizationId: team.organizationId, userId: user.id })
      .returning();
    const second = await h.run(uploaded.id, {}, { team, as: team.owner });
    expect(second.report).toMatchObject({ imported: 2, duplicates: 1, membersInvited: [] });
    expect((await h.entriesOf(uploaded.id)).map((e) => [e.memberId, e.durationSeconds])).toEqual([
      [team.cmId, 3600],
      [member!.id, 7200],
    ]);
  });

  it('a manager cannot invite: unknown people are a problem the mapping fixes (a member) or skips', async () => {
    const team = await h.newTeam();
    const file = `Date,Duration,Description,Email\n2026-11-16,1:00,Veille,stranger@test.example\n2026-11-17,0:30,Veille,stranger@test.example\n2026-11-17,0:45,Veille,{cm}\n`;
    const uploaded = (await h.upload(h.fill(file, team), { team })).json();
    expect(uploaded.mapping.people[0]).toEqual({ key: 'stranger@test.example', action: 'skip', suggested: true });
    expect(uploaded.problemCounts).toEqual({ unknown_member: 2 });
    expect(uploaded.problems.map((p: { row: number }) => p.row)).toEqual([2, 3]);

    const invite = await team.manager.post(`${team.base}/imports/${uploaded.id}/run`, {
      people: [{ key: 'stranger@test.example', action: 'invite', email: 'stranger@test.example' }],
    });
    expect(invite.statusCode).toBe(403);
    expect(invite.json().details[0].field).toBe('body.people.0.action');
    const unknown = await team.manager.post(`${team.base}/imports/${uploaded.id}/preview`, {
      people: [{ key: 'nobody@test.example', action: 'skip' }],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().details[0].field).toBe('body.people.0.key');

    const fixed = await team.manager.post(`${team.base}/imports/${uploaded.id}/preview`, {
      people: [{ key: 'stranger@test.example', action: 'member', memberId: team.otherCmId }],
    });
    expect(fixed.json().problemCounts).toEqual({});
    expect(fixed.json().preview.map((r: { memberId: string }) => r.memberId)).toEqual([
      team.otherCmId,
      team.otherCmId,
      team.cmId,
    ]);
    const skipped = await h.run(uploaded.id, { people: [{ key: 'stranger@test.example', action: 'skip' }] }, { team });
    expect(skipped.report).toMatchObject({ imported: 1, skippedByReason: { skipped_member: 2 } });
  });
});

describe('problems', () => {
  it('lists every problem with its row; rows skipped in the mapping are left out', async () => {
    const team = await h.newTeam();
    const file = [
      'Date,Start,End,Duration,Description,Email',
      '2026-11-16,09:00,10:00,,Veille,{cm}',
      '2026-13-45,09:00,10:00,,Veille,{cm}',
      '2026-11-16,,,25:30,Veille,{cm}',
      '2026-11-16,10:00,09:00:00 junk,,Veille,{cm}',
      '2026-11-16,,,0:00,Veille,{cm}',
      '2026-11-16,,,,Veille,{cm}',
      '2026-11-17,09:00,09:30,,"=HYPERLINK(""https://evil.example"",""click"")",{cm}',
      '2026-11-17,11:00,11:30,,Veille,{cm}',
    ].join('\n');
    const uploaded = (await h.upload(h.fill(file, team), { team })).json();
    expect(uploaded.problems.map((p: { row: number; code: string }) => [p.row, p.code])).toEqual([
      [3, 'bad_date'],
      [4, 'over_24h'],
      [5, 'bad_time'],
      [6, 'zero_duration'],
      [7, 'no_timing'],
      [8, 'formula'],
    ]);
    expect(uploaded.totals).toMatchObject({ rows: 8, importable: 2 });
    const result = await h.run(uploaded.id, { skipRows: [9] }, { team });
    expect(result.report).toMatchObject({
      imported: 1,
      skipped: 7,
      skippedByReason: {
        bad_date: 1,
        over_24h: 1,
        bad_time: 1,
        zero_duration: 1,
        no_timing: 1,
        formula: 1,
        skipped_row: 1,
      },
    });
    // Nothing of the formula was written anywhere.
    const [found] = await h.ctx.tdb.db.execute<{ n: number }>(
      sql`select count(*)::int as n from time_entries where organization_id = ${team.organizationId} and note like '%HYPERLINK%'`,
    );
    expect(found!.n).toBe(0);
  });

  it('asks for the order of dates that could be read both ways, and reads them as told', async () => {
    const team = await h.newTeam();
    const file = `Date,Duration,Description,Email\n03/04/2026,1:00,Veille,{cm}\n`;
    const uploaded = (await h.upload(h.fill(file, team), { team })).json();
    expect(uploaded.dateOrder).toEqual({ detected: 'dmy', ambiguous: true });
    expect(uploaded.preview[0].date).toBe('2026-04-03');
    const monthFirst = await team.manager.post(`${team.base}/imports/${uploaded.id}/preview`, { dateOrder: 'mdy' });
    expect(monthFirst.json().preview[0].date).toBe('2026-03-04');
  });
});

describe('a run', () => {
  it('stops after its current batch when cancelled; what was written stays and an undo removes it', async () => {
    const team = await h.newTeam();
    const rows = IMPORT_BATCH_ROWS + 10;
    const lines = Array.from({ length: rows }, (_, i) => {
      const day = `2026-11-${String(2 + (i % 20)).padStart(2, '0')}`;
      return `${day},${(i % 50) + 1},Veille ${i},{cm}`;
    });
    const uploaded = (
      await h.upload(h.fill(`Date,Minutes,Description,Email\n${lines.join('\n')}\n`, team), { team })
    ).json();
    expect(uploaded.totals).toMatchObject({ rows, importable: rows });
    // Queued, then cancelled before any runner takes it.
    expect((await team.manager.post(`${team.base}/imports/${uploaded.id}/run`, {})).statusCode).toBe(202);
    const cancelled = await team.manager.post(`${team.base}/imports/${uploaded.id}/cancel`, {});
    expect(cancelled.json()).toMatchObject({ status: 'cancelled' });
    // Running: the cancel asked while it runs is honoured after the first batch.
    expect((await team.manager.post(`${team.base}/imports/${uploaded.id}/run`, {})).statusCode).toBe(202);
    await h.ctx.tdb.db.update(schema.imports).set({ cancelRequested: true }).where(eq(schema.imports.id, uploaded.id));
    const { executeImport } = await import('@proofwork/app');
    const { testImportDirectory } = await import('../support/app');
    await executeImport(
      { db: h.ctx.tdb.db, clock: h.clock, directory: testImportDirectory() },
      team.organizationId,
      uploaded.id,
    );
    const stopped = (await team.manager.get(`${team.base}/imports/${uploaded.id}`)).json();
    expect(stopped).toMatchObject({ status: 'cancelled', progress: 100 });
    expect(stopped.report).toMatchObject({ cancelled: true, imported: IMPORT_BATCH_ROWS });
    expect(await h.count('time_entries', team.organizationId)).toBe(IMPORT_BATCH_ROWS);
    const undone = await team.manager.post(`${team.base}/imports/${uploaded.id}/undo`, {});
    expect(undone.json().report.undo).toMatchObject({ entriesRemoved: IMPORT_BATCH_ROWS });
    expect(await h.count('time_entries', team.organizationId)).toBe(0);
  });
});

describe('with the pipeline running', () => {
  it('streams progress, and an undo leaves the entries and the rollups exactly as before', async () => {
    const team = await h.newTeam();
    pipeline = await startInProcessPipeline({ db: h.ctx.tdb.db, pollMs: 50, folders: testFolders() });
    // Entries of the team's own, in the same weeks the import fills.
    for (const [who, day] of [
      [team.cm, '2026-11-16'],
      [team.otherCm, '2026-11-17'],
    ] as const) {
      const res = await who.post(`${team.base}/time-entries`, {
        categoryId: team.category('content.video'),
        localDate: day,
        durationSeconds: 2400,
        note: 'logged in Proofwork',
      });
      expect(res.statusCode).toBe(201);
    }
    await drained(h.ctx.tdb.db, { organizationId: team.organizationId });
    const entries = () =>
      h.ctx.tdb.db.execute(sql`select * from time_entries where organization_id = ${team.organizationId} order by id`);
    const entriesBefore = await entries();
    const rollupsBefore = await rollupCells(h.ctx.tdb.db, team.organizationId);
    const deliverablesBefore = await h.ctx.tdb.db.execute(
      sql`select * from deliverables where organization_id = ${team.organizationId} order by id`,
    );

    const uploaded = (await h.upload(h.fill(F.TOGGL_DETAILED, team), { team })).json();
    const app = h.ctx.app;
    if (!app.server.listening) await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as { port: number }).port;
    const base = `http://127.0.0.1:${port}${team.base}`;
    // The run is queued first, so the stream starts on a queued import and follows it to the end.
    expect((await team.manager.post(`${team.base}/imports/${uploaded.id}/run`, {})).statusCode).toBe(202);
    const response = await fetch(`${base}/imports/${uploaded.id}/events`, {
      headers: { cookie: h.state.people.manager.client.cookie, origin: ORIGIN },
      signal: AbortSignal.timeout(20_000),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const received = await response.text();
    const events = [...received.matchAll(/event: progress\ndata: (.*)\n/g)].map((m) => JSON.parse(m[1]!));
    expect(events.at(-1)).toMatchObject({ id: uploaded.id, status: 'done', progress: 100, report: { imported: 3 } });
    expect(events.every((e) => !('preview' in e))).toBe(true);

    await drained(h.ctx.tdb.db, { organizationId: team.organizationId });
    expect(await rollupCells(h.ctx.tdb.db, team.organizationId)).not.toEqual(rollupsBefore);

    const undone = await team.manager.post(`${team.base}/imports/${uploaded.id}/undo`, {});
    expect(undone.statusCode).toBe(200);
    expect(undone.json()).toMatchObject({
      status: 'undone',
      undoneByMemberId: team.managerId,
      report: { undo: { entriesRemoved: 3, secondsRemoved: 5400 + 1105 + 2700, keptInApprovedWeeks: 0 } },
    });
    expect((await team.manager.post(`${team.base}/imports/${uploaded.id}/undo`, {})).statusCode).toBe(409);
    await drained(h.ctx.tdb.db, { organizationId: team.organizationId });
    expect(await entries()).toEqual(entriesBefore);
    expect(await rollupCells(h.ctx.tdb.db, team.organizationId)).toEqual(rollupsBefore);
    // The deliverable the import recorded went with its entries.
    expect(
      await h.ctx.tdb.db.execute(
        sql`select * from deliverables where organization_id = ${team.organizationId} order by id`,
      ),
    ).toEqual(deliverablesBefore);
  });
});
