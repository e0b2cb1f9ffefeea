import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Export } from '$lib/api/evidence';
import type { Member, Organization } from '$lib/api/types';
import { locale } from '$lib/i18n.svelte';
import { session } from '$lib/state/session.svelte';
import { ORG, signedIn } from '../../../test/fixtures';
import { EvidenceExport, type ExportApi } from './evidence-export.svelte';

const queued = (status: Export['status'] = 'queued', progress = 0) =>
  ({ id: 'e1', status, progress, format: 'pdf', fileSize: null, sha256: null, fileName: null, error: null }) as Export;

function api(overrides: Partial<ExportApi> = {}) {
  let push: (e: Export) => void = () => {};
  const stop = vi.fn();
  const calls = {
    members: vi.fn(
      async () =>
        [
          { id: 'm1', name: 'Léa', removed: false },
          { id: 'm2', name: 'Gone', removed: true },
        ] as Member[],
    ),
    request: vi.fn<ExportApi['request']>(async () => queued()),
    watch: vi.fn<ExportApi['watch']>((_org, _id, onUpdate) => {
      push = onUpdate;
      return stop;
    }),
    newKey: vi.fn(() => 'key-1'),
    ...overrides,
  };
  return { calls, stop, push: (e: Export) => push(e) };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  // Wednesday 11 March 2026 in Paris.
  vi.setSystemTime(new Date('2026-03-11T10:00:00Z'));
  signedIn();
  session.organization = { timeZone: 'Europe/Paris', weekStart: 1 } as Organization;
  session.member = null;
  session.brands = [];
  locale.set('fr');
});

afterEach(() => {
  vi.useRealTimers();
});

describe('the export dialog', () => {
  it('opens on the last four whole weeks, or on the period it was given, in the reader’s language', () => {
    const x = new EvidenceExport(undefined, api().calls);
    x.reset(null);
    expect([x.from, x.to, x.preset, x.language]).toEqual(['2026-02-09', '2026-03-08', 'last4Weeks', 'fr']);
    x.reset({ from: '2026-01-01', to: '2026-02-28' });
    expect([x.from, x.to, x.preset]).toEqual(['2026-01-01', '2026-02-28', 'custom']);
    x.reset({ from: 'not a date', to: '2026-02-28' });
    expect(x.preset).toBe('last4Weeks');
  });

  it('follows a preset chosen, and names the preset that two typed dates match', () => {
    const x = new EvidenceExport(undefined, api().calls);
    x.reset(null);
    x.choosePreset('lastMonth');
    expect([x.from, x.to]).toEqual(['2026-02-01', '2026-02-28']);
    x.from = '2026-01-01';
    x.datesChanged();
    expect(x.preset).toBe('custom');
    x.to = '2025-12-31';
    expect(x.badPeriod).toBe(true);
    expect(x.canSubmit).toBe(false);
  });

  it('queues the export with only the filters chosen, then follows it to its download', async () => {
    const onchange = vi.fn();
    const { calls, push, stop } = api();
    const x = new EvidenceExport(onchange, calls);
    x.reset(null);
    x.format = 'csv';
    x.toggleMember('m1');
    x.toggleBrand('b1');
    x.toggleBrand('b1');
    await x.submit();
    expect(calls.request).toHaveBeenCalledWith(
      ORG,
      { format: 'csv', from: '2026-02-09', to: '2026-03-08', locale: 'fr', anonymize: false, memberIds: ['m1'] },
      'key-1',
    );
    expect(x.phase).toBe('working');
    expect(onchange).toHaveBeenCalledTimes(1);
    push(queued('running', 40));
    expect(x.current?.progress).toBe(40);
    expect(x.phase).toBe('working');
    push(queued('done', 100));
    expect(x.phase).toBe('done');
    expect(onchange).toHaveBeenCalledTimes(2);
    x.stopWatching();
    expect(stop).toHaveBeenCalled();
  });

  it('shows a failed export with the way to try again', async () => {
    const { calls, push } = api();
    const x = new EvidenceExport(undefined, calls);
    x.reset(null);
    await x.submit();
    push({ ...queued('failed'), error: 'disk full' });
    expect(x.phase).toBe('failed');
    await x.submit();
    expect(calls.request).toHaveBeenCalledTimes(2);
    expect(x.phase).toBe('working');
  });

  it('keeps the form and the refusal when the export cannot be queued', async () => {
    const refusal = new Error('validation_failed');
    const { calls } = api({ request: vi.fn(() => Promise.reject(refusal)) });
    const x = new EvidenceExport(undefined, calls);
    x.reset(null);
    await x.submit();
    expect(x.phase).toBe('form');
    expect(x.submitError).toBe(refusal);
    expect(x.submitting).toBe(false);
    expect(calls.watch).not.toHaveBeenCalled();
  });

  it('lists current members only, asked once', async () => {
    const { calls } = api();
    const x = new EvidenceExport(undefined, calls);
    await x.loadMembers();
    await x.loadMembers();
    expect(x.members?.map((m) => m.name)).toEqual(['Léa']);
    expect(calls.members).toHaveBeenCalledTimes(1);
  });
});
