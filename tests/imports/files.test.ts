// Files that are not an export an import can read: a clear 4xx naming `body.file` (or a problem
// on the row at fault), never a 500, and nothing written — no import, no entry, no stored file.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testImportDirectory } from '../support/app';
import { multipartBody } from '../support/multipart';
import { useImports } from './harness';

const h = useImports();

/** What an organization holds: imports, entries and stored uploads. */
async function footprint(organizationId: string) {
  const directory = path.join(testImportDirectory(), organizationId);
  let files: string[] = [];
  try {
    files = readdirSync(directory);
  } catch {
    files = [];
  }
  return {
    imports: await h.count('imports', organizationId),
    entries: await h.count('time_entries', organizationId),
    files: files.length,
  };
}

const refusals: [string, string | Buffer, number, string][] = [
  ['a PNG image', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 422, 'unsupported_file'],
  [
    'an Excel workbook',
    Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64, 1)]),
    422,
    'unsupported_file',
  ],
  ['binary with NUL bytes', Buffer.from('Date,Duration\n2026-11-16,\u0000\u0001\u0002'), 422, 'unsupported_file'],
  [
    'Windows-1252 text',
    Buffer.concat([
      Buffer.from('Date,Duration,Description\n2026-11-16,1:00,R'),
      Buffer.from([0xe9]),
      Buffer.from('union\n'),
    ]),
    422,
    'unsupported_encoding',
  ],
  [
    'UTF-16 text',
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Date,Duration\n2026-11-16,1:00\n', 'utf16le')]),
    422,
    'unsupported_encoding',
  ],
  ['a header of nothing known', 'Colour,Size,Weight\nred,XL,3\n', 422, 'unknown_format'],
  ['an empty file', '', 422, 'empty_file'],
  ['a header without rows', 'Date,Duration,Description\n', 422, 'no_rows'],
  ['an unclosed quote', 'Date,Duration,Description\n2026-11-16,1:00,"never closed\n', 422, 'malformed_csv'],
  ['a row of 300 KB', `Date,Duration,Description\n2026-11-16,1:00,${'x'.repeat(300 * 1024)}\n`, 422, 'row_too_long'],
  ['JSON that is not a Proofwork export', '{"format":"other/1","entries":[]}', 422, 'unknown_format'],
  ['broken JSON', '{"format":"proofwork.evidence/1","entries":[{"id":', 422, 'malformed_json'],
];

describe('files an import cannot read', () => {
  for (const [what, content, status, code] of refusals) {
    it(`refuses ${what} with ${status} ${code}, and keeps nothing`, async () => {
      const { organizationId } = h.state.team;
      const before = await footprint(organizationId);
      const res = await h.upload(content);
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json()).toMatchObject({ error: code, details: [{ field: 'body.file' }] });
      expect(await footprint(organizationId)).toEqual(before);
    });
  }

  it('refuses a 60 MB file with 413 while it streams in, and keeps nothing', async () => {
    const { organizationId } = h.state.team;
    const before = await footprint(organizationId);
    const row = '2026-11-16,1:00,Veille concurrentielle et reporting hebdomadaire\n';
    const big = Buffer.alloc(60 * 1024 * 1024, row);
    const res = await h.upload(Buffer.concat([Buffer.from('Date,Duration,Description\n'), big]));
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ error: 'file_too_large', details: [{ field: 'body.file' }] });
    expect(await footprint(organizationId)).toEqual(before);
  });

  it('reports a formula cell on its row, and writes nothing of it', async () => {
    const { team } = h.state;
    const before = await footprint(team.organizationId);
    const file = 'Date,Duration,Description\n2026-11-16,1:00,"=HYPERLINK(""https://evil.example"",""Open"")"\n';
    const res = await h.upload(file);
    expect(res.statusCode).toBe(201);
    expect(res.json().problems).toEqual([
      expect.objectContaining({ row: 2, code: 'formula', severity: 'error', column: 'Description' }),
    ]);
    const result = await h.run(res.json().id);
    expect(result.report).toMatchObject({ rows: 1, imported: 0, skipped: 1, skippedByReason: { formula: 1 } });
    expect((await footprint(team.organizationId)).entries).toBe(before.entries);
  });
});

describe('requests that are not one file in "file"', () => {
  const url = () => `${h.state.team.base}/imports`;

  it('refuses JSON with 415', async () => {
    const res = await h.state.team.manager.post(url(), { file: 'Date,Duration\n' });
    expect(res.statusCode).toBe(415);
    expect(res.json().error).toBe('unsupported_media_type');
  });

  it('names a missing file, another field, or a second file', async () => {
    const csv = 'Date,Duration,Description\n2026-11-16,1:00,Veille\n';
    const cases: [Parameters<typeof multipartBody>[0], number, string][] = [
      [[{ name: 'note', content: 'hello' }], 400, 'body.note'],
      [[{ name: 'upload', fileName: 'a.csv', content: csv }], 400, 'body.upload'],
      [
        [
          { name: 'file', fileName: 'a.csv', content: csv },
          { name: 'file', fileName: 'b.csv', content: csv },
        ],
        400,
        'body.file',
      ],
    ];
    const before = await footprint(h.state.team.organizationId);
    for (const [parts, status, field] of cases) {
      const { payload, headers } = multipartBody(parts);
      const res = await h.state.team.manager.request('POST', url(), payload, headers);
      expect(res.statusCode, field).toBe(status);
      expect(res.json().details[0].field).toBe(field);
    }
    expect(await footprint(h.state.team.organizationId)).toEqual(before);
  });

  it('keeps only a safe file name', async () => {
    const res = await h.upload('Date,Duration,Description\n2026-11-16,1:00,Veille\n', {
      name: '..\\..\\etc\\hours\u0007.csv',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().fileName).toBe('hours.csv');
  });
});
