// The "Export evidence" dialog's state: the choices (format, period from a preset or two dates,
// members and brands, language, anonymization), then the queued export followed to its download or
// its failure. The dialog (ExportDialog.svelte) only draws it.
import { daysBetween, type Locale } from '@proofwork/core';
import { api, idempotencyKey, ok } from '$lib/api/client';
import { type Export, type ExportFormat, type ExportRequest, requestExport, watchExport } from '$lib/api/evidence';
import type { Member } from '$lib/api/types';
import { locale } from '$lib/i18n.svelte';
import { session } from '$lib/state/session.svelte';
import { isDate, type Period, type Preset, presetOf, presetPeriod } from './period';

export type Phase = 'form' | 'working' | 'done' | 'failed';

/** The calls the dialog makes (the real API by default; a test passes its own). */
export interface ExportApi {
  members(orgId: string): Promise<Member[]>;
  request(orgId: string, body: ExportRequest, key: string): Promise<Export>;
  watch(orgId: string, exportId: string, onUpdate: (e: Export) => void): () => void;
  newKey(): string;
}

const exportApi: ExportApi = {
  members: async (orgId) =>
    (await ok(api.GET('/api/v1/organizations/{orgId}/members', { params: { path: { orgId } } }))).items,
  request: requestExport,
  watch: watchExport,
  newKey: idempotencyKey,
};

export class EvidenceExport {
  format = $state<ExportFormat>('pdf');
  preset = $state<Preset>('last4Weeks');
  from = $state('');
  to = $state('');
  language = $state<Locale>(locale.current);
  anonymize = $state(false);
  memberIds = $state<string[]>([]);
  brandIds = $state<string[]>([]);
  /** Current members to filter on (loaded once, when the dialog first opens). */
  members = $state<Member[] | null>(null);

  phase = $state<Phase>('form');
  /** The export queued from this dialog, as its progress updates. */
  current = $state<Export | null>(null);
  submitError = $state<unknown>(null);
  submitting = $state(false);

  today = $derived(session.today());
  weekStart = $derived(session.weekStartDay);
  badPeriod = $derived(isDate(this.from) && isDate(this.to) && daysBetween(this.from, this.to) < 0);
  canSubmit = $derived(isDate(this.from) && isDate(this.to) && !this.badPeriod && !this.submitting);
  brands = $derived(session.brands.filter((b) => !('archived' in b) || !b.archived));

  readonly #api: ExportApi;
  /** Told when an export was queued or finished (the page refreshes its list). */
  readonly #onchange: () => void;
  #stopWatching: (() => void) | null = null;

  constructor(onchange: () => void = () => {}, api: ExportApi = exportApi) {
    this.#onchange = onchange;
    this.#api = api;
  }

  /** A fresh form each time the dialog opens: the given period, else the last four weeks. */
  reset(initial: Period | null) {
    const start = initial && isDate(initial.from) && isDate(initial.to) ? initial : null;
    const period = start ?? presetPeriod('last4Weeks', this.today, this.weekStart);
    this.from = period.from;
    this.to = period.to;
    this.preset = presetOf(period, this.today, this.weekStart);
    this.language = locale.current;
    this.phase = 'form';
    this.current = null;
    this.submitError = null;
  }

  async loadMembers() {
    const orgId = session.orgId;
    if (!orgId || this.members) return;
    try {
      this.members = (await this.#api.members(orgId)).filter((m) => !m.removed);
    } catch {
      this.members = [];
    }
  }

  choosePreset(next: Preset) {
    this.preset = next;
    if (next !== 'custom') ({ from: this.from, to: this.to } = presetPeriod(next, this.today, this.weekStart));
  }

  /** Dates typed by hand: the preset they match, else custom. */
  datesChanged() {
    this.preset = presetOf({ from: this.from, to: this.to }, this.today, this.weekStart);
  }

  toggleMember(id: string) {
    this.memberIds = toggle(this.memberIds, id);
  }

  toggleBrand(id: string) {
    this.brandIds = toggle(this.brandIds, id);
  }

  /** Queues the export (again, for a retry) and follows it until it is done or failed. */
  async submit() {
    const orgId = session.orgId;
    if (!orgId || !this.canSubmit) return;
    this.submitting = true;
    this.submitError = null;
    try {
      const queued = await this.#api.request(
        orgId,
        {
          format: this.format,
          from: this.from,
          to: this.to,
          locale: this.language,
          anonymize: this.anonymize,
          ...(this.memberIds.length > 0 ? { memberIds: this.memberIds } : {}),
          ...(this.brandIds.length > 0 ? { brandIds: this.brandIds } : {}),
        },
        this.#api.newKey(),
      );
      this.current = queued;
      this.phase = 'working';
      this.#onchange();
      this.stopWatching();
      this.#stopWatching = this.#api.watch(orgId, queued.id, (update) => {
        this.current = update;
        if (update.status === 'done') this.phase = 'done';
        else if (update.status === 'failed') this.phase = 'failed';
        if (update.status === 'done' || update.status === 'failed') this.#onchange();
      });
    } catch (error) {
      this.submitError = error;
    } finally {
      this.submitting = false;
    }
  }

  /** The dialog closed: the export goes on in the background; the list shows it. */
  stopWatching() {
    this.#stopWatching?.();
    this.#stopWatching = null;
  }
}

function toggle(list: string[], id: string): string[] {
  return list.includes(id) ? list.filter((x) => x !== id) : [...list, id];
}
