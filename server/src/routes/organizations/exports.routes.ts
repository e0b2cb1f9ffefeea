// Evidence exports: a manager asks for a PDF, CSV, XLSX or JSON of a period; the workers build it
// (status, progress and the data set's SHA-256 on the export row); the file is downloadable for 30 days.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  dataFolders,
  type ExportView,
  exportFile,
  getExportView,
  listExportViews,
  notFound,
  requestExport,
} from '@proofwork/app';
import { EXPORT_PROGRESS_CHANNEL, type ExportProgressed } from '@proofwork/db';
import Type from 'typebox';
import { openStreams } from '../../lib/event-stream';
import { streamRowEvents } from '../../lib/row-events';
import { ErrorResponses, LocalDate, Locale, OrgParams, Uuid } from '../../lib/schemas';
import { IdempotencyHeaders } from '../../plugins/idempotency';
import { MANAGERS } from '../../plugins/tenant';

const Format = Type.Union([Type.Literal('pdf'), Type.Literal('csv'), Type.Literal('xlsx'), Type.Literal('json')]);
const Ids = Type.Array(Uuid, { maxItems: 500, uniqueItems: true });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Timestamp = Type.String({ format: 'date-time' });

const ExportBody = Type.Object({
  id: Uuid,
  format: Format,
  locale: Locale,
  status: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
  progress: Type.Integer({ minimum: 0, maximum: 100 }),
  params: Type.Object({
    from: LocalDate,
    to: LocalDate,
    memberIds: Type.Optional(Ids),
    brandIds: Type.Optional(Ids),
    anonymize: Type.Optional(Type.Boolean()),
  }),
  fileName: Nullable(Type.String()),
  contentType: Nullable(Type.String()),
  fileSize: Nullable(Type.Integer()),
  sha256: Nullable(Type.String({ description: 'SHA-256 of the data set (see the JSON export)' })),
  error: Nullable(Type.String()),
  createdAt: Timestamp,
  finishedAt: Nullable(Timestamp),
  expiresAt: Timestamp,
});
const ExportParams = Type.Object({ orgId: Uuid, exportId: Uuid }, { additionalProperties: false });

/** RFC 6266: an ASCII fallback name plus the UTF-8 one. */
function contentDisposition(fileName: string) {
  const ascii = fileName
    .normalize('NFD')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/["\\]/g, '');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

const exportsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, config } = app.deps;
  const { exports: directory } = dataFolders(config);
  const streams = openStreams(app);

  app.post(
    '/exports',
    {
      config: { scope: 'entries:write', roles: MANAGERS },
      schema: {
        tags: ['evidence'],
        summary: 'Ask for an evidence export of a period (built in the background; 202 with the queued export)',
        params: OrgParams,
        headers: IdempotencyHeaders,
        body: Type.Object(
          {
            format: Format,
            from: LocalDate,
            to: LocalDate,
            memberIds: Type.Optional(Ids),
            brandIds: Type.Optional(Ids),
            locale: Locale,
            anonymize: Type.Optional(Type.Boolean({ description: 'Replace member names with Member 1…n' })),
          },
          { additionalProperties: false },
        ),
        response: { 202: ExportBody, ...ErrorResponses },
      },
    },
    async (request, reply) =>
      // A retried POST with the same Idempotency-Key answers the first export instead of queueing a second.
      reply.idempotent(async (tx) => ({
        status: 202,
        body: await requestExport({ ...app.deps, db: tx }, request.actor, request.body),
      })),
  );

  app.get(
    '/exports',
    {
      config: { scope: 'read', roles: MANAGERS },
      schema: {
        tags: ['evidence'],
        summary: 'The organization’s exports, newest first',
        params: OrgParams,
        response: { 200: Type.Object({ items: Type.Array(ExportBody) }), ...ErrorResponses },
      },
    },
    async (request) => ({ items: await listExportViews(app.deps, request.actor) }),
  );

  app.get(
    '/exports/:exportId',
    {
      config: { scope: 'read', roles: MANAGERS },
      schema: {
        tags: ['evidence'],
        summary: 'One export: status, progress (0–100), the data set’s SHA-256 and any error',
        params: ExportParams,
        response: { 200: ExportBody, ...ErrorResponses },
      },
    },
    async (request) => getExportView(app.deps, request.actor, request.params.exportId),
  );

  app.get(
    '/exports/:exportId/events',
    {
      config: { scope: 'read', roles: MANAGERS },
      schema: {
        tags: ['evidence'],
        summary:
          'Server-sent events: `progress` with the export (as GET exports/{id}) now and on each change; the stream ends once it is done or failed',
        params: ExportParams,
        produces: ['text/event-stream'],
        response: { 200: Type.String({ description: 'An event stream' }), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const { organizationId } = request.actor;
      const { exportId } = request.params;
      await getExportView(app.deps, request.actor, exportId);
      await streamRowEvents(request, reply, streams, {
        db,
        channel: EXPORT_PROGRESS_CHANNEL,
        concerns: (payload) => {
          const event = JSON.parse(payload) as ExportProgressed;
          return event.exportId === exportId && event.organizationId === organizationId;
        },
        read: () => getExportView(app.deps, request.actor, exportId),
        finished: (row: ExportView) => row.status === 'done' || row.status === 'failed',
      });
    },
  );

  app.get(
    '/exports/:exportId/file',
    {
      config: { scope: 'read', roles: MANAGERS },
      schema: {
        tags: ['evidence'],
        summary: 'Download the export’s file (409 until it is built)',
        params: ExportParams,
        produces: [
          'application/pdf',
          'text/csv',
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'application/json',
        ],
        response: { 200: Type.Unknown({ description: 'The file' }), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const stored = await exportFile(app.deps, request.actor, request.params.exportId);
      const file = path.join(directory, stored.storageKey);
      const size = await stat(file).then(
        (s) => s.size,
        () => null,
      );
      if (size === null) throw notFound('Export file');
      return reply
        .header('content-type', stored.contentType)
        .header('content-length', size)
        .header('content-disposition', contentDisposition(stored.fileName ?? path.basename(file)))
        .header('cache-control', 'private, no-store')
        .header('x-content-sha256-of-data-set', stored.sha256 ?? '')
        .send(createReadStream(file));
    },
  );
};

export default exportsRoutes;
