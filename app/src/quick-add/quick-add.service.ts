// Quick-add over HTTP: the organization's own catalog (categories, brands, deliverable types) feeds
// the pure parser, and a parsed line becomes an entry, or starts or stops the timer, through the
// same services as every other write.
import {
  deliverableDefaultTitle,
  isValidTimeZone,
  type Locale,
  type Platform,
  parseQuickAdd,
  type QuickAddAlias,
  type QuickAddResult,
  slugify,
} from '@proofwork/core';
import {
  createBrand,
  createDeliverable,
  type Executor,
  findDeliverableByTitle,
  listBrands,
  listCategories,
  listDeliverableTypes,
  listQuickAddAliases,
} from '@proofwork/db';
import { type Actor, isManager } from '../actor';
import { DomainError, invalidField, messageOf } from '../errors';
import { assertPlainText, type EntryView, instant, type TimingFields } from '../time-entries/time-entry.rules';
import { createEntry, type EntryDeps } from '../time-entries/time-entry.service';
import { startTimer, stopTimer } from '../timer/timer.service';
import { parserAliases } from './vocabulary.service';

/** A brand created from a line is capped like one added in settings. */
const BRAND_NAME_MAX_LENGTH = 80;
/** Deliverable titles are capped like the catalog's. */
const TITLE_MAX_LENGTH = 200;

/** What the parse endpoint returns: the draft of an entry, and what the parser was unsure of. */
export type ParsedLine = Pick<
  QuickAddResult,
  | 'durationSeconds'
  | 'startedAt'
  | 'endedAt'
  | 'localDate'
  | 'categoryKey'
  | 'brand'
  | 'proposedBrand'
  | 'proposedBrandSpan'
  | 'brandCandidates'
  | 'platform'
  | 'tags'
  | 'deliverable'
  | 'note'
  | 'warnings'
>;

export interface QuickAddInput {
  text: string;
  timeZone?: string;
  locale?: Locale;
  /**
   * Create the unknown @brand the line names and log with it. A manager's brand is created as
   * confirmed; a member's is a pending brand a manager confirms. Without it, the @word stays in the
   * note and the answer warns `unknown_brand`.
   */
  createBrand?: boolean;
}

type CatalogRows = {
  categories: Awaited<ReturnType<typeof listCategories>>;
  brands: Awaited<ReturnType<typeof listBrands>>;
  deliverableTypes: Awaited<ReturnType<typeof listDeliverableTypes>>;
  aliases: QuickAddAlias[];
};

async function loadCatalog(db: Executor, organizationId: string): Promise<CatalogRows> {
  const [categories, allBrands, deliverableTypes, aliasRows] = await Promise.all([
    listCategories(db, organizationId),
    listBrands(db, organizationId),
    listDeliverableTypes(db, organizationId),
    listQuickAddAliases(db, organizationId),
  ]);
  // Archived brands and types are not offered; archived categories are passed flagged, so the
  // parser knows their words but does not pick them.
  const brands = allBrands.filter((b) => b.archivedAt === null);
  return {
    categories,
    brands,
    deliverableTypes: deliverableTypes.filter((t) => t.archivedAt === null),
    aliases: parserAliases(aliasRows, categories, brands),
  };
}

function checkText(text: string) {
  assertPlainText('text', text);
  if (text.trim() === '') throw invalidField('text', 'is empty');
}

function parseWith(catalog: CatalogRows, text: string, ctx: { now: Date; timeZone: string; locale: Locale }) {
  return parseQuickAdd(text, {
    ...ctx,
    categories: catalog.categories.map((c) => ({ ...c, archived: c.archivedAt !== null })),
    brands: catalog.brands,
    deliverableTypes: catalog.deliverableTypes,
    aliases: catalog.aliases,
  });
}

/** The result without its internals (the command). */
function parsedLine(result: QuickAddResult): ParsedLine {
  const { command: _command, ...line } = result;
  return line;
}

/**
 * The unknown @brand of a line, created (pending when a member proposes it). An archived brand of
 * the same slug is refused by name rather than silently brought back.
 */
async function createProposedBrand(db: Executor, actor: Actor, name: string): Promise<void> {
  if (name.length > BRAND_NAME_MAX_LENGTH) {
    throw invalidField('text', `names a brand longer than ${BRAND_NAME_MAX_LENGTH} characters`);
  }
  const slug = slugify(name);
  const existing = (await listBrands(db, actor.organizationId)).find((b) => b.slug === slug);
  if (existing) {
    const message = `names the archived brand "${existing.name}"; a manager can bring it back`;
    throw new DomainError('conflict', 'brand_archived', `This line ${message}`, [{ field: 'text', message }]);
  }
  const pending = !isManager(actor);
  await createBrand(db, actor.organizationId, {
    name,
    slug,
    color: '#666666',
    pending,
    proposedByMemberId: pending ? actor.memberId : null,
  });
}

function zoneOf(actor: Actor, timeZone: string | undefined): string {
  if (timeZone !== undefined && !isValidTimeZone(timeZone)) {
    throw invalidField('timeZone', `"${timeZone}" is not an IANA time zone`);
  }
  return timeZone ?? actor.timeZone;
}

/**
 * Parses a line without writing anything. `now` defaults to the clock, the zone to the member's, the
 * language to the caller's (then the organization's).
 */
export async function parseLine(
  { db, clock }: EntryDeps,
  actor: Actor,
  input: QuickAddInput & { now?: string },
): Promise<ParsedLine> {
  checkText(input.text);
  const timeZone = zoneOf(actor, input.timeZone);
  const now = input.now === undefined ? clock.now() : instant(input.now, 'now');
  const catalog = await loadCatalog(db, actor.organizationId);
  return parsedLine(parseWith(catalog, input.text, { now, timeZone, locale: input.locale ?? actor.locale }));
}

/**
 * The deliverable a line names, by its type: a quoted title reuses the deliverable of the same
 * type, brand and title if there is one; otherwise a new one is recorded (one "reel" line, one reel;
 * "2 posts" one deliverable standing for two, so the medians count two posts of half the time).
 */
async function resolveDeliverable(
  tx: Executor,
  actor: Actor,
  catalog: CatalogRows,
  parsed: QuickAddResult,
  brandId: string | null,
  locale: Locale,
): Promise<string | null> {
  const type = catalog.deliverableTypes.find((t) => t.key === parsed.deliverable?.typeKey);
  if (!type) return null;
  const quoted = parsed.deliverable?.title?.slice(0, TITLE_MAX_LENGTH) ?? null;
  if (quoted) {
    const existing = await findDeliverableByTitle(tx, actor.organizationId, {
      deliverableTypeId: type.id,
      brandId,
      title: quoted,
    });
    if (existing) return existing.id;
  }
  const quantity = parsed.deliverable?.count ?? 1;
  const created = await createDeliverable(tx, actor.organizationId, {
    deliverableTypeId: type.id,
    title: quoted ?? deliverableDefaultTitle(locale === 'fr' ? type.nameFr : type.nameEn, quantity),
    quantity,
    brandId,
    platform: parsed.platform as Platform | null,
  });
  return created.id;
}

/** Clock times when the line gave a range or a start, else a duration on the line's day. */
function timingOf(parsed: QuickAddResult): TimingFields {
  if (parsed.durationSeconds === null) {
    const message = parsed.warnings.find((w) => w.code === 'no_duration')?.message ?? 'No duration found.';
    throw new DomainError('invalid', 'no_duration', message, [{ field: 'text', message }]);
  }
  if (parsed.startedAt !== null && parsed.endedAt !== null) {
    return { startedAt: parsed.startedAt, endedAt: parsed.endedAt };
  }
  return { durationSeconds: parsed.durationSeconds, localDate: parsed.localDate };
}

export type QuickAddAction = 'logged' | 'timer_started' | 'timer_stopped';

export interface QuickAddOutcome {
  /** 201 when an entry or a timer was created, 200 when a timer was stopped. */
  status: 200 | 201;
  /** What the line did, so a client need not infer it from the status. */
  action: QuickAddAction;
  entry: EntryView;
  parsed: ParsedLine;
}

/** Parses the line and writes it: an entry (source quick_add), or a timer start or stop command. */
export async function quickAdd({ db, clock }: EntryDeps, actor: Actor, input: QuickAddInput): Promise<QuickAddOutcome> {
  checkText(input.text);
  const locale = input.locale ?? actor.locale;
  const context = { now: clock.now(), timeZone: zoneOf(actor, input.timeZone), locale };
  let catalog = await loadCatalog(db, actor.organizationId);
  let result = parseWith(catalog, input.text, context);
  if (input.createBrand && result.proposedBrand !== null && result.command !== 'stop') {
    // Read the line again with the new brand: it is then a brand, and leaves the note.
    await createProposedBrand(db, actor, result.proposedBrand);
    catalog = await loadCatalog(db, actor.organizationId);
    result = parseWith(catalog, input.text, context);
  }
  const parsed = parsedLine(result);
  if (result.command === 'stop')
    return { status: 200, action: 'timer_stopped', entry: await stopTimer({ db, clock }, actor, {}), parsed };

  const category = catalog.categories.find((c) => c.key === result.categoryKey);
  if (!category) throw invalidField('text', `names category "${result.categoryKey}", unknown in this organization`);
  const brandId = catalog.brands.find((b) => b.slug === result.brand)?.id ?? null;
  const fields = {
    categoryId: category.id,
    brandId,
    platform: result.platform as Platform | null,
    tags: result.tags,
    note: result.note,
  };
  const timing = result.command === 'start' ? null : timingOf(result);
  const entry = await db
    .transaction(async (tx) => {
      const deliverableId = await resolveDeliverable(tx, actor, catalog, result, brandId, locale);
      const deps = { db: tx, clock };
      return timing === null
        ? startTimer(deps, actor, { ...fields, deliverableId })
        : createEntry(deps, actor, { ...fields, deliverableId, ...timing }, 'quick_add');
    })
    .catch((error: unknown) => {
      throw asLineError(error);
    });
  return { status: 201, action: timing === null ? 'timer_started' : 'logged', entry, parsed };
}

/**
 * The entry rules name entry fields (durationSeconds…) the client never sent: a refusal of what
 * the line says names the line instead.
 */
function asLineError(error: unknown): unknown {
  if (!(error instanceof DomainError) || error.kind !== 'invalid') return error;
  const reason = messageOf(error);
  return new DomainError('invalid', error.code, `This line cannot be logged: ${reason}`, [
    { field: 'text', message: reason },
  ]);
}
