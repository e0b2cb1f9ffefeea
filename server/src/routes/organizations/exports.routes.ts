// Evidence exports: a manager asks for a PDF, CSV, XLSX or JSON of a period; the workers build it
// (status, progress and the data set's SHA-256 on the export row); the file is downloadable for 30 days.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { EXPORT_PROGRESS_CHANNEL, type ExportProgressed, type ExportRow, getExport, listExports } from '@proofwork/db';
import Type from 'typebox';
import { conflict, notFound } from '../../lib/errors';
import { exportDirectory } from '../../lib/export-store';
import { ErrorResponses, LocalDate, Locale, OrgParams, Uuid } from '../../lib/schemas';
import { IdempotencyHeaders } from '../../plugins/idempotency';
import { MANAGERS } from '../../plugins/tenant';
import { requestExport } from '../../services/evidence.service';

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

const exportBody = (row: ExportRow) => ({
  id: row.id,
  format: row.format,
  locale: row.locale,
  status: row.status,
  progress: row.progress,
  params: row.params,
  fileName: row.fileName,
  contentType: row.contentType,
  fileSize: row.fileSize,
  sha256: row.sha256,
  error: row.error,
  createdAt: row.createdAt.toISOString(),
  finishedAt: row.finishedAt?.toISOString() ?? null,
  expiresAt: row.expiresAt.toISOString(),
});

/** RFC 6266: an ASCII fallback name plus the UTF-8 one. */
function contentDisposition(fileName: string) {
  const ascii = fileName
    .normalize('NFD')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/["\\]/g, '');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

const exportsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, clock, config } = app.deps;
  const openStreams = new Set<() => void>();
  app.addHook('onClose', async () => {
    for (const close of openStreams) close();
  });

  app.post(
    '/exports',
    {
      config: { roles: MANAGERS },
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
        body: exportBody(
          await requestExport({ db: tx, clock }, request.member.organizationId, request.member.id, request.body),
        ),
      })),
  );

  app.get(
    '/exports',
    {
      config: { roles: MANAGERS },
      schema: {
        tags: ['evidence'],
        summary: 'The organization’s exports, newest first',
        params: OrgParams,
        response: { 200: Type.Object({ items: Type.Array(ExportBody) }), ...ErrorResponses },
      },
    },
    async (request) => ({ items: (await listExports(db, request.member.organizationId)).map(exportBody) }),
  );

  app.get(
    '/exports/:exportId',
    {
      config: { roles: MANAGERS },
      schema: {
        tags: ['evidence'],
        summary: 'One export: status, progress (0–100), the data set’s SHA-256 and any error',
        params: ExportParams,
        response: { 200: ExportBody, ...ErrorResponses },
      },
    },
    async (request) => {
      const row = await getExport(db, request.member.organizationId, request.params.exportId);
      if (!row) throw notFound('Export');
      return exportBody(row);
    },
  );

  app.get(
    '/exports/:exportId/events',
    {
      config: { roles: MANAGERS },
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
      const { organizationId } = request.member;
      const { exportId } = request.params;
      if (!(await getExport(db, organizationId, exportId))) throw notFound('Export');
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write(': connected\n\nretry: 3000\n\n');
      let closed = false;
      let lastSent = '';
      // Notices can arrive faster than the row is read: reads are chained, so events stay in order.
      let reading: Promise<void> = Promise.resolve();
      const send = (row: ExportRow) => {
        if (closed) return;
        const data = JSON.stringify(exportBody(row));
        if (data !== lastSent) {
          lastSent = data;
          res.write(`event: progress\ndata: ${data}\n\n`);
        }
        if (row.status === 'done' || row.status === 'failed') close();
      };
      const refresh = () => {
        reading = reading
          .then(() => getExport(db, organizationId, exportId))
          .then((row) => (row ? send(row) : close()))
          .catch((error: unknown) => request.log.warn({ err: error, exportId }, 'export event read failed'));
      };
      const subscription = await db.$sql.listen(EXPORT_PROGRESS_CHANNEL, (payload) => {
        const event = JSON.parse(payload) as ExportProgressed;
        if (event.exportId === exportId && event.organizationId === organizationId) refresh();
      });
      const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
      function close() {
        if (closed) return;
        closed = true;
        openStreams.delete(close);
        clearInterval(keepAlive);
        void subscription.unlisten().catch(() => {});
        res.end();
      }
      openStreams.add(close);
      request.raw.on('close', close);
      // The state now (read after listening, so a change in between is not lost).
      refresh();
    },
  );

  app.get(
    '/exports/:exportId/file',
    {
      config: { roles: MANAGERS },
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
      const row = await getExport(db, request.member.organizationId, request.params.exportId);
      if (!row || row.expiresAt <= clock.now()) throw notFound('Export');
      if (row.status !== 'done' || !row.storageKey) {
        throw conflict(`The export is ${row.status}; its file is not ready`, [
          { field: 'status', message: row.status },
        ]);
      }
      const file = path.join(exportDirectory(config), row.storageKey);
      const size = await stat(file).then(
        (s) => s.size,
        () => null,
      );
      if (size === null) throw notFound('Export file');
      return reply
        .header('content-type', row.contentType ?? 'application/octet-stream')
        .header('content-length', size)
        .header('content-disposition', contentDisposition(row.fileName ?? path.basename(file)))
        .header('cache-control', 'private, no-store')
        .header('x-content-sha256-of-data-set', row.sha256 ?? '')
        .send(createReadStream(file));
    },
  );
};

export default exportsRoutes;
