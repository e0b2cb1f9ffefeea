// What the installed app was opened for: its shortcuts (/week?do=log, /week?do=timer) and the share
// target (/week?title=…&text=…&url=…, another app's text or link). Read once from the URL of My week,
// then removed from it, so a reload or Back does not do it again.
import { QUICK_ADD_MAX_LENGTH } from '@proofwork/core';

export type Launch = { kind: 'log'; text: string | null } | { kind: 'timer' };

/** The parameters a launch uses; everything else in the URL is left alone. */
export const LAUNCH_PARAMS = ['do', 'title', 'text', 'url'] as const;

// Control characters (a shared text may carry line breaks and tabs) become spaces.
const CONTROL = /[\p{Cc}\p{Zl}\p{Zp}]+/gu;
const SPACES = / {2,}/g;

function clean(value: string | null): string {
  return (value ?? '').replace(CONTROL, ' ').replace(SPACES, ' ').trim();
}

/**
 * The quick-add line a share makes: the title, the text, and the link unless the text already holds
 * it (apps often put the link in the text); a part the previous one contains is not repeated.
 */
export function sharedLine(params: URLSearchParams): string | null {
  const parts: string[] = [];
  for (const part of [clean(params.get('title')), clean(params.get('text')), clean(params.get('url'))]) {
    if (!part) continue;
    if (parts.some((p) => p.includes(part))) continue;
    const last = parts.length - 1;
    if (last >= 0 && part.includes(parts[last] ?? '')) parts[last] = part;
    else parts.push(part);
  }
  const line = parts.join(' ').slice(0, QUICK_ADD_MAX_LENGTH).trim();
  return line || null;
}

export function launchOf(params: URLSearchParams): Launch | null {
  const action = params.get('do');
  if (action === 'timer') return { kind: 'timer' };
  const text = sharedLine(params);
  if (action === 'log' || text !== null) return { kind: 'log', text };
  return null;
}

/** The URL without the launch parameters, or null when it has none. */
export function withoutLaunch(url: URL): URL | null {
  if (!LAUNCH_PARAMS.some((p) => url.searchParams.has(p))) return null;
  const next = new URL(url);
  for (const p of LAUNCH_PARAMS) next.searchParams.delete(p);
  return next;
}
