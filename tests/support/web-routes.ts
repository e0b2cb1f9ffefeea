// The pages of the web app, read from the SvelteKit route folders: route groups in parentheses are
// not part of the URL, a [param] folder matches one segment. Tests use it to check that a link
// leads to a page, and that a check meant for every page does reach every page.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const routesRoot = fileURLToPath(new URL('../../web/src/routes/', import.meta.url));
const PARAM = /^\[[^\].]+\]$/;

function collect(dir: string, segments: string[], into: Set<string>) {
  if (existsSync(path.join(dir, '+page.svelte'))) into.add(`/${segments.join('/')}`);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const group = /^\(.+\)$/.test(entry.name);
    collect(path.join(dir, entry.name), group ? segments : [...segments, entry.name], into);
  }
}

/** Every page of the web app as its route, sorted: '/sign-in', '/share/[token]', '/team/[memberId]'… */
export function webPages(): string[] {
  const found = new Set<string>();
  collect(routesRoot, [], found);
  return [...found].sort();
}

/**
 * The route of the page a URL opens ('/team/[memberId]' for '/team/0190…'), or null when the web
 * app has no page there. A route's own words win over a parameter, as in SvelteKit.
 */
export function webPageOf(url: string): string | null {
  const segments = new URL(url).pathname.split('/').filter(Boolean).map(decodeURIComponent);
  let best: { route: string; literal: number } | null = null;
  for (const route of webPages()) {
    const parts = route.split('/').filter(Boolean);
    if (parts.length !== segments.length) continue;
    if (!parts.every((part, i) => part === segments[i] || PARAM.test(part))) continue;
    const literal = parts.filter((part) => !PARAM.test(part)).length;
    if (!best || literal > best.literal) best = { route, literal };
  }
  return best?.route ?? null;
}

/** True when the web app has a page at this URL's path. */
export function isWebPage(url: string): boolean {
  return webPageOf(url) !== null;
}
