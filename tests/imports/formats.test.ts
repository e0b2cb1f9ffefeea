// Each tracker's export, in each of the forms real exports take, imported through the API: exact
// durations and instants (local times read in the chosen zone, or the member's), the mapping's
// results (member, category, platform, deliverable, brand, tags) and the report's counts.
import { describe, expect, it } from 'vitest';
import * as F from './fixtures';
import { describeEntries, useImports } from './harness';

const h = useImports();

/** What an entry says, with its catalog names: the shape the assertions read. */
async function written(importId: string) {
  const entries = await h.entriesOf(importId);
  const names = await describeEntries(
    h.ctx.tdb.db,
    entries.map((e) => e.id),
  );
  return entries.map((e) => {
    const n = names.get(e.id)!;
    return {
      row: e.importRow,
      memberId: e.memberId,
      startedAt: e.startedAt?.toISOString() ?? null,
      endedAt: e.endedAt?.toISOString() ?? null,
      seconds: e.durationSeconds,
      localDate: e.localDate,
      category: n.category,
      platform: e.platform,
      type: n.type,
      deliverable: n.deliverable,
      brand: n.brand,
      tags: e.tags,
      note: e.note,
      source: e.source,
    };
  });
}

describe('Toggl Track', () => {
  it('reads the detailed report (BOM, quoted, Title-Case, money): times in the member’s zone, an existing brand matched without accents or case', async () => {
    const team = await h.newTeam();
    // "Bistrot Léon" in the export is this brand, whatever its case and accents.
    await team.owner.post(`${team.base}/brands`, { name: 'BISTROT LEON' });
    const result = await h.importFile(h.fill(F.TOGGL_DETAILED, team), {}, { team });
    expect(result).toMatchObject({ format: 'toggl', detectedFormat: 'toggl', status: 'done', progress: 100 });
    expect(result.file).toMatchObject({ kind: 'csv', bom: true, delimiter: ',', money: ['Amount (EUR)'] });
    expect(result.report).toMatchObject({
      rows: 3,
      imported: 3,
      secondsImported: 5400 + 1105 + 2700,
      skipped: 0,
      warnings: 0,
      brandsCreated: ['Acme'],
      membersInvited: [],
    });
    expect(await written(result.id)).toEqual([
      {
        row: 2,
        memberId: team.cmId,
        // 09:00–10:30 in Paris in November (UTC+1).
        startedAt: '2026-11-16T08:00:00.000Z',
        endedAt: '2026-11-16T09:30:00.000Z',
        seconds: 5400,
        localDate: '2026-11-16',
        category: 'content.video',
        platform: 'instagram',
        type: 'reel',
        deliverable: 'Montage reel Instagram',
        brand: 'BISTROT LEON',
        tags: ['client', 'urgent', 'billable'],
        note: 'Montage reel Instagram',
        source: 'import',
      },
      {
        row: 3,
        memberId: team.cmId,
        startedAt: '2026-11-16T13:05:10.000Z',
        endedAt: '2026-11-16T13:23:35.000Z',
        seconds: 18 * 60 + 25,
        localDate: '2026-11-16',
        category: 'moderation',
        platform: 'facebook',
        type: null,
        deliverable: null,
        brand: 'BISTROT LEON',
        tags: [],
        note: 'Modération commentaires Facebook',
        source: 'import',
      },
      {
        // 23:30 to 00:15 the next day: 45 minutes, on the day it started.
        row: 4,
        memberId: team.otherCmId,
        startedAt: '2026-11-17T22:30:00.000Z',
        endedAt: '2026-11-17T23:15:00.000Z',
        seconds: 2700,
        localDate: '2026-11-17',
        category: 'reporting',
        platform: null,
        type: null,
        deliverable: null,
        brand: 'Acme',
        tags: ['billable'],
        note: 'Bilan mensuel',
        source: 'import',
      },
    ]);
  });

  it('reads the clock times in the zone the import is told, and keeps money as tags when asked', async () => {
    const team = await h.newTeam();
    const result = await h.importFile(
      h.fill(F.TOGGL_DETAILED, team),
      { timeZone: 'America/New_York', money: 'tag', billable: 'ignore' },
      { team },
    );
    const rows = await written(result.id);
    expect(rows.map((r) => [r.startedAt, r.endedAt, r.seconds])).toEqual([
      // 09:00 in New York (UTC−5) is 14:00 UTC.
      ['2026-11-16T14:00:00.000Z', '2026-11-16T15:30:00.000Z', 5400],
      ['2026-11-16T19:05:10.000Z', '2026-11-16T19:23:35.000Z', 1105],
      ['2026-11-18T04:30:00.000Z', '2026-11-18T05:15:00.000Z', 2700],
    ]);
    // The member is in Paris: 23:30 in New York is the next morning there.
    expect(rows[2]!.localDate).toBe('2026-11-18');
    expect(rows.map((r) => r.tags)).toEqual([['client', 'urgent', 'Amount (EUR): 45.00'], [], ['Amount (EUR): 22.50']]);
  });

  it('reads the older "time entries" export: lower-case, bare, 12-hour clock, "18:25 min", a duration like a time of day, and says when a duration disagrees', async () => {
    const team = await h.newTeam();
    const uploaded = await h.upload(h.fill(F.TOGGL_TIME_ENTRIES, team), { team });
    expect(uploaded.statusCode).toBe(201);
    const analysis = uploaded.json();
    expect(analysis.format).toBe('toggl');
    // A row that names a platform but no work has no category: a problem the mapping fixes (a
    // deliverable alone would imply one: "Story Instagram" is visual design).
    expect(analysis.problemCounts).toEqual({ no_category: 1, duration_mismatch: 1 });
    expect(analysis.problems).toEqual([
      expect.objectContaining({ row: 3, code: 'no_category', severity: 'error' }),
      expect.objectContaining({ row: 4, code: 'duration_mismatch', severity: 'warning', value: '0:40:00' }),
    ]);
    expect(analysis.totals).toMatchObject({ rows: 3, importable: 2 });

    const result = await h.run(analysis.id, { defaultCategoryId: team.category('content.publishing') }, { team });
    expect(result.report).toMatchObject({ rows: 3, imported: 3, skipped: 0, warnings: 1 });
    const rows = await written(result.id);
    expect(rows.map((r) => [r.row, r.startedAt, r.seconds, r.category, r.platform, r.type, r.brand])).toEqual([
      // 10:30:34 AM → 10:48:59 AM: 18:25 min, as the duration says.
      [2, '2026-11-18T09:30:34.000Z', 1105, 'content.visual', 'linkedin', 'carousel', 'Acme Social'],
      // 12:05 PM → 12:25 PM; the duration "12:20:00 AM" is 20 minutes too.
      [3, '2026-11-18T11:05:00.000Z', 1200, 'content.publishing', 'instagram', null, 'Acme Social'],
      // 2 PM → 3 PM: the start and end win over the 40 minutes of the duration column.
      [4, '2026-11-18T13:00:00.000Z', 3600, 'content.video', 'tiktok', null, 'Acme Social'],
    ]);
  });

  it('reads an export the column picker trimmed (semicolons, no end columns) across the night the clocks go back', async () => {
    const team = await h.newTeam();
    const result = await h.importFile(h.fill(F.TOGGL_PICKED, team), {}, { team });
    expect(result.file.delimiter).toBe(';');
    expect(result.report).toMatchObject({ rows: 2, imported: 2, secondsImported: 7200 + 1800 });
    const rows = await written(result.id);
    // 01:30 summer time, then two real hours: the clocks went back at 03:00, so it ends at 02:30.
    expect(rows[0]).toMatchObject({
      startedAt: '2026-10-24T23:30:00.000Z',
      endedAt: '2026-10-25T01:30:00.000Z',
      seconds: 7200,
      localDate: '2026-10-25',
      category: 'listening',
      brand: 'Lumen',
    });
    expect(rows[1]).toMatchObject({
      startedAt: '2026-10-26T08:00:00.000Z',
      seconds: 1800,
      category: 'content.publishing',
      platform: 'linkedin',
      type: 'post',
    });
  });
});

describe('Clockify', () => {
  it('reads the English report: month-first dates, 12-hour clock, both durations, rates in USD, a task mapped', async () => {
    const team = await h.newTeam();
    const uploaded = await h.upload(h.fill(F.CLOCKIFY_EN, team), { team });
    const analysis = uploaded.json();
    expect(analysis).toMatchObject({ format: 'clockify', dateOrder: { detected: 'mdy', ambiguous: false } });
    expect(analysis.file.money).toEqual(['Billable Rate (USD)', 'Billable Amount (USD)']);
    expect(analysis.survey.activities).toEqual([{ key: 'reporting', name: 'Reporting', rows: 1 }]);
    expect(analysis.mapping.activities).toEqual([
      { key: 'reporting', categoryId: team.category('reporting'), suggested: true },
    ]);
    const result = await h.run(analysis.id, {}, { team });
    expect(result.report).toMatchObject({ rows: 2, imported: 2, secondsImported: 4500 + 1200 });
    const rows = await written(result.id);
    expect(rows.map((r) => [r.memberId, r.startedAt, r.endedAt, r.seconds, r.category, r.type, r.tags])).toEqual([
      [
        team.cmId,
        '2026-11-16T08:00:00.000Z',
        '2026-11-16T09:15:00.000Z',
        4500,
        'reporting',
        null,
        ['Client', 'Monthly', 'billable'],
      ],
      // 1:00 PM to 1:20 PM, and "12:20:00 AM" in the duration column agrees (20 minutes).
      [team.otherCmId, '2026-11-17T12:00:00.000Z', '2026-11-17T12:20:00.000Z', 1200, 'content.video', 'reel', []],
    ]);
  });

  it('reads the French report: BOM, semicolons, day-first dates, decimal commas, rates in EUR', async () => {
    const team = await h.newTeam();
    const result = await h.importFile(h.fill(F.CLOCKIFY_FR, team), { money: 'tag' }, { team });
    expect(result).toMatchObject({
      format: 'clockify',
      file: { bom: true, delimiter: ';', money: ['Taux facturable (EUR)', 'Montant facturable (EUR)'] },
      dateOrder: { detected: 'dmy' },
    });
    expect(result.file.columns).toMatchObject({ durationDecimal: 'Durée (décimale)', startDate: 'Date de début' });
    expect(result.report).toMatchObject({
      rows: 2,
      imported: 2,
      secondsImported: 2700 + 5400,
      brandsCreated: ['Boulangerie Martin'],
    });
    const rows = await written(result.id);
    expect(rows.map((r) => [r.startedAt, r.seconds, r.localDate, r.category, r.platform, r.brand, r.tags])).toEqual([
      [
        '2026-11-16T08:00:00.000Z',
        2700,
        '2026-11-16',
        'moderation',
        'instagram',
        'Boulangerie Martin',
        ['billable', 'Taux facturable (EUR): 60,00', 'Montant facturable (EUR): 45,00'],
      ],
      ['2026-11-17T13:00:00.000Z', 5400, '2026-11-17', 'approvals', null, 'Boulangerie Martin', []],
    ]);
  });
});

describe('Harvest', () => {
  it('reads the detailed time report: a duration on a day, people by name, tasks, money ignored', async () => {
    const team = await h.newTeam();
    const uploaded = await h.upload(h.fill(F.HARVEST_DETAILED, team), { team });
    const analysis = uploaded.json();
    expect(analysis.format).toBe('harvest');
    // No e-mail in Harvest: people are matched by name.
    expect(analysis.mapping.people).toEqual([
      { key: 'name:cm', action: 'member', memberId: team.cmId, suggested: true },
      { key: 'name:other', action: 'member', memberId: team.otherCmId, suggested: true },
    ]);
    expect(analysis.file.money).toEqual(['Billable Rate', 'Billable Amount', 'Cost Rate', 'Cost Amount']);
    const result = await h.run(analysis.id, {}, { team });
    expect(result.report).toMatchObject({ rows: 2, imported: 2, secondsImported: 5400 + 1800 });
    const rows = await written(result.id);
    // No clock times: a duration on its day (no invented 09:00 start).
    expect(
      rows.map((r) => [r.memberId, r.startedAt, r.seconds, r.localDate, r.category, r.type, r.platform, r.tags]),
    ).toEqual([
      [team.cmId, null, 5400, '2026-11-16', 'content.visual', 'carousel', 'instagram', ['billable']],
      [team.otherCmId, null, 1800, '2026-11-17', 'meetings', null, null, []],
    ]);
  });

  it('reads hours as H:MM, month-first dates and lower-case headers; a deliverable a day', async () => {
    const team = await h.newTeam();
    const result = await h.importFile(h.fill(F.HARVEST_HOURS_MINUTES, team), {}, { team });
    expect(result.report).toMatchObject({ rows: 2, imported: 2, secondsImported: 5400 + 2700, deliverablesCreated: 2 });
    const rows = await written(result.id);
    expect(rows.map((r) => [r.seconds, r.localDate, r.type, r.deliverable])).toEqual([
      [5400, '2026-11-18', 'story', 'Story Noël Instagram'],
      [2700, '2026-11-19', 'story', 'Story Noël Instagram'],
    ]);
  });
});

describe('a CSV of one’s own', () => {
  it('reads a date with a start and an end, and the member’s e-mail', async () => {
    const team = await h.newTeam();
    const result = await h.importFile(h.fill(F.GENERIC_EN, team), {}, { team });
    expect(result.format).toBe('generic');
    const rows = await written(result.id);
    expect(rows.map((r) => [r.memberId, r.startedAt, r.seconds, r.category, r.type, r.brand, r.tags])).toEqual([
      [team.cmId, '2026-11-19T08:00:00.000Z', 3600, 'content.copywriting', 'newsletter', 'Acme', ['newsletter']],
      [team.otherCmId, '2026-11-19T09:00:00.000Z', 1200, 'moderation', null, 'Acme', []],
    ]);
  });

  it('reads French headers, day-first dates, a duration with a decimal comma, and 14h00-style times', async () => {
    const team = await h.newTeam();
    const result = await h.importFile(h.fill(F.GENERIC_FR, team), {}, { team });
    expect(result.report).toMatchObject({ imported: 2, secondsImported: 5400 + 2700 });
    const rows = await written(result.id);
    expect(rows.map((r) => [r.startedAt, r.seconds, r.localDate, r.category, r.type, r.brand, r.tags])).toEqual([
      [null, 5400, '2026-11-20', 'content.copywriting', 'article', 'Maison Céleste', ['seo']],
      ['2026-11-20T13:00:00.000Z', 2700, '2026-11-20', 'meetings', null, 'Maison Céleste', []],
    ]);
  });

  it('counts deliverables as quick-add does: "deux reels" is one reel deliverable standing for two', async () => {
    const team = await h.newTeam();
    const csv = `date,minutes,description,email
2026-11-20,90,Montage deux reels Instagram,{cm}
2026-11-20,30,Retouche 3 stories,{cm}
2026-11-20,45,Montage reel TikTok,{cm}
`;
    // The preview says it before anything is written.
    const uploaded = await h.upload(h.fill(csv, team), { team });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    expect(uploaded.json().preview.map((r: { deliverableQuantity: number | null }) => r.deliverableQuantity)).toEqual([
      2, 3, 1,
    ]);
    const result = await h.run(uploaded.json().id, {}, { team });
    expect(result.report).toMatchObject({ imported: 3, deliverablesCreated: 3 });
    const entries = await h.entriesOf(result.id);
    const names = await describeEntries(
      h.ctx.tdb.db,
      entries.map((e) => e.id),
    );
    expect(entries.map((e) => [e.importRow, names.get(e.id)?.type, names.get(e.id)?.quantity])).toEqual([
      [2, 'reel', 2],
      [3, 'story', 3],
      [4, 'reel', 1],
    ]);
  });

  it('reads a minutes column, and clock times that carry their own UTC offset', async () => {
    const team = await h.newTeam();
    const minutes = await h.importFile(h.fill(F.GENERIC_MINUTES, team), {}, { team });
    expect(await written(minutes.id)).toMatchObject([
      { memberId: team.otherCmId, startedAt: null, seconds: 5400, localDate: '2026-11-20', category: 'listening' },
    ]);
    // The offset names the instant: the zone the import is told changes nothing.
    const offsets = await h.importFile(h.fill(F.GENERIC_OFFSETS, team), { timeZone: 'Asia/Tokyo' }, { team });
    expect(await written(offsets.id)).toMatchObject([
      { startedAt: '2026-11-20T14:00:00.000Z', endedAt: '2026-11-20T14:30:00.000Z', seconds: 1800 },
    ]);
  });

  it('takes the format the user picks over the detected one, when the header fits it', async () => {
    const team = await h.newTeam();
    const uploaded = (await h.upload(h.fill(F.TOGGL_DETAILED, team), { team })).json();
    expect(uploaded.format).toBe('toggl');
    const asGeneric = await team.manager.post(`${team.base}/imports/${uploaded.id}/preview`, { format: 'generic' });
    expect(asGeneric.statusCode).toBe(200);
    expect(asGeneric.json()).toMatchObject({ format: 'generic', detectedFormat: 'toggl' });
    const asHarvest = await team.manager.post(`${team.base}/imports/${uploaded.id}/preview`, { format: 'harvest' });
    expect(asHarvest.statusCode).toBe(400);
    expect(asHarvest.json().details[0].field).toBe('body.format');
  });
});
