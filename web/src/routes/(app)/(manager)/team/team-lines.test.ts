import { describe, expect, it } from 'vitest';
import type { Member, TeamRow } from '$lib/api/dashboards';
import { heatLevel, memberLines, teamTotals } from './team-lines';

const row = (memberId: string, weekStart: string, loggedSeconds: number, contractSeconds = 126_000) =>
  ({
    memberId,
    weekStart,
    loggedSeconds,
    contractSeconds,
    expectedSeconds: contractSeconds,
    complete: loggedSeconds >= 0.8 * contractSeconds,
    overtimeSeconds: Math.max(0, loggedSeconds - contractSeconds),
    afterHoursSeconds: 600,
    weekendSeconds: 0,
    byGroup: {},
  }) as unknown as TeamRow;

const member = (id: string, name: string, overrides: Partial<Member> = {}) =>
  ({ id, name, role: 'member', removed: false, tracksTime: true, weeklyContractSeconds: null, ...overrides }) as Member;

describe('team lines', () => {
  it('adds up the API’s member-weeks for the period', () => {
    expect(teamTotals([row('a', '2026-03-02', 130_000), row('b', '2026-03-02', 100_000)])).toEqual({
      logged: 230_000,
      contract: 252_000,
      overtime: 4000,
      afterHours: 1200,
      weekend: 0,
    });
  });

  it('gives each member a line with their weeks, most logged first, and keeps members who logged nothing', () => {
    const lines = memberLines(
      [row('a', '2026-03-02', 3600), row('b', '2026-03-02', 7200), row('a', '2026-03-09', 7200, 100_800)],
      [
        member('a', 'Léa'),
        member('b', 'Hugo'),
        member('c', 'Inès', { weeklyContractSeconds: 100_800 }),
        member('d', 'Gone', { removed: true }),
        member('e', 'Boss', { role: 'manager' }),
      ],
    );
    expect(lines.map((l) => [l.name, l.logged])).toEqual([
      ['Léa', 10_800],
      ['Hugo', 7200],
      ['Inès', 0],
    ]);
    expect(lines[0]!.weeks.get('2026-03-09')).toBe(7200);
    // The last week's contract, else the member's own.
    expect(lines[0]!.weekly).toBe(100_800);
    expect(lines[2]!.weekly).toBe(100_800);
    // Weeks below the threshold, as the API says.
    expect([...lines[0]!.incomplete]).toEqual(['2026-03-02', '2026-03-09']);
  });

  it('takes each member’s coverage and flag from the API, and leaves out members who do not track time', () => {
    const lines = memberLines(
      [row('a', '2026-03-02', 126_000)],
      [member('a', 'Léa'), member('f', 'Off', { tracksTime: false })],
      {
        thresholdPercent: 80,
        loggedSeconds: 126_000,
        expectedSeconds: 252_000,
        coverage: 0.5,
        weeks: 2,
        belowWeeks: 1,
        members: [
          {
            memberId: 'a',
            weeks: 2,
            belowWeeks: 1,
            loggedSeconds: 126_000,
            expectedSeconds: 252_000,
            coverage: 0.5,
            incompleteWeeks: [{ weekStart: '2026-03-09', loggedSeconds: 0, expectedSeconds: 126_000, coverage: 0 }],
          },
        ],
      },
    );
    expect(lines.map((l) => l.name)).toEqual(['Léa']);
    expect(lines[0]!.coverage).toEqual({ coverage: 0.5, weeks: 2, belowWeeks: 1 });
    expect(lines[0]!.incomplete.has('2026-03-09')).toBe(true);
  });

  it('shades a week by how full it was against the contract', () => {
    const week = 126_000;
    expect([0, 0.3, 0.5, 0.9, 1.01].map((f) => heatLevel(f * week, week))).toEqual([0, 1, 2, 3, 4]);
  });
});
