// The report is asked for here, in the link's language, before the page's scripts and words load.
import type { PageLoad } from './$types';
import { ShareReport } from './share-report.svelte';

export const load: PageLoad = ({ params }) => {
  const report = new ShareReport(params.token);
  void report.open();
  return { report };
};
