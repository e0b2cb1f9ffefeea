// Whether a path is a page of the web app: matched against the SvelteKit route folders (route
// groups in parentheses are not part of the URL, [param] folders match one segment).
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const routesRoot = fileURLToPath(new URL('../../web/src/routes/', import.meta.url));

function matches(dir: string, segments: string[]): boolean {
  if (segments.length === 0) {
    if (existsSync(path.join(dir, '+page.svelte'))) return true;
  }
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const sub = path.join(dir, entry.name);
    if (/^\(.+\)$/.test(entry.name) && matches(sub, segments)) return true;
    if (segments.length === 0) continue;
    const [first, ...rest] = segments;
    if ((entry.name === first || /^\[[^\].]+\]$/.test(entry.name)) && matches(sub, rest)) return true;
  }
  return false;
}

/** True when the web app has a page at this URL's path. */
export function isWebPage(url: string): boolean {
  const segments = new URL(url).pathname.split('/').filter(Boolean).map(decodeURIComponent);
  return matches(routesRoot, segments);
}
