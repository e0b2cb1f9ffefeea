// One editable list of the organization's settings (brands, categories, deliverable types, the
// quick-add words): its rows, a draft per row edited in place, adding, saving, archiving or removing,
// each change told in a toast. The pages keep their fields, their words and their markup.
import { errorText } from '../errors';
import { toasts } from './toasts.svelte';

/** What a change did, for its toast. */
export type Change = 'created' | 'saved' | 'confirmed' | 'archived' | 'unarchived' | 'removed';

/** A row's draft: the fields edited in place, whether it is being saved, and the last error. */
export type RowDraft<F> = F & { busy: boolean; error: unknown };

interface Row {
  id: string;
  archivedAt?: string | null;
}

/** The calls and words of one list (the real API in a page; a test passes its own). */
export interface SettingsListOptions<R extends Row, F extends object, P> {
  /** Every row, archived ones included. */
  list: (orgId: string) => Promise<R[]>;
  /** The toast after a change, in the reader's language. */
  told: (change: Change, row: R) => string;
  /** A row's fields as its draft starts (lists edited in place). */
  fieldsOf?: (row: R) => F;
  /** What saving a draft sends. */
  patchOf?: (fields: F) => P;
  update?: (orgId: string, id: string, patch: P) => Promise<R>;
  archive?: (orgId: string, id: string, archived: boolean) => Promise<R>;
  remove?: (orgId: string, id: string) => Promise<void>;
  /** The rows after each change (not after loading), e.g. to give the session the active ones. */
  onchange?: (rows: R[]) => void;
  /** The order the rows show in; as the API sends them without it. */
  order?: (a: R, b: R) => number;
}

export class SettingsList<R extends Row, F extends object = object, P = unknown> {
  rows = $state<R[] | null>(null);
  drafts = $state<Record<string, RowDraft<F>>>({});
  loadError = $state<unknown>(null);
  showArchived = $state(false);
  adding = $state(false);
  addError = $state<unknown>(null);

  readonly archivedCount = $derived((this.rows ?? []).filter((r) => r.archivedAt).length);
  readonly visible = $derived.by(() => {
    const shown = (this.rows ?? []).filter((r) => this.showArchived || !r.archivedAt);
    return this.#options.order ? shown.sort(this.#options.order) : shown;
  });

  readonly #options: SettingsListOptions<R, F, P>;
  #orgId: string | null = null;
  #request = 0;

  constructor(options: SettingsListOptions<R, F, P>) {
    this.#options = options;
  }

  async load(orgId: string) {
    const request = ++this.#request;
    this.#orgId = orgId;
    this.loadError = null;
    try {
      const rows = await this.#options.list(orgId);
      if (request !== this.#request) return;
      this.rows = rows;
      this.drafts = Object.fromEntries(rows.map((r) => [r.id, this.#draftOf(r)]));
    } catch (e) {
      if (request === this.#request) this.loadError = e;
    }
  }

  retry() {
    return this.#orgId ? this.load(this.#orgId) : Promise.resolve();
  }

  /** The row's draft (a fresh one for a row the list has not drafted yet). */
  draft(row: R): RowDraft<F> {
    return this.drafts[row.id] ?? this.#draftOf(row);
  }

  /** Adds a row with the page's call; true when it was added (the page then clears its form). */
  async add(create: (orgId: string) => Promise<R>): Promise<boolean> {
    const orgId = this.#orgId;
    if (!orgId) return false;
    this.adding = true;
    this.addError = null;
    try {
      this.changed(await create(orgId), 'created');
      return true;
    } catch (e) {
      this.addError = e;
      return false;
    } finally {
      this.adding = false;
    }
  }

  /** Sends a row's draft; a failure stays on the row. */
  async save(row: R) {
    const d = this.drafts[row.id];
    const { update, patchOf } = this.#options;
    if (!this.#orgId || !d || !update || !patchOf) return;
    d.busy = true;
    d.error = null;
    try {
      this.changed(await update(this.#orgId, row.id, patchOf(d)), 'saved');
    } catch (e) {
      d.error = e;
      d.busy = false;
    }
  }

  /** A change of one row outside its draft (confirming a proposal); a failure is a toast. */
  async update(row: R, patch: P, change: Change) {
    const { update } = this.#options;
    if (!this.#orgId || !update) return;
    await this.#toastFailure(async (orgId) => this.#put(await update(orgId, row.id, patch), change));
  }

  async toggleArchived(row: R) {
    const { archive } = this.#options;
    const archived = !row.archivedAt;
    if (!archive) return;
    await this.#toastFailure(async (orgId) =>
      this.#put(await archive(orgId, row.id, archived), archived ? 'archived' : 'unarchived'),
    );
  }

  async remove(row: R) {
    const { remove } = this.#options;
    if (!remove) return;
    await this.#toastFailure(async (orgId) => {
      await remove(orgId, row.id);
      delete this.drafts[row.id];
      this.#keep(
        (this.rows ?? []).filter((r) => r.id !== row.id),
        row,
        'removed',
      );
    });
  }

  /** A row saved elsewhere (an editor of its own): in the list with a fresh draft, and told. */
  changed(row: R, change: Change) {
    if (this.#options.fieldsOf) this.drafts[row.id] = this.#draftOf(row);
    this.#put(row, change);
  }

  /** Replaces the row by id, or appends it, keeping the order. */
  #put(row: R, change: Change) {
    const rows = this.rows ?? [];
    const next = rows.some((r) => r.id === row.id) ? rows.map((r) => (r.id === row.id ? row : r)) : [...rows, row];
    this.#keep(next, row, change);
  }

  #keep(rows: R[], row: R, change: Change) {
    this.rows = rows;
    this.#options.onchange?.(rows);
    toasts.show(this.#options.told(change, row), { kind: 'success' });
  }

  async #toastFailure(run: (orgId: string) => Promise<void>) {
    if (!this.#orgId) return;
    try {
      await run(this.#orgId);
    } catch (e) {
      toasts.error(errorText(e));
    }
  }

  #draftOf(row: R): RowDraft<F> {
    return { ...(this.#options.fieldsOf?.(row) ?? ({} as F)), busy: false, error: null };
  }
}
