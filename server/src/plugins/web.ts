// Serves the built web app at / with a fallback to its index page for client-side routes.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { notFound } from '../lib/errors';
import { sendError } from './errors';

const PLACEHOLDER = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Proofwork</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem">
<h1>Proofwork</h1><p>The API is running. The web app has not been built yet: run <code>npm run build</code>.</p>
<p lang="fr">L’API fonctionne. L’application web n’est pas encore construite : lancez <code>npm run build</code>.</p>
<p><a href="/docs">API reference</a></p></body></html>`;

function isApiPath(url: string) {
  return url.startsWith('/api/') || url === '/api' || url.startsWith('/docs') || url === '/openapi.json';
}

async function webPlugin(app: FastifyInstance) {
  const root = app.deps.webRoot;
  const indexFile = root ? path.join(root, 'index.html') : null;
  const hasBuild = indexFile !== null && existsSync(indexFile);
  if (hasBuild && root) {
    await app.register(fastifyStatic, { root, wildcard: false, index: ['index.html'], maxAge: '1h' });
  }
  const shell = hasBuild && indexFile ? await readFile(indexFile, 'utf8') : PLACEHOLDER;
  if (!hasBuild) app.get('/', { schema: { hide: true } }, (_req, reply) => reply.type('text/html').send(shell));

  app.setNotFoundHandler((request, reply) => {
    const wantsPage = request.method === 'GET' && !isApiPath(request.url) && !path.extname(request.url.split('?')[0]!);
    if (wantsPage) return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(shell);
    return sendError(reply, notFound(`Route ${request.method} ${request.url.split('?')[0]}`));
  });
}

export default fp(webPlugin, { name: 'web' });
