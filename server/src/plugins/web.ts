// Serves the built web app at / with a fallback to its index page for client-side routes.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { routeNotFound } from '../lib/errors';
import { sendError } from './errors';

const PLACEHOLDER = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Proofwork</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem">
<h1>Proofwork</h1><p>The API is running. The web app has not been built yet: run <code>npm run build</code>.</p>
<p lang="fr">L’API fonctionne. L’application web n’est pas encore construite : lancez <code>npm run build</code>.</p>
<p><a href="/docs">API reference</a></p></body></html>`;

/** The installed app's manifest, in the viewer's language (a manifest has one language per file). */
const MANIFEST_WORDS = {
  en: {
    description: 'Log every task of community management in seconds, and prove the real workload.',
    log: 'Log a task',
    timer: 'Start the timer',
  },
  fr: {
    description: 'Enregistrez chaque tâche de community management en quelques secondes, et prouvez la charge réelle.',
    log: 'Enregistrer une tâche',
    timer: 'Lancer le minuteur',
  },
};

export function webManifest(locale: 'en' | 'fr') {
  const words = MANIFEST_WORDS[locale];
  return {
    name: 'Proofwork',
    short_name: 'Proofwork',
    description: words.description,
    lang: locale,
    id: '/',
    start_url: '/week?source=app',
    scope: '/',
    display: 'standalone',
    background_color: '#f7f7f5',
    theme_color: '#1f2a44',
    icons: [
      { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
      { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
      { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      { src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml' },
    ],
    shortcuts: [
      { name: words.log, url: '/week?do=log', icons: [{ src: '/icon-192.png', sizes: '192x192' }] },
      { name: words.timer, url: '/week?do=timer', icons: [{ src: '/icon-192.png', sizes: '192x192' }] },
    ],
    // Text or a link shared from another app lands in the quick-add bar of My week.
    share_target: { action: '/week', method: 'GET', params: { title: 'title', text: 'text', url: 'url' } },
  };
}

function isApiPath(url: string) {
  return url.startsWith('/api/') || url === '/api' || url.startsWith('/docs') || url === '/openapi.json';
}

async function webPlugin(app: FastifyInstance) {
  const root = app.deps.webRoot;
  const indexFile = root ? path.join(root, 'index.html') : null;
  const hasBuild = indexFile !== null && existsSync(indexFile);
  if (hasBuild && root) {
    await app.register(fastifyStatic, {
      root,
      wildcard: false,
      index: ['index.html'],
      maxAge: '1h',
      // The build's brotli and gzip copies (web/svelte.config.js), sent to a browser that accepts
      // them: the scripts travel at the size the bench reports, compressed once at build time.
      preCompressed: true,
      // A new service worker or page must be seen at once; hashed assets keep their hour.
      setHeaders: (res, file) => {
        if (/(^|[\\/])(service-worker\.js|index\.html)(\.br|\.gz)?$/.test(file))
          res.header('cache-control', 'no-cache');
      },
    });
  }
  app.get('/manifest.webmanifest', { schema: { hide: true } }, (request, reply) => {
    const locale = /^fr\b/i.test(request.headers['accept-language'] ?? '') ? 'fr' : 'en';
    return reply
      .type('application/manifest+json; charset=utf-8')
      .header('vary', 'accept-language')
      .header('cache-control', 'no-cache')
      .send(webManifest(locale));
  });
  const shell = hasBuild && indexFile ? await readFile(indexFile, 'utf8') : PLACEHOLDER;
  if (!hasBuild) app.get('/', { schema: { hide: true } }, (_req, reply) => reply.type('text/html').send(shell));

  app.setNotFoundHandler((request, reply) => {
    const wantsPage = request.method === 'GET' && !isApiPath(request.url) && !path.extname(request.url.split('?')[0]!);
    if (wantsPage) return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(shell);
    return sendError(reply, routeNotFound(request.method, request.url));
  });
}

export default fp(webPlugin, { name: 'web' });
