// TypeBox schemas of the import routes: the mapping a manager sends, and the import as the API
// shows it (its file, the survey of people, clients, projects and tasks, the mapping with its
// suggestions, the preview, the problems with their row numbers, and the report of a run).
import Type from 'typebox';
import { LocalDate, nullable, TimeZone, Uuid } from './schemas';

const Timestamp = Type.String({ format: 'date-time' });
const Key = Type.String({ minLength: 0, maxLength: 200, description: 'The key the survey gives this item' });
const Count = Type.Integer({ minimum: 0 });

export const ImportFormat = Type.Union(
  [
    Type.Literal('toggl'),
    Type.Literal('clockify'),
    Type.Literal('harvest'),
    Type.Literal('generic'),
    Type.Literal('proofwork'),
  ],
  {
    description:
      'toggl, clockify, harvest (their CSV exports), generic (a CSV of your own) or proofwork (its JSON export)',
  },
);
export const ImportStatus = Type.Union([
  Type.Literal('ready'),
  Type.Literal('queued'),
  Type.Literal('running'),
  Type.Literal('done'),
  Type.Literal('failed'),
  Type.Literal('cancelled'),
  Type.Literal('undone'),
]);
const DateOrder = Type.Union([Type.Literal('dmy'), Type.Literal('mdy')], {
  description: 'How to read 03/04/2026: dmy (3 April) or mdy (4 March)',
});

const PersonChoice = Type.Union([
  Type.Object({ key: Key, action: Type.Literal('member'), memberId: Uuid }, { additionalProperties: false }),
  Type.Object(
    { key: Key, action: Type.Literal('invite'), email: Type.String({ format: 'email', maxLength: 254 }) },
    { additionalProperties: false },
  ),
  Type.Object({ key: Key, action: Type.Literal('skip') }, { additionalProperties: false }),
]);
const BrandChoice = Type.Union([
  Type.Object({ key: Key, action: Type.Literal('brand'), brandId: Uuid }, { additionalProperties: false }),
  Type.Object(
    { key: Key, action: Type.Literal('create'), name: Type.String({ minLength: 1, maxLength: 120 }) },
    { additionalProperties: false },
  ),
  Type.Object({ key: Key, action: Type.Literal('none') }, { additionalProperties: false }),
]);
const ActivityChoice = Type.Object({ key: Key, categoryId: nullable(Uuid) }, { additionalProperties: false });

/** The mapping a manager sends (every part optional: the suggestions fill in the rest). */
export const MappingProperties = {
  timeZone: Type.Optional(nullable(TimeZone)),
  dateOrder: Type.Optional(DateOrder),
  brandFrom: Type.Optional(Type.Union([Type.Literal('client'), Type.Literal('project')])),
  billable: Type.Optional(Type.Union([Type.Literal('tag'), Type.Literal('ignore')])),
  money: Type.Optional(Type.Union([Type.Literal('tag'), Type.Literal('ignore')])),
  defaultCategoryId: Type.Optional(nullable(Uuid)),
  people: Type.Optional(Type.Array(PersonChoice, { maxItems: 1000 })),
  brands: Type.Optional(Type.Array(BrandChoice, { maxItems: 2000 })),
  activities: Type.Optional(Type.Array(ActivityChoice, { maxItems: 1000 })),
  skipRows: Type.Optional(Type.Array(Type.Integer({ minimum: 2 }), { maxItems: 100_000 })),
};

const Suggested = { suggested: Type.Boolean({ description: 'Proposed by Proofwork rather than chosen' }) };
const ResolvedMapping = Type.Object({
  timeZone: nullable(Type.String()),
  dateOrder: DateOrder,
  brandFrom: Type.Union([Type.Literal('client'), Type.Literal('project')]),
  billable: Type.Union([Type.Literal('tag'), Type.Literal('ignore')]),
  money: Type.Union([Type.Literal('tag'), Type.Literal('ignore')]),
  defaultCategoryId: nullable(Uuid),
  people: Type.Array(
    Type.Object({
      key: Type.String(),
      action: Type.Union([Type.Literal('member'), Type.Literal('invite'), Type.Literal('skip')]),
      memberId: Type.Optional(Uuid),
      email: Type.Optional(Type.String()),
      ...Suggested,
    }),
  ),
  brands: Type.Array(
    Type.Object({
      key: Type.String(),
      action: Type.Union([Type.Literal('brand'), Type.Literal('create'), Type.Literal('none')]),
      brandId: Type.Optional(Uuid),
      name: Type.Optional(Type.String()),
      ...Suggested,
    }),
  ),
  activities: Type.Array(Type.Object({ key: Type.String(), categoryId: nullable(Uuid), ...Suggested })),
  skipRows: Type.Array(Type.Integer()),
});

export const Problem = Type.Object({
  row: Type.Integer({ description: 'The row in the file, the header being row 1 (0: the whole file)' }),
  code: Type.String({
    description:
      'bad_date, bad_time, bad_duration, no_timing, zero_duration, over_24h, end_before_start, duration_mismatch, ' +
      'formula, unknown_member, skipped_member, waiting_invitation, no_category, skipped_row, text_cut, refused, ' +
      'week_approved, duplicate, bad_line, hash_mismatch',
  }),
  severity: Type.Union([Type.Literal('error'), Type.Literal('warning')], {
    description: 'error: the row is not imported; warning: it is, and this is noted',
  }),
  column: Type.Optional(Type.String()),
  value: Type.Optional(Type.String()),
  message: Type.String(),
});
const ProblemCounts = Type.Record(Type.String(), Type.Integer(), { description: 'Problems per code' });

const PreviewRow = Type.Object({
  row: Type.Integer(),
  person: Type.String(),
  memberId: nullable(Uuid),
  date: nullable(LocalDate),
  start: nullable(Type.String({ description: 'HH:MM in timeZone' })),
  end: nullable(Type.String()),
  seconds: nullable(Type.Integer()),
  timeZone: nullable(Type.String()),
  categoryId: nullable(Uuid),
  brandId: nullable(Uuid),
  newBrand: nullable(Type.String({ description: 'A brand the run creates' })),
  platform: nullable(Type.String()),
  deliverableTypeId: nullable(Uuid),
  deliverableQuantity: nullable(
    Type.Integer({ minimum: 1, description: 'How many deliverables the row stands for ("deux reels": 2)' }),
  ),
  tags: Type.Array(Type.String()),
  note: Type.String(),
  problems: Type.Array(Problem),
});

const SurveyItem = { key: Type.String(), name: Type.String(), rows: Count };
const Survey = Type.Object({
  rows: Count,
  people: Type.Array(Type.Object({ ...SurveyItem, email: Type.String() })),
  brandsFromClient: Type.Array(Type.Object(SurveyItem), {
    description: 'The brands rows name when brands come from clients (a row without a client names its project)',
  }),
  brandsFromProject: Type.Array(Type.Object(SurveyItem)),
  activities: Type.Array(Type.Object(SurveyItem), { description: 'Tasks, with their rows' }),
  rowsWithClient: Count,
  more: Type.Object({ people: Count, brandsFromClient: Count, brandsFromProject: Count, activities: Count }),
  dateOrderHints: Type.Object({ dmy: Count, mdy: Count, either: Count }),
  billableColumn: Type.Boolean(),
  moneyColumns: Type.Boolean(),
});

const FileFacts = Type.Object({
  kind: Type.Union([Type.Literal('csv'), Type.Literal('json')]),
  bom: Type.Boolean(),
  delimiter: nullable(Type.String()),
  headers: Type.Array(Type.String()),
  columns: Type.Record(Type.String(), Type.String(), { description: 'The header each field was read from' }),
  money: Type.Array(Type.String({ description: 'Amount and rate columns (kept as tags or ignored, never costs)' })),
  ignored: Type.Array(Type.String()),
  sha256: nullable(Type.Object({ stated: nullable(Type.String()), computed: nullable(Type.String()) })),
});

const Totals = Type.Object({
  rows: Count,
  importable: Count,
  seconds: Count,
  firstDate: nullable(LocalDate),
  lastDate: nullable(LocalDate),
});

export const ImportReport = Type.Object({
  rows: Count,
  processed: Count,
  imported: Count,
  secondsImported: Count,
  skipped: Count,
  skippedByReason: ProblemCounts,
  skippedRows: Type.Array(Problem),
  warnings: Count,
  duplicates: Count,
  membersInvited: Type.Array(Type.String()),
  brandsCreated: Type.Array(Type.String()),
  deliverablesCreated: Count,
  cancelled: Type.Boolean(),
  undo: nullable(
    Type.Object({
      at: Timestamp,
      byMemberId: Uuid,
      entriesRemoved: Count,
      secondsRemoved: Count,
      deliverablesRemoved: Count,
      keptInApprovedWeeks: Count,
    }),
  ),
});

const SummaryProperties = {
  id: Uuid,
  fileName: Type.String(),
  fileSize: Count,
  format: ImportFormat,
  detectedFormat: ImportFormat,
  status: ImportStatus,
  progress: Type.Integer({ minimum: 0, maximum: 100 }),
  rowCount: Count,
  error: nullable(Type.String()),
  fileAvailable: Type.Boolean({ description: 'The upload is kept 30 days, to preview and run again' }),
  report: nullable(ImportReport),
  requestedByMemberId: nullable(Uuid),
  createdAt: Timestamp,
  startedAt: nullable(Timestamp),
  finishedAt: nullable(Timestamp),
  undoneAt: nullable(Timestamp),
  undoneByMemberId: nullable(Uuid),
};

export const ImportSummary = Type.Object(SummaryProperties);

export const ImportBody = Type.Object({
  ...SummaryProperties,
  lastRunMapping: nullable(Type.Object(MappingProperties)),
  file: FileFacts,
  survey: Survey,
  dateOrder: Type.Object({ detected: DateOrder, ambiguous: Type.Boolean() }),
  mapping: ResolvedMapping,
  preview: Type.Array(PreviewRow, { description: 'The first 50 rows as they would be written' }),
  problems: Type.Array(Problem, { description: 'The first 2,000 problems (all are counted in problemCounts)' }),
  problemCounts: ProblemCounts,
  totals: Totals,
});
