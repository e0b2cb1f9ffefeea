// From source rows to entries: who each person is in the organization (a member, an invitation, or
// skipped), which brand a client or project is (existing by name or slug, accents and case
// ignored, or new), and what the work was (category, platform, deliverable) through the quick-add
// grammar and the organization's own aliases. The same mapper runs for the preview and the run,
// so what the preview shows is what the run writes.
import { createHash } from 'node:crypto';
import {
  isValidTimeZone,
  type Locale,
  PLATFORMS,
  type Platform,
  parseQuickAdd,
  type QuickAddCategory,
  type QuickAddDeliverableType,
  slugify,
} from '@proofwork/core';
import {
  type EntrySource,
  type Executor,
  listBrands,
  listCategories,
  listDeliverableTypes,
  listInvitations,
  listMembers,
} from '@proofwork/db';
import { type Actor, isManager } from '../actor';
import { DomainError, invalidField } from '../errors';
import { MAX_NOTE_LENGTH, MAX_TAG_LENGTH, MAX_TAGS } from '../time-entries/time-entry.rules';
import type { ImportFormat, ImportProblem, ProblemCode, SourceRow } from './import.contract';
import { type RowTiming, resolveTiming, timingDay } from './timing';
import { type DateOrder, normalizeLabel } from './values';

// ─── What the mapping says ────────────────────────────────────────────────────────────────────

export type PersonChoice =
  | { key: string; action: 'member'; memberId: string }
  | { key: string; action: 'invite'; email: string }
  | { key: string; action: 'skip' };

export type BrandChoice =
  | { key: string; action: 'brand'; brandId: string }
  | { key: string; action: 'create'; name: string }
  | { key: string; action: 'none' };

export interface ActivityChoice {
  key: string;
  categoryId: string | null;
}

/** What the manager decided; every part may be left out (the suggestions apply). */
export interface MappingInput {
  /** The zone the export's clock times are in; null reads each row in its member's zone. */
  timeZone?: string | null;
  dateOrder?: DateOrder;
  brandFrom?: 'client' | 'project';
  billable?: 'tag' | 'ignore';
  money?: 'tag' | 'ignore';
  /** For rows the grammar finds no category in. */
  defaultCategoryId?: string | null;
  people?: PersonChoice[];
  brands?: BrandChoice[];
  activities?: ActivityChoice[];
  /** Rows (numbered as in the file, the header being 1) left out. */
  skipRows?: number[];
}

export interface ResolvedMapping {
  timeZone: string | null;
  dateOrder: DateOrder;
  brandFrom: 'client' | 'project';
  billable: 'tag' | 'ignore';
  money: 'tag' | 'ignore';
  defaultCategoryId: string | null;
  people: (PersonChoice & { suggested: boolean })[];
  brands: (BrandChoice & { suggested: boolean })[];
  activities: (ActivityChoice & { suggested: boolean })[];
  skipRows: number[];
}

// ─── What the file holds (the survey) ─────────────────────────────────────────────────────────

/** Distinct people, clients, projects and tasks shown for mapping; more are mapped by suggestion. */
const SURVEY_LIMIT = 500;

export interface SurveyItem {
  key: string;
  name: string;
  rows: number;
}

export interface Survey {
  rows: number;
  people: (SurveyItem & { email: string })[];
  /** The brands rows name when brands come from clients (a row without a client names its project). */
  brandsFromClient: SurveyItem[];
  /** The brands rows name when brands come from projects (a row without a project names its client). */
  brandsFromProject: SurveyItem[];
  activities: SurveyItem[];
  rowsWithClient: number;
  /** Distinct values beyond the lists above. */
  more: { people: number; brandsFromClient: number; brandsFromProject: number; activities: number };
  /** Dates that can only be day-first (25/03), only month-first (03/25), or either (03/04). */
  dateOrderHints: { dmy: number; mdy: number; either: number };
  billableColumn: boolean;
  moneyColumns: boolean;
}

export const personKeyOf = (row: Pick<SourceRow, 'personEmail' | 'personName'>) =>
  row.personEmail !== ''
    ? row.personEmail
    : row.personName !== ''
      ? `name:${slugify(row.personName, { maxLength: 80 })}`
      : '';
export const brandKeyOf = (text: string) => (text.trim() === '' ? '' : slugify(text));
export const activityKeyOf = (text: string) => normalizeLabel(text);
/** The text a row's brand comes from: its client (or project), else the other one. */
export function brandTextOf(row: Pick<SourceRow, 'client' | 'project'>, from: 'client' | 'project'): string {
  const [first, second] = from === 'client' ? [row.client, row.project] : [row.project, row.client];
  return first.trim() || second.trim();
}

export class SurveyBuilder {
  private rows = 0;
  private readonly people = new Map<string, SurveyItem & { email: string }>();
  private readonly byClient = new Map<string, SurveyItem>();
  private readonly byProject = new Map<string, SurveyItem>();
  private readonly activities = new Map<string, SurveyItem>();
  private readonly more = {
    people: new Set<string>(),
    byClient: new Set<string>(),
    byProject: new Set<string>(),
    activities: new Set<string>(),
  };
  private rowsWithClient = 0;
  private readonly hints = { dmy: 0, mdy: 0, either: 0 };
  private billable = false;
  private money = false;

  constructor(private readonly hint: (text: string) => DateOrder | 'either' | null) {}

  private count<T extends SurveyItem>(map: Map<string, T>, more: Set<string>, key: string, make: () => T) {
    const item = map.get(key);
    if (item) item.rows++;
    else if (map.size < SURVEY_LIMIT) map.set(key, make());
    else if (more.size < 100_000) more.add(key);
  }

  add(row: SourceRow) {
    this.rows++;
    const person = personKeyOf(row);
    this.count(this.people, this.more.people, person, () => ({
      key: person,
      name: row.personName,
      email: row.personEmail,
      rows: 1,
    }));
    if (row.client.trim() !== '') this.rowsWithClient++;
    for (const [map, more, text] of [
      [this.byClient, this.more.byClient, brandTextOf(row, 'client')],
      [this.byProject, this.more.byProject, brandTextOf(row, 'project')],
    ] as const) {
      const key = brandKeyOf(text);
      if (key) this.count(map, more, key, () => ({ key, name: text, rows: 1 }));
    }
    const activity = activityKeyOf(row.task);
    if (activity)
      this.count(this.activities, this.more.activities, activity, () => ({ key: activity, name: row.task, rows: 1 }));
    for (const cell of [row.cells.date, row.cells.startDate, row.cells.endDate, row.cells.start, row.cells.end]) {
      const order = cell === '' ? null : this.hint(cell.split(/[ T]/)[0]!);
      if (order) this.hints[order]++;
    }
    if (row.billable !== null) this.billable = true;
    if (row.money.length > 0) this.money = true;
  }

  result(): Survey {
    const sorted = <T extends SurveyItem>(map: Map<string, T>) => [...map.values()].sort((a, b) => b.rows - a.rows);
    return {
      rows: this.rows,
      people: sorted(this.people),
      brandsFromClient: sorted(this.byClient),
      brandsFromProject: sorted(this.byProject),
      activities: sorted(this.activities),
      rowsWithClient: this.rowsWithClient,
      more: {
        people: this.more.people.size,
        brandsFromClient: this.more.byClient.size,
        brandsFromProject: this.more.byProject.size,
        activities: this.more.activities.size,
      },
      dateOrderHints: this.hints,
      billableColumn: this.billable,
      moneyColumns: this.money,
    };
  }
}

// ─── The organization's side ──────────────────────────────────────────────────────────────────

export interface ImportCatalog {
  organizationZone: string;
  locale: Locale;
  members: { id: string; name: string; email: string; timeZone: string }[];
  categories: Awaited<ReturnType<typeof listCategories>>;
  brands: Awaited<ReturnType<typeof listBrands>>;
  deliverableTypes: Awaited<ReturnType<typeof listDeliverableTypes>>;
  pendingInvitations: Set<string>;
  /** Lookups built once. */
  memberByEmail: Map<string, string>;
  memberByName: Map<string, string | null>;
  brandBySlug: Map<string, string>;
}

export async function loadImportCatalog(db: Executor, actor: Actor): Promise<ImportCatalog> {
  const [members, categories, brands, deliverableTypes, invitations] = await Promise.all([
    listMembers(db, actor.organizationId),
    listCategories(db, actor.organizationId),
    listBrands(db, actor.organizationId),
    listDeliverableTypes(db, actor.organizationId),
    listInvitations(db, actor.organizationId),
  ]);
  const active = members
    .filter((m) => m.removedAt === null)
    .map((m) => ({
      id: m.id,
      name: m.name,
      email: m.email.toLowerCase(),
      timeZone: m.timeZone ?? actor.organization.timeZone,
    }));
  const memberByName = new Map<string, string | null>();
  for (const m of active) {
    const key = slugify(m.name, { maxLength: 80 });
    // Two members with the same name: neither is picked by name.
    memberByName.set(key, memberByName.has(key) ? null : m.id);
  }
  const brandBySlug = new Map<string, string>();
  for (const b of brands) {
    brandBySlug.set(b.slug, b.id);
    if (!brandBySlug.has(slugify(b.name))) brandBySlug.set(slugify(b.name), b.id);
  }
  return {
    organizationZone: actor.organization.timeZone,
    locale: actor.locale,
    members: active,
    categories,
    brands,
    deliverableTypes: deliverableTypes.filter((t) => t.archivedAt === null),
    pendingInvitations: new Set(invitations.map((i) => i.email.toLowerCase())),
    memberByEmail: new Map(active.map((m) => [m.email, m.id])),
    memberByName,
    brandBySlug,
  };
}

// ─── Suggestions and validation ───────────────────────────────────────────────────────────────

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function suggestPerson(
  person: { key: string; name: string; email: string },
  catalog: ImportCatalog,
  actor: Pick<Actor, 'memberId' | 'role'>,
): PersonChoice {
  const { key } = person;
  if (key === '') return { key, action: 'member', memberId: actor.memberId };
  const byEmail = person.email ? catalog.memberByEmail.get(person.email) : undefined;
  if (byEmail) return { key, action: 'member', memberId: byEmail };
  const byName = person.name ? catalog.memberByName.get(slugify(person.name, { maxLength: 80 })) : undefined;
  if (byName) return { key, action: 'member', memberId: byName };
  // Only owners invite people (as on the members page); a manager maps them or skips them.
  if (actor.role === 'owner' && EMAIL.test(person.email)) return { key, action: 'invite', email: person.email };
  return { key, action: 'skip' };
}

function suggestBrand(item: { key: string; name: string }, catalog: ImportCatalog): BrandChoice {
  const brandId = catalog.brandBySlug.get(item.key);
  if (brandId) return { key: item.key, action: 'brand', brandId };
  return { key: item.key, action: 'create', name: item.name.trim().slice(0, 120) };
}

export interface Classification {
  categoryKey: string | null;
  platform: Platform | null;
  deliverableTypeKey: string | null;
  title: string | null;
  /** "3 reels": how many the deliverable stands for, as quick-add records it. */
  quantity: number;
  brandSlug: string | null;
  tags: string[];
}

/**
 * The quick-add grammar over a row's words, without its time words (the row has its own timing).
 * Descriptions repeat a lot in an export: each distinct text is read once.
 */
export function createClassifier(catalog: ImportCatalog, now: Date) {
  const categories: QuickAddCategory[] = catalog.categories.map((c) => ({ ...c, archived: c.archivedAt !== null }));
  const deliverableTypes: QuickAddDeliverableType[] = catalog.deliverableTypes;
  const brands = catalog.brands.filter((b) => b.archivedAt === null);
  const cache = new Map<string, Classification>();
  return (text: string): Classification => {
    const cached = cache.get(text);
    if (cached) return cached;
    const parsed = parseQuickAdd(text, {
      now,
      timeZone: catalog.organizationZone,
      locale: catalog.locale,
      categories,
      brands,
      deliverableTypes,
      timing: false,
    });
    const result: Classification = {
      categoryKey: parsed.warnings.some((w) => w.code === 'no_category') ? null : parsed.categoryKey,
      platform: (parsed.platform as Platform | null) ?? null,
      deliverableTypeKey: parsed.deliverable?.typeKey ?? null,
      title: parsed.deliverable?.title ?? null,
      quantity: parsed.deliverable?.count ?? 1,
      brandSlug: parsed.brand,
      tags: parsed.tags,
    };
    if (cache.size < 50_000) cache.set(text, result);
    return result;
  };
}

type Classifier = ReturnType<typeof createClassifier>;

const activeCategory = (catalog: ImportCatalog, id: string | null | undefined) =>
  id ? catalog.categories.find((c) => c.id === id && c.archivedAt === null) : undefined;

/**
 * The mapping with every suggestion filled in, after checking what the manager sent: the ids are
 * the organization's, the keys are in this file, an invitation is an owner's to send.
 */
export function resolveMapping(
  input: MappingInput,
  survey: Survey,
  catalog: ImportCatalog,
  actor: Actor,
  classify: Classifier,
  detectedOrder: DateOrder,
): ResolvedMapping {
  if (input.timeZone != null && !isValidTimeZone(input.timeZone)) {
    throw invalidField('timeZone', `"${input.timeZone}" is not an IANA time zone`);
  }
  if (input.defaultCategoryId != null && !activeCategory(catalog, input.defaultCategoryId)) {
    throw invalidField('defaultCategoryId', 'is not an active category of this organization');
  }
  const memberIds = new Set(catalog.members.map((m) => m.id));
  const people = new Map<string, PersonChoice>();
  for (const [i, choice] of (input.people ?? []).entries()) {
    if (!survey.people.some((p) => p.key === choice.key))
      throw invalidField(`people.${i}.key`, 'is not a person of this file');
    if (choice.action === 'member' && !memberIds.has(choice.memberId)) {
      throw invalidField(`people.${i}.memberId`, 'is not a member of this organization');
    }
    if (choice.action === 'invite') {
      if (actor.role !== 'owner') {
        throw new DomainError('forbidden', 'forbidden', 'Only an owner can invite people', [
          {
            field: `people.${i}.action`,
            message: 'only an owner can invite people: map them to a member or skip them',
          },
        ]);
      }
      if (!EMAIL.test(choice.email)) throw invalidField(`people.${i}.email`, 'is not an e-mail address');
    }
    people.set(choice.key, choice.action === 'invite' ? { ...choice, email: choice.email.toLowerCase() } : choice);
  }
  const brandIds = new Set(catalog.brands.map((b) => b.id));
  const brandFrom = input.brandFrom ?? (survey.rowsWithClient > 0 ? 'client' : 'project');
  const brandItems = brandFrom === 'client' ? survey.brandsFromClient : survey.brandsFromProject;
  const brandKeys = new Set(brandItems.map((b) => b.key));
  const brands = new Map<string, BrandChoice>();
  for (const [i, choice] of (input.brands ?? []).entries()) {
    if (!brandKeys.has(choice.key)) {
      throw invalidField(`brands.${i}.key`, `is not a ${brandFrom} of this file`);
    }
    if (choice.action === 'brand' && !brandIds.has(choice.brandId)) {
      throw invalidField(`brands.${i}.brandId`, 'is not a brand of this organization');
    }
    if (choice.action === 'create' && choice.name.trim() === '') throw invalidField(`brands.${i}.name`, 'is empty');
    brands.set(choice.key, choice);
  }
  const activities = new Map<string, ActivityChoice>();
  for (const [i, choice] of (input.activities ?? []).entries()) {
    if (!survey.activities.some((a) => a.key === choice.key)) {
      throw invalidField(`activities.${i}.key`, 'is not a task of this file');
    }
    if (choice.categoryId !== null && !activeCategory(catalog, choice.categoryId)) {
      throw invalidField(`activities.${i}.categoryId`, 'is not an active category of this organization');
    }
    activities.set(choice.key, choice);
  }
  const categoryOf = (key: string | null) => catalog.categories.find((c) => c.key === key)?.id ?? null;
  return {
    timeZone: input.timeZone ?? null,
    dateOrder: input.dateOrder ?? detectedOrder,
    brandFrom,
    billable: input.billable ?? 'tag',
    money: input.money ?? 'ignore',
    defaultCategoryId: input.defaultCategoryId ?? null,
    people: survey.people.map((p) => {
      const chosen = people.get(p.key);
      return chosen ? { ...chosen, suggested: false } : { ...suggestPerson(p, catalog, actor), suggested: true };
    }),
    brands: brandItems.map((b) => {
      const chosen = brands.get(b.key);
      return chosen ? { ...chosen, suggested: false } : { ...suggestBrand(b, catalog), suggested: true };
    }),
    activities: survey.activities.map((a) => {
      const chosen = activities.get(a.key);
      return chosen
        ? { ...chosen, suggested: false }
        : { key: a.key, categoryId: categoryOf(classify(a.name).categoryKey), suggested: true };
    }),
    skipRows: [...new Set(input.skipRows ?? [])].sort((a, b) => a - b),
  };
}

/** A manager may run an import; the actor of a job must still be one. */
export function assertMayImport(actor: Actor) {
  if (!isManager(actor)) {
    throw new DomainError('forbidden', 'forbidden', 'Only managers and owners can import time');
  }
}

// ─── Mapping a row ────────────────────────────────────────────────────────────────────────────

export interface MappedRow {
  row: number;
  key: string;
  personKey: string;
  memberId: string;
  zone: string;
  timing: RowTiming;
  categoryId: string;
  /** An existing brand, a brand the run creates (by name), or none. */
  brand: { id: string } | { create: string } | null;
  platform: Platform | null;
  deliverable: { typeId: string; title: string; quantity: number } | null;
  tags: string[];
  note: string;
  origin: { id: string; source: EntrySource; edited: boolean; late: boolean } | null;
  warnings: ImportProblem[];
}

export interface RefusedRow {
  row: number;
  personKey: string;
  /** Set when the row's person is waiting for an invitation (the run creates it). */
  invite: string | null;
  problems: ImportProblem[];
}

/** What the preview shows of a row, mapped or not. */
export interface PreviewRow {
  row: number;
  person: string;
  memberId: string | null;
  date: string | null;
  start: string | null;
  end: string | null;
  seconds: number | null;
  timeZone: string | null;
  categoryId: string | null;
  brandId: string | null;
  newBrand: string | null;
  platform: string | null;
  deliverableTypeId: string | null;
  deliverableQuantity: number | null;
  tags: string[];
  note: string;
  problems: ImportProblem[];
}

const CONTROL = /(?![\t\n\r])\p{Cc}/gu;
const CONTROL_ANY = /\p{Cc}/gu;
const TITLE_MAX_LENGTH = 200;

function cleanTags(tags: string[], row: number, warnings: ImportProblem[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  let cut = false;
  for (const raw of tags) {
    let tag = raw.replace(CONTROL_ANY, ' ').trim();
    if (tag === '') continue;
    if (tag.length > MAX_TAG_LENGTH) {
      tag = tag.slice(0, MAX_TAG_LENGTH).trim();
      cut = true;
    }
    const folded = tag.toLowerCase();
    if (seen.has(folded)) continue;
    if (out.length === MAX_TAGS) {
      cut = true;
      break;
    }
    seen.add(folded);
    out.push(tag);
  }
  if (cut) {
    warnings.push({
      row,
      code: 'text_cut',
      severity: 'warning',
      column: 'tags',
      message: `tags were cut to ${MAX_TAGS} of at most ${MAX_TAG_LENGTH} characters`,
    });
  }
  return out;
}

function cleanNote(text: string, row: number, warnings: ImportProblem[]): string {
  const note = text.replace(CONTROL, ' ');
  if (note.length <= MAX_NOTE_LENGTH) return note;
  warnings.push({
    row,
    code: 'text_cut',
    severity: 'warning',
    column: 'description',
    message: `the description was cut to ${MAX_NOTE_LENGTH} characters`,
  });
  return note.slice(0, MAX_NOTE_LENGTH);
}

/** One formatter per zone (building one costs more than formatting a thousand times). */
const clockFormats = new Map<string, Intl.DateTimeFormat>();
function hhmm(date: Date, zone: string): string {
  let format = clockFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    if (clockFormats.size < 1000) clockFormats.set(zone, format);
  }
  return format.format(date);
}

/**
 * Maps rows one at a time. Holds the per-file state a row's key needs (identical rows get the
 * occurrence number in their key, so two identical rows stay two entries, and a re-import of the
 * same file finds both).
 */
export function createRowMapper(input: {
  format: ImportFormat;
  mapping: ResolvedMapping;
  catalog: ImportCatalog;
  classify: Classifier;
  /** The run needs no preview of its rows (their clock times in words). */
  preview?: boolean;
}) {
  const { format, mapping, catalog, classify } = input;
  const withPreview = input.preview !== false;
  // Rows repeat their people, clients and projects: each distinct text is slugged once.
  const slugs = new Map<string, string>();
  const slugOf = (text: string) => {
    let slug = slugs.get(text);
    if (slug === undefined) {
      slug = slugify(text);
      if (slugs.size < 100_000) slugs.set(text, slug);
    }
    return slug;
  };
  const people = new Map(mapping.people.map((p) => [p.key, p]));
  const brands = new Map<string, BrandChoice>(mapping.brands.map((b) => [b.key, b]));
  const activities = new Map(mapping.activities.map((a) => [a.key, a.categoryId]));
  const skip = new Set(mapping.skipRows);
  const zoneOfMember = new Map(catalog.members.map((m) => [m.id, m.timeZone]));
  const categoryByKey = new Map(catalog.categories.filter((c) => c.archivedAt === null).map((c) => [c.key, c.id]));
  const typeByKey = new Map(catalog.deliverableTypes.map((t) => [t.key, t]));
  const occurrences = new Map<string, number>();

  function keyOf(row: SourceRow): string {
    if (row.origin) return `proofwork:${row.origin.id}`;
    const content = JSON.stringify([
      format,
      personKeyOf(row),
      row.cells,
      row.client,
      row.project,
      row.task,
      row.description,
    ]);
    const digest = createHash('sha256').update(content).digest('base64url').slice(0, 32);
    const n = (occurrences.get(digest) ?? 0) + 1;
    occurrences.set(digest, n);
    return `${format}:${digest}:${n}`;
  }

  function personOf(row: SourceRow, key: string): PersonChoice & { suggested: boolean } {
    // Beyond the survey's lists the same suggestion applies, without invitations (only the people
    // shown in the mapping are invited).
    return (
      people.get(key) ?? {
        ...suggestPerson({ key, name: row.personName, email: row.personEmail }, catalog, {
          memberId: '',
          role: 'manager',
        }),
        suggested: true,
      }
    );
  }

  function brandOf(row: SourceRow, classification: Classification | null): MappedRow['brand'] {
    const text = brandTextOf(row, mapping.brandFrom);
    if (text === '') {
      const slug = classification?.brandSlug;
      const id = slug ? catalog.brandBySlug.get(slug) : undefined;
      return id ? { id } : null;
    }
    const key = slugOf(text);
    const choice = brands.get(key) ?? suggestBrand({ key, name: text }, catalog);
    if (choice.action === 'brand') return { id: choice.brandId };
    if (choice.action === 'create') {
      const existing = catalog.brandBySlug.get(slugOf(choice.name));
      return existing ? { id: existing } : { create: choice.name };
    }
    return null;
  }

  function categoryOf(row: SourceRow, classification: Classification | null): string | null {
    if (row.origin) {
      const byKey = categoryByKey.get(row.origin.categoryKey);
      if (byKey) return byKey;
      const name = normalizeLabel(row.origin.category);
      const byName = catalog.categories.find(
        (c) => c.archivedAt === null && (normalizeLabel(c.nameEn) === name || normalizeLabel(c.nameFr) === name),
      );
      return byName?.id ?? mapping.defaultCategoryId;
    }
    const activity = activities.get(activityKeyOf(row.task));
    if (activity) return activity;
    const found = classification?.categoryKey ? categoryByKey.get(classification.categoryKey) : undefined;
    return found ?? mapping.defaultCategoryId;
  }

  /**
   * The grammar over the task, description and tags; the project's own words (a project named
   * "Acme Instagram") fill in a category, platform or brand they did not give. Each part is read
   * once per distinct text.
   */
  function classifyRow(row: SourceRow): Classification {
    const words = classify(
      [row.task, row.description, ...row.tags]
        .filter((t) => t !== '')
        .join(' ')
        .slice(0, 1000),
    );
    if (row.project === '' || (words.categoryKey && words.platform && words.brandSlug)) return words;
    const project = classify(row.project.slice(0, 200));
    return {
      ...words,
      categoryKey: words.categoryKey ?? project.categoryKey,
      platform: words.platform ?? project.platform,
      brandSlug: words.brandSlug ?? project.brandSlug,
    };
  }

  const problemOf = (row: number, p: Omit<ImportProblem, 'row'>): ImportProblem => ({ row, ...p });
  const error = (row: number, code: ProblemCode, message: string, column?: string): ImportProblem => ({
    row,
    code,
    severity: 'error',
    message,
    ...(column ? { column } : {}),
  });

  return {
    keyOf,
    map(row: SourceRow): { mapped: MappedRow; preview: PreviewRow } | { refused: RefusedRow; preview: PreviewRow } {
      const key = keyOf(row);
      const personKey = personKeyOf(row);
      const problems: ImportProblem[] = [];
      const warnings: ImportProblem[] = [];
      const preview: PreviewRow = {
        row: row.row,
        person: row.personName || row.personEmail,
        memberId: null,
        date: null,
        start: null,
        end: null,
        seconds: null,
        timeZone: null,
        categoryId: null,
        brandId: null,
        newBrand: null,
        platform: null,
        deliverableTypeId: null,
        deliverableQuantity: null,
        tags: [],
        note: row.description.slice(0, 200),
        problems,
      };
      let invite: string | null = null;
      const refuse = () => ({ refused: { row: row.row, personKey, invite, problems }, preview });

      if (row.formulaColumn !== null) {
        problems.push(
          error(
            row.row,
            'formula',
            `the column "${row.formulaColumn}" holds a spreadsheet formula: the row is not imported`,
            row.formulaColumn,
          ),
        );
        return refuse();
      }
      if (skip.has(row.row)) {
        problems.push(error(row.row, 'skipped_row', 'skipped in the mapping'));
        return refuse();
      }

      const person = personOf(row, personKey);
      let memberId: string | null = null;
      if (person.action === 'member') memberId = person.memberId;
      else if (person.action === 'invite') {
        const joined = catalog.memberByEmail.get(person.email);
        if (joined) memberId = joined;
        else {
          invite = person.email;
          problems.push(
            error(row.row, 'waiting_invitation', `${person.email} is invited: the row is imported once they join`),
          );
        }
      } else {
        problems.push(
          !person.suggested
            ? error(row.row, 'skipped_member', `${preview.person || 'this person'} is skipped in the mapping`)
            : error(
                row.row,
                'unknown_member',
                `${preview.person || 'this person'} is not a member: map them to a member, invite them, or skip their rows`,
                'person',
              ),
        );
      }
      preview.memberId = memberId;

      const zone = mapping.timeZone ?? (memberId ? zoneOfMember.get(memberId) : undefined) ?? catalog.organizationZone;
      let timing: RowTiming | null;
      if (row.origin) {
        const o = row.origin;
        timing =
          o.startedAt && o.endedAt
            ? {
                kind: 'timed',
                startedAt: new Date(o.startedAt),
                endedAt: new Date(o.endedAt),
                seconds: Math.round((Date.parse(o.endedAt) - Date.parse(o.startedAt)) / 1000),
              }
            : { kind: 'day', localDate: o.localDate, seconds: o.seconds };
        if (
          timing.kind === 'timed' &&
          !(Number.isFinite(timing.startedAt.getTime()) && Number.isFinite(timing.endedAt.getTime()))
        ) {
          problems.push(error(row.row, 'bad_time', 'startedAt or endedAt is not an instant', 'startedAt'));
          timing = null;
        }
      } else {
        const resolved = resolveTiming(row, mapping.dateOrder, zone);
        timing = resolved.timing;
        for (const p of resolved.problems) (p.severity === 'error' ? problems : warnings).push(problemOf(row.row, p));
      }
      if (timing && withPreview) {
        preview.timeZone = zone;
        preview.seconds = timing.seconds;
        preview.date = timingDay(timing, zone);
        if (timing.kind === 'timed') {
          preview.start = hhmm(timing.startedAt, zone);
          preview.end = hhmm(timing.endedAt, zone);
        }
      }

      const classification = row.origin ? null : classifyRow(row);
      const categoryId = categoryOf(row, classification);
      preview.categoryId = categoryId;
      if (categoryId === null) {
        problems.push(
          error(row.row, 'no_category', 'no category recognised: choose a category for such rows', 'category'),
        );
      }
      const brand = brandOf(row, classification);
      if (brand && 'id' in brand) preview.brandId = brand.id;
      if (brand && 'create' in brand) preview.newBrand = brand.create;

      const platformKey = row.origin ? row.origin.platform : classification?.platform;
      const platform =
        platformKey && (PLATFORMS as readonly string[]).includes(platformKey) ? (platformKey as Platform) : null;
      preview.platform = platform;
      const typeKey = row.origin ? row.origin.deliverableType : classification?.deliverableTypeKey;
      const type = typeKey ? typeByKey.get(typeKey) : undefined;
      const title =
        (row.origin ? row.origin.deliverable : classification?.title) ||
        row.description.trim() ||
        (type ? (catalog.locale === 'fr' ? type.nameFr : type.nameEn) : '');
      // Both already within 1…DELIVERABLE_MAX_QUANTITY (the JSON reader's check, quick-add's count).
      const quantity = (row.origin ? row.origin.deliverableQuantity : classification?.quantity) ?? 1;
      const deliverable = type ? { typeId: type.id, title: title.slice(0, TITLE_MAX_LENGTH), quantity } : null;
      preview.deliverableTypeId = type?.id ?? null;
      preview.deliverableQuantity = deliverable?.quantity ?? null;

      const tags = row.origin
        ? row.origin.tags
        : cleanTags(
            [
              ...row.tags,
              ...(classification?.tags ?? []),
              ...(row.billable && mapping.billable === 'tag' ? ['billable'] : []),
              ...(mapping.money === 'tag' ? row.money : []),
            ],
            row.row,
            warnings,
          );
      preview.tags = tags;
      const note = cleanNote(row.origin ? row.origin.note : row.description, row.row, warnings);
      problems.push(...warnings);

      if (problems.some((p) => p.severity === 'error') || !timing || !memberId || !categoryId) return refuse();
      return {
        mapped: {
          row: row.row,
          key,
          personKey,
          memberId,
          zone,
          timing,
          categoryId,
          brand,
          platform,
          deliverable,
          tags,
          note,
          origin: row.origin
            ? { id: row.origin.id, source: row.origin.source, edited: row.origin.edited, late: row.origin.late }
            : null,
          warnings,
        },
        preview,
      };
    },
  };
}
