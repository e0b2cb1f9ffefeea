import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ORG } from '../../test/fixtures';
import { type Change, SettingsList, type SettingsListOptions } from './settings-list.svelte';
import { toasts } from './toasts.svelte';

interface Thing {
  id: string;
  name: string;
  position: number;
  archivedAt: string | null;
}
type Fields = { name: string };
type Patch = { name?: string; archived?: boolean };

const thing = (id: string, overrides: Partial<Thing> = {}): Thing => ({
  id,
  name: `Thing ${id}`,
  position: 1,
  archivedAt: null,
  ...overrides,
});

function options(rows: Thing[] = [thing('b', { position: 2 }), thing('a', { position: 1 })]) {
  const stored = (id: string) => rows.find((t) => t.id === id) ?? thing(id);
  return {
    list: vi.fn(async () => rows),
    fieldsOf: (t: Thing) => ({ name: t.name }),
    patchOf: (d: Fields) => ({ name: d.name.trim() }),
    update: vi.fn(async (_org: string, id: string, patch: Patch) => ({
      ...stored(id),
      name: patch.name ?? stored(id).name,
    })),
    archive: vi.fn(async (_org: string, id: string, archived: boolean) => ({
      ...stored(id),
      archivedAt: archived ? '2026-11-25T10:00:00Z' : null,
    })),
    remove: vi.fn(async () => {}),
    onchange: vi.fn(),
    order: (a: Thing, b: Thing) => a.position - b.position,
    told: (change: Change, t: Thing) => `${change} ${t.name}`,
  } satisfies SettingsListOptions<Thing, Fields, Patch>;
}

const said = () => toasts.items.map((t) => t.text);

beforeEach(() => {
  toasts.items = [];
});

describe('a settings list', () => {
  it('loads the rows in their order, with a draft for each, without telling the session', async () => {
    const calls = options();
    const list = new SettingsList(calls);
    expect(list.rows).toBeNull();
    await list.load(ORG);
    expect(calls.list).toHaveBeenCalledWith(ORG);
    expect(list.visible.map((t) => t.id)).toEqual(['a', 'b']);
    expect(list.draft(list.rows![0]!)).toEqual({ name: 'Thing b', busy: false, error: null });
    expect(calls.onchange).not.toHaveBeenCalled();
  });

  it('keeps a failed load to show with a retry, which asks again', async () => {
    const calls = options();
    calls.list.mockRejectedValueOnce(new Error('offline'));
    const list = new SettingsList(calls);
    await list.load(ORG);
    expect(list.loadError).toBeInstanceOf(Error);
    expect(list.rows).toBeNull();
    await list.retry();
    expect(list.loadError).toBeNull();
    expect(list.rows).toHaveLength(2);
  });

  it('keeps only the answer to the latest load', async () => {
    let release!: (rows: Thing[]) => void;
    const calls = options();
    calls.list.mockImplementationOnce(() => new Promise<Thing[]>((resolve) => (release = resolve)));
    const list = new SettingsList(calls);
    const first = list.load(ORG);
    await list.load(ORG);
    release([thing('stale')]);
    await first;
    expect(list.rows?.map((t) => t.id)).toEqual(['b', 'a']);
  });

  it('adds a row with a draft, tells the session and the reader; a refusal stays on the form', async () => {
    const calls = options();
    const list = new SettingsList(calls);
    await list.load(ORG);
    expect(await list.add(async () => thing('c', { position: 3 }))).toBe(true);
    expect(list.visible.map((t) => t.id)).toEqual(['a', 'b', 'c']);
    expect(list.draft(list.rows![2]!).name).toBe('Thing c');
    expect(calls.onchange).toHaveBeenCalledWith(list.rows);
    expect(said()).toEqual(['created Thing c']);

    const refused = new Error('name taken');
    expect(await list.add(async () => Promise.reject(refused))).toBe(false);
    expect(list.addError).toBe(refused);
    expect(list.adding).toBe(false);
    expect(list.rows).toHaveLength(3);
  });

  it('saves a draft and starts it again from the saved row; a failure stays on that row', async () => {
    const calls = options();
    const list = new SettingsList(calls);
    await list.load(ORG);
    const a = list.rows![1]!;
    list.draft(a).name = '  Renamed ';
    list.draft(list.rows![0]!).name = 'Unsaved edit';
    await list.save(a);
    expect(calls.update).toHaveBeenCalledWith(ORG, 'a', { name: 'Renamed' });
    expect(list.rows![1]!.name).toBe('Renamed');
    expect(list.draft(list.rows![1]!)).toEqual({ name: 'Renamed', busy: false, error: null });
    expect(list.draft(list.rows![0]!).name).toBe('Unsaved edit');
    expect(said()).toEqual(['saved Renamed']);

    calls.update.mockRejectedValueOnce(new Error('too long'));
    await list.save(list.rows![1]!);
    expect(list.draft(list.rows![1]!)).toMatchObject({ busy: false, error: expect.any(Error) });
  });

  it('archives and brings back a row, hiding archived rows until asked; a failure is a toast', async () => {
    const calls = options();
    const list = new SettingsList(calls);
    await list.load(ORG);
    await list.toggleArchived(list.rows![0]!);
    expect(calls.archive).toHaveBeenCalledWith(ORG, 'b', true);
    expect(list.archivedCount).toBe(1);
    expect(list.visible.map((t) => t.id)).toEqual(['a']);
    list.showArchived = true;
    expect(list.visible.map((t) => t.id)).toEqual(['a', 'b']);
    await list.toggleArchived(list.rows![0]!);
    expect(calls.archive).toHaveBeenLastCalledWith(ORG, 'b', false);
    expect(list.archivedCount).toBe(0);
    expect(said()).toEqual(['archived Thing b', 'unarchived Thing b']);

    calls.archive.mockRejectedValueOnce(new Error('offline'));
    await list.toggleArchived(list.rows![0]!);
    expect(toasts.items.at(-1)?.kind).toBe('error');
    expect(list.archivedCount).toBe(0);
  });

  it('sends a change outside the draft (confirming), and removes a row', async () => {
    const calls = options();
    const list = new SettingsList(calls);
    await list.load(ORG);
    await list.update(list.rows![0]!, { name: 'Confirmed' }, 'confirmed');
    expect(calls.update).toHaveBeenCalledWith(ORG, 'b', { name: 'Confirmed' });
    await list.remove(list.rows![1]!);
    expect(calls.remove).toHaveBeenCalledWith(ORG, 'a');
    expect(list.rows?.map((t) => t.id)).toEqual(['b']);
    expect(list.drafts.a).toBeUndefined();
    expect(said()).toEqual(['confirmed Confirmed', 'removed Thing a']);
  });
});
