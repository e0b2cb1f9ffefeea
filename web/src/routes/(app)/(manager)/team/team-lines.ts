// The team overview's rows, from the dashboard API's member-weeks: the period's totals, each
// member's line with their weeks, and how full a week was against a contract (the heat strip).
import type { Coverage, Member, TeamRow } from '$lib/api/dashboards';

export interface TeamTotals {
  logged: number;
  /** Expected hours: contracts pro-rated for public holidays and days off (the current week up to today). */
  contract: number;
  overtime: number;
  afterHours: number;
  weekend: number;
}

export interface MemberLine extends TeamTotals {
  id: string;
  name: string;
  /** The member's weekly contract (the last week's, else their own setting). */
  weekly: number | null;
  /** Seconds logged per week start. */
  weeks: Map<string, number>;
  /** Weeks below the organization's threshold (week starts). */
  incomplete: Set<string>;
  /** The API's coverage over the period (logged ÷ expected), weeks expected and weeks below. */
  coverage: { coverage: number | null; weeks: number; belowWeeks: number } | null;
}

/** The API's member-weeks added up (the page adds what the API gives, it computes no figure). */
export function teamTotals(rows: readonly TeamRow[]): TeamTotals {
  const sum = (f: (r: TeamRow) => number) => rows.reduce((s, r) => s + f(r), 0);
  return {
    logged: sum((r) => r.loggedSeconds),
    contract: sum((r) => r.expectedSeconds),
    overtime: sum((r) => r.overtimeSeconds),
    afterHours: sum((r) => r.afterHoursSeconds),
    weekend: sum((r) => r.weekendSeconds),
  };
}

/** One line per member who logged time, and per current member who did not (a silent week shows). */
export function memberLines(
  rows: readonly TeamRow[],
  members: readonly Member[],
  coverage: Coverage | null = null,
): MemberLine[] {
  const byId = new Map<string, MemberLine>();
  const names = new Map(members.map((m) => [m.id, m]));
  const line = (id: string): MemberLine => {
    let l = byId.get(id);
    if (!l) {
      const m = names.get(id);
      l = {
        id,
        name: m?.name ?? '—',
        logged: 0,
        contract: 0,
        overtime: 0,
        afterHours: 0,
        weekend: 0,
        weekly: m?.weeklyContractSeconds ?? null,
        weeks: new Map(),
        incomplete: new Set(),
        coverage: null,
      };
      byId.set(id, l);
    }
    return l;
  };
  for (const r of rows) {
    const l = line(r.memberId);
    l.logged += r.loggedSeconds;
    l.contract += r.expectedSeconds;
    l.overtime += r.overtimeSeconds;
    l.afterHours += r.afterHoursSeconds;
    l.weekend += r.weekendSeconds;
    if (r.contractSeconds > 0) l.weekly = r.contractSeconds;
    l.weeks.set(r.weekStart, r.loggedSeconds);
    if (!r.complete) l.incomplete.add(r.weekStart);
  }
  for (const m of members) if (!m.removed && m.role === 'member' && m.tracksTime) line(m.id);
  for (const c of coverage?.members ?? []) {
    const l = byId.get(c.memberId) ?? line(c.memberId);
    l.coverage = { coverage: c.coverage, weeks: c.weeks, belowWeeks: c.belowWeeks };
    for (const w of c.incompleteWeeks) l.incomplete.add(w.weekStart);
  }
  return [...byId.values()].sort((a, b) => b.logged - a.logged || a.name.localeCompare(b.name));
}

/** 0 … 4: how full a week was against the member's contract (4 = over it). */
export function heatLevel(seconds: number, weekly: number): number {
  if (seconds <= 0) return 0;
  const ratio = seconds / weekly;
  if (ratio > 1) return 4;
  if (ratio > 0.8) return 3;
  if (ratio > 0.4) return 2;
  return 1;
}
