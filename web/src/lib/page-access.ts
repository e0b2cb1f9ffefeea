// The organization a page's load function may ask about. A load starts its page's requests before
// the page's scripts and the section's words have loaded; it waits for the session first, and asks
// nothing for a visitor the page is not for (signed out, or a member on a manager page, who gets the
// guard page with no data asked).
import { isManager } from './sections';
import { session } from './state/session.svelte';

export async function organizationFor(audience: 'members' | 'managers'): Promise<string | null> {
  await session.load();
  if (session.status !== 'ready' || !session.orgId) return null;
  if (audience === 'managers' && !isManager(session.membership?.role)) return null;
  return session.orgId;
}
