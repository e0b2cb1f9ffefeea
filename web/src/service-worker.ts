/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
// The installed app's offline side: the app shell (every built file) is cached at install, so the
// app opens without a network; the reads My week needs are kept from their last answer, so it still
// shows the week offline. Writes are never cached or replayed here: the quick-add outbox resends
// them itself, with their Idempotency-Key, once the network is back.
import { build, files, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;
const SHELL = `proofwork-shell-${version}`;
/** Answers of the API's reads, kept per signed-in user; emptied at sign-out. */
const API_CACHE = 'proofwork-api';
const SHELL_FILES = [...build, ...files.filter((f) => !f.endsWith('.map')), '/'];

/** The reads that let My week (header, week list, timer, catalog) render offline. */
const CACHED_READS = [
  /^\/api\/v1\/me$/,
  /^\/api\/v1\/organizations\/[^/]+$/,
  /^\/api\/v1\/organizations\/[^/]+\/(time-entries|timer|categories|brands|deliverable-types|weeks)(\/week|\/summary)?$/,
  /^\/api\/v1\/organizations\/[^/]+\/members\/[^/]+$/,
];

sw.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(SHELL_FILES))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k.startsWith('proofwork-shell-') && k !== SHELL).map((k) => caches.delete(k))),
      )
      .then(() => sw.clients.claim()),
  );
});

sw.addEventListener('message', (event) => {
  // Signing out forgets what this user's reads answered.
  if (event.data === 'sign-out') event.waitUntil(caches.delete(API_CACHE));
});

async function networkFirst(request: Request, cacheName: string, fallback?: string): Promise<Response> {
  try {
    const response = await fetch(request);
    if (response.ok) await (await caches.open(cacheName)).put(request, response.clone());
    return response;
  } catch (error) {
    const cached =
      (await caches.match(request, { cacheName })) ?? (fallback ? await caches.match(fallback) : undefined);
    if (cached) return cached;
    throw error;
  }
}

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin) return;

  if (url.pathname.startsWith('/api/')) {
    // Only the reads My week needs, never an event stream, a file or anything anonymous.
    if (!CACHED_READS.some((re) => re.test(url.pathname))) return;
    event.respondWith(networkFirst(request, API_CACHE));
    return;
  }
  if (request.mode === 'navigate') {
    // Every client route is the same single page: the shell answers when the network does not.
    event.respondWith(networkFirst(request, SHELL, '/'));
    return;
  }
  if (SHELL_FILES.includes(url.pathname)) {
    event.respondWith(caches.match(request).then((cached) => cached ?? fetch(request)));
  }
});
