// Quick-add over HTTP: the organization's own catalog (categories, brands, deliverable types) feeds
// the pure parser, and a parsed line becomes an entry, or starts or stops the timer, through the
// same services as every other write.
import { isValidTimeZone, type Locale, type Platform, parseQuickAdd, type QuickAddResult } from '@proofwork/core';
import {
  createDeliverable,
  type Executor,
  findDeliverableByTitle,
  listBrands,
  listCategories,
  listDeliverableTypes,
} from '@proofwork/db';
import { AppError, invalidField } from '../lib/errors';
import type { Membership } from '../plugins/tenant';
import { assertPlainText, type EntryView, instant, type TimingFields } from './time-entry.rules';
import { createEntry, type EntryDeps } from './time-entry.service';
import { startTimer, stopTimer } from './timer.service';

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
}

type CatalogRows = {
  categories: Awaited<ReturnType<typeof listCategories>>;
  brands: Awaited<ReturnType<typeof listBrands>>;
  deliverableTypes: Awaited<ReturnType<typeof listDeliverableTypes>>;
};

async function loadCatalog(db: Executor, organizationId: string): Promise<CatalogRows> {
  const [categories, brands, deliverableTypes] = await Promise.all([
    listCategories(db, organizationId),
    listBrands(db, organizationId),
    listDeliverableTypes(db, organizationId),
  ]);
  // Archived brands and types are not offered; archived categories are passed flagged, so the
  // parser knows their words but does not pick them.
  return {
    categories,
    brands: brands.filter((b) => b.archivedAt === null),
    deliverableTypes: deliverableTypes.filter((t) => t.archivedAt === null),
  };
}

function checkText(text: string) {
  assertPlainText('body.text', text);
  if (text.trim() === '') throw invalidField('body.text', 'is empty');
}

function parseWith(catalog: CatalogRows, text: string, ctx: { now: Date; timeZone: string; locale: Locale }) {
  return parseQuickAdd(text, {
    ...ctx,
    categories: catalog.categories.map((c) => ({ ...c, archived: c.archivedAt !== null })),
    brands: catalog.brands,
    deliverableTypes: catalog.deliverableTypes,
  });
}

/** The result without its internals (the proposed brand, the command). */
function parsedLine(result: QuickAddResult): ParsedLine {
  const { proposedBrand: _proposedBrand, command: _command, ...line } = result;
  return line;
}

function zoneOf(actor: Membership, timeZone: string | undefined): string {
  if (timeZone !== undefined && !isValidTimeZone(timeZone)) {
    throw invalidField('body.timeZone', `"${timeZone}" is not an IANA time zone`);
  }
  return timeZone ?? actor.timeZone;
}

/** Parses a line without writing anything. `now` defaults to the clock, the zone to the member's. */
export async function parseLine(
  { db, clock }: EntryDeps,
  actor: Membership,
  input: QuickAddInput & { now?: string },
  defaultLocale: Locale,
): Promise<ParsedLine> {
  checkText(input.text);
  const timeZone = zoneOf(actor, input.timeZone);
  const now = input.now === undefined ? clock.now() : instant(input.now, 'body.now');
  const catalog = await loadCatalog(db, actor.organizationId);
  return parsedLine(parseWith(catalog, input.text, { now, timeZone, locale: input.locale ?? defaultLocale }));
}

/**
 * The deliverable a line names, by its type: a quoted title reuses the deliverable of the same
 * type, brand and title if there is one; otherwise a new one is recorded (one "reel" line, one reel).
 */
async function resolveDeliverable(
  tx: Executor,
  actor: Membership,
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
  const created = await createDeliverable(tx, actor.organizationId, {
    deliverableTypeId: type.id,
    title: quoted ?? (locale === 'fr' ? type.nameFr : type.nameEn),
    brandId,
    platform: parsed.platform as Platform | null,
  });
  return created.id;
}

/** Clock times when the line gave a range or a start, else a duration on the line's day. */
function timingOf(parsed: QuickAddResult): TimingFields {
  if (parsed.durationSeconds === null) {
    const message = parsed.warnings.find((w) => w.code === 'no_duration')?.message ?? 'No duration found.';
    throw new AppError(400, 'no_duration', message, [{ field: 'body.text', message }]);
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
export async function quickAdd(
  { db, clock }: EntryDeps,
  actor: Membership,
  input: QuickAddInput,
  defaultLocale: Locale,
): Promise<QuickAddOutcome> {
  checkText(input.text);
  const locale = input.locale ?? defaultLocale;
  const catalog = await loadCatalog(db, actor.organizationId);
  const result = parseWith(catalog, input.text, { now: clock.now(), timeZone: zoneOf(actor, input.timeZone), locale });
  const parsed = parsedLine(result);
  if (result.command === 'stop')
    return { status: 200, action: 'timer_stopped', entry: await stopTimer({ db, clock }, actor, {}), parsed };

  const category = catalog.categories.find((c) => c.key === result.categoryKey);
  if (!category)
    throw invalidField('body.text', `names category "${result.categoryKey}", unknown in this organization`);
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
 * The entry rules name entry fields (body.durationSeconds…) the client never sent: a refusal of
 * what the line says names the line instead.
 */
function asLineError(error: unknown): unknown {
  if (!(error instanceof AppError) || error.statusCode !== 400) return error;
  return new AppError(400, error.code, `This line cannot be logged: ${error.message}`, [
    { field: 'body.text', message: error.message },
  ]);
}
