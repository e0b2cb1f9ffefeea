// The PDF evidence pack read back with pdfjs: the headline figures equal the dashboards' and an
// independent SQL median, the methodology is there, and every page's footer carries the SHA-256 of
// the JSON export's entries. Set PDF_OUT=<dir> to keep the files (to look at them).
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  createDataSetHash,
  type EvidenceQuery,
  evidenceHeader,
  evidenceSummary,
  streamEvidenceEntries,
} from '@proofwork/db';
import { formatters, writePdf } from '@proofwork/workers';
import { sql } from 'drizzle-orm';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { FROM, TO, useDemo } from './fixture';

const ctx = useDemo();
const dir = process.env.PDF_OUT ?? mkdtempSync(path.join(tmpdir(), 'pw-pdf-'));
mkdirSync(dir, { recursive: true });

async function render(locale: 'en' | 'fr', extra: Partial<EvidenceQuery> = {}) {
  const q: EvidenceQuery = { from: FROM, to: TO, locale, ...extra };
  const header = (await evidenceHeader(ctx.tdb.db, ctx.orgId, q))!;
  const summary = await evidenceSummary(ctx.tdb.db, ctx.orgId, q);
  const hash = createDataSetHash();
  for await (const batch of streamEvidenceEntries(ctx.tdb.db, ctx.orgId, q)) for (const e of batch) hash.add(e);
  const sha256 = hash.digest();
  const file = path.join(dir, `evidence-${locale}${extra.anonymize ? '-anon' : ''}.pdf`);
  const out = createWriteStream(file);
  const { pages } = await writePdf(
    { header: { ...header, generatedAt: '2026-11-25T14:00:00Z', sha256 }, summary, locale },
    out,
  );
  const pdf = await getDocument({ data: new Uint8Array(readFileSync(file)), useSystemFonts: false, verbosity: 0 })
    .promise;
  const texts: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent();
    texts.push(
      content.items
        .map((item) => ('str' in item ? item.str : ''))
        .join(' ')
        .replace(/\s+/g, ' '),
    );
  }
  expect(pdf.numPages).toBe(pages);
  return { texts, all: texts.join('\n'), sha256, summary };
}

describe('PDF evidence pack', () => {
  it('English: headline, team totals equal to the dashboards, methodology, hash on every page', async () => {
    const { texts, all, sha256 } = await render('en');
    const f = formatters('en');
    // Headline: the median minutes of posts, computed here independently over raw entries.
    const [post] = await ctx.tdb.db.execute<{ median: number; n: number }>(sql`
      select percentile_cont(0.5) within group (order by s)::float8 as median, count(*)::int as n from (
        select sum(e.duration_seconds) as s from time_entries e join deliverables d on d.id = e.deliverable_id
        join deliverable_types t on t.id = d.deliverable_type_id
        where e.organization_id = ${ctx.orgId} and t.key = 'post' and e.deleted_at is null
          and e.duration_seconds is not null and e.week_start between ${FROM} and ${TO}
        group by d.id) x`);
    expect(all).toContain(
      `A post is believed to take 3 min; it took a median of ${f.minutes(post!.median)} over ${f.number(post!.n)} posts.`,
    );
    // Team figures equal the dashboard API.
    const base = `/api/v1/organizations/${ctx.orgId}/dashboards`;
    const team = (await ctx.manager.get(`${base}/team?from=${FROM}&to=${TO}`)).json().items as {
      loggedSeconds: number;
      overtimeSeconds: number;
    }[];
    const skills = (await ctx.manager.get(`${base}/skills?from=${FROM}&to=${TO}`)).json();
    const deliverables = (await ctx.manager.get(`${base}/deliverables?from=${FROM}&to=${TO}`)).json().items as {
      key: string;
      perceivedSeconds: number;
    }[];
    const logged = team.reduce((s, r) => s + r.loggedSeconds, 0);
    const overtime = team.reduce((s, r) => s + r.overtimeSeconds, 0);
    expect(all).toContain(`The team logged ${f.hours(logged)}`);
    expect(all).toContain(`${f.number(skills.fte, 2)} full-time equivalents`);
    expect(all).toContain(f.hours(overtime));
    expect(deliverables.find((d) => d.key === 'post')!.perceivedSeconds).toBe(180);
    expect(all).toContain('Methodology');
    expect(all).toMatch(/[\d,]+ of [\d,]+ entries \([\d.]+%\) were edited after the fact/);
    expect(all).toContain('How the time was logged');
    for (const page of texts) expect(page).toContain(`SHA-256 of the data set: ${sha256}`);
  });

  it('French: every word translated, anonymized names', async () => {
    const { all, texts, sha256, summary } = await render('fr', { anonymize: true });
    expect(all).toContain('Dossier de preuves de charge de travail');
    expect(all).toMatch(/On pense qu’un post prend 3 min ; il a fallu en médiane \d+ min sur [\d ]+ posts\./);
    expect(all).toContain('Méthodologie');
    expect(all).toContain('Annexe : totaux par semaine');
    expect(all).not.toContain('Methodology');
    expect(all).toContain('Membre 1 ');
    for (const m of summary.members) expect(all).toContain(m.member!);
    expect(summary.members.every((m) => /^Membre \d+$/.test(m.member!))).toBe(true);
    expect(all).not.toMatch(/Manon|Théo|Yanis/);
    for (const page of texts) expect(page).toContain(`SHA-256 du jeu de données : ${sha256}`);
  });

  it('prints member names in Greek and Cyrillic (an embedded TrueType font, not WinAnsi)', async () => {
    const q: EvidenceQuery = { from: FROM, to: TO, locale: 'en' };
    const header = (await evidenceHeader(ctx.tdb.db, ctx.orgId, q))!;
    const summary = await evidenceSummary(ctx.tdb.db, ctx.orgId, q);
    const names = ['Ελένη Παπαδοπούλου', 'Дмитрий Иванов'];
    // Two members renamed in the figures handed to the PDF (the database keeps its own names).
    const renamed = new Map(summary.members.slice(0, 2).map((m, i) => [m.memberId, names[i]!]));
    for (const row of [...summary.members, ...summary.memberWeeks])
      if (row.memberId && renamed.has(row.memberId)) row.member = renamed.get(row.memberId)!;
    const file = path.join(dir, 'evidence-unicode.pdf');
    await writePdf(
      { header: { ...header, generatedAt: '2026-11-25T14:00:00Z', sha256: '0'.repeat(64) }, summary, locale: 'en' },
      createWriteStream(file),
    );
    const pdf = await getDocument({ data: new Uint8Array(readFileSync(file)), useSystemFonts: false, verbosity: 0 })
      .promise;
    let all = '';
    for (let i = 1; i <= pdf.numPages; i++) {
      const content = await (await pdf.getPage(i)).getTextContent();
      all += `${content.items.map((item) => ('str' in item ? item.str : '')).join('')}\n`;
    }
    for (const name of names) expect(all).toContain(name);
  });
});
