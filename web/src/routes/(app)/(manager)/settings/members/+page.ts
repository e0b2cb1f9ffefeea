// The members page's data starts loading here, before the page's scripts and words have loaded:
// the members and (for an owner) the pending invitations, together.
import type { PageLoad } from './$types';
import { MembersSettings } from './members.svelte';

export const load: PageLoad = () => {
  const settings = new MembersSettings();
  void settings.open();
  return { settings };
};
