// The PDF evidence pack, drawn with pdfkit: cover, the "3-minute post" headline, team workload vs
// contracts, category and skills mix, deliverables perceived vs measured, per-member summary,
// methodology and weekly appendix. Charts are pdfkit rectangles and lines with their values written
// on them, so they read in black and white; the data set's SHA-256 sits in every page's footer. The
// PDF is tagged (pdf-tags.ts): the helpers below mark what they draw, so a screen reader gets the
// headings, paragraphs, tables and charts (as text) in reading order, in the pack's language.
import { createRequire } from 'node:module';
import type { Writable } from 'node:stream';
import {
  formatDay,
  formatHours,
  formatMinutes,
  formatNumber,
  formatPercent,
  type Locale,
  SKILL_FAMILY_NAMES,
  type SkillFamily,
} from '@proofwork/core';
import type { EvidenceDeliverableType, EvidenceHeader, EvidenceSummary } from '@proofwork/db';
import PDFDocument from 'pdfkit';
import { EXPORT_MESSAGES } from './messages';
import { PdfTags } from './pdf-tags';

type Doc = PDFKit.PDFDocument;

const INK = '#111111';
const DARK = '#3a3a3a';
const MID = '#8a8a8a';
const LIGHT = '#d9d9d9';
const MARGIN = 50;
const FOOTER_SPACE = 40;

// DejaVu Sans (a permissive licence, from the dejavu-fonts-ttf package), embedded as a subset: the
// standard PDF fonts only speak WinAnsi, so a member named in Greek or Cyrillic would print as junk.
const require = createRequire(import.meta.url);
const FONT_FILES = {
  Body: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  Bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
};

/** No-break spaces (before units, in French number grouping) become spaces, so text copied out of the PDF stays plain. */
const clean = (text: string) => text.replace(/[\u00a0\u202f\u2009]/g, ' ').replace(/\u2192/g, '->');

export interface PdfInput {
  header: EvidenceHeader & { generatedAt: string; sha256: string };
  summary: EvidenceSummary;
  locale: Locale;
}

export interface Formatters {
  number(value: number, digits?: number): string;
  hours(seconds: number): string;
  minutes(seconds: number): string;
  percent(share: number | null): string;
  /** A local day in full: "November 2, 2026" / « 2 novembre 2026 ». */
  date(localDate: string): string;
  /** A week by its first day, as in a table: "Nov 2, 2026" / « 2 nov. 2026 ». */
  week(localDate: string): string;
  /** A week under a chart's bar: "Nov 2" / « 2 nov. ». */
  weekShort(localDate: string): string;
  /** An instant in a zone, as the web writes it: "November 25, 2026 at 3:00 PM" / « 25 novembre 2026 à 15:00 ». */
  instant(iso: string, timeZone: string): string;
}

export function formatters(locale: Locale): Formatters {
  return {
    number: (value, digits = 0) =>
      clean(formatNumber(value, locale, { minimumFractionDigits: digits, maximumFractionDigits: digits })),
    hours: (seconds) => clean(formatHours(seconds, locale)),
    minutes: (seconds) => clean(formatMinutes(seconds, locale)),
    percent: (share) => (share === null ? '–' : clean(formatPercent(share, locale, 1))),
    date: (d) => clean(formatDay(d, locale, 'full')),
    week: (d) => clean(formatDay(d, locale, 'medium')),
    weekShort: (d) => clean(formatDay(d, locale, 'dayMonth')),
    instant: (iso, timeZone) =>
      clean(
        new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-US', {
          dateStyle: 'long',
          timeStyle: 'short',
          timeZone,
        }).format(new Date(iso)),
      ),
  };
}

/** Deliverable types whose French name is feminine ("une story"); others take "un". */
const FR_FEMININE = new Set(['story', 'video', 'newsletter', 'campaign']);

function plural(word: string, locale: Locale) {
  if (word === 'story') return 'stories';
  if (/[sx]$/i.test(word)) return word;
  if (locale === 'en' && /[^aeiou]y$/i.test(word)) return `${word.slice(0, -1)}ies`;
  return `${word}s`;
}

/** The type the headline speaks of: posts when there are any, else the type with most deliverables. */
export function headlineType(types: EvidenceDeliverableType[]): EvidenceDeliverableType | null {
  const measured = types.filter((t) => t.deliverables > 0 && t.medianSeconds !== null);
  return (
    measured.find((t) => t.key === 'post') ?? [...measured].sort((a, b) => b.deliverables - a.deliverables)[0] ?? null
  );
}

export function headlineSentence(t: EvidenceDeliverableType, locale: Locale): string {
  const m = EXPORT_MESSAGES[locale].pdf;
  const f = formatters(locale);
  const name = t.name.toLowerCase();
  const sentence = m.headline(
    name,
    f.minutes(t.perceivedSeconds),
    f.minutes(t.medianSeconds ?? 0),
    f.number(t.deliverables),
    plural(name, locale),
  );
  return locale === 'fr' && FR_FEMININE.has(t.key) ? sentence.replace('d’un ', 'd’une ') : sentence;
}

export async function writePdf(input: PdfInput, out: Writable, options: { onPage?: (n: number) => void } = {}) {
  const { header, summary, locale } = input;
  const m = EXPORT_MESSAGES[locale].pdf;
  const f = formatters(locale);
  const doc: Doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + FOOTER_SPACE },
    bufferPages: true,
    lang: locale,
    // Tagged: structure, language and title for screen readers (PDF 1.7 is the version that has them all).
    pdfVersion: '1.7',
    tagged: true,
    displayTitle: true,
    info: { Title: `${m.title} – ${header.organization.name}`, Author: 'Proofwork', Subject: header.sha256 },
  });
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    doc.on('error', reject);
  });
  doc.pipe(out);
  doc.registerFont('Body', FONT_FILES.Body);
  doc.registerFont('Bold', FONT_FILES.Bold);
  doc.font('Body');
  const tags = new PdfTags(doc);
  tags.startSection();
  const width = doc.page.width - 2 * MARGIN;
  const bottom = () => doc.page.height - MARGIN - FOOTER_SPACE;
  const ensure = (height: number) => {
    if (doc.y + height > bottom()) doc.addPage();
  };
  /** Text; outside a tagged element it is a paragraph of its own. */
  const text = (s: string, opts: PDFKit.Mixins.TextOptions = {}) => {
    if (tags.inside) doc.text(clean(s), opts);
    else tags.block('P', () => doc.text(clean(s), opts));
  };
  /** A part's title (H2): it also starts the part's section. */
  const title = (s: string) => {
    ensure(80);
    tags.startSection();
    doc.moveDown(0.5).font('Bold').fontSize(16).fillColor(INK);
    tags.block('H2', () => text(s, { width }));
    doc.moveDown(0.4).font('Body').fontSize(10).fillColor(INK);
  };
  const subtitle = (s: string) => {
    ensure(40);
    doc.moveDown(0.6).font('Bold').fontSize(11).fillColor(INK);
    tags.block('H3', () => text(s, { width }));
    doc.moveDown(0.3).font('Body').fontSize(10);
  };
  const para = (s: string) => {
    doc.font('Body').fontSize(10).fillColor(INK);
    text(s, { width, align: 'left' });
    doc.moveDown(0.5);
  };

  /** Horizontal bars with their label on the left and their value written at the bar's end. */
  function bars(items: { label: string; value: number; valueLabel: string; reference?: number; refLabel?: string }[]) {
    if (items.length === 0) return; // No empty figure: a reader would meet a chart of nothing.
    const alt = items.map((i) => clean(`${i.label}: ${i.refLabel ? `${i.refLabel}, ` : ''}${i.valueLabel}`)).join('; ');
    tags.figure(alt, () => drawBars(items));
    doc.moveDown(0.5);
  }

  function drawBars(
    items: { label: string; value: number; valueLabel: string; reference?: number; refLabel?: string }[],
  ) {
    const labelWidth = 170;
    doc.font('Body').fontSize(8);
    const longest = Math.max(
      0,
      ...items.map((i) => Math.max(doc.widthOfString(clean(i.valueLabel)), doc.widthOfString(clean(i.refLabel ?? '')))),
    );
    const valueWidth = Math.min(200, longest + 10);
    const barArea = width - labelWidth - valueWidth;
    const max = Math.max(1, ...items.map((i) => Math.max(i.value, i.reference ?? 0)));
    const rowHeight = items.some((i) => i.reference !== undefined) ? 24 : 16;
    ensure(Math.min(items.length * rowHeight, 500));
    for (const item of items) {
      ensure(rowHeight + 4);
      const y = doc.y;
      doc.font('Body').fontSize(8.5).fillColor(INK);
      doc.text(clean(item.label), MARGIN, y + 2, {
        width: labelWidth - 8,
        height: rowHeight,
        ellipsis: true,
        lineBreak: false,
      });
      const x = MARGIN + labelWidth;
      const w = (item.value / max) * barArea;
      if (item.reference !== undefined) {
        // Reference (contract, perceived): an outlined white bar under the measured one.
        const rw = (item.reference / max) * barArea;
        doc
          .rect(x, y + 1, Math.max(rw, 0.5), 9)
          .lineWidth(0.8)
          .strokeColor(INK)
          .stroke();
        doc.rect(x, y + 11, Math.max(w, 0.5), 9).fill(DARK);
        doc.fillColor(INK).fontSize(7.5);
        doc.text(clean(item.refLabel ?? ''), x + rw + 4, y + 2, { lineBreak: false });
        doc.text(clean(item.valueLabel), x + w + 4, y + 12, { lineBreak: false });
      } else {
        doc.rect(x, y + 2, Math.max(w, 0.5), 10).fill(DARK);
        doc.fillColor(INK).fontSize(8);
        doc.text(clean(item.valueLabel), x + w + 4, y + 3, { lineBreak: false });
      }
      doc.x = MARGIN;
      doc.y = y + rowHeight;
    }
  }

  /** Vertical bars (one per week) with the value above each and a dashed reference line. */
  function columns(
    items: { label: string; value: number; valueLabel: string }[],
    reference?: { value: number; label: string },
    height = 130,
  ) {
    if (items.length === 0) return;
    const alt = [
      ...items.map((i) => clean(`${i.label}: ${i.valueLabel}`)),
      ...(reference ? [clean(reference.label)] : []),
    ];
    tags.figure(alt.join('; '), () => drawColumns(items, reference, height));
  }

  function drawColumns(
    items: { label: string; value: number; valueLabel: string }[],
    reference: { value: number; label: string } | undefined,
    height: number,
  ) {
    ensure(height + 40);
    const top = doc.y + 14;
    const max = Math.max(1, reference?.value ?? 0, ...items.map((i) => i.value)) * 1.1;
    const slot = width / Math.max(1, items.length);
    const barWidth = Math.min(34, slot * 0.7);
    doc
      .moveTo(MARGIN, top + height)
      .lineTo(MARGIN + width, top + height)
      .lineWidth(0.6)
      .strokeColor(INK)
      .stroke();
    items.forEach((item, i) => {
      const h = (item.value / max) * height;
      const x = MARGIN + i * slot + (slot - barWidth) / 2;
      doc.rect(x, top + height - h, barWidth, Math.max(h, 0.5)).fill(DARK);
      doc.fillColor(INK).font('Body').fontSize(6.5);
      doc.text(clean(item.valueLabel), MARGIN + i * slot, top + height - h - 9, {
        width: slot,
        align: 'center',
        lineBreak: false,
      });
      doc.text(clean(item.label), MARGIN + i * slot, top + height + 3, {
        width: slot,
        align: 'center',
        lineBreak: false,
      });
    });
    doc.x = MARGIN;
    doc.y = top + height + 18;
    if (reference) {
      // The reference line, and its legend under the chart (never over a bar's label).
      const y = top + height - (reference.value / max) * height;
      doc
        .moveTo(MARGIN, y)
        .lineTo(MARGIN + width, y)
        .dash(3, { space: 2 })
        .lineWidth(0.8)
        .strokeColor(INK)
        .stroke()
        .undash();
      const legendY = doc.y;
      doc
        .moveTo(MARGIN, legendY + 4)
        .lineTo(MARGIN + 24, legendY + 4)
        .dash(3, { space: 2 })
        .lineWidth(0.8)
        .stroke()
        .undash();
      doc
        .font('Body')
        .fontSize(8)
        .fillColor(INK)
        .text(clean(reference.label), MARGIN + 30, legendY, { lineBreak: false });
      doc.x = MARGIN;
      doc.y = legendY + 16;
    }
  }

  /** Headline figures as a row of tiles, each a label over its value (tagged as a one-row table). */
  function tiles(items: { label: string; value: string }[]) {
    const gap = 6;
    const tileWidth = (width - gap * (items.length - 1)) / items.length;
    const height = 40;
    ensure(height + 10);
    const top = doc.y;
    const x = (i: number) => MARGIN + i * (tileWidth + gap);
    tags.artifact(() => {
      items.forEach((_, i) => {
        doc.rect(x(i), top, tileWidth, height).fill('#f0f0f0');
      });
    });
    const tagged = tags.table();
    tagged.row(
      items.map((item, i) => () => {
        doc.font('Body').fontSize(7.5).fillColor(DARK);
        doc.text(clean(item.label), x(i) + 6, top + 6, { width: tileWidth - 12, lineBreak: false, ellipsis: true });
      }),
      true,
    );
    tagged.row(
      items.map((item, i) => () => {
        // The value on one line: a long one ("12,345.5 h") gets a smaller size.
        let size = 12.5;
        doc.font('Bold').fillColor(INK);
        while (size > 7 && doc.fontSize(size).widthOfString(clean(item.value)) > tileWidth - 12) size -= 0.5;
        doc.text(clean(item.value), x(i) + 6, top + 19, { width: tileWidth - 12, lineBreak: false });
      }),
      false,
    );
    tagged.end();
    doc.font('Body').fontSize(10).fillColor(INK);
    doc.x = MARGIN;
    doc.y = top + height + 8;
  }

  /** A table with a bold header row, numbers right-aligned, repeated header on a new page. */
  function table(
    headers: string[],
    rows: string[][],
    widths: number[],
    options: { boldLast?: boolean; textColumns?: number } = {},
  ) {
    const total = widths.reduce((a, b) => a + b, 0);
    const cols = widths.map((w) => (w / total) * width);
    const rowHeight = 14;
    const tagged = tags.table();
    /** A row's cells: the header row tagged as column headers, its repeat on a new page as an artifact. */
    const drawRow = (cells: string[], bold: boolean, shade: boolean, role: 'header' | 'repeat' | 'body') => {
      const y = doc.y;
      if (shade) tags.artifact(() => doc.rect(MARGIN, y - 2, width, rowHeight).fill('#f0f0f0'));
      doc
        .font(bold ? 'Bold' : 'Body')
        .fontSize(8)
        .fillColor(INK);
      // A header cell may wrap ("Median measured"): its row grows rather than running into the first row.
      const wraps = role !== 'body';
      const height = wraps
        ? Math.max(rowHeight, ...cells.map((cell, i) => doc.heightOfString(clean(cell), { width: cols[i]! - 4 }) + 4))
        : rowHeight;
      const draws = cells.map((cell, i) => () => {
        const x = MARGIN + cols.slice(0, i).reduce((a, b) => a + b, 0);
        const align = i < (options.textColumns ?? 1) ? 'left' : 'right';
        doc.text(
          clean(cell),
          x + 2,
          y + 1,
          wraps ? { width: cols[i]! - 4, align } : { width: cols[i]! - 4, align, lineBreak: false, ellipsis: true },
        );
      });
      if (role === 'repeat')
        tags.artifact(() => {
          for (const draw of draws) draw();
        }, 'Pagination');
      else tagged.row(draws, role === 'header');
      doc.x = MARGIN;
      doc.y = y + height;
    };
    const head = (role: 'header' | 'repeat') => {
      drawRow(headers, true, false, role);
      tags.artifact(() =>
        doc
          .moveTo(MARGIN, doc.y - 2)
          .lineTo(MARGIN + width, doc.y - 2)
          .lineWidth(0.6)
          .strokeColor(INK)
          .stroke(),
      );
    };
    ensure(rowHeight * 3);
    head('header');
    rows.forEach((row, i) => {
      if (doc.y + rowHeight > bottom()) {
        doc.addPage();
        head('repeat');
      }
      drawRow(row, options.boldLast === true && i === rows.length - 1, i % 2 === 1, 'body');
    });
    tagged.end();
    doc.moveDown(0.8);
  }

  const t = summary.totals;
  const meth = summary.methodology;

  // Cover.
  doc.font('Bold').fontSize(26).fillColor(INK);
  doc.y = 70;
  tags.block('H1', () => text(m.title, { width }));
  doc.moveDown(0.3).font('Body').fontSize(12).fillColor(DARK);
  text(m.subtitle, { width });
  doc.moveDown(1.5).font('Bold').fontSize(18).fillColor(INK);
  text(header.organization.name, { width });
  doc.moveDown(0.6).font('Body').fontSize(11);
  text(m.period(f.date(header.period.from), f.date(header.period.to)), { width });
  text(m.wholeWeeks(f.date(header.period.firstWeek), f.date(header.period.lastDay), header.period.weeks), { width });
  text(m.generated(f.instant(header.generatedAt, header.organization.timeZone)), { width });
  const members = header.filters.memberIds.length ? m.someMembers(header.filters.memberIds.length) : m.allMembers;
  const brands = header.filters.brandIds.length ? m.someBrands(header.filters.brandIds.length) : m.allBrands;
  text(`${m.scope}${locale === 'fr' ? ' :' : ':'} ${members}, ${brands}.`, { width });
  if (header.filters.anonymize) text(m.anonymized, { width });

  // The headline, in a framed box on the cover.
  doc.moveDown(1.4);
  const lead = headlineType(summary.deliverableTypes);
  const boxTop = doc.y;
  doc.font('Bold').fontSize(10).fillColor(DARK);
  tags.block('H2', () => text(m.headlineTitle.toUpperCase(), { width, characterSpacing: 1 }), m.headlineTitle);
  doc.moveDown(0.4).font('Bold').fontSize(17).fillColor(INK);
  if (lead) {
    text(headlineSentence(lead, locale), { width: width - 20 });
    doc.moveDown(0.4).font('Body').fontSize(12);
    if (lead.multiplier !== null) text(m.headlineTimes(f.number(lead.multiplier, 1)), { width });
    doc.moveDown(0.6).font('Body').fontSize(9.5).fillColor(DARK);
    const others = tags.list();
    for (const other of summary.deliverableTypes) {
      if (other === lead || other.deliverables === 0 || other.medianSeconds === null) continue;
      others.item(() => text(`• ${headlineSentence(other, locale)}`, { width }));
    }
    others.end();
  } else {
    text(m.noHeadline, { width });
  }
  tags.artifact(() =>
    doc
      .moveTo(MARGIN - 10, boxTop - 10)
      .lineTo(MARGIN - 10, doc.y + 4)
      .lineWidth(3)
      .strokeColor(INK)
      .stroke(),
  );
  doc.fillColor(INK);

  // The cover's second half: the team's headline figures and, when the page has room, its weeks.
  if (t.loggedSeconds > 0) {
    doc.moveDown(0.6);
    title(m.keyFigures);
    tiles([
      { label: m.logged, value: f.hours(t.loggedSeconds) },
      { label: m.contract, value: f.hours(t.expectedSeconds) },
      { label: m.overtime, value: f.hours(t.overtimeSeconds) },
      { label: m.afterHours, value: f.hours(t.afterHoursSeconds) },
      { label: m.weekend, value: f.hours(t.weekendSeconds) },
      { label: m.fte, value: f.number(t.fte ?? 0, 2) },
    ]);
    // Room for the chart: its title, bars, labels under them and the legend.
    const room = bottom() - doc.y - 100;
    if (summary.weeks.length > 0 && room >= 70) {
      subtitle(m.perWeek);
      const contract = Math.max(...summary.weeks.map((w) => w.expectedSeconds));
      columns(
        summary.weeks.map((w) => ({
          label: w.weekStart ? f.weekShort(w.weekStart) : '',
          value: w.loggedSeconds,
          valueLabel: f.number(w.loggedSeconds / 3600, 0),
        })),
        contract ? { value: contract, label: `${m.contract} ${f.hours(contract)}` } : undefined,
        Math.min(130, room),
      );
    }
  }

  // Team workload vs contracts.
  doc.addPage();
  title(m.teamTitle);
  if (t.loggedSeconds === 0) para(m.none);
  else {
    para(
      m.teamIntro(
        f.hours(t.loggedSeconds),
        f.hours(t.expectedSeconds),
        f.number(t.fte ?? 0, 2),
        f.number(t.memberWeeks),
        f.number(summary.memberWeeks.length),
      ),
    );
    table(
      [m.logged, m.contract, m.overtime, m.afterHours, m.weekend],
      [
        [
          f.hours(t.loggedSeconds),
          f.hours(t.expectedSeconds),
          f.hours(t.overtimeSeconds),
          f.hours(t.afterHoursSeconds),
          f.hours(t.weekendSeconds),
        ],
      ],
      [1, 1, 1, 1, 1],
    );
    subtitle(`${m.logged} / ${m.contract}`);
    bars(
      summary.members.map((r) => ({
        label: r.member ?? '',
        value: r.loggedSeconds,
        valueLabel: `${m.logged} ${f.hours(r.loggedSeconds)}`,
        reference: r.expectedSeconds,
        refLabel: `${m.contract} ${f.hours(r.expectedSeconds)}`,
      })),
    );
    subtitle(m.perWeek);
    const averageWeekContract = summary.weeks.length ? Math.max(...summary.weeks.map((w) => w.expectedSeconds)) : 0;
    columns(
      summary.weeks.map((w) => ({
        label: w.weekStart ? f.weekShort(w.weekStart) : '',
        value: w.loggedSeconds,
        valueLabel: f.number(w.loggedSeconds / 3600, 0),
      })),
      averageWeekContract
        ? { value: averageWeekContract, label: `${m.contract} ${f.hours(averageWeekContract)}` }
        : undefined,
    );
  }

  // Coverage: how complete the data is, per member, and the member-weeks left out of the headline.
  doc.addPage();
  title(m.coverageTitle);
  const cov = summary.coverage;
  const threshold = clean(formatPercent(cov.thresholdPercent / 100, locale, 0));
  para(
    m.coverageIntro(f.percent(cov.coverage), threshold, f.number(cov.incompleteMemberWeeks), f.number(cov.memberWeeks)),
  );
  table(
    [m.member, m.logged, m.expected, m.coverage, m.flag],
    [
      ...summary.members
        .filter((r) => r.expectedSeconds > 0)
        .map((r) => {
          const weeks = summary.memberWeeks.filter((w) => w.memberId === r.memberId && w.expectedSeconds > 0).length;
          return [
            r.member ?? '',
            f.hours(r.loggedSeconds),
            f.hours(r.expectedSeconds),
            f.percent(r.coverage),
            m.coverageFlag(f.number(r.incompleteWeeks), f.number(weeks), threshold),
          ];
        }),
      [m.total, f.hours(cov.loggedSeconds), f.hours(cov.expectedSeconds), f.percent(cov.coverage), ''],
    ],
    [2, 1, 1, 1, 2.2],
    { boldLast: true },
  );
  subtitle(m.incompleteTitle);
  if (cov.incompleteWeeks.length === 0) para(m.incompleteNone);
  else {
    table(
      [m.member, m.week, m.logged, m.expected, m.coverage],
      cov.incompleteWeeks.map((w) => [
        w.member,
        f.week(w.weekStart),
        f.hours(w.loggedSeconds),
        f.hours(w.expectedSeconds),
        f.percent(w.coverage),
      ]),
      [2, 1.2, 1, 1, 1],
      { textColumns: 2 },
    );
  }

  // Category and skills mix.
  doc.addPage();
  title(m.mixTitle);
  subtitle(m.categoryMix);
  bars(
    summary.categories.map((c) => ({
      label: c.name,
      value: c.seconds,
      valueLabel: `${f.hours(c.seconds)} · ${f.percent(c.share)}`,
    })),
  );
  subtitle(m.skillsMix);
  bars(
    summary.skills.map((s) => ({
      label: SKILL_FAMILY_NAMES[s.skill as SkillFamily]?.[locale] ?? s.skill,
      value: s.seconds,
      valueLabel: `${f.number(s.fte ?? 0, 2)} ${m.fte} · ${f.percent(s.share)}`,
    })),
  );

  // Deliverables: perceived vs measured.
  doc.addPage();
  title(m.deliverablesTitle);
  para(m.deliverablesIntro);
  const measured = summary.deliverableTypes.filter((d) => d.deliverables > 0);
  table(
    [m.type, m.perceived, m.median, m.mean, m.count, m.multiplier],
    measured.map((d) => [
      d.name,
      f.minutes(d.perceivedSeconds),
      f.minutes(d.medianSeconds ?? 0),
      f.minutes(d.meanSeconds ?? 0),
      f.number(d.deliverables),
      d.multiplier === null ? '–' : `× ${f.number(d.multiplier, 1)}`,
    ]),
    [2, 1, 1.3, 1.3, 1, 1.3],
  );
  bars(
    measured.map((d) => ({
      label: d.name,
      value: d.medianSeconds ?? 0,
      valueLabel: `${m.median} ${f.minutes(d.medianSeconds ?? 0)}`,
      reference: d.perceivedSeconds,
      refLabel: `${m.perceived} ${f.minutes(d.perceivedSeconds)}`,
    })),
  );

  // Per member.
  title(m.membersTitle);
  table(
    [m.member, m.logged, m.contract, m.coverage, m.overtime, m.afterHours, m.weekend, m.entries],
    [
      ...summary.members.map((r) => [
        r.member ?? '',
        f.hours(r.loggedSeconds),
        f.hours(r.expectedSeconds),
        f.percent(r.coverage),
        f.hours(r.overtimeSeconds),
        f.hours(r.afterHoursSeconds),
        f.hours(r.weekendSeconds),
        f.number(r.entryCount),
      ]),
      [
        m.total,
        f.hours(summary.allWeeks.loggedSeconds),
        f.hours(summary.allWeeks.expectedSeconds),
        f.percent(cov.coverage),
        f.hours(summary.allWeeks.overtimeSeconds),
        '',
        '',
        '',
      ],
    ],
    [2.2, 1, 1, 0.9, 1, 1, 1, 0.8],
    { boldLast: true },
  );

  // Methodology.
  doc.addPage();
  title(m.methodologyTitle);
  for (const p of m.methodology) para(p);
  subtitle(m.sourceShare);
  const sources = Object.entries(meth.bySource).sort((a, b) => b[1] - a[1]);
  const messages = EXPORT_MESSAGES[locale];
  bars(
    sources.map(([source, n]) => ({
      label: messages.sources[source] ?? source,
      value: n,
      valueLabel: `${f.number(n)} ${m.entriesWord} · ${f.percent(meth.entries ? n / meth.entries : null)} · ${f.hours(meth.secondsBySource[source] ?? 0)}`,
    })),
  );
  const pct = (n: number) => f.percent(meth.entries ? n / meth.entries : null);
  para(m.approved(f.number(meth.approvedMemberWeeks), f.number(meth.memberWeeks)));
  para(m.edited(f.number(meth.edited), f.number(meth.entries), pct(meth.edited)));
  para(m.late(f.number(meth.late), pct(meth.late)));
  para(m.durationOnly(f.number(meth.durationOnly)));
  para(m.hashNote);
  doc.font('Courier').fontSize(9);
  text(header.sha256, { width });
  doc.font('Body');

  // Appendix: weekly totals per member, then the team.
  doc.addPage();
  title(m.appendixTitle);
  table(
    [m.week, m.member, m.logged, m.contract, m.coverage, m.overtime, m.afterHours, m.weekend],
    [
      ...summary.memberWeeks.map((r) => [
        r.weekStart ? f.week(r.weekStart) : '',
        r.member ?? '',
        f.hours(r.loggedSeconds),
        f.hours(r.expectedSeconds),
        f.percent(r.coverage),
        f.hours(r.overtimeSeconds),
        f.hours(r.afterHoursSeconds),
        f.hours(r.weekendSeconds),
      ]),
    ],
    [1.1, 2, 1, 1, 0.9, 1, 1, 1],
    { textColumns: 2 },
  );
  table(
    [m.week, m.total, m.logged, m.contract, m.coverage, m.overtime, m.afterHours, m.weekend],
    summary.weeks.map((r) => [
      r.weekStart ? f.week(r.weekStart) : '',
      m.total,
      f.hours(r.loggedSeconds),
      f.hours(r.expectedSeconds),
      f.percent(r.coverage),
      f.hours(r.overtimeSeconds),
      f.hours(r.afterHoursSeconds),
      f.hours(r.weekendSeconds),
    ]),
    [1.1, 2, 1, 1, 0.9, 1, 1, 1],
    { textColumns: 2 },
  );

  tags.end();

  // Footers: the hash and the page number on every page (drawn in the bottom margin).
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const keep = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - MARGIN - 8;
    tags.artifact(() => {
      doc
        .moveTo(MARGIN, y - 6)
        .lineTo(MARGIN + width, y - 6)
        .lineWidth(0.4)
        .strokeColor(MID)
        .stroke();
      doc.font('Body').fontSize(7).fillColor(DARK);
      doc.text(clean(m.footer(header.sha256)), MARGIN, y, { width: width - 60, lineBreak: false });
      doc.text(clean(m.page(i + 1, range.count)), MARGIN + width - 60, y, {
        width: 60,
        align: 'right',
        lineBreak: false,
      });
    }, 'Pagination');
    doc.page.margins.bottom = keep;
    options.onPage?.(i + 1);
  }
  doc.fillColor(INK).strokeColor(LIGHT);
  doc.end();
  await done;
  return { pages: range.count };
}
