// The PDF evidence pack read back with pdfjs: the headline figures equal the dashboards' and an
// independent SQL median, the methodology is there, and every page's footer carries the SHA-256 of
// the JSON export's entries. Set PDF_OUT=<dir> to keep the files (to look at them).
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { formatDay } from '@proofwork/core';
import {
  createDataSetHash,
  type EvidenceQuery,
  evidenceHeader,
  evidenceSummary,
  streamEvidenceEntries,
} from '@proofwork/db';
import { EXPORT_MESSAGES, formatters, writePdf } from '@proofwork/workers';
import { sql } from 'drizzle-orm';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { competingWords } from '../support/vocabulary';
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
  const sha256 = hash.digest(summary.coverage.lines);
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
  return { texts, all: texts.join('\n'), sha256, summary, file };
}

/** The text as a reader extracts it (poppler's pdftotext), page by page. */
const pdftotext = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\f');

describe('PDF evidence pack', () => {
  it('English: headline, team totals equal to the dashboards, methodology, hash on every page', async () => {
    const { texts, all, sha256, summary } = await render('en');
    const f = formatters('en');
    const base = `/api/v1/organizations/${ctx.orgId}/dashboards`;
    type Row = {
      memberId: string;
      weekStart: string;
      loggedSeconds: number;
      overtimeSeconds: number;
      complete: boolean;
    };
    const everyWeek = (await ctx.manager.get(`${base}/team?from=${FROM}&to=${TO}`)).json().items as Row[];
    const incomplete = everyWeek.filter((r) => !r.complete);
    expect(incomplete.length).toBeGreaterThan(0);
    const out = `{${incomplete.map((r) => `${r.memberId}:${r.weekStart}`).join(',')}}`;
    // Headline: the median minutes of posts over the complete member-weeks, computed here over raw entries.
    const [post] = await ctx.tdb.db.execute<{ median: number; n: number }>(sql`
      select percentile_cont(0.5) within group (order by s)::float8 as median, count(*)::int as n from (
        select sum(e.duration_seconds) as s from time_entries e join deliverables d on d.id = e.deliverable_id
        join deliverable_types t on t.id = d.deliverable_type_id
        where e.organization_id = ${ctx.orgId} and t.key = 'post' and e.deleted_at is null
          and e.duration_seconds is not null and e.week_start between ${FROM} and ${TO}
          and not (e.member_id::text || ':' || e.week_start::text) = any(${out}::text[])
        group by d.id) x`);
    expect(all).toContain(
      `A post is perceived to take 3 min; it took a median of ${f.minutes(post!.median)} over ${f.number(post!.n)} posts.`,
    );
    // Team figures equal the dashboard API's "complete weeks only".
    const team = (await ctx.manager.get(`${base}/team?from=${FROM}&to=${TO}&completeOnly=true`)).json().items as Row[];
    expect(team.length).toBe(everyWeek.length - incomplete.length);
    const skills = (await ctx.manager.get(`${base}/skills?from=${FROM}&to=${TO}&completeOnly=true`)).json();
    const deliverables = (await ctx.manager.get(`${base}/deliverables?from=${FROM}&to=${TO}`)).json().items as {
      key: string;
      perceivedSeconds: number;
    }[];
    const logged = team.reduce((s, r) => s + r.loggedSeconds, 0);
    const overtime = team.reduce((s, r) => s + r.overtimeSeconds, 0);
    expect(all).toContain(
      `On its ${f.number(team.length)} complete member-weeks (of ${f.number(summary.memberWeeks.length)}), the team logged ${f.hours(logged)}`,
    );
    // The pack names the low-coverage member, lists their incomplete weeks and states the rule.
    expect(all).toContain('How complete the data is');
    expect(all).toMatch(/Julien Moreau [\d,.]+ h [\d,.]+ h [\d.]+% \d+ of \d+ weeks below 80/);
    const julien = summary.coverage.incompleteWeeks.filter((w) => w.member === 'Julien Moreau');
    expect(julien.length).toBeGreaterThan(0);
    for (const w of julien) expect(all).toContain(`Julien Moreau ${f.week(w.weekStart)}`);
    expect(all).toContain('the headline figures (overtime, full-time equivalents, medians per deliverable');
    expect(all).toContain(`${f.number(skills.fte, 2)} full-time equivalents`);
    expect(all).toContain(f.hours(overtime));
    expect(deliverables.find((d) => d.key === 'post')!.perceivedSeconds).toBe(180);
    expect(all).toContain('Methodology');
    expect(all).toMatch(/[\d,]+ of [\d,]+ entries \([\d.]+%\) were edited after the fact/);
    expect(all).toContain('How the time was logged');
    for (const page of texts) expect(page).toContain(`SHA-256 of the data set: ${sha256}`);
    // One word for the time management thinks a deliverable takes.
    expect(all).toContain('Deliverables: perceived vs measured');
    expect(competingWords(all, 'en')).toEqual([]);
  });

  it('French: every word translated, anonymized names', async () => {
    const { all, texts, sha256, summary } = await render('fr', { anonymize: true });
    expect(all).toContain('Dossier de preuves de charge de travail');
    expect(all).toMatch(/Le temps perçu d’un post est de 3 min ; il a fallu en médiane \d+ min sur [\d ]+ posts\./);
    expect(all).toContain('Méthodologie');
    expect(all).toContain('Annexe : totaux par semaine');
    expect(all).not.toContain('Methodology');
    expect(all).toContain('Membre 1 ');
    for (const m of summary.members) expect(all).toContain(m.member!);
    expect(summary.members.every((m) => /^Membre \d+$/.test(m.member!))).toBe(true);
    expect(all).not.toMatch(/Manon|Théo|Yanis/);
    for (const page of texts) expect(page).toContain(`SHA-256 du jeu de données : ${sha256}`);
    expect(all).toContain('Livrables : temps perçu et temps mesuré');
    expect(competingWords(all, 'fr')).toEqual([]);
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

describe('PDF cover', () => {
  it.each(['en', 'fr'] as const)(
    '%s: page 1 holds the headline, the key figures and the weekly chart',
    async (locale) => {
      const { file, summary } = await render(locale);
      const m = EXPORT_MESSAGES[locale].pdf;
      const f = formatters(locale);
      const [cover] = pdftotext(file);
      const t = summary.totals;
      expect(cover).toContain(m.headlineTitle.toUpperCase());
      expect(cover).toContain(m.keyFigures);
      for (const figure of [
        t.loggedSeconds,
        t.expectedSeconds,
        t.overtimeSeconds,
        t.afterHoursSeconds,
        t.weekendSeconds,
      ])
        expect(cover).toContain(f.hours(figure));
      expect(cover).toContain(f.number(t.fte ?? 0, 2));
      expect(cover).toContain(m.perWeek);
      for (const w of summary.weeks) expect(cover).toContain(f.weekShort(w.weekStart!));
      // The cover is full: its last drawn line sits in the bottom quarter of the page.
      const lines = cover!.split('\n').filter((l) => l.trim());
      const footerAt = lines.findIndex((l) => l.includes('SHA-256'));
      expect(footerAt).toBeGreaterThan(0);
      expect(lines[footerAt - 1]).toContain(`${m.contract} `);
    },
  );
});

describe('PDF dates', () => {
  it.each(['en', 'fr'] as const)('writes every date the %s way, never ISO nor month-day numbers', async (locale) => {
    const { file, summary } = await render(locale);
    const pages = pdftotext(file);
    const all = pages.join('\n');
    // Machine dates: 2026-11-02, or the "11-02" the weekly chart used to print.
    expect(all.match(/\b\d{4}-\d{2}-\d{2}\b|(?<![\w-])\d{2}-\d{2}(?![\w-])/g)).toBeNull();
    const weeks = summary.weeks.map((w) => w.weekStart!);
    expect(weeks.length).toBeGreaterThan(4);
    const shortLabel = (d: string) => formatDay(d, locale, 'dayMonth').replace(/\u00a0/g, ' ');
    const tableLabel = (d: string) => formatDay(d, locale, 'medium').replace(/\u00a0/g, ' ');
    // Under the weekly chart (page 2): every week by its first day, "Nov 2" / "2 nov.".
    for (const w of weeks) expect(pages[1]).toContain(shortLabel(w));
    // In the appendix: every week with its year, "Nov 2, 2026" / "2 nov. 2026".
    const appendix = pages.slice(-3).join('\n');
    for (const w of weeks) expect(appendix).toContain(tableLabel(w));
    expect(all).toContain(formatDay(FROM, locale, 'full'));
    if (locale === 'fr') {
      expect(all).toMatch(/\b\d{1,2} (janv|févr|mars|avr|mai|juin|juil|août|sept|oct|nov|déc)\.? 2026\b/);
      expect(all).toContain('Généré le 25 novembre 2026');
    } else {
      expect(all).toMatch(/\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}, 2026\b/);
      expect(all).toContain('Generated November 25, 2026');
    }
  });
});

type StructNode = { role?: string; alt?: string; type?: string; id?: string; children?: StructNode[] };

/** The PDF as a screen reader gets it: its tag tree, and the text inside each tag, artifact or neither. */
async function readTagged(file: string) {
  const pdf = await getDocument({ data: new Uint8Array(readFileSync(file)), useSystemFonts: false, verbosity: 0 })
    .promise;
  const roles = new Map<string, number>();
  const blocks: { role: string; text: string; alt?: string }[] = [];
  const untagged: string[] = [];
  const artifacts: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    // Text per marked-content id, following the begin/end marks around each text run.
    const byId = new Map<string, string>();
    const open: { tag?: string; id?: string | null }[] = [];
    const { items } = await page.getTextContent({ includeMarkedContent: true });
    for (const item of items) {
      if ('type' in item) {
        if (item.type === 'endMarkedContent') open.pop();
        else open.push(item as { tag?: string; id?: string | null });
        continue;
      }
      const id = [...open].reverse().find((m) => m.id)?.id;
      // A line break inside a tag reads as a space.
      const str = `${item.str}${item.hasEOL ? ' ' : ''}`;
      if (!item.str.trim()) {
        if (id && item.hasEOL) byId.set(id, `${byId.get(id) ?? ''} `);
        continue;
      }
      if (open.length === 0) untagged.push(item.str);
      else if (open.some((m) => m.tag === 'Artifact')) artifacts.push(item.str);
      else if (id) byId.set(id, `${byId.get(id) ?? ''}${str}`);
      else untagged.push(item.str);
    }
    const textOf = (node: StructNode): string =>
      node.type === 'content' ? (byId.get(node.id!) ?? '') : (node.children ?? []).map(textOf).join('');
    const walk = (node: StructNode) => {
      if (node.role) {
        roles.set(node.role, (roles.get(node.role) ?? 0) + 1);
        if (/^(H\d|P|Figure|TH)$/.test(node.role)) blocks.push({ role: node.role, text: textOf(node), alt: node.alt });
      }
      for (const child of node.children ?? []) walk(child);
    };
    walk((await page.getStructTree()) as StructNode);
  }
  return {
    roles,
    blocks,
    untagged,
    artifacts,
    markInfo: await pdf.getMarkInfo(),
    info: (await pdf.getMetadata()).info as { Title?: string; Language?: string },
    preferences: (await pdf.getViewerPreferences()) as { DisplayDocTitle?: boolean } | null,
    pages: pdf.numPages,
  };
}

describe('tagged PDF', () => {
  it.each(['en', 'fr'] as const)(
    '%s: marked, titled, in its language, every text in a tag or an artifact',
    async (locale) => {
      const { file, sha256, summary } = await render(locale);
      const m = EXPORT_MESSAGES[locale].pdf;
      const tagged = await readTagged(file);
      expect(tagged.markInfo?.Marked).toBe(true);
      expect(tagged.info.Language).toBe(locale);
      expect(tagged.info.Title).toBe(`${m.title} – Agence Lumen`);
      expect(tagged.preferences?.DisplayDocTitle).toBe(true);
      // A reader meets no stray text: everything is in the structure, or page furniture.
      expect(tagged.untagged).toEqual([]);
      expect(tagged.artifacts.join(' ')).toContain(sha256);
      expect(tagged.artifacts).toContain(`Page 1 / ${tagged.pages}`);
      for (const role of ['Document', 'Sect', 'H1', 'H2', 'H3', 'P', 'Table', 'TR', 'TH', 'TD', 'Figure'])
        expect(tagged.roles.get(role), role).toBeGreaterThan(0);
      // Headings in order: the pack's title, then each part.
      const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
      const headings = tagged.blocks
        .filter((b) => /^H\d$/.test(b.role))
        .map((b) => `${b.role} ${squash(b.alt ?? b.text)}`); // pdfjs gives ActualText as alt
      expect(headings[0]).toBe(`H1 ${m.title}`);
      const parts = [m.teamTitle, m.mixTitle, m.deliverablesTitle, m.membersTitle, m.methodologyTitle, m.appendixTitle];
      expect(headings.filter((h) => h.startsWith('H2 ') && parts.includes(h.slice(3)))).toEqual(
        parts.map((p) => `H2 ${p}`),
      );
      expect(headings).toContain(`H3 ${m.sourceShare}`);
      // The heading set in capitals reads in its own case.
      expect(headings).toContain(`H2 ${m.headlineTitle}`);
      // The other deliverable types' sentences are a list.
      expect(tagged.roles.get('LI')).toBeGreaterThan(3);
      // Tables say which cells are column headers.
      expect(tagged.blocks.filter((b) => b.role === 'TH').map((b) => squash(b.text))).toEqual(
        expect.arrayContaining([m.member, m.logged, m.contract, m.week]),
      );
      // Every chart says in words what it draws: the weekly chart names each week and its hours.
      const figures = tagged.blocks.filter((b) => b.role === 'Figure');
      expect(figures.length).toBeGreaterThan(4);
      for (const figure of figures) expect(figure.alt?.length).toBeGreaterThan(10);
      const f = formatters(locale);
      const week = summary.weeks[0]!;
      expect(figures.some((fig) => fig.alt!.includes(`${f.weekShort(week.weekStart!)}: `))).toBe(true);
    },
  );
});

describe('tagged PDF of an empty period', () => {
  it('says there is nothing, still tagged, with no figure left without words', async () => {
    const { file, all } = await render('en', { from: '2020-01-06', to: '2020-01-19' });
    expect(all).toContain(EXPORT_MESSAGES.en.pdf.none);
    const tagged = await readTagged(file);
    expect(tagged.markInfo?.Marked).toBe(true);
    expect(tagged.untagged).toEqual([]);
    for (const figure of tagged.blocks.filter((b) => b.role === 'Figure'))
      expect(figure.alt?.length).toBeGreaterThan(0);
  });
});
