import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '$lib/api/client';
import { t } from '$lib/i18n.svelte';
import { CATEGORY, deferred, entry, ORG, reading, signedIn } from '../../test/fixtures';
import { locale } from '../i18n.svelte';
import { network } from './network.svelte';
import { Outbox } from './outbox.svelte';
import { PARSE_DEBOUNCE_MS, type Preview, QuickAdd, type QuickAddDeps } from './quick-add.svelte';
import { recent } from './recent.svelte';
import { session } from './session.svelte';
import { timer } from './timer.svelte';
import { toasts } from './toasts.svelte';
import { week } from './week.svelte';

const settle = () => vi.advanceTimersByTimeAsync(0);

/** A QuickAdd whose requests are spies; the local parser reads every line as 'admin' on 2026-03-09. */
function setup(overrides: Partial<QuickAddDeps> = {}) {
  const outbox = new Outbox(async () => ({ entry: null, command: null }));
  const deps = {
    parse: vi.fn<QuickAddDeps['parse']>(async (_org, text) => reading({ categoryKey: `server:${text}` })),
    save: vi.fn<QuickAddDeps['save']>(async () => ({ entry: entry(), command: null })),
    remove: vi.fn<QuickAddDeps['remove']>(async () => {}),
    restore: vi.fn<QuickAddDeps['restore']>(async (_org, id) => entry({ id })),
    refreshBrands: vi.fn<QuickAddDeps['refreshBrands']>(async () => {}),
    loadParser: async () => ({
      parseLocally: (text: string): Preview =>
        reading({
          categoryKey: `local:${text}`,
          localDate: '2026-03-09',
          command: text.startsWith('start') ? 'start' : null,
        }),
    }),
    context: () => ({
      now: new Date('2026-03-10T10:00:00Z'),
      timeZone: 'Europe/Paris',
      locale: 'en' as const,
      categories: [],
      brands: [],
      deliverableTypes: [],
    }),
    loadAliases: vi.fn<QuickAddDeps['loadAliases']>(async () => {}),
    newKey: vi.fn(() => 'key-1'),
    outbox,
    ...overrides,
  };
  return { qa: new QuickAdd(deps), deps, outbox };
}

beforeEach(() => {
  vi.useFakeTimers();
  localStorage.clear();
  signedIn();
  locale.set('en');
  network.online = true;
  week.weekStart = '2026-03-09';
  week.entries = [];
  timer.set(null);
  recent.items = [];
  toasts.items = [];
});

afterEach(() => {
  vi.useRealTimers();
});

describe('reading the line', () => {
  it('reads it here at once and asks the server once, 250 ms after the last keystroke', async () => {
    const { qa, deps } = setup();
    qa.input('m');
    qa.input('mo');
    qa.input('modo 1h');
    await settle();
    expect(qa.reading?.categoryKey).toBe('local:modo 1h');
    expect(qa.pending).toBe(true);
    await vi.advanceTimersByTimeAsync(PARSE_DEBOUNCE_MS - 1);
    expect(deps.parse).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(deps.parse).toHaveBeenCalledTimes(1);
    expect(deps.parse).toHaveBeenCalledWith(ORG, 'modo 1h', 'en', expect.any(AbortSignal));
    expect(qa.reading?.categoryKey).toBe('server:modo 1h');
    expect(qa.pending).toBe(false);
  });

  it('aborts the server reading of a line that changed, and never shows it', async () => {
    const first = deferred<Preview>();
    const parse = vi.fn<QuickAddDeps['parse']>().mockReturnValueOnce(first.promise);
    parse.mockResolvedValue(reading({ categoryKey: 'server:second' }));
    const { qa } = setup({ parse });
    qa.input('first 1h');
    await vi.advanceTimersByTimeAsync(PARSE_DEBOUNCE_MS);
    const signal = parse.mock.calls[0]![3];
    qa.input('second 1h');
    expect(signal.aborted).toBe(true);
    first.resolve(reading({ categoryKey: 'server:first' }));
    await settle();
    expect(qa.reading?.categoryKey).toBe('local:second 1h');
    await vi.advanceTimersByTimeAsync(PARSE_DEBOUNCE_MS);
    expect(qa.reading?.categoryKey).toBe('server:second');
  });

  it('keeps the command word when the server reading wins, from core’s rule if the grammar is not loaded', async () => {
    const { qa } = setup({ loadParser: () => Promise.reject(new Error('offline chunk')) });
    qa.input('Démarrer montage @fournil');
    await vi.advanceTimersByTimeAsync(PARSE_DEBOUNCE_MS);
    expect(qa.command).toBe('start');
    expect(qa.reading?.command).toBe('start');
    expect(qa.reading?.categoryKey).toBe('server:Démarrer montage @fournil');
  });

  it('does not ask the server while offline, and forgets both readings when the line is emptied', async () => {
    const { qa, deps } = setup();
    network.online = false;
    qa.input('modo 1h');
    await vi.advanceTimersByTimeAsync(1000);
    expect(deps.parse).not.toHaveBeenCalled();
    expect(qa.reading?.categoryKey).toBe('local:modo 1h');
    qa.input('');
    expect(qa.reading).toBeNull();
    expect(qa.pending).toBe(false);
  });
});

describe('completing @brand and #platform', () => {
  it('offers the brands matching the mention at the caret and puts the chosen one in the line', () => {
    session.brands = [
      { id: 'b1', slug: 'fournil', name: 'Le Fournil', color: '#e69f00', archivedAt: null },
      { id: 'b2', slug: 'bistrot-leon', name: 'Bistrot Léon', color: '#d55e00', archivedAt: null },
    ] as typeof session.brands;
    const { qa } = setup();
    qa.input('modo @fo 1h');
    qa.updateMention('modo @fo'.length);
    expect(qa.suggestions.map((s) => s.value)).toEqual(['fournil']);
    const caret = qa.choose();
    expect(qa.text).toBe('modo @fournil 1h');
    expect(caret).toBe('modo @fournil '.length);
    expect(qa.mention).toBeNull();
  });

  it('moves the highlighted completion round the list', () => {
    const { qa } = setup();
    qa.input('modo #in');
    qa.updateMention(8);
    const count = qa.suggestions.length;
    expect(count).toBeGreaterThan(1);
    qa.moveActive(-1);
    expect(qa.active).toBe(count - 1);
    qa.moveActive(1);
    expect(qa.active).toBe(0);
  });
});

describe('saving', () => {
  it('saves with a fresh Idempotency-Key, clears the line, shows the entry in the week and offers Undo', async () => {
    const saved = entry({ localDate: '2026-03-10' });
    const { qa, deps } = setup({ save: vi.fn(async () => ({ entry: saved, command: null })) });
    qa.input('modo 1h');
    await qa.save();
    expect(deps.save).toHaveBeenCalledWith(ORG, 'modo 1h', 'key-1', 'en');
    expect(qa.text).toBe('');
    expect(recent.items[0]).toBe('modo 1h');
    expect(week.entries.map((e) => e.id)).toEqual([saved.id]);
    const toast = toasts.items.at(-1)!;
    expect(toast.action?.label).toBe(t('entry.undo'));

    await toasts.act(toast);
    expect(deps.remove).toHaveBeenCalledWith(ORG, saved.id);
    expect(week.entries).toEqual([]);
    const undone = toasts.items.at(-1)!;
    expect(undone.text).toBe(t('entry.undone'));
    await toasts.act(undone);
    expect(deps.restore).toHaveBeenCalledWith(ORG, saved.id);
    expect(week.entries.map((e) => e.id)).toEqual([saved.id]);
  });

  it("fetches the team's quick-add words when the bar is first focused", async () => {
    const { qa, deps } = setup();
    qa.preload();
    expect(deps.loadAliases).toHaveBeenCalledWith(ORG);
  });

  it('creates the unknown @brand only when asked, then reads the brands again', async () => {
    const { qa, deps } = setup();
    qa.input('visuels @acme 1h');
    await qa.save();
    expect(deps.save).toHaveBeenLastCalledWith(ORG, 'visuels @acme 1h', 'key-1', 'en');
    expect(deps.refreshBrands).not.toHaveBeenCalled();
    qa.input('visuels @acme 1h');
    await qa.save(undefined, { createBrand: true });
    expect(deps.save).toHaveBeenLastCalledWith(ORG, 'visuels @acme 1h', 'key-1', 'en', true);
    expect(deps.refreshBrands).toHaveBeenCalledWith(ORG);
  });

  it('sends nothing for an empty line or while a save is on its way', async () => {
    const pending = deferred<{ entry: null; command: null }>();
    const save = vi.fn<QuickAddDeps['save']>(() => pending.promise);
    const { qa } = setup({ save });
    await qa.save('   ');
    qa.input('modo 1h');
    const first = qa.save();
    await qa.save();
    expect(save).toHaveBeenCalledTimes(1);
    pending.resolve({ entry: null, command: null });
    await first;
    expect(qa.saving).toBe(false);
  });

  it('follows a timer the line started or stopped', async () => {
    const started = entry({ startedAt: '2026-03-10T09:00:00Z', durationSeconds: null, categoryId: CATEGORY });
    const save = vi.fn<QuickAddDeps['save']>().mockResolvedValueOnce({ entry: started, command: 'start' });
    const { qa } = setup({ save });
    await qa.save('start modo');
    expect(timer.current?.id).toBe(started.id);
    save.mockResolvedValueOnce({ entry: { ...started, durationSeconds: 600 }, command: 'stop' });
    await qa.save('stop');
    expect(timer.current).toBeNull();
  });

  it('keeps a refused line on screen with its error, and queues nothing', async () => {
    const refusal = new ApiError(400, 'validation_failed', 'bad', [{ field: 'body.text', message: 'empty' }]);
    const { qa, outbox } = setup({ save: vi.fn(() => Promise.reject(refusal)) });
    qa.input('???');
    await qa.save();
    expect(qa.text).toBe('???');
    expect(qa.error).toBe(refusal);
    expect(outbox.items).toEqual([]);
  });

  it('starts a timer for the typed line with the language’s own start word, unless it has one', async () => {
    const { qa, deps } = setup();
    locale.set('fr');
    qa.input('montage @fournil');
    await qa.startTimer();
    expect(deps.save).toHaveBeenLastCalledWith(ORG, 'démarrer montage @fournil', 'key-1', 'fr');
    qa.input('start modo');
    await qa.startTimer();
    expect(deps.save).toHaveBeenLastCalledWith(ORG, 'start modo', 'key-1', 'fr');
  });
});

describe('offline', () => {
  it('queues a line typed offline with its day pinned, and sends nothing', async () => {
    const { qa, deps, outbox } = setup();
    network.online = false;
    qa.input('hier 1h modo');
    await qa.save();
    expect(deps.save).not.toHaveBeenCalled();
    expect(outbox.items).toEqual([
      expect.objectContaining({ key: 'key-1', orgId: ORG, text: '2026-03-09 hier 1h modo', typed: 'hier 1h modo' }),
    ]);
    expect(qa.text).toBe('');
    expect(recent.items[0]).toBe('hier 1h modo');
    expect(toasts.items.at(-1)?.text).toBe(t('quickAdd.queued'));
  });

  it('does not pin a day on a timer command', async () => {
    const { qa, outbox } = setup();
    network.online = false;
    await qa.save('arrête');
    expect(outbox.items[0]?.text).toBe('arrête');
  });

  it('queues a line whose answer was lost byte for byte, under the key the server may have seen', async () => {
    const lost = new ApiError(0, 'network', 'Failed to fetch');
    const { qa, deps, outbox } = setup({ save: vi.fn(() => Promise.reject(lost)) });
    qa.input(' hier 1h modo ');
    await qa.save();
    expect(deps.save).toHaveBeenCalledWith(ORG, 'hier 1h modo', 'key-1', 'en');
    expect(outbox.items).toEqual([
      expect.objectContaining({ key: 'key-1', text: 'hier 1h modo', typed: 'hier 1h modo', locale: 'en' }),
    ]);
    expect(network.online).toBe(false);
    expect(qa.error).toBeNull();
  });
});
