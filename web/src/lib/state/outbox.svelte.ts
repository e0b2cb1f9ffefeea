// Quick-add lines typed while offline: kept in localStorage with their Idempotency-Key and sent in
// order when the connection returns. The key makes a resend after a lost response harmless, so no
// line is lost and none is logged twice.
import type { Locale } from '@proofwork/core';
import { ApiError, isNetworkError } from '../api/client';
import * as entriesApi from '../api/entries';
import { errorText } from '../errors';
import { t } from '../i18n.svelte';
import { network } from './network.svelte';
import { timer } from './timer.svelte';
import { toasts } from './toasts.svelte';
import { week } from './week.svelte';

const KEY = 'pw.outbox';

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

function read(): QueuedLine[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(parsed) ? (parsed as QueuedLine[]).filter((l) => l && typeof l.text === 'string') : [];
  } catch {
    return [];
  }
}

class Outbox {
  items = $state<QueuedLine[]>(typeof localStorage === 'undefined' ? [] : read());
  failed = $state<FailedLine[]>([]);
  #flushing = false;

  #save() {
    try {
      localStorage.setItem(KEY, JSON.stringify(this.items));
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
    if (this.#flushing || this.items.length === 0) return;
    this.#flushing = true;
    let sent = 0;
    try {
      while (this.items.length > 0) {
        const line = this.items[0]!;
        try {
          const result = await entriesApi.quickAdd(line.orgId, line.text, line.key, line.locale);
          network.markOnline();
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
