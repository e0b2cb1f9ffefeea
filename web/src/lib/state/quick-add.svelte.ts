// The quick-add line and what happens to it: read at once in the browser (core's parser, loaded on
// demand) and by the server 250 ms after the last keystroke, @brand / #platform completion at the
// caret, saved with a fresh Idempotency-Key, undone within the toast's 10 s, or queued offline. The
// bar (QuickAddBar.svelte) only draws it and owns focus and the caret.
import { type Locale, leadingCommand, type QuickAddAlias, type QuickAddContext } from '@proofwork/core';
import { api, idempotencyKey, isNetworkError, ok } from '../api/client';
import * as entriesApi from '../api/entries';
import type { TimeEntry } from '../api/types';
import { applySuggestion, type Mention, mentionAt, suggest } from '../autocomplete';
import { errorText } from '../errors';
import { duration, locale, t } from '../i18n.svelte';
import { network } from './network.svelte';
import { type Outbox, outbox } from './outbox.svelte';
import { recent } from './recent.svelte';
import { session } from './session.svelte';
import { timer } from './timer.svelte';
import { toasts } from './toasts.svelte';
import { week } from './week.svelte';

/** What both the server's parse and core's parseQuickAdd give back (the latter adds command and proposedBrand). */
export interface Preview {
  durationSeconds: number | null;
  startedAt: string | null;
  endedAt: string | null;
  localDate: string;
  categoryKey: string;
  brand: string | null;
  platform: string | null;
  tags: string[];
  deliverable: { typeKey: string | null; title: string | null; count?: number } | null;
  warnings: { code: string; message: string }[];
  /** What is left of the line once its parts are read (the server's and core's readings carry it). */
  note?: string;
  command?: 'start' | 'stop' | null;
  proposedBrand?: string | null;
}

interface Reading {
  text: string;
  result: Preview;
}

/** The server's pause after the last keystroke before it reads the line. */
export const PARSE_DEBOUNCE_MS = 250;

/** Everything the line talks to besides the shared state (the real ones by default; a test passes its own). */
export interface QuickAddDeps {
  parse(orgId: string, text: string, locale: Locale, signal: AbortSignal): Promise<Preview>;
  save(
    orgId: string,
    text: string,
    key: string,
    locale: Locale,
    createBrand?: boolean,
  ): Promise<{ entry?: TimeEntry | null; command: entriesApi.QuickAddCommand }>;
  /** Reads the brands again (after a line created one). */
  refreshBrands(orgId: string): Promise<void>;
  remove(orgId: string, entryId: string): Promise<void>;
  restore(orgId: string, entryId: string): Promise<TimeEntry>;
  /** Core's parser, loaded on demand so the date grammar is not in the first page's bundle. */
  loadParser(): Promise<{ parseLocally(text: string, context: QuickAddContext): Preview }>;
  context(): QuickAddContext;
  /** The team's quick-add words for the reading in the browser. */
  loadAliases(orgId: string): Promise<void>;
  newKey(): string;
  outbox: Outbox;
}

/**
 * The team's own quick-add words, so the reading in the browser matches the server's. Fetched when
 * the bar is first focused (per organization); without them the server's reading still wins.
 */
let teamAliases: { orgId: string; aliases: QuickAddAlias[] } | null = null;

async function loadTeamAliases(orgId: string): Promise<void> {
  if (teamAliases?.orgId === orgId) return;
  const { items } = await ok(
    api.GET('/api/v1/organizations/{orgId}/quick-add/aliases', { params: { path: { orgId } } }),
  );
  const aliases: QuickAddAlias[] = [];
  for (const a of items) {
    const value =
      a.kind === 'category'
        ? session.category(a.categoryId)?.key
        : a.kind === 'brand'
          ? session.brand(a.brandId)?.slug
          : (a.platform ?? undefined);
    if (value) aliases.push({ kind: a.kind, phrase: a.phrase, value });
  }
  teamAliases = { orgId, aliases };
}

const defaults: QuickAddDeps = {
  parse: entriesApi.parseQuickAdd,
  save: entriesApi.quickAdd,
  refreshBrands: async (orgId) => {
    const { items } = await ok(api.GET('/api/v1/organizations/{orgId}/brands', { params: { path: { orgId } } }));
    session.brands = items.filter((b) => !b.archivedAt);
  },
  remove: entriesApi.deleteEntry,
  restore: entriesApi.restoreEntry,
  loadParser: () => import('../local-parse'),
  context: () => ({
    now: new Date(),
    timeZone: session.timeZone,
    locale: locale.current,
    categories: session.categories.map((c) => ({ ...c, archived: c.archivedAt !== null })),
    brands: session.brands.filter((b) => !b.archivedAt),
    deliverableTypes: session.deliverableTypes,
    aliases: teamAliases?.orgId === session.orgId ? teamAliases.aliases : undefined,
  }),
  loadAliases: loadTeamAliases,
  newKey: idempotencyKey,
  outbox,
};

export class QuickAdd {
  text = $state('');
  saving = $state(false);
  /** Why the last save was refused (the line stays, so it can be fixed). */
  error = $state<unknown>(null);
  #local = $state<Reading | null>(null);
  #remote = $state<Reading | null>(null);

  trimmed = $derived(this.text.trim());
  /** "start …" / "stop" as the first word, read by core's own rule. */
  command = $derived(leadingCommand(this.trimmed));
  /** The server's reading wins once it answers for the text on screen; the local one fills the gap. */
  reading = $derived.by((): Preview | null => {
    if (!this.trimmed) return null;
    const local = this.#local?.text === this.trimmed ? this.#local.result : null;
    // The server does not echo the command word; the local reading (or the first word) tells it.
    if (this.#remote?.text === this.trimmed) return { ...this.#remote.result, command: local?.command ?? this.command };
    return local;
  });
  /** The server has not read the text on screen yet. */
  pending = $derived(this.trimmed !== '' && this.#remote?.text !== this.trimmed);

  /** The @brand or #platform being typed at the caret, its completions and the highlighted one. */
  mention = $state<Mention | null>(null);
  active = $state(0);
  suggestions = $derived(this.mention ? suggest(this.mention, session.brands) : []);

  #deps: QuickAddDeps;
  #parser: Awaited<ReturnType<QuickAddDeps['loadParser']>> | null = null;
  #debounce: ReturnType<typeof setTimeout> | null = null;
  #inflight: AbortController | null = null;

  constructor(deps: Partial<QuickAddDeps> = {}) {
    this.#deps = { ...defaults, ...deps };
  }

  /** Starts fetching the grammar (the bar is focused), so a line typed offline still gets a preview. */
  preload() {
    if (!this.#parser) void this.#loadParser().catch(() => {});
    if (session.orgId) void this.#deps.loadAliases(session.orgId).catch(() => {});
  }

  async #loadParser() {
    this.#parser ??= await this.#deps.loadParser();
    return this.#parser;
  }

  /** The text changed: read it here at once, and by the server once typing pauses. */
  input(text = this.text) {
    this.text = text;
    this.error = null;
    const line = this.trimmed;
    this.#cancelServer();
    if (!line) {
      this.#local = null;
      this.#remote = null;
      return;
    }
    void this.#parseHere(line);
    this.#askServer(line);
  }

  async #parseHere(line: string) {
    const parser = await this.#loadParser().catch(() => null);
    if (!parser || line !== this.trimmed) return;
    try {
      this.#local = { text: line, result: parser.parseLocally(line, this.#deps.context()) };
    } catch {
      this.#local = null;
    }
  }

  #askServer(line: string) {
    const orgId = session.orgId;
    if (!network.online || !orgId) return;
    this.#debounce = setTimeout(async () => {
      const controller = new AbortController();
      this.#inflight = controller;
      try {
        const result = await this.#deps.parse(orgId, line, locale.current, controller.signal);
        if (!controller.signal.aborted) this.#remote = { text: line, result };
      } catch {
        // The local reading stays on screen; the save itself reports real errors.
      }
    }, PARSE_DEBOUNCE_MS);
  }

  #cancelServer() {
    if (this.#debounce) clearTimeout(this.#debounce);
    this.#debounce = null;
    this.#inflight?.abort();
    this.#inflight = null;
  }

  /** The caret moved or the text changed: is a mention being typed there? */
  updateMention(caret: number) {
    this.mention = mentionAt(this.text, caret);
    this.active = 0;
  }

  /** Arrow keys: the next or previous completion, round the list. */
  moveActive(step: 1 | -1) {
    const count = this.suggestions.length;
    if (count > 0) this.active = (this.active + step + count) % count;
  }

  /** Puts a completion in the line; returns where the caret goes, or null when there was none. */
  choose(index = this.active): number | null {
    const suggestion = this.suggestions[index];
    if (!suggestion || !this.mention) return null;
    const next = applySuggestion(this.text, this.mention, suggestion.value);
    this.mention = null;
    this.input(next.text);
    return next.caret;
  }

  clear() {
    this.#cancelServer();
    this.text = '';
    this.#local = null;
    this.#remote = null;
    this.mention = null;
  }

  /** The bar goes away: no late answer lands in it. */
  dispose() {
    this.#cancelServer();
  }

  /** Saves a line (the one typed, or a recent one); offline, it waits in the outbox. */
  /**
   * Saves the line; `createBrand` also creates the unknown @brand it names (a member's proposal
   * waits for a manager). Without it an unknown @brand stays in the note, never lost.
   */
  async save(line = this.text, options: { createBrand?: boolean } = {}) {
    const value = line.trim();
    const orgId = session.orgId;
    if (!value || this.saving || !orgId) return;
    const key = this.#deps.newKey();
    if (!network.online) return this.#queue(value, key, orgId, false);
    this.saving = true;
    this.error = null;
    try {
      const args = [orgId, value, key, locale.current] as const;
      const { entry, command } = await (options.createBrand
        ? this.#deps.save(...args, true)
        : this.#deps.save(...args));
      network.markOnline();
      if (options.createBrand) void this.#deps.refreshBrands(orgId).catch(() => {});
      recent.add(value);
      this.clear();
      if (!entry) return;
      week.upsert(entry);
      const what = session.categoryName(session.category(entry.categoryId));
      if (command === 'start') {
        timer.set(entry);
        toasts.show(what ? t('timer.started', { what }) : t('timer.startedPlain'), { kind: 'success' });
      } else if (command === 'stop') {
        timer.set(null);
        toasts.show(t('timer.stopped', { duration: duration(entry.durationSeconds ?? 0), what }), {
          action: { label: t('entry.undo'), run: () => this.undo(entry) },
        });
      } else {
        toasts.show(t('quickAdd.saved', { duration: duration(entry.durationSeconds ?? 0), what }), {
          action: { label: t('entry.undo'), run: () => this.undo(entry) },
        });
      }
    } catch (e) {
      if (isNetworkError(e)) {
        network.markOffline();
        await this.#queue(value, key, orgId, true);
      } else this.error = e;
    } finally {
      this.saving = false;
    }
  }

  /** Starts a timer described by the typed text ("start …" is added unless already there). */
  async startTimer() {
    const value = this.trimmed;
    if (!value) return;
    await this.save(this.command === 'start' ? value : `${locale.current === 'fr' ? 'démarrer' : 'start'} ${value}`);
  }

  /** Takes a saved line back (deleted, restorable from the next toast). */
  async undo(entry: TimeEntry) {
    const orgId = session.orgId;
    if (!orgId) return;
    try {
      await this.#deps.remove(orgId, entry.id);
      week.remove(entry.id);
      if (timer.current?.id === entry.id) timer.set(null);
      toasts.show(t('entry.undone'), {
        action: {
          label: t('entry.restore'),
          run: async () => {
            try {
              week.upsert(await this.#deps.restore(orgId, entry.id));
            } catch (e) {
              toasts.error(errorText(e));
            }
          },
        },
      });
    } catch (e) {
      toasts.error(errorText(e));
    }
  }

  /**
   * Keeps a line for later. A line that never left the device gets its day pinned (an ISO date in
   * front, which quick-add reads first) so "yesterday" or "9h-10h" keep meaning the day it was
   * typed; a line whose request may have reached the server is resent byte for byte, so its
   * Idempotency-Key replays the first answer instead of logging it twice.
   */
  async #queue(line: string, key: string, orgId: string, mayHaveReachedServer: boolean) {
    this.clear();
    const text = mayHaveReachedServer ? line : await this.#pinDay(line);
    this.#deps.outbox.enqueue({
      key,
      orgId,
      text,
      typed: line,
      locale: locale.current,
      queuedAt: new Date().toISOString(),
    });
    recent.add(line);
    toasts.show(t('quickAdd.queued'));
  }

  async #pinDay(line: string): Promise<string> {
    if (leadingCommand(line)) return line;
    try {
      const parser = await this.#loadParser();
      return `${parser.parseLocally(line, this.#deps.context()).localDate} ${line}`;
    } catch {
      return line;
    }
  }
}
