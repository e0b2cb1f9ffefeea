// The import page's state: the uploaded file's analysis, the mapping the manager is editing (only
// what they changed is sent, so the server's suggestions keep applying elsewhere), the preview of
// that mapping, the run followed live, its report, and the undo.
import {
  cancelImport,
  getImport,
  type ImportFormat,
  type ImportSummary,
  type ImportView,
  listImports,
  MAX_IMPORT_BYTES,
  type MappingInput,
  previewImport,
  runImport,
  undoImport,
  uploadImport,
  watchImport,
} from '$lib/api/imports';

type PersonChoice = NonNullable<MappingInput['people']>[number];
type BrandChoice = NonNullable<MappingInput['brands']>[number];

export type Step = 'upload' | 'mapping' | 'running' | 'report';

export class ImportFlow {
  /** The import as last analysed or previewed (its mapping, preview and problems). */
  current = $state<ImportView | null>(null);
  /** The run as it goes (status, progress, report), from the event stream. */
  live = $state<ImportSummary | null>(null);
  history = $state<ImportSummary[] | null>(null);
  busy = $state<'upload' | 'preview' | 'run' | 'cancel' | 'undo' | null>(null);
  error = $state<unknown>(null);
  /** The file picked but refused before it was sent (too large). */
  tooLarge = $state(false);

  // The mapping the manager edits: what they changed, by key.
  format = $state<ImportFormat | null>(null);
  timeZone = $state<string | null>(null);
  dateOrder = $state<'dmy' | 'mdy' | null>(null);
  brandFrom = $state<'client' | 'project' | null>(null);
  billable = $state<'tag' | 'ignore' | null>(null);
  money = $state<'tag' | 'ignore' | null>(null);
  defaultCategoryId = $state<string | null>(null);
  people = $state<Record<string, PersonChoice>>({});
  brands = $state<Record<string, BrandChoice>>({});
  activities = $state<Record<string, string | null>>({});
  /** The mapping changed since the preview shown. */
  stale = $state(false);

  private stopWatching: (() => void) | null = null;

  constructor(private readonly orgId: () => string | null) {}

  get step(): Step {
    const status = this.live?.status ?? this.current?.status;
    if (!this.current) return 'upload';
    if (status === 'queued' || status === 'running') return 'running';
    if (status === 'ready') return 'mapping';
    return 'report';
  }

  /** The report of the last run (live while it runs). */
  get report() {
    return this.live?.report ?? this.current?.report ?? null;
  }

  get status() {
    return this.live?.status ?? this.current?.status ?? null;
  }

  async loadHistory() {
    const orgId = this.orgId();
    if (!orgId) return;
    try {
      this.history = await listImports(orgId);
    } catch {
      this.history = [];
    }
  }

  private clearMapping() {
    this.format = null;
    this.timeZone = null;
    this.dateOrder = null;
    this.brandFrom = null;
    this.billable = null;
    this.money = null;
    this.defaultCategoryId = null;
    this.people = {};
    this.brands = {};
    this.activities = {};
    this.stale = false;
  }

  private async attempt(kind: NonNullable<ImportFlow['busy']>, action: (orgId: string) => Promise<void>) {
    const orgId = this.orgId();
    if (!orgId || this.busy) return;
    this.busy = kind;
    this.error = null;
    try {
      await action(orgId);
    } catch (error) {
      this.error = error;
    } finally {
      this.busy = null;
    }
  }

  async upload(file: File) {
    this.tooLarge = file.size > MAX_IMPORT_BYTES;
    if (this.tooLarge) return;
    await this.attempt('upload', async (orgId) => {
      this.stop();
      this.clearMapping();
      this.live = null;
      this.current = await uploadImport(orgId, file);
      void this.loadHistory();
    });
  }

  /** Opens a past import (its report, or its mapping when it has not run). */
  async open(importId: string) {
    await this.attempt('preview', async (orgId) => {
      this.stop();
      this.clearMapping();
      this.live = null;
      this.current = await getImport(orgId, importId);
      if (this.step === 'running') this.follow(orgId, importId);
    });
  }

  reset() {
    this.stop();
    this.clearMapping();
    this.current = null;
    this.live = null;
    this.error = null;
  }

  touch() {
    this.stale = true;
  }

  setPerson(key: string, choice: PersonChoice) {
    this.people[key] = choice;
    this.touch();
  }

  setBrand(key: string, choice: BrandChoice) {
    this.brands[key] = choice;
    this.touch();
  }

  /** Brands come from clients or projects: the choices made for the other source no longer apply. */
  setBrandFrom(from: 'client' | 'project') {
    this.brandFrom = from;
    this.brands = {};
    this.touch();
  }

  setActivity(key: string, categoryId: string | null) {
    this.activities[key] = categoryId;
    this.touch();
  }

  /** What the manager changed, as the API takes it. */
  mappingInput(): Omit<MappingInput, 'format'> {
    const input: Omit<MappingInput, 'format'> = {};
    if (this.timeZone !== null) input.timeZone = this.timeZone;
    if (this.dateOrder) input.dateOrder = this.dateOrder;
    if (this.brandFrom) input.brandFrom = this.brandFrom;
    if (this.billable) input.billable = this.billable;
    if (this.money) input.money = this.money;
    if (this.defaultCategoryId) input.defaultCategoryId = this.defaultCategoryId;
    const people = Object.values(this.people);
    if (people.length > 0) input.people = people;
    const brands = Object.values(this.brands);
    if (brands.length > 0) input.brands = brands;
    const activities = Object.entries(this.activities).map(([key, categoryId]) => ({ key, categoryId }));
    if (activities.length > 0) input.activities = activities;
    return input;
  }

  async preview() {
    await this.attempt('preview', async (orgId) => {
      const current = this.current;
      if (!current) return;
      const format = this.format && this.format !== current.format ? this.format : undefined;
      const body: MappingInput = { ...this.mappingInput(), ...(format ? { format } : {}) };
      const next = await previewImport(orgId, current.id, body);
      // Another format re-reads the file: its people, brands and tasks are other keys.
      if (format) {
        const keep = this.format;
        this.clearMapping();
        this.format = keep;
      }
      this.current = next;
      this.stale = false;
    });
  }

  async run(mapping: Omit<MappingInput, 'format'> = this.mappingInput()) {
    await this.attempt('run', async (orgId) => {
      const current = this.current;
      if (!current) return;
      this.current = await runImport(orgId, current.id, mapping);
      this.live = null;
      this.follow(orgId, current.id);
    });
  }

  /** Runs again with the last run's mapping (rows already imported are skipped). */
  async runAgain() {
    await this.run(this.current?.lastRunMapping ?? this.mappingInput());
  }

  private follow(orgId: string, importId: string) {
    this.stop();
    this.stopWatching = watchImport(orgId, importId, (summary) => {
      this.live = summary;
      if (summary.status !== 'queued' && summary.status !== 'running') void this.loadHistory();
    });
  }

  async cancel() {
    await this.attempt('cancel', async (orgId) => {
      if (!this.current) return;
      const next = await cancelImport(orgId, this.current.id);
      this.live = next;
    });
  }

  async undo() {
    await this.attempt('undo', async (orgId) => {
      if (!this.current) return;
      this.current = await undoImport(orgId, this.current.id);
      this.live = null;
      void this.loadHistory();
    });
  }

  stop() {
    this.stopWatching?.();
    this.stopWatching = null;
  }
}
