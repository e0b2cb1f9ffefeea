// Calls of the import page: upload a file (multipart), preview a mapping, run, follow the run
// (server-sent events, polling as the fallback), cancel, undo, and the past imports.
import { api, idempotencyKey, ok } from './client';
import type { Body, Input } from './types';

type Org = '/api/v1/organizations/{orgId}';

export type ImportView = Body<`${Org}/imports/{importId}`, 'get'>;
export type ImportSummary = Body<`${Org}/imports`, 'get'>['items'][number];
export type ImportReport = NonNullable<ImportSummary['report']>;
export type ImportProblem = ImportView['problems'][number];
export type ImportPreviewRow = ImportView['preview'][number];
export type ImportMapping = ImportView['mapping'];
/** What the preview and the run take: the mapping's parts (and, for a preview, another format). */
export type MappingInput = Input<`${Org}/imports/{importId}/preview`, 'post'>;
export type ImportFormat = ImportView['format'];

export const IMPORT_FORMATS: readonly ImportFormat[] = ['toggl', 'clockify', 'harvest', 'generic', 'proofwork'];
/** The largest file the API takes. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

const params = (orgId: string, importId: string) => ({ params: { path: { orgId, importId } } });

/** Uploads the file (the browser streams it; the server stores and analyses it). */
export async function uploadImport(orgId: string, file: File): Promise<ImportView> {
  const form = new FormData();
  form.append('file', file, file.name);
  return (await ok(
    api.POST('/api/v1/organizations/{orgId}/imports', {
      params: { path: { orgId } },
      // openapi-fetch sends FormData as is (the browser sets the multipart boundary).
      body: form as unknown as { file: string },
    }),
  )) as ImportView;
}

export async function listImports(orgId: string): Promise<ImportSummary[]> {
  return (await ok(api.GET('/api/v1/organizations/{orgId}/imports', { params: { path: { orgId } } }))).items;
}

export function getImport(orgId: string, importId: string): Promise<ImportView> {
  return ok(api.GET('/api/v1/organizations/{orgId}/imports/{importId}', params(orgId, importId)));
}

export function previewImport(orgId: string, importId: string, body: MappingInput): Promise<ImportView> {
  return ok(api.POST('/api/v1/organizations/{orgId}/imports/{importId}/preview', { ...params(orgId, importId), body }));
}

/** Queues the run; the key makes a double click (or a retried request) queue one run. */
export async function runImport(orgId: string, importId: string, body: Omit<MappingInput, 'format'>) {
  return (await ok(
    api.POST('/api/v1/organizations/{orgId}/imports/{importId}/run', {
      params: { path: { orgId, importId }, header: { 'idempotency-key': idempotencyKey() } },
      body,
    }),
  )) as ImportView;
}

export function cancelImport(orgId: string, importId: string): Promise<ImportView> {
  return ok(
    api.POST('/api/v1/organizations/{orgId}/imports/{importId}/cancel', { ...params(orgId, importId), body: {} }),
  );
}

export function undoImport(orgId: string, importId: string): Promise<ImportView> {
  return ok(
    api.POST('/api/v1/organizations/{orgId}/imports/{importId}/undo', {
      params: { path: { orgId, importId }, header: { 'idempotency-key': idempotencyKey() } },
      body: {},
    }),
  );
}

const active = (s: Pick<ImportSummary, 'status'>) => s.status === 'queued' || s.status === 'running';

/**
 * Follows a run until it is no longer queued or running: server-sent events first, polling GET
 * imports/{id} when the stream cannot be opened or breaks. Returns a function that stops watching.
 */
export function watchImport(orgId: string, importId: string, onUpdate: (s: ImportSummary) => void): () => void {
  let stopped = false;
  let source: EventSource | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const update = (s: ImportSummary) => {
    if (stopped) return;
    onUpdate(s);
    if (!active(s)) stop();
  };

  function poll() {
    if (stopped) return;
    getImport(orgId, importId)
      .then(update)
      .catch(() => {})
      .finally(() => {
        if (!stopped) timer = setTimeout(poll, 1000);
      });
  }

  function stop() {
    stopped = true;
    source?.close();
    if (timer) clearTimeout(timer);
  }

  if (typeof EventSource === 'undefined') poll();
  else {
    source = new EventSource(`/api/v1/organizations/${orgId}/imports/${importId}/events`);
    source.addEventListener('progress', (event) => update(JSON.parse((event as MessageEvent).data) as ImportSummary));
    source.onerror = () => {
      source?.close();
      source = null;
      poll();
    };
  }
  return stop;
}
