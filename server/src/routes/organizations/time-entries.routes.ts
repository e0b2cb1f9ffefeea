// Time entries: create (timed or a duration on a day), read, change, delete and restore, bulk
// create for the week grid and imports, filtered listing with a stable cursor, totals, history.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
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
} from '@proofwork/app';
import Type from 'typebox';
import {
  EntryBody,
  EntryCreate,
  EntryFieldsSchema,
  MAX_TAG_LENGTH,
  Platform,
  Source,
  Timestamp,
  TimingSchema,
} from '../../lib/entry-schemas';
import { ErrorBody, ErrorResponses, LocalDate, nullable, OrgParams, optionalBody, Uuid } from '../../lib/schemas';
import { IdempotencyHeaders } from '../../plugins/idempotency';

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
/** A note search that outruns its time budget answers 422 search_too_slow. */
const ReadErrors = { ...ErrorResponses, 422: ErrorBody };

const timeEntriesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = app.deps;

  app.post(
    '/time-entries',
    {
      config: { scope: 'entries:write' },
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
        body: await createEntry({ ...deps, db }, request.actor, request.body),
      })),
  );

  app.post(
    '/time-entries/bulk',
    {
      config: { scope: 'entries:write' },
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
          ids: await createEntriesInBulk({ ...deps, db }, request.actor, request.body.entries),
        },
      })),
  );

  app.get(
    '/time-entries',
    {
      config: { scope: 'read' },
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
          ...ReadErrors,
        },
      },
    },
    async (request) => listEntries(deps, request.actor, request.query),
  );

  app.get(
    '/time-entries/summary',
    {
      config: { scope: 'read' },
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
          ...ReadErrors,
        },
      },
    },
    async (request) => summarizeEntries(deps, request.actor, request.query),
  );

  app.get(
    '/time-entries/:entryId',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['time-entries'],
        summary: 'One entry (a deleted one too, with deletedAt)',
        params: EntryParams,
        response: { 200: EntryBody, ...ErrorResponses },
      },
    },
    async (request) => getEntry(deps, request.actor, request.params.entryId),
  );

  app.patch(
    '/time-entries/:entryId',
    {
      config: { scope: 'entries:write' },
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
    async (request) => updateEntry(deps, request.actor, request.params.entryId, request.body),
  );

  app.delete(
    '/time-entries/:entryId',
    {
      config: { scope: 'entries:write' },
      schema: {
        tags: ['time-entries'],
        summary: 'Delete an entry (it can be restored)',
        params: EntryParams,
        response: { 204: Type.Null(), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      await deleteEntry(deps, request.actor, request.params.entryId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/time-entries/:entryId/restore',
    {
      config: { scope: 'entries:write' },
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
        body: await restoreEntry({ ...deps, db }, request.actor, request.params.entryId),
      })),
  );

  app.get(
    '/time-entries/:entryId/history',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['time-entries'],
        summary: 'Every write of an entry: who, when, before and after',
        params: EntryParams,
        response: { 200: Type.Object({ items: Type.Array(EventBody) }), ...ErrorResponses },
      },
    },
    async (request) => ({ items: await entryHistory(deps, request.actor, request.params.entryId) }),
  );
};

export default timeEntriesRoutes;
