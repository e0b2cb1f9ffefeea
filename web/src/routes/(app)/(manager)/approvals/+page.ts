// The approvals page's data starts loading here, before the page and its words have loaded: the
// members and the waiting weeks together, then the period they call for.

import type { PageLoad } from './$types';
import { Approvals } from './approvals.svelte';

export const load: PageLoad = () => {
  const approvals = new Approvals();
  void approvals.open();
  return { approvals };
};
