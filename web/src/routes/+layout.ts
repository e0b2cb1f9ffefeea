// A static single-page app: everything renders in the browser against the API.
import { locale } from '$lib/i18n.svelte';
import { session } from '$lib/state/session.svelte';
import type { LayoutLoad } from './$types';

export const ssr = false;
export const prerender = false;

/** Longest wait for /me before the first render: past it, the page shows in this device's language. */
const ME_WAIT_MS = 1500;

// The session starts loading here, while the page's scripts still download (its /me was preloaded
// by the HTML), not once the first render is done. The first render waits for the words of the
// language it will show, one catalog only: the person's language once /me answered, else this
// device's; a later switch (/me slower than the wait) happens behind the loading skeleton.
export const load: LayoutLoad = async () => {
  await Promise.race([session.languageReady(), new Promise((resolve) => setTimeout(resolve, ME_WAIT_MS))]);
  await locale.ready();
};
