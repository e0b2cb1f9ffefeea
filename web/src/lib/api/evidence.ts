// Calls of the evidence section: exports (request, list, watch progress, download), share links
// (create, list, revoke) and the public snapshot behind a share link.
import type { Locale } from '@proofwork/core';
import { api, ok } from './client';
import type { Body, Input } from './types';

type Org = '/api/v1/organizations/{orgId}';

export type Export = Body<`${Org}/exports/{exportId}`, 'get'>;
export type ExportRequest = Input<`${Org}/exports`, 'post'>;
export type ExportFormat = ExportRequest['format'];
export type ShareLink = Body<`${Org}/share-links`, 'get'>['items'][number];
export type CreatedShareLink = Body<`${Org}/share-links`, 'post'>;
export type ShareLinkRequest = Input<`${Org}/share-links`, 'post'>;
export type ShareSnapshot = Body<'/api/v1/share/{token}', 'get'>;

export const EXPORT_FORMATS: readonly ExportFormat[] = ['pdf', 'csv', 'xlsx', 'json'];

export async function listExports(orgId: string): Promise<Export[]> {
  return (await ok(api.GET(`/api/v1/organizations/{orgId}/exports`, { params: { path: { orgId } } }))).items;
}

export function getExport(orgId: string, exportId: string): Promise<Export> {
  return ok(api.GET('/api/v1/organizations/{orgId}/exports/{exportId}', { params: { path: { orgId, exportId } } }));
}

/** Queues an export; the key makes a double submit (or a retried request) queue one export. */
export async function requestExport(orgId: string, body: ExportRequest, key: string): Promise<Export> {
  return (await ok(
    api.POST('/api/v1/organizations/{orgId}/exports', {
      params: { path: { orgId }, header: { 'idempotency-key': key } },
      body,
    }),
  )) as Export;
}

/** A plain same-origin link: the browser downloads it with the session cookie. */
export function exportFileUrl(orgId: string, exportId: string): string {
  return `/api/v1/organizations/${orgId}/exports/${exportId}/file`;
}

const finished = (e: Export) => e.status === 'done' || e.status === 'failed';

/**
 * Follows an export until it is done or failed: server-sent events first, polling GET exports/{id}
 * when the stream cannot be opened or breaks. Returns a function that stops watching.
 */
export function watchExport(orgId: string, exportId: string, onUpdate: (e: Export) => void): () => void {
  let stopped = false;
  let source: EventSource | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const update = (e: Export) => {
    if (stopped) return;
    onUpdate(e);
    if (finished(e)) stop();
  };

  function poll() {
    if (stopped) return;
    getExport(orgId, exportId)
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
    source = new EventSource(`/api/v1/organizations/${orgId}/exports/${exportId}/events`);
    source.addEventListener('progress', (event) => {
      update(JSON.parse((event as MessageEvent<string>).data) as Export);
    });
    // The stream ends after the last event; any error before that falls back to polling.
    source.onerror = () => {
      source?.close();
      source = null;
      poll();
    };
  }
  return stop;
}

export async function listShareLinks(orgId: string): Promise<ShareLink[]> {
  return (await ok(api.GET('/api/v1/organizations/{orgId}/share-links', { params: { path: { orgId } } }))).items;
}

export function createShareLink(orgId: string, body: ShareLinkRequest): Promise<CreatedShareLink> {
  return ok(api.POST('/api/v1/organizations/{orgId}/share-links', { params: { path: { orgId } }, body }));
}

export function revokeShareLink(orgId: string, shareLinkId: string): Promise<ShareLink> {
  return ok(
    api.DELETE('/api/v1/organizations/{orgId}/share-links/{shareLinkId}', {
      params: { path: { orgId, shareLinkId } },
    }),
  );
}

/** The public snapshot (no session needed); a 404 ApiError for unknown, expired or revoked tokens. */
/** Without a language, the report comes in the language chosen when the link was made. */
export function getShareSnapshot(token: string, locale?: Locale): Promise<ShareSnapshot> {
  return ok(api.GET('/api/v1/share/{token}', { params: { path: { token }, query: locale ? { locale } : {} } }));
}

/** Active, expired or revoked, at a given instant. */
export function shareLinkState(link: ShareLink, now = Date.now()): 'active' | 'expired' | 'revoked' {
  if (link.revokedAt) return 'revoked';
  return Date.parse(link.expiresAt) <= now ? 'expired' : 'active';
}
