// The sections' messages are asked for with the page's scripts, not once the page has rendered.
import { loadSectionMessages } from '$lib/messages';

export const load = () => {
  loadSectionMessages().catch(() => {}); // SectionMessages shows the failure and retries
};
