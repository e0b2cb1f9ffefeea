// Quick-add: one line of English or French → a time entry. Parse (writes nothing) to preview, or
// post the line to log it, start the timer ("start …") or stop it ("stop").
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listAliasViews, parseLine, quickAdd, removeAlias, renameAlias, setLearnAfter } from '@proofwork/app';
import { PLATFORMS, QUICK_ADD_MAX_LENGTH } from '@proofwork/core';
import Type from 'typebox';
import { EntryBody } from '../../lib/entry-schemas';
import { ErrorBody, ErrorResponses, Locale, nullable, OrgParams, TimeZone, Uuid } from '../../lib/schemas';
import { IdempotencyHeaders } from '../../plugins/idempotency';
import { MANAGERS } from '../../plugins/tenant';

const Text = Type.String({
  minLength: 1,
  maxLength: QUICK_ADD_MAX_LENGTH,
  description: 'One line, e.g. "montage reel @fournil 1h30 #ig"',
});
const Timestamp = Type.String({ format: 'date-time' });

const ParsedBody = Type.Object({
  durationSeconds: nullable(Type.Integer()),
  startedAt: nullable(Timestamp),
  endedAt: nullable(Timestamp),
  localDate: Type.String({ format: 'date' }),
  categoryKey: Type.String(),
  brand: nullable(Type.String({ description: 'Slug of a known brand' })),
  proposedBrand: nullable(
    Type.String({ description: 'An unknown @brand as typed: kept in the note, or created with createBrand' }),
  ),
  proposedBrandSpan: nullable(
    Type.Object(
      { start: Type.Integer(), end: Type.Integer() },
      { description: 'Where "@brand" is in the text: [start, end) in UTF-16 code units' },
    ),
  ),
  brandCandidates: Type.Array(Type.String(), {
    description: 'Slugs an ambiguous @word could mean (none was chosen; the word stays in the note)',
  }),
  platform: nullable(Type.String()),
  tags: Type.Array(Type.String()),
  deliverable: nullable(
    Type.Object({
      typeKey: nullable(Type.String()),
      title: nullable(Type.String()),
      count: Type.Integer({ minimum: 1, description: '"2 posts" → 2' }),
    }),
  ),
  note: Type.String(),
  warnings: Type.Array(Type.Object({ code: Type.String(), message: Type.String() })),
});

const Action = Type.Union([Type.Literal('logged'), Type.Literal('timer_started'), Type.Literal('timer_stopped')], {
  description: 'What the line did: logged an entry, started the timer, or stopped it',
});

const quickAddRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = app.deps;

  app.post(
    '/quick-add/parse',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['time-entries'],
        summary: 'Parse a quick-add line without saving it (preview); now defaults to the server clock',
        params: OrgParams,
        body: Type.Object(
          {
            text: Text,
            now: Type.Optional(Type.String({ format: 'date-time', description: 'Reference instant for "yesterday"…' })),
            timeZone: Type.Optional(TimeZone),
            locale: Type.Optional(Locale),
          },
          { additionalProperties: false },
        ),
        response: { 200: ParsedBody, ...ErrorResponses },
      },
    },
    async (request) => parseLine(deps, request.actor, request.body),
  );

  app.post(
    '/quick-add',
    {
      config: { scope: 'entries:write' },
      schema: {
        tags: ['time-entries'],
        summary: 'Log a quick-add line (or start / stop the timer with "start …" / "stop")',
        params: OrgParams,
        headers: IdempotencyHeaders,
        body: Type.Object(
          {
            text: Text,
            timeZone: Type.Optional(TimeZone),
            locale: Type.Optional(Locale),
            createBrand: Type.Optional(
              Type.Boolean({
                description:
                  "Create the line's unknown @brand and log with it (a member's lands as a pending brand a manager confirms)",
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object(
            { action: Action, entry: EntryBody, parsed: ParsedBody },
            { description: 'A timer was stopped' },
          ),
          201: Type.Object({ action: Action, entry: EntryBody, parsed: ParsedBody }),
          ...ErrorResponses,
          422: ErrorBody,
        },
      },
    },
    async (request, reply) =>
      reply.idempotent(async (db) => {
        const { status, ...body } = await quickAdd({ ...deps, db }, request.actor, request.body);
        return { status, body };
      }),
  );

  // The team's vocabulary: aliases learned from corrections (or set by a manager).
  const AliasBody = Type.Object({
    id: Uuid,
    kind: Type.Union([Type.Literal('category'), Type.Literal('brand'), Type.Literal('platform')]),
    phrase: Type.String(),
    categoryId: nullable(Uuid),
    brandId: nullable(Uuid),
    platform: nullable(Type.String({ description: `One of ${PLATFORMS.join(', ')}` })),
    source: Type.Union([Type.Literal('learned'), Type.Literal('manual')]),
    corrections: Type.Integer({ description: 'Corrections that taught it' }),
    updatedAt: Timestamp,
  });
  const LearnAfter = Type.Integer({
    minimum: 0,
    maximum: 20,
    description: 'The same correction on this many entries makes the word an alias (0: never learn)',
  });
  const Vocabulary = Type.Object({ learnAfter: LearnAfter, items: Type.Array(AliasBody) });
  const AliasParams = Type.Object({ orgId: Uuid, aliasId: Uuid }, { additionalProperties: false });

  app.get(
    '/quick-add/aliases',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['time-entries'],
        summary: "The team's quick-add words: aliases learned from corrections or set by a manager",
        params: OrgParams,
        response: { 200: Vocabulary, ...ErrorResponses },
      },
    },
    async (request) => listAliasViews(deps, request.actor),
  );

  app.put(
    '/quick-add/learning',
    {
      config: { scope: 'entries:write', roles: MANAGERS },
      schema: {
        tags: ['time-entries'],
        summary: 'How many identical corrections teach quick-add a word (managers)',
        params: OrgParams,
        body: Type.Object({ learnAfter: LearnAfter }, { additionalProperties: false }),
        response: { 200: Vocabulary, ...ErrorResponses },
      },
    },
    async (request) => setLearnAfter(deps, request.actor, request.body),
  );

  app.patch(
    '/quick-add/aliases/:aliasId',
    {
      config: { scope: 'entries:write', roles: MANAGERS },
      schema: {
        tags: ['time-entries'],
        summary: 'Rename a quick-add alias (managers)',
        params: AliasParams,
        body: Type.Object({ phrase: Type.String({ minLength: 1, maxLength: 60 }) }, { additionalProperties: false }),
        response: { 200: AliasBody, ...ErrorResponses },
      },
    },
    async (request) => renameAlias(deps, request.actor, request.params.aliasId, request.body),
  );

  app.delete(
    '/quick-add/aliases/:aliasId',
    {
      config: { scope: 'entries:write', roles: MANAGERS },
      schema: {
        tags: ['time-entries'],
        summary: 'Remove a quick-add alias: the word reads as by default again (managers)',
        params: AliasParams,
        response: { 204: Type.Null(), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      await removeAlias(deps, request.actor, request.params.aliasId);
      return reply.code(204).send(null);
    },
  );
};

export default quickAddRoutes;
