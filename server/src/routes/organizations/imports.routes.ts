// Imports, in the shape of the exports: a manager uploads another tracker's export (multipart, up to
// 50 MB, streamed to the import store), gets the detected format, the mapping's suggestions, a
// preview and every problem; previews other mappings; runs it in the background (progress on the
// row and over server-sent events); cancels it; undoes it.
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  cancelImport,
  createImport,
  dataFolders,
  getImportView,
  type ImportSummaryView,
  importSummaryView,
  listImportViews,
  MAX_IMPORT_BYTES,
  notFound,
  previewImport,
  runImport,
  undoImport,
} from '@proofwork/app';
import { getImport, IMPORT_PROGRESS_CHANNEL, type ImportProgressed } from '@proofwork/db';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { uuidv7 } from 'uuidv7';
import { AppError } from '../../lib/errors';
import { openStreams } from '../../lib/event-stream';
import { ImportBody, ImportFormat, ImportSummary, MappingProperties } from '../../lib/import-schemas';
import { streamRowEvents } from '../../lib/row-events';
import { ErrorBody, ErrorResponses, OrgParams, optionalBody, Uuid } from '../../lib/schemas';
import { createValidatorCompiler } from '../../lib/validation';
import { IdempotencyHeaders } from '../../plugins/idempotency';
import { MANAGERS } from '../../plugins/tenant';

const ImportParams = Type.Object({ orgId: Uuid, importId: Uuid }, { additionalProperties: false });
const UploadErrors = { ...ErrorResponses, 413: ErrorBody, 415: ErrorBody, 422: ErrorBody };
const WriteErrors = { ...ErrorResponses, 410: ErrorBody, 422: ErrorBody };
const finished = (row: ImportSummaryView) => row.status !== 'queued' && row.status !== 'running';

const notAllowed = (name: string) =>
  new AppError(400, 'validation_failed', `body.${name} is not an allowed field`, [
    { field: `body.${name}`, message: 'is not an allowed field' },
  ]);

/** Multipart's own failures, in the API's words. */
function uploadError(error: unknown): unknown {
  switch ((error as { code?: string }).code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return new AppError(413, 'file_too_large', `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB`, [
        { field: 'body.file', message: `is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB: export a shorter period` },
      ]);
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new AppError(400, 'validation_failed', 'Send one file, in the field "file", and nothing else', [
        { field: 'body.file', message: 'send one file and nothing else' },
      ]);
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError(415, 'unsupported_media_type', 'Send the file as multipart/form-data, field "file"');
    default:
      return error;
  }
}

const importsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, config } = app.deps;
  const { imports: directory } = dataFolders(config);
  const deps = { ...app.deps, directory };
  const streams = openStreams(app);
  const validators = createValidatorCompiler();
  await app.register(multipart, {
    limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 2, parts: 3, fieldSize: 1024, headerPairs: 50 },
    throwFileSizeLimit: true,
  });

  /** Streams the one file part to the import store; returns where, its size and its name. */
  async function receive(request: FastifyRequest, id: string) {
    if (!request.isMultipart()) {
      throw new AppError(415, 'unsupported_media_type', 'Send the file as multipart/form-data, in the field "file"');
    }
    const storageKey = `${request.actor.organizationId}/${id}.upload`;
    const file = path.join(directory, storageKey);
    await mkdir(path.dirname(file), { recursive: true });
    let received: { fileName: string; fileSize: number } | null = null;
    let refusal: AppError | null = null;
    try {
      for await (const part of request.parts()) {
        if (part.type !== 'file') {
          refusal ??= notAllowed(part.fieldname);
          continue;
        }
        if (part.fieldname !== 'file' || received) {
          refusal ??= notAllowed(part.fieldname);
          part.file.resume();
          continue;
        }
        const out = createWriteStream(file, { flags: 'wx' });
        await pipeline(part.file, out);
        if (part.file.truncated) throw uploadError({ code: 'FST_REQ_FILE_TOO_LARGE' });
        received = { fileName: part.filename, fileSize: out.bytesWritten };
      }
      if (refusal) throw refusal;
      if (!received) {
        throw new AppError(400, 'validation_failed', 'body.file is required', [
          { field: 'body.file', message: 'is required: send the export in the field "file"' },
        ]);
      }
      return { ...received, storageKey, file };
    } catch (error) {
      await rm(file, { force: true });
      throw uploadError(error);
    }
  }

  app.post(
    '/imports',
    {
      config: { roles: MANAGERS, scope: 'manage' },
      // The body is a multipart stream read by the handler: its schema documents it, the handler
      // checks it (one part, "file"), so it is not validated as JSON.
      validatorCompiler: (route) => (route.httpPart === 'body' ? () => true : validators(route)),
      schema: {
        tags: ['imports'],
        summary:
          'Upload an export (Toggl Track, Clockify or Harvest CSV, a CSV of your own, or a Proofwork JSON export) of up to 50 MB: 201 with the detected format, the suggested mapping, a preview and every problem',
        params: OrgParams,
        consumes: ['multipart/form-data'],
        body: Type.Object(
          { file: Type.String({ format: 'binary', description: 'The export, UTF-8 CSV or JSON' }) },
          { additionalProperties: false },
        ),
        response: { 201: ImportBody, ...UploadErrors },
      },
    },
    async (request, reply) => {
      const id = uuidv7();
      const upload = await receive(request, id);
      try {
        const view = await createImport(deps, request.actor, { id, ...upload });
        return reply.code(201).send(view);
      } catch (error) {
        // Nothing is kept of a file that cannot be imported.
        await rm(upload.file, { force: true });
        throw error;
      }
    },
  );

  app.get(
    '/imports',
    {
      config: { roles: MANAGERS, scope: 'read' },
      schema: {
        tags: ['imports'],
        summary: 'The organization’s imports, newest first (without their analysis)',
        params: OrgParams,
        response: { 200: Type.Object({ items: Type.Array(ImportSummary) }), ...ErrorResponses },
      },
    },
    async (request) => ({ items: await listImportViews(deps, request.actor) }),
  );

  app.get(
    '/imports/:importId',
    {
      config: { roles: MANAGERS, scope: 'read' },
      schema: {
        tags: ['imports'],
        summary: 'One import: status, progress (0–100), the analysis and the report of its last run',
        params: ImportParams,
        response: { 200: ImportBody, ...ErrorResponses },
      },
    },
    async (request) => getImportView(deps, request.actor, request.params.importId),
  );

  app.post(
    '/imports/:importId/preview',
    {
      config: { roles: MANAGERS, scope: 'manage' },
      schema: {
        tags: ['imports'],
        summary:
          'The preview and problems of a mapping (nothing is written); another format re-reads the file in that format',
        params: ImportParams,
        body: Type.Object(
          { format: Type.Optional(ImportFormat), ...MappingProperties },
          { additionalProperties: false },
        ),
        response: { 200: ImportBody, ...WriteErrors },
      },
    },
    async (request) => previewImport(deps, request.actor, request.params.importId, request.body),
  );

  app.post(
    '/imports/:importId/run',
    {
      config: { roles: MANAGERS, scope: 'manage' },
      schema: {
        tags: ['imports'],
        summary:
          'Run the import with this mapping (an empty body takes the suggestions): 202, then follow it with GET or the events. Running it again adds only rows not imported yet',
        params: ImportParams,
        headers: IdempotencyHeaders,
        body: optionalBody(MappingProperties),
        response: { 202: ImportBody, ...WriteErrors },
      },
    },
    async (request, reply) =>
      reply.idempotent(async (tx) => ({
        status: 202,
        body: await runImport({ ...deps, db: tx }, request.actor, request.params.importId, request.body ?? {}),
      })),
  );

  app.post(
    '/imports/:importId/cancel',
    {
      config: { roles: MANAGERS, scope: 'manage' },
      schema: {
        tags: ['imports'],
        summary: 'Cancel a queued import, or stop a running one after its current batch (what was written stays)',
        params: ImportParams,
        body: optionalBody({}),
        response: { 200: ImportBody, ...ErrorResponses },
      },
    },
    async (request) => cancelImport(deps, request.actor, request.params.importId),
  );

  app.post(
    '/imports/:importId/undo',
    {
      config: { roles: MANAGERS, scope: 'manage' },
      schema: {
        tags: ['imports'],
        summary:
          'Remove the import’s entries as one action (entries in approved weeks stay); rollups follow through the outbox',
        params: ImportParams,
        headers: IdempotencyHeaders,
        body: optionalBody({}),
        response: { 200: ImportBody, ...ErrorResponses },
      },
    },
    async (request, reply) =>
      reply.idempotent(async (tx) => ({
        status: 200,
        body: await undoImport({ ...deps, db: tx }, request.actor, request.params.importId),
      })),
  );

  app.get(
    '/imports/:importId/events',
    {
      config: { roles: MANAGERS, scope: 'read' },
      schema: {
        tags: ['imports'],
        summary:
          'Server-sent events: `progress` with the import (as GET imports, without its analysis) now and on each change; ends once it is no longer queued or running',
        params: ImportParams,
        produces: ['text/event-stream'],
        response: { 200: Type.String({ description: 'An event stream' }), ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const { organizationId } = request.actor;
      const { importId } = request.params;
      await getImportView(deps, request.actor, importId);
      const read = async () => {
        const row = await getImport(db, organizationId, importId);
        if (!row) throw notFound('Import');
        return importSummaryView(row);
      };
      await streamRowEvents(request, reply, streams, {
        db,
        channel: IMPORT_PROGRESS_CHANNEL,
        concerns: (payload) => {
          const event = JSON.parse(payload) as ImportProgressed;
          return event.importId === importId && event.organizationId === organizationId;
        },
        read,
        finished,
      });
    },
  );
};

export default importsRoutes;
