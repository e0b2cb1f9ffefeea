// Completion for quick-add mentions: "@fou" → brands, "#ins" → platforms, at the caret.
import { PLATFORM_ALIASES, PLATFORM_NAMES, PLATFORMS } from '@proofwork/core';

export interface Mention {
  kind: '@' | '#';
  query: string;
  /** Index of the @ or # in the text. */
  from: number;
  /** Caret position (end of the token). */
  to: number;
}

export interface Suggestion {
  /** What replaces the token, without the sigil. */
  value: string;
  label: string;
  color?: string;
}

const TOKEN = /(^|\s)([@#])([\p{L}\p{N}_-]*)$/u;

export function mentionAt(text: string, caret: number): Mention | null {
  const before = text.slice(0, caret);
  const m = TOKEN.exec(before);
  if (!m) return null;
  const after = text.slice(caret);
  if (/^[\p{L}\p{N}_-]/u.test(after)) return null;
  const sigil = m[2] as '@' | '#';
  const query = m[3] ?? '';
  return { kind: sigil, query, from: caret - query.length - 1, to: caret };
}

function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

function rank(query: string, ...candidates: string[]): number {
  const q = fold(query);
  let best = -1;
  for (const c of candidates) {
    const f = fold(c);
    if (f.startsWith(q)) best = Math.max(best, 2);
    else if (f.includes(q)) best = Math.max(best, 1);
  }
  return best;
}

/** True when the token already names a brand or platform exactly ("@fournil", "#insta"): nothing to complete. */
function complete(mention: Mention, brands: readonly { slug: string }[]): boolean {
  const q = fold(mention.query);
  if (!q) return false;
  if (mention.kind === '@') return brands.some((b) => b.slug === q);
  return (PLATFORMS as readonly string[]).includes(q) || q in PLATFORM_ALIASES;
}

export function suggest(
  mention: Mention,
  brands: readonly { slug: string; name: string; color: string; archivedAt: string | null }[],
): Suggestion[] {
  if (complete(mention, brands)) return [];
  if (mention.kind === '@') {
    return brands
      .filter((b) => !b.archivedAt)
      .map((b) => ({ b, r: rank(mention.query, b.slug, b.name) }))
      .filter((x) => x.r >= 0)
      .sort((a, b) => b.r - a.r || a.b.name.localeCompare(b.b.name))
      .slice(0, 8)
      .map(({ b }) => ({ value: b.slug, label: b.name, color: b.color }));
  }
  const aliases = Object.entries(PLATFORM_ALIASES);
  return PLATFORMS.filter((p) => p !== 'other')
    .map((p) => ({
      p,
      r: rank(mention.query, p, PLATFORM_NAMES[p], ...aliases.filter(([, v]) => v === p).map(([k]) => k)),
    }))
    .filter((x) => x.r >= 0)
    .sort((a, b) => b.r - a.r)
    .slice(0, 8)
    .map(({ p }) => ({ value: p, label: PLATFORM_NAMES[p] }));
}

/** The text with the mention replaced by the chosen value, and where the caret goes. */
export function applySuggestion(text: string, mention: Mention, value: string): { text: string; caret: number } {
  const inserted = `${mention.kind}${value} `;
  const rest = text.slice(mention.to).replace(/^\s/, '');
  return { text: text.slice(0, mention.from) + inserted + rest, caret: mention.from + inserted.length };
}
