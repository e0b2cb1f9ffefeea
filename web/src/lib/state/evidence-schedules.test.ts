import { describe, expect, it, vi } from 'vitest';
import {
  type EvidenceSchedule,
  type EvidenceSchedulesApi,
  parseRecipients,
  ScheduledPacks,
} from './evidence-schedules.svelte';

const ORG = '0190a1b2-0000-7000-8000-000000000001';
const schedule: EvidenceSchedule = {
  id: '0190a1b2-0000-7000-8000-000000000002',
  cadence: 'monthly',
  recipients: ['budget@client.example'],
  locale: 'fr',
  active: true,
  lastPeriod: null,
  createdAt: '2026-12-01T00:00:00.000Z',
};

function fakeApi(): EvidenceSchedulesApi {
  return {
    list: vi.fn(async () => [schedule]),
    create: vi.fn(async () => schedule),
    setActive: vi.fn(async () => ({ ...schedule, active: false })),
    remove: vi.fn(async () => undefined),
    sends: vi.fn(async () => []),
  };
}

describe('scheduled packs', () => {
  it('reads addresses separated by lines, commas or spaces, lower-cased, once each, and names the bad ones', () => {
    expect(parseRecipients('Budget@Client.example, cfo@client.example\nbudget@client.example  nope')).toEqual({
      emails: ['budget@client.example', 'cfo@client.example'],
      invalid: ['nope'],
    });
    expect(parseRecipients('  ')).toEqual({ emails: [], invalid: [] });
  });

  it('adds a schedule only with valid addresses, at most 20, then reloads', async () => {
    const client = fakeApi();
    const packs = new ScheduledPacks(() => ORG, client);
    packs.recipients = 'budget@client.example, oops';
    expect(packs.canAdd).toBe(false);
    expect(await packs.add()).toBe(false);
    packs.recipients = Array.from({ length: 21 }, (_, i) => `p${i}@client.example`).join('\n');
    expect(packs.tooMany).toBe(true);
    expect(packs.canAdd).toBe(false);
    packs.recipients = 'Budget@Client.example';
    packs.cadence = 'quarterly';
    packs.locale = 'fr';
    expect(await packs.add()).toBe(true);
    expect(client.create).toHaveBeenCalledWith(ORG, {
      cadence: 'quarterly',
      recipients: ['budget@client.example'],
      locale: 'fr',
    });
    expect(packs.recipients).toBe('');
    expect(packs.items).toEqual([schedule]);
    expect(packs.sends[schedule.id]).toEqual([]);
  });

  it('keeps the error of a failed save and the typed addresses', async () => {
    const client = fakeApi();
    client.create = vi.fn(async () => {
      throw new Error('no');
    });
    const packs = new ScheduledPacks(() => ORG, client);
    packs.recipients = 'budget@client.example';
    expect(await packs.add()).toBe(false);
    expect(packs.saveError).toBeInstanceOf(Error);
    expect(packs.recipients).toBe('budget@client.example');
    await packs.setActive(schedule, false);
    expect(client.setActive).toHaveBeenCalledWith(ORG, schedule.id, false);
  });
});
