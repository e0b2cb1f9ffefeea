// The benchmark's own pieces, cheaply: its dataset generator is deterministic (same seed, same
// entries; another seed, other entries) and shaped as documented, and its results writer produces
// the documented file. The benches themselves never run in `npm test`.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { ANCHOR_MEMBERS, DATASET_WEEKS, datasetShape, generateDataset } from '../../bench/dataset';
import {
  type BenchResults,
  figure,
  formatMarkdown,
  formatTable,
  RESULTS_FORMAT,
  targetMet,
  writeResults,
} from '../../bench/results';
import { createTestDatabase, type TestDatabase } from '../support/db';

const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const d of databases) await d.drop();
});

/**
 * Everything an entry says, with ids replaced by what they name (organization slug, member email,
 * category key, brand slug, deliverable title): the ids of the catalog rows are random.
 */
async function fingerprint(seed: number) {
  const tdb = await createTestDatabase();
  databases.push(tdb);
  const dataset = await generateDataset(tdb.db, { entries: 6000, seed, organizationSizes: [12, 5] });
  const [row] = await tdb.db.execute<{ digest: string; entries: number; organizations: number; members: number }>(sql`
    select md5(string_agg(concat_ws('|', e.id, o.slug, u.email, c.key, b.slug, e.platform, d.title,
        e.started_at, e.ended_at, e.duration_seconds, e.local_date, e.week_start, e.source, e.is_late, e.deleted_at),
        E'\n' order by e.id)) as digest,
      count(*)::int as entries,
      (select count(*)::int from organizations) as organizations,
      (select count(*)::int from members) as members
    from time_entries e
    join organizations o on o.id = e.organization_id
    join members m on m.id = e.member_id join users u on u.id = m.user_id
    join categories c on c.id = e.category_id
    left join brands b on b.id = e.brand_id
    left join deliverables d on d.id = e.deliverable_id`);
  const [spread] = await tdb.db.execute<{
    weekends: number;
    evenings: number;
    durationOnly: number;
    weeks: number;
    zones: number;
  }>(sql`
    select
      count(*) filter (where extract(isodow from e.local_date) >= 6)::int as weekends,
      count(*) filter (where extract(hour from e.started_at at time zone coalesce(m.time_zone, o.time_zone)) >= 19)::int
        as evenings,
      count(*) filter (where e.started_at is null)::int as "durationOnly",
      count(distinct e.week_start)::int as weeks,
      count(distinct coalesce(m.time_zone, o.time_zone))::int as zones
    from time_entries e join members m on m.id = e.member_id join organizations o on o.id = e.organization_id`);
  return { dataset, ...row!, spread: spread! };
}

describe('the bench dataset', () => {
  it('is the same for the same seed and differs for another', async () => {
    const a = await fingerprint(7);
    const b = await fingerprint(7);
    const c = await fingerprint(8);
    expect(a.entries).toBe(a.dataset.entries);
    expect(a.entries).toBeGreaterThan(4000);
    expect(a.entries).toBeLessThan(8000);
    expect(b.digest).toBe(a.digest);
    expect(b.entries).toBe(a.entries);
    expect(c.digest).not.toBe(a.digest);
    expect(a.organizations).toBe(2);
    expect(a.members).toBe(17);
    // CM-like: weekend and evening work, some duration-only entries, two years of weeks, several zones.
    expect(a.spread.weekends).toBeGreaterThan(0);
    expect(a.spread.evenings).toBeGreaterThan(0);
    expect(a.spread.durationOnly).toBeGreaterThan(0);
    expect(a.spread.weeks).toBe(DATASET_WEEKS);
    expect(a.spread.zones).toBeGreaterThan(1);
  });

  it('puts the 200-member team first and draws organizations of 5 to 200 members', () => {
    const small = datasetShape(100_000);
    expect(small.sizes).toEqual([ANCHOR_MEMBERS]);
    expect(small.activity).toBeLessThan(1);
    const large = datasetShape(10_000_000);
    expect(large.sizes[0]).toBe(ANCHOR_MEMBERS);
    expect(large.activity).toBeGreaterThan(0.95);
    expect(large.activity).toBeLessThanOrEqual(1);
    expect(Math.min(...large.sizes)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...large.sizes)).toBeLessThanOrEqual(200);
    expect(new Set(large.sizes).size).toBeGreaterThan(3);
    const members = large.sizes.reduce((s, n) => s + n, 0);
    expect(members * DATASET_WEEKS * 19.2).toBeGreaterThanOrEqual(10_000_000);
    expect(datasetShape(10_000_000)).toEqual(large);
  });
});

describe('the bench results', () => {
  it('compute ratios and targets', () => {
    const faster = figure({
      id: 'P2',
      label: 'x',
      value: 10,
      unit: 'ms',
      baseline: { label: 'raw', value: 2000 },
      invert: true,
      target: { on: 'ratio', op: 'min', limit: 100 },
    });
    expect(faster.ratio).toBe(200);
    expect(faster.met).toBe(true);
    const slow = figure({ id: 'P1', label: 'y', value: 30, unit: 'ms', target: { on: 'value', op: 'max', limit: 25 } });
    expect(slow.ratio).toBeNull();
    expect(slow.met).toBe(false);
    // A value within its limit measured under an easier condition than the target's is not met.
    const fresh = {
      id: 'P3',
      label: 'z',
      value: 400,
      unit: 'ms',
      target: { on: 'value', op: 'max', limit: 1000 },
    } as const;
    expect(figure(fresh).met).toBe(true);
    expect(figure({ ...fresh, holds: true }).met).toBe(true);
    expect(figure({ ...fresh, holds: false }).met).toBe(false);
    expect(targetMet(null, 1, 1)).toBeNull();
    expect(targetMet({ on: 'ratio', op: 'max', limit: 1.5 }, 9, null)).toBe(false);
  });

  it('are written as the documented JSON file and printed as a table', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pw-bench-results-'));
    try {
      const results: BenchResults = {
        format: RESULTS_FORMAT,
        mode: 'full',
        startedAt: '2026-11-25T18:00:00.000Z',
        finishedAt: '2026-11-25T18:30:00.000Z',
        commit: null,
        machine: {
          cpus: 2,
          cpuModel: 'test',
          memoryGiB: 4,
          node: 'v20',
          postgres: '15',
          platform: 'linux x64',
          loadAverageStart: [1, 1, 1],
          loadAverageEnd: [2, 2, 2],
        },
        figures: [
          figure({
            id: 'P4',
            label: 'rebuild',
            value: 3,
            unit: 's',
            baseline: { label: 'bare', value: 2 },
            target: { on: 'ratio', op: 'max', limit: 1.5 },
          }),
        ],
        details: {},
        errors: [],
      };
      const file = writeResults(results, dir);
      expect(path.basename(file)).toBe('2026-11-25.json');
      const read = JSON.parse(readFileSync(file, 'utf8'));
      expect(Object.keys(read).sort()).toEqual(
        ['commit', 'details', 'errors', 'figures', 'finishedAt', 'format', 'machine', 'mode', 'startedAt'].sort(),
      );
      expect(read.format).toBe('proofwork-bench/1');
      expect(read.machine.loadAverageStart).toEqual([1, 1, 1]);
      expect(read.figures[0]).toMatchObject({
        id: 'P4',
        value: 3,
        unit: 's',
        baseline: { label: 'bare', value: 2, unit: 's' },
        ratio: 1.5,
        met: true,
      });
      expect(path.basename(writeResults({ ...results, mode: 'quick' }, dir))).toBe('2026-11-25-quick.json');
      const table = formatTable(read.figures);
      expect(table).toContain('P4 rebuild');
      expect(table).toContain('×1.5');
      expect(table).toContain('met');
      expect(formatMarkdown(read.figures).split('\n')).toHaveLength(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
