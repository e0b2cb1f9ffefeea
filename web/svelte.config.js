import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // A single-page app served by the API server; client-side routes fall back to index.html.
    // precompress: a brotli and a gzip copy of every script, style and page, which the server sends
    // to browsers that accept them (no compression work per request).
    adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', strict: false, precompress: true }),
    csp: { mode: 'hash', directives: { 'script-src': ['self'], 'object-src': ['none'], 'base-uri': ['self'] } },
  },
};

export default config;
