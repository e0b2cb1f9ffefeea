// CSV, XLSX and JSON exports read back: the same entries and totals, real numbers and dates, and
// formula-looking text inert.

import { once } from 'node:events';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  ENTRY_COLUMNS,
  type EvidenceEntry,
  type EvidenceQuery,
  evidenceHeader,
  evidenceSummary,
  schema,
  streamEvidenceEntries,
} from '@proofwork/db';
import { csvRow, EXPORT_MESSAGES, hashOfJsonExport, writeCsv, writeJson, writeXlsx } from '@proofwork/workers';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify';
import { and, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FROM, TO, useDemo } from './fixture';

const ctx = useDemo();
const EVIL = '=HYPERLINK("http://x")';
let dir: string;
let evilEntryId: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'pw-evidence-'));
  // One entry's note and its brand's name look like formulas.
  const [entry] = await ctx.tdb.db.execute<{ id: string; brand_id: string }>(sql`
    select id, brand_id from time_entries where organization_id = ${ctx.orgId} and brand_id is not null
      and deleted_at is null and week_start between ${FROM} and ${TO} order by id limit 1`);
  evilEntryId = entry!.id;
  await ctx.tdb.db.update(schema.timeEntries).set({ note: EVIL }).where(eq(schema.timeEntries.id, evilEntryId));
  await ctx.tdb.db
    .update(schema.brands)
    .set({ name: `${EVIL} brand` })
    .where(and(eq(schema.brands.id, entry!.brand_id), eq(schema.brands.organizationId, ctx.orgId)));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const query = (locale: 'en' | 'fr'): EvidenceQuery => ({ from: FROM, to: TO, locale });

async function allEntries(locale: 'en' | 'fr') {
  const out: EvidenceEntry[] = [];
  for await (const batch of streamEvidenceEntries(ctx.tdb.db, ctx.orgId, query(locale))) out.push(...batch);
  return out;
}

async function write<T>(file: string, fn: (out: NodeJS.WritableStream) => Promise<T>): Promise<T> {
  const out = createWriteStream(file);
  const result = await fn(out as never);
  if (!out.writableFinished) await once(out, 'finish');
  return result;
}

describe('CSV export', () => {
  it('parses back to the entries (French: BOM, `;`, decimal comma) and neutralizes formulas', async () => {
    const file = path.join(dir, 'fr.csv');
    const started = performance.now();
    const { rows } = await write(file, (out) =>
      writeCsv(streamEvidenceEntries(ctx.tdb.db, ctx.orgId, query('fr')), out as never, { locale: 'fr' }),
    );
    const ms = performance.now() - started;
    console.log(`CSV: ${rows} rows in ${ms.toFixed(0)} ms = ${Math.round(rows / (ms / 1000))} rows/s`);
    const buffer = readFileSync(file);
    expect([...buffer.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse(buffer, { bom: true, delimiter: ';', columns: true }) as Record<string, string>[];
    const entries = await allEntries('fr');
    expect(records.length).toBe(entries.length);
    expect(rows).toBe(entries.length);
    for (const [i, e] of entries.entries()) {
      const r = records[i]!;
      expect(r['Id de la saisie']).toBe(e.id);
      expect(Number(r.Heures!.replace(',', '.'))).toBeCloseTo(e.seconds / 3600, 4);
      expect(Number(r.Secondes)).toBe(e.seconds);
      expect(r.Date).toBe(e.localDate);
      expect(r['Début (UTC)']).toBe(e.startedAt ?? '');
      expect(r['Modifiée après coup']).toBe(e.edited ? 'oui' : 'non');
    }
    const evil = records.find((r) => r['Id de la saisie'] === evilEntryId)!;
    expect(evil.Note).toBe(`'${EVIL}`);
    expect(evil.Marque).toBe(`'${EVIL} brand`);
    // No cell of the file starts a formula.
    expect(records.every((r) => Object.values(r).every((v) => !/^[=+\-@\t\r]/.test(v)))).toBe(true);
  });

  it('uses `,` and decimal points in English', async () => {
    const file = path.join(dir, 'en.csv');
    await write(file, (out) =>
      writeCsv(streamEvidenceEntries(ctx.tdb.db, ctx.orgId, query('en')), out as never, { locale: 'en' }),
    );
    const records = parse(readFileSync(file), { bom: true, columns: true }) as Record<string, string>[];
    const total = records.reduce((s, r) => s + Number(r.Seconds), 0);
    const summary = await evidenceSummary(ctx.tdb.db, ctx.orgId, query('en'));
    expect(total).toBe(summary.allWeeks.loggedSeconds);
    expect(records[0]!.Hours).toMatch(/^\d+(\.\d+)?$/);
  });
});

describe('CSV writer', () => {
  // Cells that need quoting or neutralizing in one locale or the other.
  const TRICKY = [
    'a;b',
    'a,b',
    'say "hi"',
    'two\nlines',
    'cr\r\nlf',
    'bare\rcr',
    '-1 minus',
    '+33 6',
    '@here',
    '"',
    ' x ',
  ];

  it('writes the same bytes as csv-stringify (BOM, quotes, separators, CRLF, neutralized cells)', async () => {
    const picked = await ctx.tdb.db.execute<{ id: string; note: string; tags: string[] }>(sql`
      select id, note, tags from time_entries where organization_id = ${ctx.orgId} and deleted_at is null
        and week_start between ${FROM} and ${TO} and id <> ${evilEntryId} order by id desc limit ${TRICKY.length}`);
    expect(picked.length).toBe(TRICKY.length);
    for (const [i, row] of picked.entries()) {
      await ctx.tdb.db
        .update(schema.timeEntries)
        .set({ note: TRICKY[i]!, tags: i % 2 ? ['a;b', 'c,d'] : [] })
        .where(eq(schema.timeEntries.id, row.id));
    }
    try {
      for (const locale of ['fr', 'en'] as const) await sameBytes(locale);
    } finally {
      for (const row of picked)
        await ctx.tdb.db
          .update(schema.timeEntries)
          .set({ note: row.note, tags: row.tags })
          .where(eq(schema.timeEntries.id, row.id));
    }
  });

  async function sameBytes(locale: 'en' | 'fr') {
    {
      const entries = await allEntries(locale);
      const file = path.join(dir, `same-${locale}.csv`);
      const reference = path.join(dir, `reference-${locale}.csv`);
      await write(file, (out) =>
        writeCsv(
          (async function* () {
            yield entries.slice(0, 7);
            yield [];
            yield entries.slice(7);
          })(),
          out as never,
          { locale },
        ),
      );
      // The writer it replaced: csv-stringify over the same cells, except that it left a bare line
      // break unquoted (splitting the row); cells holding one are quoted now.
      const separator = locale === 'fr' ? ';' : ',';
      const columns = EXPORT_MESSAGES[locale].columns;
      const records = [
        ENTRY_COLUMNS.map((c) => columns[c]),
        ...entries.map((e) => csvRow(e, locale, separator === ';')),
      ];
      await pipeline(
        Readable.from(records),
        stringify({ bom: true, delimiter: separator, record_delimiter: 'windows', quoted_match: /[\r\n]/ }),
        createWriteStream(reference),
      );
      const bytes = readFileSync(file);
      expect(bytes.toString('latin1')).toBe(readFileSync(reference).toString('latin1'));
      expect(bytes.length).toBeGreaterThan(entries.length * 50);
      const parsed = parse(bytes, { bom: true, delimiter: separator, columns: true }) as Record<string, string>[];
      expect(parsed.length).toBe(entries.length);
      const notes = parsed.map((r) => r[columns.note]);
      for (const note of TRICKY) expect(notes).toContain(/^[-+@]/.test(note) ? `'${note}` : note);
    }
  }
});

describe('JSON export', () => {
  it('carries a hash anyone can recompute from its entries', async () => {
    const file = path.join(dir, 'evidence.json');
    const header = (await evidenceHeader(ctx.tdb.db, ctx.orgId, query('en')))!;
    const summary = await evidenceSummary(ctx.tdb.db, ctx.orgId, query('en'));
    const { sha256, rows } = await write(file, (out) =>
      writeJson(
        { ...header, generatedAt: '2026-11-25T14:00:00Z' },
        summary,
        streamEvidenceEntries(ctx.tdb.db, ctx.orgId, query('en')),
        out as never,
      ),
    );
    const parsed = JSON.parse(readFileSync(file, 'utf8'));
    expect(parsed.entries.length).toBe(rows);
    expect(parsed.sha256).toBe(sha256);
    expect(hashOfJsonExport(parsed)).toBe(sha256);
    const { createHash } = await import('node:crypto');
    // The entries' lines, then the member-weeks' coverage lines.
    expect(parsed.coverage.length).toBeGreaterThan(0);
    const plain = createHash('sha256')
      .update([...parsed.entries, ...parsed.coverage].map((e: unknown) => `${JSON.stringify(e)}\n`).join(''))
      .digest('hex');
    expect(plain).toBe(sha256);
    expect(parsed.coverage).toContainEqual(expect.objectContaining({ member: 'Julien Moreau', complete: false }));
  });
});

describe('XLSX export', () => {
  it('has numeric and date cells, the same totals, and inert formula-looking text', async () => {
    const file = path.join(dir, 'evidence.xlsx');
    const header = (await evidenceHeader(ctx.tdb.db, ctx.orgId, query('en')))!;
    const summary = await evidenceSummary(ctx.tdb.db, ctx.orgId, query('en'));
    await write(file, (out) =>
      writeXlsx(
        { ...header, generatedAt: '2026-11-25T14:00:00Z', sha256: 'abc' },
        summary,
        streamEvidenceEntries(ctx.tdb.db, ctx.orgId, query('en')),
        out as never,
        { locale: 'en' },
      ),
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Weekly totals', 'Entries']);
    const entries = wb.getWorksheet('Entries')!;
    const headerRow = entries.getRow(1).values as string[];
    const col = (name: string) => headerRow.indexOf(name);
    let seconds = 0;
    let evilNote: unknown;
    let evilBrand: unknown;
    entries.eachRow((row, n) => {
      if (n === 1) return;
      const s = row.getCell(col('Seconds')).value;
      expect(typeof s).toBe('number');
      expect(typeof row.getCell(col('Hours')).value).toBe('number');
      expect(row.getCell(col('Date')).value).toBeInstanceOf(Date);
      seconds += s as number;
      if (row.getCell(col('Entry id')).value === evilEntryId) {
        evilNote = row.getCell(col('Note'));
        evilBrand = row.getCell(col('Brand'));
      }
    });
    expect(seconds).toBe(summary.allWeeks.loggedSeconds);
    for (const cell of [evilNote, evilBrand] as ExcelJS.Cell[]) {
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
      expect(String(cell.value).startsWith(EVIL)).toBe(true);
    }
    expect(entries.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(entries.autoFilter).toBeTruthy();
    // The summary sheet's logged hours are the headline's (complete member-weeks), its coverage the team's.
    const summarySheet = wb.getWorksheet('Summary')!;
    let logged: unknown;
    let coverage: unknown;
    summarySheet.eachRow((row) => {
      if (row.getCell(1).value === 'Hours logged') logged = row.getCell(2).value;
      if (row.getCell(1).value === 'Coverage (logged ÷ expected)') coverage = row.getCell(2).value;
    });
    expect(logged).toBeCloseTo(summary.totals.loggedSeconds / 3600, 3);
    expect(coverage).toBeCloseTo(summary.coverage.coverage!, 10);
    const weekly = wb.getWorksheet('Weekly totals')!;
    let weeklyTotal = 0;
    weekly.eachRow((row, n) => {
      if (n > 1 && row.getCell(2).value === 'Team total') weeklyTotal += row.getCell(3).value as number;
    });
    expect(weeklyTotal).toBeCloseTo(seconds / 3600, 2);
  });
});
