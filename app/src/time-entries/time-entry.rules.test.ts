// The pure entry rules: shapes of timing, placement in the member's zone and the organization's
// weeks, late marking, and the listing cursor.
import type { TimeEntryRow } from '@proofwork/db';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import {
  checkSpan,
  decodeCursor,
  encodeCursor,
  isLateNow,
  patchedSpan,
  type Span,
  spanColumns,
  spanOf,
} from './time-entry.rules';

const NOW = new Date('2026-11-25T14:00:00Z');

function fieldOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error.details[0]?.field;
    throw error;
  }
  return undefined;
}

describe('spanOf', () => {
  it('reads clock times or a duration on a day, and names the missing or extra field', () => {
    expect(spanOf({ startedAt: '2026-11-24T09:00:00+01:00', endedAt: '2026-11-24T10:00:00+01:00' }, '').kind).toBe(
      'timed',
    );
    expect(spanOf({ durationSeconds: 60, localDate: '2026-11-24' }, '')).toEqual({
      kind: 'day',
      durationSeconds: 60,
      localDate: '2026-11-24',
    });
    expect(fieldOf(() => spanOf({ endedAt: '2026-11-24T10:00:00Z' }, ''))).toBe('startedAt');
    expect(fieldOf(() => spanOf({ localDate: '2026-11-24' }, 'entries.2'))).toBe('entries.2.durationSeconds');
    expect(fieldOf(() => spanOf({ startedAt: 'x', endedAt: 'y', localDate: '2026-11-24' }, ''))).toBe('localDate');
    expect(fieldOf(() => spanOf({ startedAt: '1999-12-31T23:00:00Z', endedAt: '2000-01-01T01:00:00Z' }, ''))).toBe(
      'startedAt',
    );
  });
});

describe('checkSpan', () => {
  const timed = (start: string, end: string): Span => ({
    kind: 'timed',
    startedAt: new Date(start),
    endedAt: new Date(end),
  });

  it('accepts exactly 24 hours and exactly 7 days ahead, not a second more', () => {
    expect(fieldOf(() => checkSpan(timed('2026-11-20T10:00:00Z', '2026-11-21T10:00:00Z'), NOW, 'UTC', ''))).toBe(
      undefined,
    );
    expect(fieldOf(() => checkSpan(timed('2026-11-20T10:00:00Z', '2026-11-21T10:00:01Z'), NOW, 'UTC', ''))).toBe(
      'endedAt',
    );
    expect(fieldOf(() => checkSpan(timed('2026-12-02T13:00:00Z', '2026-12-02T14:00:00Z'), NOW, 'UTC', ''))).toBe(
      undefined,
    );
    expect(fieldOf(() => checkSpan(timed('2026-12-02T13:00:00Z', '2026-12-02T14:00:01Z'), NOW, 'UTC', ''))).toBe(
      'endedAt',
    );
  });

  it('counts "7 days ahead" for a day entry from the member’s own today', () => {
    const day: Span = { kind: 'day', localDate: '2026-12-03', durationSeconds: 60 };
    // 2026-11-25T14:00Z is already the 26th in Auckland: the 3rd is then 7 days ahead.
    expect(fieldOf(() => checkSpan(day, NOW, 'Pacific/Auckland', ''))).toBeUndefined();
    expect(fieldOf(() => checkSpan(day, NOW, 'Europe/Paris', ''))).toBe('localDate');
  });
});

describe('spanColumns', () => {
  it('measures real elapsed time over the Paris spring-forward night, on the local day of the start', () => {
    const span = spanOf({ startedAt: '2026-03-29T01:30:00+01:00', endedAt: '2026-03-29T03:30:00+02:00' }, '');
    expect(spanColumns(span, 'Europe/Paris', 1)).toMatchObject({
      durationSeconds: 3600,
      localDate: '2026-03-29',
      weekStart: '2026-03-23',
    });
  });

  it('names weeks after the organization’s first weekday', () => {
    const span: Span = { kind: 'day', localDate: '2026-11-25', durationSeconds: 60 };
    expect(spanColumns(span, 'UTC', 1).weekStart).toBe('2026-11-23');
    expect(spanColumns(span, 'UTC', 7).weekStart).toBe('2026-11-22');
  });
});

describe('isLateNow', () => {
  it('is late strictly after lateAfterDays days, counted in the member’s zone', () => {
    expect(isLateNow('2026-11-18', NOW, 'Europe/Paris', 7)).toBe(false);
    expect(isLateNow('2026-11-17', NOW, 'Europe/Paris', 7)).toBe(true);
    expect(isLateNow('2026-11-18', NOW, 'Pacific/Auckland', 7)).toBe(true);
  });
});

describe('patchedSpan', () => {
  const before = {
    startedAt: new Date('2026-11-24T08:00:00Z'),
    endedAt: new Date('2026-11-24T09:00:00Z'),
    durationSeconds: 3600,
    localDate: '2026-11-24',
  } as TimeEntryRow;

  it('keeps the other end when one clock time changes, and turns into a day entry on a duration', () => {
    expect(patchedSpan(before, { endedAt: '2026-11-24T09:30:00Z' })).toEqual({
      kind: 'timed',
      startedAt: before.startedAt,
      endedAt: new Date('2026-11-24T09:30:00Z'),
    });
    expect(patchedSpan(before, { durationSeconds: 600 })).toEqual({
      kind: 'day',
      durationSeconds: 600,
      localDate: '2026-11-24',
    });
    expect(patchedSpan(before, {}).kind).toBe('timed');
  });
});

describe('cursor', () => {
  it('round-trips and refuses another order or garbage', () => {
    const position = {
      localDate: '2026-11-24',
      at: '2026-11-24T08:00:00.123456Z',
      id: '0190a0a0-0000-7000-8000-000000000000',
    };
    const cursor = encodeCursor('desc', position);
    expect(decodeCursor(cursor, 'desc')).toEqual(position);
    expect(fieldOf(() => decodeCursor(cursor, 'asc'))).toBe('cursor');
    expect(fieldOf(() => decodeCursor('%%%', 'asc'))).toBe('cursor');
    expect(fieldOf(() => decodeCursor(Buffer.from('{"a":1}').toString('base64url'), 'asc'))).toBe('cursor');
  });
});
