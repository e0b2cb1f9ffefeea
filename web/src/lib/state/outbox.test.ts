import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '$lib/api/client';
import { t } from '$lib/i18n.svelte';
import { deferred, entry, ORG, running, signedIn } from '../../test/fixtures';
import { network } from './network.svelte';
import { Outbox, outboxKey, type QueuedLine, type SendLine } from './outbox.svelte';
import { timer } from './timer.svelte';
import { toasts } from './toasts.svelte';
import { week } from './week.svelte';

const line = (n: number, overrides: Partial<QueuedLine> = {}): QueuedLine => ({
  key: `key-${n}`,
  orgId: ORG,
  text: `2026-03-10 line ${n} 1h`,
  typed: `line ${n} 1h`,
  locale: 'fr',
  queuedAt: '2026-03-10T08:00:00.000Z',
  ...overrides,
});

const lost = () => new ApiError(0, 'network', 'Failed to fetch');
const USER = 'u1';
const stored = (user = USER) => JSON.parse(localStorage.getItem(outboxKey(user, ORG)) ?? '[]') as QueuedLine[];

/** The queue of the signed-in person in the organization, as the app opens it. */
function openQueue(send?: SendLine, user = USER): Outbox {
  const outbox = new Outbox(send);
  outbox.use(user, ORG);
  return outbox;
}

beforeEach(() => {
  localStorage.clear();
  signedIn();
  network.online = true;
  week.weekStart = '2026-03-09';
  week.entries = [];
  timer.set(null);
  toasts.items = [];
});

describe('outbox', () => {
  it('sends queued lines in the order they were typed, each with its own key and text, then forgets them', async () => {
    const send = vi.fn<SendLine>(async () => ({ entry: null, command: null }));
    const outbox = openQueue(send);
    for (const n of [1, 2, 3]) outbox.enqueue(line(n));
    expect(stored().map((l) => l.key)).toEqual(['key-1', 'key-2', 'key-3']);
    await outbox.flush();
    expect(send.mock.calls.map(([l]) => [l.key, l.text, l.locale])).toEqual([
      ['key-1', '2026-03-10 line 1 1h', 'fr'],
      ['key-2', '2026-03-10 line 2 1h', 'fr'],
      ['key-3', '2026-03-10 line 3 1h', 'fr'],
    ]);
    expect(outbox.items).toEqual([]);
    expect(stored()).toEqual([]);
    expect(toasts.items.at(-1)?.text).toBe(t('offline.sent', { count: 3 }));
  });

  it('keeps the lines across a reload of the page', () => {
    openQueue().enqueue(line(1));
    expect(openQueue().items).toEqual([line(1)]);
  });

  it("keeps each person's lines apart, and forgets them at sign-out", () => {
    openQueue().enqueue(line(1));
    const other = openQueue(undefined, 'u2');
    expect(other.items).toEqual([]);
    other.enqueue(line(2));
    expect(stored()).toEqual([line(1)]);
    expect(stored('u2')).toEqual([line(2)]);
    const mine = openQueue();
    mine.forget(USER);
    expect(mine.items).toEqual([]);
    expect(stored()).toEqual([]);
    expect(stored('u2')).toEqual([line(2)]);
  });

  it('stops at a line that cannot reach the server and resends that very line, same key and bytes, later', async () => {
    const send = vi.fn<SendLine>(async () => ({ entry: null, command: null }));
    send.mockResolvedValueOnce({ entry: null, command: null }).mockRejectedValueOnce(lost());
    const outbox = openQueue(send);
    for (const n of [1, 2, 3]) outbox.enqueue(line(n));
    await outbox.flush();
    expect(send).toHaveBeenCalledTimes(2);
    expect(network.online).toBe(false);
    expect(outbox.items.map((l) => l.key)).toEqual(['key-2', 'key-3']);
    expect(stored().map((l) => l.key)).toEqual(['key-2', 'key-3']);

    network.markOnline();
    await outbox.flush();
    expect(send.mock.calls.slice(1).map(([l]) => l)).toEqual([line(2), line(2), line(3)]);
    expect(outbox.items).toEqual([]);
  });

  it('keeps a line the server refused in sight and goes on with the next', async () => {
    const send = vi.fn<SendLine>(async () => ({ entry: null, command: null }));
    send.mockRejectedValueOnce(new ApiError(422, 'idempotency_key_reused', 'Key reused with another body'));
    const outbox = openQueue(send);
    outbox.enqueue(line(1));
    outbox.enqueue(line(2));
    await outbox.flush();
    expect(send).toHaveBeenCalledTimes(2);
    expect(outbox.items).toEqual([]);
    expect(outbox.failed).toEqual([expect.objectContaining({ key: 'key-1', typed: 'line 1 1h' })]);
    expect(outbox.failed[0]?.error).toBeTruthy();
    outbox.dropFailed('key-1');
    expect(outbox.failed).toEqual([]);
  });

  it('sends each line once when the connection comes back twice at the same moment', async () => {
    const answer = deferred<{ entry: null; command: null }>();
    const send = vi.fn<SendLine>(() => answer.promise);
    const outbox = openQueue(send);
    outbox.enqueue(line(1));
    const first = outbox.flush();
    await outbox.flush();
    answer.resolve({ entry: null, command: null });
    await first;
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('shows what the lines did: entries in the week, a timer they started', async () => {
    const logged = entry({ localDate: '2026-03-10' });
    const started = running('2026-03-10T09:00:00Z');
    const send = vi.fn<SendLine>();
    send
      .mockResolvedValueOnce({ entry: logged, command: null })
      .mockResolvedValueOnce({ entry: started, command: 'start' });
    const outbox = openQueue(send);
    outbox.enqueue(line(1));
    outbox.enqueue(line(2, { text: 'start modo' }));
    await outbox.flush();
    // Sorted by time: the timer's clock start comes before a duration-only entry of the same day.
    expect(week.entries.map((e) => e.id)).toEqual([started.id, logged.id]);
    expect(timer.current?.id).toBe(started.id);
  });
});
