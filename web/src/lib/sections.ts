// Where each part of the app lives and who may open it. The header, the phone tab bar and the
// manager guard read this list, so a page hidden from a role is also refused to it by URL.
import type { MessageKey } from './messages';

export type Role = 'owner' | 'manager' | 'member';

export interface Section {
  href: string;
  key: MessageKey;
  icon: 'week' | 'calendar' | 'grid' | 'user' | 'team' | 'chart' | 'approve' | 'settings' | 'file';
  /** Roles that see the link and may open the page; every role when absent. */
  roles?: readonly Role[];
}

export const MANAGERS: readonly Role[] = ['owner', 'manager'];

export const SECTIONS: readonly Section[] = [
  { href: '/team', key: 'nav.team', icon: 'team', roles: MANAGERS },
  { href: '/posts', key: 'nav.posts', icon: 'chart', roles: MANAGERS },
  { href: '/mix', key: 'nav.mix', icon: 'chart', roles: MANAGERS },
  { href: '/approvals', key: 'nav.approvals', icon: 'approve', roles: MANAGERS },
  { href: '/evidence', key: 'nav.evidence', icon: 'file', roles: MANAGERS },
  { href: '/settings', key: 'nav.settings', icon: 'settings', roles: MANAGERS },
  { href: '/week', key: 'nav.week', icon: 'week' },
  { href: '/calendar', key: 'nav.calendar', icon: 'calendar' },
  { href: '/grid', key: 'nav.grid', icon: 'grid' },
  { href: '/profile', key: 'nav.profile', icon: 'user' },
];

export function sectionsFor(role: Role | null | undefined): Section[] {
  return SECTIONS.filter((s) => !s.roles || (role != null && s.roles.includes(role)));
}

export function isManager(role: Role | null | undefined): boolean {
  return role != null && MANAGERS.includes(role);
}

/** The page a role lands on after signing in. */
export function homeFor(role: Role | null | undefined): string {
  return isManager(role) ? '/team' : '/week';
}
