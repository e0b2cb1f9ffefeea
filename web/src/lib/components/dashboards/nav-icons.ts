// The dashboards get their own icons in the header and the tab bar (sections.ts names a generic one).
import type { Section } from '$lib/sections';

export function iconOf(section: Section) {
  if (section.href === '/posts') return 'stopwatch' as const;
  if (section.href === '/mix') return 'pie' as const;
  return section.icon;
}

/** The link of this section is the page shown (or one of its sub-pages). */
export function isCurrentPath(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}
