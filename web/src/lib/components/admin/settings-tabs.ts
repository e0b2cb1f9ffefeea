// The settings pages, in the order of their tabs: the sub-navigation lists them and the settings
// layout names the browser tab after the current one.
import type { MessageKey } from '$lib/messages';

export const SETTINGS_TABS: { href: string; key: MessageKey }[] = [
  { href: '/settings', key: 'admin.settings.organization' },
  { href: '/settings/members', key: 'admin.settings.members' },
  { href: '/settings/categories', key: 'admin.settings.categories' },
  { href: '/settings/brands', key: 'admin.settings.brands' },
  { href: '/settings/deliverable-types', key: 'admin.settings.deliverableTypes' },
  { href: '/settings/vocabulary', key: 'admin.settings.vocabulary' },
  { href: '/settings/import', key: 'admin.settings.import' },
  { href: '/settings/webhooks', key: 'admin.settings.webhooks' },
  { href: '/settings/security', key: 'admin.settings.security' },
];

/** The tab's path for a URL path (a trailing slash ignored). */
export const settingsPath = (pathname: string) => pathname.replace(/\/$/, '') || '/settings';
