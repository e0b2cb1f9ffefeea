// Time entries: create (timed or a duration on a day), read, change, delete and restore, bulk
// create for the week grid and imports, filtered listing with a stable cursor, totals, history.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PLATFORMS } from '@proofwork/core';
import type { FastifyRequest } from 'fastify';
import Type, { type TProperties, type TSchema } from 'typebox';
import { ErrorBody, ErrorResponses, LocalDate, OrgParams, Uuid } from '../../lib/schemas';
import { IdempotencyHeaders } from '../../plugins/idempotency';
import { MAX_NOTE_LENGTH, MAX_TAG_LENGTH, MAX_TAGS } from '../../services/time-entry.rules';
import {
  createEntriesInBulk,
  createEntry,
  deleteEntry,
  entryHistory,
  getEntry,
  listEntries,
  restoreEntry,
  summarizeEntries,
  updateEntry,
} from '../../services/time-entry.service';

const Instant = Type.String({
  format: 'date-time',
  description: 'An instant with its UTC offset, e.g. 2026-03-29T01:30:00+01:00',
});
const Timestamp = Type.String({ format: 'date-time' });
export const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
/** A body a client may leave out entirely (Fastify validates a missing body as null). */
export const optionalBody = <T extends TProperties>(properties: T) =>
  Type.Union([Type.Object(properties, { additionalProperties: false }), Type.Null()]);
export const Platform = Type.Enum(PLATFORMS);
const Source = Type.Enum(['timer', 'quick_add', 'manual', 'api', 'import']);

/** The descriptive fields every way of logging shares (entries, timer, quick-add). */
export const EntryFieldsSchema = {
  categoryId: Uuid,
  brandId: Type.Optional(nullable(Uuid)),
  platform: Type.Optional(nullable(Platform)),
  deliverableId: Type.Optional(nullable(Uuid)),
  tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: MAX_TAG_LENGTH }), { maxItems: MAX_TAGS })),
  note: Type.Optional(Type.String({ maxLength: MAX_NOTE_LENGTH })),
};

const TimingSchema = {
  startedAt: Type.Optional(Instant),
  endedAt: Type.Optional(Instant),
  durationSeconds: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 86400, description: 'For an entry without clock times, with localDate' }),
  ),
  localDate: Type.Optional(LocalDate),
};

const EntryCreate = Type.Object(
  {
    memberId: Type.Optional(
      Type.String({ format: 'uuid', description: 'Managers may log for any member; default: you' }),
    ),
    ...EntryFieldsSchema,
    ...TimingSchema,
    source: Type.Optional(Source),
  },
  {
    additionalProperties: false,
    description: 'Send startedAt and endedAt, or durationSeconds and localDate (the member’s local day)',
  },
);

export const EntryBody = Type.Object({
  id: Uuid,
  memberId: Uuid,
  categoryId: Uuid,
  brandId: nullable(Uuid),
  platform: nullable(Platform),
  deliverableId: nullable(Uuid),
  tags: Type.Array(Type.String()),
  note: Type.String(),
  startedAt: nullable(Timestamp),
  endedAt: nullable(Timestamp),
  durationSeconds: nullable(Type.Integer()),
  localDate: LocalDate,
  weekStart: LocalDate,
  source: Source,
  isLate: Type.Boolean({ description: 'Written or changed long after its day' }),
  running: Type.Boolean(),
  stale: Type.Boolean({ description: 'A timer running for more than 12 hours: stop it with its real end' }),
  createdByMemberId: nullable(Uuid),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  deletedAt: nullable(Timestamp),
  overlaps: Type.Array(Uuid, { description: 'The member’s other entries whose time ranges intersect this one' }),
});

const EventBody = Type.Object({
  id: Uuid,
  action: Type.Enum(['create', 'update', 'delete', 'restore', 'timer_start', 'timer_stop']),
  actorMemberId: nullable(Uuid),
  before: Type.Unknown({ description: 'The entry before the write (null for a create)' }),
  after: Type.Unknown({ description: 'The entry after the write' }),
  createdAt: Timestamp,
});

const FilterSchema = {
  memberId: Type.Optional(Uuid),
  from: Type.Optional(LocalDate),
  to: Type.Optional(LocalDate),
  categoryId: Type.Optional(Uuid),
  brandId: Type.Optional(Uuid),
  platform: Type.Optional(Platform),
  tag: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_TAG_LENGTH })),
  deliverableId: Type.Optional(Uuid),
  source: Type.Optional(Source),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Text searched in the note' })),
};

const EntryParams = Type.Object({ orgId: Uuid, entryId: Uuid }, { additionalProperties: false });
const WriteErrors = { ...ErrorResponses, 422: ErrorBody };

/** Scripts with a token log as `api` unless they say otherwise; people in the app as `manual`. */
const defaultSource = (request: FastifyRequest) => (request.principal?.via === 'token' ? 'api' : 'manual');

const timeEntriesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = app.deps;

  app.post(
    '/time-entries',
    {
      schema: {
        tags: ['time-entries'],
        summary: 'Log time: clock times, or a duration on a day (overlaps with other entries are reported)',
        params: OrgParams,
        headers: IdempotencyHeaders,
        body: EntryCreate,
        response: { 201: EntryBody, ...WriteErrors },
      },
    },
    async (request, reply) =>
      reply.idempotent(async (db) => ({
        status: 201,
        body: await createEntry({ ...deps, db }, request.member, request.body, defaultSource(request)),
      })),
  );

  app.post(
    '/time-entries/bulk',
    {
      schema: {
        tags: ['time-entries'],
        summary: 'Log up to 500 entries at once, all or nothing (week grid, imports)',
        params: OrgParams,
        headers: IdempotencyHeaders,
        body: Type.Object(
          { entries: Type.Array(EntryCreate, { minItems: 1, maxItems: 500 }) },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ ids: Type.Array(Uuid) }), ...WriteErrors },
      },
    },
    async (request, reply) =>
      reply.idempotent(async (db) => ({
        status: 201,
        body: {
          ids: await createEntriesInBulk({ ...deps, db }, request.member, request.body.entries, defaultSource(request)),
        },
      })),
  );

  app.get(
    '/time-entries',
    {
      schema: {
        tags: ['time-entries'],
        summary: 'Entries by local date, filtered, with a stable cursor (members see their own)',
        params: OrgParams,
        querystring: Type.Object(
          {
            ...FilterSchema,
            sort: Type.Optional(Type.Enum(['asc', 'desc'])),
            cursor: Type.Optional(Type.String({ maxLength: 500, description: 'nextCursor of the previous page' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: Type.Array(EntryBody), nextCursor: nullable(Type.String()) }),
          ...ErrorResponses,
        },
      },
    },
    async (request) => listEntries(deps, request.member, request.query),
  );

  app.get(
    '/time-entries/summary',
    {
      schema: {
        tags: ['time-entries'],
        summary: 'Totals of the entries matching the same filters: seconds, count, per category',
        params: OrgParams,
        querystring: Type.Object(FilterSchema, { additionalProperties: false }),
        response: {
          200: Type.Object({
            totalSeconds: Type.Integer(),
            entryCount: Type.Integer(),
            byCategory: Type.Array(
              Type.Object({
                categoryId: Uuid,
                categoryKey: Type.String(),
                seconds: Type.Integer(),
                entryCount: Type.Integer(),
              }),
            ),
          }),
          ...ErrorResponses,
        },
      },
    },
    async (request) => summarizeEntries(deps, request.member, request.query),
  );

  app.get(
    '/time-entries/:entryId',
    {
      schema: {
        tags: ['time-entries'],
        summary: 'One entry (a deleted one too, with deletedAt)',
        params: EntryParams,
        response: { 200: EntryBody, ...ErrorResponses },
      },
    },
    async (request) => getEntry(deps, request.member, request.params.entryId),
  );

  app.patch(
    '/time-entries/:entryId',
    {
      schema: {
        tags: ['time-entries'],
        summary: 'Change an entry (managers may move it to another member); refused in an approved week',
        params: EntryParams,
        body: Type.Object(
          {
            memberId: Type.Optional(Uuid),
            categoryId: Type.Optional(Uuid),
            brandId: EntryFieldsSchema.brandId,
            platform: EntryFieldsSchema.platform,
            deliverableId: EntryFieldsSchema.deliverableId,
            tags: EntryFieldsSchema.tags,
            note: EntryFieldsSchema.note,
            ...TimingSchema,
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: EntryBody, ...ErrorResponses },
      },
    },
    async (request) => updateEntry(deps, request.member, request.params.entryId, request.body),
  );

  app.delete(
    '/time-entries/:entryId',
    {
      schema: {
        tags: ['time-entries'],
        summary: 'Delete an entry (it can be restored)',
        params: EntryParams,
        response: { 204: Type.Null(), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      await deleteEntry(deps, request.member, request.params.entryId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/time-entries/:entryId/restore',
    {
      schema: {
        tags: ['time-entries'],
        summary: 'Undo a delete',
        params: EntryParams,
        headers: IdempotencyHeaders,
        body: optionalBody({}),
        response: { 200: EntryBody, ...WriteErrors },
      },
    },
    async (request, reply) =>
      reply.idempotent(async (db) => ({
        status: 200,
        body: await restoreEntry({ ...deps, db }, request.member, request.params.entryId),
      })),
  );

  app.get(
    '/time-entries/:entryId/history',
    {
      schema: {
        tags: ['time-entries'],
        summary: 'Every write of an entry: who, when, before and after',
        params: EntryParams,
        response: { 200: Type.Object({ items: Type.Array(EventBody) }), ...ErrorResponses },
      },
    },
    async (request) => ({ items: await entryHistory(deps, request.member, request.params.entryId) }),
  );
};

export default timeEntriesRoutes;
