// The week grid's unsaved cells and how they are saved: categories × days of the shown week, typed
// durations kept as drafts until Save. Raising a cell adds a plain entry for the difference (bulk
// requests); lowering one only shrinks plain grid entries, newest first, never an entry with clock
// times or details, so the grid cannot destroy evidence. A cell that cannot be lowered is kept with
// its reason while the other cells save.
import { addDays, parseDuration } from '@proofwork/core';
import { idempotencyKey } from '$lib/api/client';
import * as entriesApi from '$lib/api/entries';
import type { Category, EntryPatch, TimeEntry } from '$lib/api/types';
import { errorText } from '$lib/errors';
import { duration, t } from '$lib/i18n.svelte';
import { session } from '$lib/state/session.svelte';
import { toasts } from '$lib/state/toasts.svelte';
import { week as sharedWeek, type WeekData } from '$lib/state/week.svelte';

/** Entries per bulk request (the API's own limit). */
export const BULK_CHUNK = 500;

export const cellKey = (categoryId: string, date: string) => `${categoryId}|${date}`;
const splitKey = (key: string) => key.split('|') as [string, string];

/** A plain grid entry: a duration on a day with nothing else; the grid may shrink or remove it. */
export function isPlain(e: TimeEntry): boolean {
  return e.startedAt === null && !e.brandId && !e.platform && !e.deliverableId && !e.note && e.tags.length === 0;
}

const seconds = (text: string) => (text.trim() === '' ? 0 : parseDuration(text));

export interface SavePlan {
  creates: entriesApi.BulkRow[];
  updates: { id: string; seconds: number }[];
  deletes: string[];
  /** Cells that cannot go as low as asked, with the lowest they can go: left unchanged. */
  refused: { key: string; minSeconds: number }[];
}

/**
 * What saving the changed cells takes; `cells` holds each cell's finished entries in time order. A
 * cell that cannot go as low as asked is left as it is (refused), and the other cells still save.
 */
export function planSave(changed: [string, string][], cells: Map<string, TimeEntry[]>): SavePlan {
  const plan: SavePlan = { creates: [], updates: [], deletes: [], refused: [] };
  for (const [key, text] of changed) {
    const [categoryId, localDate] = splitKey(key);
    const target = seconds(text) ?? 0;
    const entries = cells.get(key) ?? [];
    const current = entries.reduce((s, e) => s + (e.durationSeconds ?? 0), 0);
    if (target > current) {
      plan.creates.push({ categoryId, localDate, durationSeconds: target - current });
      continue;
    }
    // Lower: shrink plain grid entries, newest first; anything else stays as logged.
    const plain = entries.filter(isPlain);
    const plainSeconds = plain.reduce((sum, e) => sum + (e.durationSeconds ?? 0), 0);
    let excess = current - target;
    if (excess > plainSeconds) {
      plan.refused.push({ key, minSeconds: current - plainSeconds });
      continue;
    }
    for (const e of plain.reverse()) {
      if (excess <= 0) break;
      const s = e.durationSeconds ?? 0;
      if (s <= excess) {
        plan.deletes.push(e.id);
        excess -= s;
      } else {
        plan.updates.push({ id: e.id, seconds: s - excess });
        excess = 0;
      }
    }
  }
  return plan;
}

/** The calls the grid makes (the real API by default; a test passes its own). */
export interface GridApi {
  createInBulk(orgId: string, rows: entriesApi.BulkRow[], key: string): Promise<unknown>;
  update(orgId: string, entryId: string, patch: EntryPatch): Promise<unknown>;
  remove(orgId: string, entryId: string): Promise<void>;
  list(orgId: string, filter: { memberId: string; from: string; to: string }): Promise<TimeEntry[]>;
  newKey(): string;
}

const gridApi: GridApi = {
  createInBulk: entriesApi.createInBulk,
  update: entriesApi.updateEntry,
  remove: entriesApi.deleteEntry,
  list: entriesApi.listEntries,
  newKey: idempotencyKey,
};

export class GridDraft {
  /** The week shown (from the page's URL), read at once so the first render has its days. */
  weekStart = $derived.by(() => this.#weekStart());
  /** Categories added to the grid with no time yet (the "add a row" menu, "copy last week"). */
  extraRows = $state<string[]>([]);
  /** Typed text per cell, until saved or discarded. */
  drafts = $state<Record<string, string>>({});
  cellErrors = $state<Record<string, string>>({});
  saving = $state(false);
  copying = $state(false);
  saveError = $state<unknown>(null);

  days = $derived(Array.from({ length: 7 }, (_, i) => addDays(this.weekStart, i)));
  /** Each cell's finished entries, in time order. */
  cells = $derived.by(() => {
    const map = new Map<string, TimeEntry[]>();
    for (const e of this.#week.done) {
      const k = cellKey(e.categoryId, e.localDate);
      map.set(k, [...(map.get(k) ?? []), e]);
    }
    return map;
  });
  rows = $derived.by((): Category[] => {
    const ids = new Set<string>([...this.#week.done.map((e) => e.categoryId), ...this.extraRows]);
    return session.categories
      .filter((c) => ids.has(c.id))
      .concat([...ids].filter((id) => !session.category(id)).map((id) => ({ id }) as Category))
      .sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  });
  addable = $derived(session.categories.filter((c) => !c.archivedAt && !this.rows.some((r) => r.id === c.id)));
  /** Drafts that differ from what is saved (or cannot be read). */
  changed = $derived(
    Object.entries(this.drafts).filter(([k, text]) => {
      const v = seconds(text);
      return v === null || v !== this.saved(...splitKey(k));
    }),
  );
  invalid = $derived(this.changed.some(([, text]) => text.trim() !== '' && (seconds(text) ?? -1) < 0));
  grandTotal = $derived(this.days.reduce((s, d) => s + this.dayTotal(d), 0));

  readonly #weekStart: () => string;
  readonly #week: WeekData;
  readonly #api: GridApi;

  constructor(weekStart: () => string, week: WeekData = sharedWeek, api: GridApi = gridApi) {
    this.#weekStart = weekStart;
    this.#week = week;
    this.#api = api;
  }

  /** Another week (or organization): nothing typed carries over. */
  reset() {
    this.extraRows = [];
    this.drafts = {};
    this.cellErrors = {};
  }

  saved(categoryId: string, date: string): number {
    return (this.cells.get(cellKey(categoryId, date)) ?? []).reduce((s, e) => s + (e.durationSeconds ?? 0), 0);
  }

  /** A cell's seconds as shown: the draft when it reads, else what is saved. */
  cellSeconds(categoryId: string, date: string): number {
    const text = this.drafts[cellKey(categoryId, date)];
    if (text === undefined) return this.saved(categoryId, date);
    return parseDuration(text) ?? (text.trim() === '' ? 0 : this.saved(categoryId, date));
  }

  /** A cell's text: the draft, else the saved time ("" for none). */
  display(categoryId: string, date: string): string {
    const text = this.drafts[cellKey(categoryId, date)];
    if (text !== undefined) return text;
    const s = this.saved(categoryId, date);
    return s ? duration(s) : '';
  }

  /** The draft cannot be read as a duration, or the last save refused it. */
  isBad(categoryId: string, date: string): boolean {
    const k = cellKey(categoryId, date);
    const text = this.drafts[k];
    return (text !== undefined && text.trim() !== '' && parseDuration(text) === null) || k in this.cellErrors;
  }

  isChanged(categoryId: string, date: string): boolean {
    const k = cellKey(categoryId, date);
    return this.changed.some(([ck]) => ck === k);
  }

  rowTotal(categoryId: string): number {
    return this.days.reduce((s, d) => s + this.cellSeconds(categoryId, d), 0);
  }

  dayTotal(date: string): number {
    return this.rows.reduce((s, r) => s + this.cellSeconds(r.id, date), 0);
  }

  edit(categoryId: string, date: string, text: string) {
    const k = cellKey(categoryId, date);
    this.drafts = { ...this.drafts, [k]: text };
    const { [k]: _, ...rest } = this.cellErrors;
    this.cellErrors = rest;
  }

  /** Esc in a cell: back to what is saved. */
  revert(categoryId: string, date: string) {
    const { [cellKey(categoryId, date)]: _, ...rest } = this.drafts;
    this.drafts = rest;
  }

  discard() {
    this.drafts = {};
  }

  addRow(categoryId: string) {
    if (categoryId) this.extraRows = [...this.extraRows, categoryId];
  }

  async save() {
    const orgId = session.orgId;
    if (!orgId || this.changed.length === 0 || this.invalid || this.saving) return;
    this.saveError = null;
    const plan = planSave(this.changed, this.cells);
    const refused = new Set(plan.refused.map((r) => r.key));
    const count = this.changed.length - refused.size;
    this.saving = true;
    try {
      for (let i = 0; i < plan.creates.length; i += BULK_CHUNK) {
        await this.#api.createInBulk(orgId, plan.creates.slice(i, i + BULK_CHUNK), this.#api.newKey());
      }
      for (const u of plan.updates) await this.#api.update(orgId, u.id, { durationSeconds: u.seconds });
      for (const id of plan.deletes) await this.#api.remove(orgId, id);
      await this.#week.reload();
      // The refused cells keep what was typed, highlighted with their reason; the others are saved.
      this.drafts = Object.fromEntries(Object.entries(this.drafts).filter(([k]) => refused.has(k)));
      this.cellErrors = Object.fromEntries(
        plan.refused.map((r) => [r.key, t('grid.cannotLower', { min: duration(r.minSeconds) })]),
      );
      if (refused.size > 0) this.saveError = new Error(t('grid.someCellsKept', { count: refused.size }));
      if (count > 0) toasts.show(t('grid.saved', { count }), { kind: 'success' });
    } catch (e) {
      this.saveError = e;
      await this.#week.reload();
    } finally {
      this.saving = false;
    }
  }

  /** Days after today with time typed in: logged ahead, which the grid says before saving. */
  futureDays(today: string): string[] {
    const days = new Set<string>();
    for (const [k, text] of this.changed) {
      const date = splitKey(k)[1];
      if (date > today && (seconds(text) ?? 0) > 0) days.add(date);
    }
    return [...days].sort();
  }

  /** Adds the rows of last week's categories (empty: the CM types this week's time). */
  async copyLastWeek() {
    const orgId = session.orgId;
    const memberId = session.membership?.memberId;
    if (!orgId || !memberId) return;
    this.copying = true;
    try {
      const previous = await this.#api.list(orgId, {
        memberId,
        from: addDays(this.weekStart, -7),
        to: addDays(this.weekStart, -1),
      });
      const ids = [...new Set(previous.map((e) => e.categoryId))].filter((id) => !this.rows.some((r) => r.id === id));
      this.extraRows = [...this.extraRows, ...ids];
      toasts.show(ids.length > 0 ? t('grid.copied', { count: ids.length }) : t('grid.copiedNone'));
    } catch (e) {
      toasts.error(errorText(e));
    } finally {
      this.copying = false;
    }
  }
}
