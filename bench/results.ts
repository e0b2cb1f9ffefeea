// The benchmark report: every figure with the baseline it is compared to (measured in the same
// run), its ratio and its target; printed as a table and written to bench/results/<date>.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MachineFacts } from './support';

export const RESULTS_FORMAT = 'proofwork-bench/1';

/** A target on a figure: `max` (≤) or `min` (≥), on the value or on the ratio to the baseline. */
export interface Target {
  on: 'value' | 'ratio';
  op: 'max' | 'min';
  limit: number;
}

export interface Figure {
  /** P1…P7, then a short name. */
  id: string;
  label: string;
  value: number;
  unit: string;
  /** What the value is compared to, measured in the same run (absent when a target is absolute only). */
  baseline: { label: string; value: number; unit: string } | null;
  /** value ÷ baseline (how `ratio` reads — "×0.62 of the bare route", "×140 faster" — is in `ratioLabel`). */
  ratio: number | null;
  ratioLabel?: string;
  target: Target | null;
  /** Whether the target is met; null without a target. */
  met: boolean | null;
  note?: string;
}

export interface BenchResults {
  format: typeof RESULTS_FORMAT;
  mode: 'quick' | 'full';
  startedAt: string;
  finishedAt: string;
  commit: string | null;
  machine: MachineFacts & { loadAverageStart: number[]; loadAverageEnd: number[] };
  figures: Figure[];
  /** Per-bench details (latency series, dataset sizes…), free-form. */
  details: Record<string, unknown>;
  /** Benches that failed, with their error. */
  errors: { bench: string; message: string }[];
}

export function targetMet(target: Target | null, value: number, ratio: number | null): boolean | null {
  if (!target) return null;
  const x = target.on === 'value' ? value : ratio;
  if (x === null || !Number.isFinite(x)) return false;
  return target.op === 'max' ? x <= target.limit : x >= target.limit;
}

/** A figure with its ratio (value ÷ baseline, or `invert`: baseline ÷ value) and whether its target is met. */
export function figure(input: {
  id: string;
  label: string;
  value: number;
  unit: string;
  baseline?: { label: string; value: number; unit?: string } | null;
  invert?: boolean;
  ratioLabel?: string;
  target?: Target | null;
  /** A condition of the target besides the value (P3: the write rate it was measured at); false: not met. */
  holds?: boolean;
  note?: string;
}): Figure {
  const baseline = input.baseline
    ? { label: input.baseline.label, value: input.baseline.value, unit: input.baseline.unit ?? input.unit }
    : null;
  let ratio: number | null = null;
  if (baseline) ratio = input.invert ? baseline.value / input.value : input.value / baseline.value;
  if (ratio !== null && !Number.isFinite(ratio)) ratio = null;
  const target = input.target ?? null;
  return {
    id: input.id,
    label: input.label,
    value: input.value,
    unit: input.unit,
    baseline,
    ratio,
    ...(input.ratioLabel ? { ratioLabel: input.ratioLabel } : {}),
    target,
    met: input.holds === false && target ? false : targetMet(target, input.value, ratio),
    ...(input.note ? { note: input.note } : {}),
  };
}

function number(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return value.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export function formatValue(value: number, unit: string): string {
  return unit ? `${number(value)} ${unit}` : number(value);
}

export function formatTarget(target: Target | null, unit: string): string {
  if (!target) return '';
  const op = target.op === 'max' ? '≤' : '≥';
  return target.on === 'ratio' ? `${op} ×${number(target.limit)}` : `${op} ${formatValue(target.limit, unit)}`;
}

/** The report as rows of cells: figure, value, baseline, ratio, target, met. */
export function tableRows(figures: readonly Figure[]): string[][] {
  return figures.map((f) => [
    `${f.id} ${f.label}`,
    formatValue(f.value, f.unit),
    f.baseline ? `${f.baseline.label} ${formatValue(f.baseline.value, f.baseline.unit)}` : '',
    f.ratio === null ? '' : `×${number(f.ratio)}${f.ratioLabel ? ` ${f.ratioLabel}` : ''}`,
    formatTarget(f.target, f.unit),
    f.met === null ? '' : f.met ? 'met' : 'MISSED',
  ]);
}

const HEADER = ['figure', 'value', 'baseline (same run)', 'ratio', 'target', ''];

/** A plain-text table for the terminal. */
export function formatTable(figures: readonly Figure[]): string {
  const rows = [HEADER, ...tableRows(figures)];
  const widths = HEADER.map((_, i) => Math.max(...rows.map((r) => [...r[i]!].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c + ' '.repeat(widths[i]! - [...c].length))
      .join('  ')
      .trimEnd();
  return [line(rows[0]!), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** The same table in Markdown (for the README). */
export function formatMarkdown(figures: readonly Figure[]): string {
  const rows = tableRows(figures).map((r) => r.map((c) => c.replace(/\|/g, '\\|')));
  return [
    `| ${HEADER.map((h) => h || 'met').join(' | ')} |`,
    `| ${HEADER.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

/** Writes `<dir>/<YYYY-MM-DD>[-quick].json` and returns its path. */
export function writeResults(results: BenchResults, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const day = results.startedAt.slice(0, 10);
  const file = path.join(dir, `${day}${results.mode === 'quick' ? '-quick' : ''}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}
