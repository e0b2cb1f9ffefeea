// XLSX export, written with exceljs' streaming WorkbookWriter (rows go to the file as they come):
// a summary sheet, weekly totals per member, then every entry. Numbers and dates are real number
// and date cells; text stays a string cell, which a spreadsheet never evaluates, so a note such as
// `=HYPERLINK(…)` is shown as written and never run.
import type { Writable } from 'node:stream';
import type { Locale } from '@proofwork/core';
import { ENTRY_COLUMNS, type EvidenceEntry, type EvidenceHeader, type EvidenceSummary } from '@proofwork/db';
import ExcelJS from 'exceljs';
import { EXPORT_MESSAGES } from './messages';

const PERCENT = '0.0%';
const HOURS = '0.00';
const DATE = 'yyyy-mm-dd';
const DATETIME = 'yyyy-mm-dd hh:mm:ss';

/** A local date as an Excel date (midnight UTC, so no zone shifts the day). */
const dateCell = (value: string | null) => (value ? new Date(`${value}T00:00:00Z`) : null);
const instantCell = (value: string | null) => (value ? new Date(value) : null);
const hours = (seconds: number) => Math.round((seconds / 3600) * 10000) / 10000;

/** The header row stays in view (the streaming writer takes views only at creation). */
const FROZEN_HEADER = { views: [{ state: 'frozen' as const, ySplit: 1 }] };

function headerRow(sheet: ExcelJS.Worksheet, count: number) {
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: count } };
  const row = sheet.getRow(1);
  row.font = { bold: true };
}

export async function writeXlsx(
  header: EvidenceHeader & { generatedAt: string; sha256: string },
  summary: EvidenceSummary,
  batches: AsyncIterable<EvidenceEntry[]>,
  out: Writable,
  options: { locale: Locale },
): Promise<{ rows: number }> {
  const m = EXPORT_MESSAGES[options.locale];
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Proofwork';

  // 1. Summary: label / value pairs.
  const s = workbook.addWorksheet(m.sheets.summary);
  s.columns = [
    { key: 'label', width: 34 },
    { key: 'value', width: 70 },
  ];
  const t = summary.totals;
  const meth = summary.methodology;
  const pairs: [string, string | number | Date | null, string?][] = [
    [m.summary.organization, header.organization.name],
    [m.summary.period, `${header.period.firstWeek} → ${header.period.lastDay}`],
    [m.summary.weeks, header.period.weeks, '0'],
    [m.summary.generatedAt, new Date(header.generatedAt), DATETIME],
    [m.summary.sha256, header.sha256],
    [m.summary.anonymized, header.filters.anonymize ? m.yes : m.no],
    [m.summary.members, t.members, '0'],
    [m.summary.entries, t.entryCount, '0'],
    [m.summary.logged, hours(t.loggedSeconds), HOURS],
    [m.summary.contract, hours(t.expectedSeconds), HOURS],
    [m.summary.overtime, hours(t.overtimeSeconds), HOURS],
    [m.summary.afterHours, hours(t.afterHoursSeconds), HOURS],
    [m.summary.weekend, hours(t.weekendSeconds), HOURS],
    [m.summary.fte, t.fte === null ? null : Math.round(t.fte * 100) / 100, '0.00'],
    [m.summary.basis, m.summary.basisValue(t.memberWeeks, summary.memberWeeks.length)],
    [m.summary.coverage, summary.coverage.coverage, PERCENT],
    [m.summary.threshold, summary.coverage.thresholdPercent / 100, PERCENT],
    [
      m.summary.incomplete,
      summary.coverage.incompleteWeeks.length
        ? summary.coverage.incompleteWeeks.map((l) => `${l.member} ${l.weekStart}`).join(', ')
        : '0',
    ],
    [m.summary.edited, meth.edited, '0'],
    [m.summary.late, meth.late, '0'],
    [m.summary.approvedWeeks, `${meth.approvedMemberWeeks} / ${meth.memberWeeks}`],
  ];
  pairs.forEach(([label, value, numFmt], i) => {
    const row = s.getRow(i + 1);
    row.getCell(1).value = label;
    row.getCell(1).font = { bold: true };
    row.getCell(2).value = value;
    if (numFmt) row.getCell(2).numFmt = numFmt;
    row.commit();
  });
  await s.commit();

  // 2. Weekly totals per member, then the team's per week.
  const w = workbook.addWorksheet(m.sheets.weekly, FROZEN_HEADER);
  w.columns = [
    { header: m.weekly.week, key: 'week', width: 12, style: { numFmt: DATE } },
    { header: m.weekly.member, key: 'member', width: 24 },
    { header: m.weekly.logged, key: 'logged', width: 14, style: { numFmt: HOURS } },
    { header: m.weekly.contract, key: 'contract', width: 14, style: { numFmt: HOURS } },
    { header: m.weekly.coverage, key: 'coverage', width: 12, style: { numFmt: PERCENT } },
    { header: m.weekly.complete, key: 'complete', width: 10 },
    { header: m.weekly.overtime, key: 'overtime', width: 14, style: { numFmt: HOURS } },
    { header: m.weekly.afterHours, key: 'afterHours', width: 14, style: { numFmt: HOURS } },
    { header: m.weekly.weekend, key: 'weekend', width: 14, style: { numFmt: HOURS } },
    { header: m.weekly.entries, key: 'entries', width: 10 },
  ];
  headerRow(w, 10);
  for (const r of [...summary.memberWeeks, ...summary.weeks]) {
    w.addRow({
      week: dateCell(r.weekStart),
      member: r.memberId ? (r.member ?? '') : m.weekly.total,
      logged: hours(r.loggedSeconds),
      contract: hours(r.expectedSeconds),
      coverage: r.coverage,
      complete: r.memberId && r.weekStart ? (r.incompleteWeeks > 0 ? m.no : m.yes) : '',
      overtime: hours(r.overtimeSeconds),
      afterHours: hours(r.afterHoursSeconds),
      weekend: hours(r.weekendSeconds),
      entries: r.entryCount,
    }).commit();
  }
  await w.commit();

  // 3. Entries.
  const e = workbook.addWorksheet(m.sheets.entries, FROZEN_HEADER);
  e.columns = ENTRY_COLUMNS.map((key) => ({
    header: m.columns[key],
    key,
    width: key === 'note' ? 40 : key === 'id' ? 38 : 16,
    style:
      key === 'localDate' || key === 'weekStart'
        ? { numFmt: DATE }
        : key === 'startedAt' || key === 'endedAt'
          ? { numFmt: DATETIME }
          : key === 'hours'
            ? { numFmt: '0.0000' }
            : {},
  }));
  headerRow(e, ENTRY_COLUMNS.length);
  let rows = 0;
  for await (const batch of batches) {
    for (const entry of batch) {
      rows++;
      e.addRow({
        ...entry,
        localDate: dateCell(entry.localDate),
        weekStart: dateCell(entry.weekStart),
        startedAt: instantCell(entry.startedAt),
        endedAt: instantCell(entry.endedAt),
        tags: entry.tags.join(' '),
        late: entry.late ? m.yes : m.no,
        edited: entry.edited ? m.yes : m.no,
        source: m.sources[entry.source] ?? entry.source,
        weekStatus: entry.weekStatus ? (m.weekStatus[entry.weekStatus] ?? entry.weekStatus) : '',
      }).commit();
    }
  }
  await e.commit();
  await workbook.commit();
  return { rows };
}
