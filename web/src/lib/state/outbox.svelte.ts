// Quick-add lines typed while offline: kept in localStorage with their Idempotency-Key and sent in
// order when the connection returns. The key makes a resend after a lost response harmless, so no
// line is lost and none is logged twice. Each person's lines are kept under their own user and
// organization and dropped at sign-out, so on a shared browser nobody sends someone else's lines.
import type { Locale } from '@proofwork/core';
import { ApiError, isNetworkError, sessionEvents } from '../api/client';
import * as entriesApi from '../api/entries';
import type { TimeEntry } from '../api/types';
import { errorText } from '../errors';
import { t } from '../i18n.svelte';
import { network } from './network.svelte';
import { timer } from './timer.svelte';
import { toasts } from './toasts.svelte';
import { week } from './week.svelte';

const PREFIX = 'pw.outbox:';
/** Where lines waited before they were kept per person: whose they were is unknown, so they go. */
const UNOWNED = 'pw.outbox';

export const outboxKey = (userId: string, orgId: string) => `${PREFIX}${userId}:${orgId}`;

export interface QueuedLine {
  key: string;
  orgId: string;
  /** What is sent: the typed line with its day pinned. */
  text: string;
  /** What the member typed, for messages. */
  typed?: string;
  /** The language sent with it (part of the request body the key is bound to). */
  locale?: Locale;
  queuedAt: string;
}

interface FailedLine extends QueuedLine {
  error: string;
}

/** Sends one line: quick-add with the line's own Idempotency-Key and language. */
export type SendLine = (line: QueuedLine) => Promise<{ entry?: TimeEntry | null; command: entriesApi.QuickAddCommand }>;

const sendLine: SendLine = (line) => entriesApi.quickAdd(line.orgId, line.text, line.key, line.locale);

function read(key: string, orgId: string): QueuedLine[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(key) ?? '[]');
    return Array.isArray(parsed)
      ? (parsed as QueuedLine[]).filter((l) => l && typeof l.text === 'string' && l.orgId === orgId)
      : [];
  } catch {
    return [];
  }
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export class Outbox {
  items = $state<QueuedLine[]>([]);
  failed = $state<FailedLine[]>([]);
  #key: string | null = null;
  #flushing = false;
  readonly #send: SendLine;

  constructor(send: SendLine = sendLine) {
    this.#send = send;
    storage()?.removeItem(UNOWNED);
  }

  /** Opens the queue of this person in this organization; null closes it (nobody signed in). */
  use(userId: string | null, orgId: string | null) {
    const key = userId && orgId ? outboxKey(userId, orgId) : null;
    if (key === this.#key) return;
    this.#key = key;
    this.items = key && orgId && storage() ? read(key, orgId) : [];
    this.failed = [];
  }

  /** Drops every line this person left on the device, in every organization (sign-out). */
  forget(userId: string) {
    const store = storage();
    if (store) {
      const mine = Array.from({ length: store.length }, (_, i) => store.key(i)).filter(
        (k): k is string => k?.startsWith(`${PREFIX}${userId}:`) ?? false,
      );
      for (const key of mine) store.removeItem(key);
    }
    this.#key = null;
    this.items = [];
    this.failed = [];
  }

  #save() {
    if (!this.#key) return;
    try {
      localStorage.setItem(this.#key, JSON.stringify(this.items));
    } catch {
      // Storage full: the line stays in memory for this session.
    }
  }

  enqueue(line: QueuedLine) {
    this.items = [...this.items, line];
    this.#save();
  }

  dropFailed(key: string) {
    this.failed = this.failed.filter((f) => f.key !== key);
  }

  /** Sends the queued lines in order; stops at the first one that cannot reach the server. */
  async flush() {
    if (this.#flushing || this.items.length === 0 || !this.#key) return;
    const key = this.#key;
    this.#flushing = true;
    let sent = 0;
    try {
      // Stops if the queue changes hands (an organization switch, a sign-out) meanwhile.
      while (this.items.length > 0 && this.#key === key) {
        const line = this.items[0]!;
        try {
          const result = await this.#send(line);
          network.markOnline();
          if (this.#key !== key) return;
          if (result.entry) {
            week.upsert(result.entry);
            if (result.command === 'start') timer.set(result.entry);
            if (result.command === 'stop') timer.set(null);
          }
          sent++;
        } catch (error) {
          if (isNetworkError(error)) {
            network.markOffline();
            return;
          }
          if (this.#key !== key) return;
          // The server refused this line (e.g. a validation error): keep it visible, never drop it silently.
          this.failed = [
            ...this.failed,
            { ...line, error: error instanceof ApiError ? errorText(error) : String(error) },
          ];
        }
        this.items = this.items.slice(1);
        this.#save();
      }
    } finally {
      this.#flushing = false;
      if (sent > 0) toasts.show(t('offline.sent', { count: sent }), { kind: 'success' });
    }
  }
}

export const outbox = new Outbox();

sessionEvents.addEventListener('signed-out', (event) => {
  const userId = (event as CustomEvent<{ userId: string }>).detail?.userId;
  if (userId) outbox.forget(userId);
});
