// Proofwork's own JSON export, imported into another organization, re-creates the same entries:
// exported again, it gives the same lines and the same SHA-256. Imported where it came from, it
// adds nothing; edited after the export, it is imported with a warning that its hash is off.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportBuildProcessor, hashOfJsonExport, silentLog } from '@proofwork/workers';
import { afterAll, describe, expect, it } from 'vitest';
import type { Team } from '../api/time-entries.fixtures';
import { testFolders } from '../support/app';
import { useImports } from './harness';

const exportDir = mkdtempSync(path.join(tmpdir(), 'pw-round-trip-'));
process.env.EXPORT_DIR = exportDir;
const h = useImports();
const PERIOD = { from: '2026-11-02', to: '2026-11-22' };

afterAll(() => {
  rmSync(exportDir, { recursive: true, force: true });
  // The next file of this worker must not inherit a removed folder.
  delete process.env.EXPORT_DIR;
});

/** Builds the JSON export of a team's period the way the export job does, and reads it back. */
async function exportJson(team: Team): Promise<{ text: string; parsed: { entries: object[]; sha256: string } }> {
  const queued = await team.manager.post(`${team.base}/exports`, { ...PERIOD, format: 'json', locale: 'en' });
  expect(queued.statusCode).toBe(202);
  await exportBuildProcessor.handle(
    { db: h.ctx.tdb.db, log: silentLog, clock: h.clock, folders: testFolders() },
    { organizationId: team.organizationId, exportId: queued.json().id },
  );
  const built = (await team.manager.get(`${team.base}/exports/${queued.json().id}`)).json();
  expect(built.status).toBe('done');
  const file = await team.manager.get(`${team.base}/exports/${built.id}/file`);
  return { text: file.body, parsed: JSON.parse(file.body) };
}

describe('a Proofwork export, imported', () => {
  it('re-creates the same entries and the same SHA-256 in another organization', async () => {
    const source = await h.newTeam();
    const base = source.base;
    // Timed and day entries, a brand, platforms, a deliverable from quick-add standing for two reels,
    // tags, a late entry, and an entry edited after the fact.
    await source.owner.post(`${base}/brands`, { name: 'Maison Céleste' });
    const writes = [
      source.cm.post(`${base}/quick-add`, { text: 'montage deux reels instagram @maison-celeste 1h30 16/11 #soldes' }),
      source.cm.post(`${base}/time-entries`, {
        categoryId: source.category('moderation'),
        startedAt: '2026-11-17T08:15:00Z',
        endedAt: '2026-11-17T09:02:41Z',
        platform: 'facebook',
        tags: ['crise'],
        note: 'Commentaires "bad buzz"\nsuite',
      }),
      source.otherCm.post(`${base}/time-entries`, {
        categoryId: source.category('reporting'),
        localDate: '2026-11-04',
        durationSeconds: 3600,
      }),
    ];
    for (const res of await Promise.all(writes)) expect(res.statusCode, res.body).toBe(201);
    const edited = await source.otherCm.post(`${base}/time-entries`, {
      categoryId: source.category('meetings'),
      localDate: '2026-11-19',
      durationSeconds: 1800,
    });
    expect(
      (await source.otherCm.patch(`${base}/time-entries/${edited.json().id}`, { durationSeconds: 2700 })).statusCode,
    ).toBe(200);

    const exported = await exportJson(source);
    expect(exported.parsed.entries).toHaveLength(4);
    const lines = exported.parsed.entries as {
      late: boolean;
      edited: boolean;
      source: string;
      deliverableType: string | null;
      deliverableQuantity: number | null;
    }[];
    expect(
      lines.filter((e) => e.deliverableType !== null).map((e) => [e.deliverableType, e.deliverableQuantity]),
    ).toEqual([['reel', 2]]);
    expect(lines.filter((e) => e.deliverableType === null).map((e) => e.deliverableQuantity)).toEqual([
      null,
      null,
      null,
    ]);
    expect(lines.some((e) => e.late)).toBe(true);
    expect(lines.some((e) => e.edited)).toBe(true);

    const target = await h.newTeam();
    const uploaded = await h.upload(exported.text, { team: target, name: 'evidence.json' });
    expect(uploaded.statusCode).toBe(201);
    expect(uploaded.json()).toMatchObject({
      format: 'proofwork',
      file: { kind: 'json', sha256: { stated: exported.parsed.sha256, computed: exported.parsed.sha256 } },
      problemCounts: {},
      totals: { rows: 4, importable: 4 },
    });
    const result = await h.run(uploaded.json().id, {}, { team: target });
    expect(result.report).toMatchObject({ rows: 4, imported: 4, brandsCreated: ['Maison Céleste'] });

    const again = await exportJson(target);
    expect(again.parsed.entries).toEqual(exported.parsed.entries);
    expect(again.parsed.sha256).toBe(exported.parsed.sha256);
    expect(hashOfJsonExport(again.parsed as never)).toBe(exported.parsed.sha256);
    // In their new organization they are imported entries, with their place in the file.
    expect((await h.entriesOf(result.id)).map((e) => [e.source, e.importRow])).toEqual([
      ['import', 1],
      ['import', 2],
      ['import', 3],
      ['import', 4],
    ]);

    // Imported again into either organization, it adds nothing.
    expect((await h.importFile(exported.text, {}, { team: target })).report).toMatchObject({
      imported: 0,
      duplicates: 4,
    });
    expect((await h.importFile(exported.text, {}, { team: source })).report).toMatchObject({
      imported: 0,
      duplicates: 4,
    });
  });

  it('says when the file was changed after the export (its hash no longer matches)', async () => {
    const source = await h.newTeam();
    expect(
      (
        await source.cm.post(`${source.base}/time-entries`, {
          categoryId: source.category('admin'),
          localDate: '2026-11-16',
          durationSeconds: 600,
        })
      ).statusCode,
    ).toBe(201);
    const exported = await exportJson(source);
    const tampered = exported.text.replace('"seconds":600', '"seconds":6000');
    expect(tampered).not.toBe(exported.text);
    const uploaded = await h.upload(tampered, { team: await h.newTeam() });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    expect(uploaded.json().problems).toEqual([
      expect.objectContaining({ row: 0, code: 'hash_mismatch', severity: 'warning' }),
    ]);
  });
});
