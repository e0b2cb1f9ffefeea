// What every dashboard page shares: the period from the URL, one Resource for its data, and the
// live connection that refetches (quietly) when a week of the period is recomputed.
import { page } from '$app/state';
import { session } from '$lib/state/session.svelte';
import { Live, type RollupEvent } from './live.svelte';
import { type Period, periodFrom } from './period';
import { Resource } from './resource.svelte';

type Fetcher<T> = (orgId: string, period: Period) => Promise<T>;

/** Reads started by a page's load, per fetcher: taken by the page's Dashboard if it asks for the same. */
const early = new Map<Fetcher<unknown>, { key: string; at: number; read: Promise<unknown> }>();
/** Past this, a read started early is stale: the page asks again. */
const EARLY_MS = 10_000;
const keyOf = (orgId: string, p: Period) => `${orgId}|${p.from}|${p.to}|${p.completeOnly}`;

/**
 * Starts a dashboard's read from its page's load function, as soon as the session is known and while
 * the page's scripts and the section's words still download; the page's Dashboard, asking for the
 * same organization and period, then takes that read instead of starting its own.
 */
export function prefetchDashboard<T>(fetcher: Fetcher<T>, orgId: string, period: Period) {
  const key = keyOf(orgId, period);
  const found = early.get(fetcher as Fetcher<unknown>);
  if (found?.key === key && Date.now() - found.at < EARLY_MS) return;
  const read = fetcher(orgId, period);
  read.catch(() => {}); // the page that takes it shows the failure; one never taken is dropped
  early.set(fetcher as Fetcher<unknown>, { key, at: Date.now(), read });
}

/** The read a load started for this fetcher, organization and period, once; null when there is none. */
function takeEarly<T>(fetcher: Fetcher<T>, orgId: string, period: Period): Promise<T> | null {
  const found = early.get(fetcher as Fetcher<unknown>);
  if (!found) return null;
  early.delete(fetcher as Fetcher<unknown>);
  return found.key === keyOf(orgId, period) && Date.now() - found.at < EARLY_MS ? (found.read as Promise<T>) : null;
}

export class Dashboard<T> {
  readonly live = new Live();
  readonly data = new Resource<T>();
  period = $derived<Period>(periodFrom(page.url.searchParams, session.today(), session.weekStartDay));
  readonly #fetcher: Fetcher<T>;

  /**
   * Call once from a component: loads on every period (or organization) change and follows the
   * event stream. `memberId` limits the events to one member's weeks.
   */
  constructor(fetcher: Fetcher<T>, memberId?: () => string | undefined) {
    this.#fetcher = fetcher;
    $effect(() => {
      const orgId = session.orgId;
      const period = this.period;
      if (!orgId) return;
      void this.data
        .run(() => takeEarly(fetcher, orgId, period) ?? fetcher(orgId, period))
        .then(() => this.live.markFetched());
    });
    $effect(() => {
      const orgId = session.orgId;
      const period = this.period;
      const member = memberId?.();
      if (!orgId) return;
      const wanted = (event: RollupEvent) =>
        event.weekStart >= (period.weeks[0] ?? period.from) &&
        event.weekStart <= period.to &&
        (!member || event.memberId === member);
      return this.live.connect(orgId, wanted, () =>
        this.data.run(() => fetcher(orgId, period), true).then(() => this.live.markFetched()),
      );
    });
  }

  retry = () => {
    void this.data.retry().then(() => this.live.markFetched());
  };

  /**
   * Fetches the period again, keeping the numbers on screen meanwhile: after a change the event
   * stream does not announce (a day off changes expected hours, computed at read time, not a rollup).
   */
  refresh = () => {
    const orgId = session.orgId;
    if (!orgId) return;
    const period = this.period;
    void this.data.run(() => this.#fetcher(orgId, period), true).then(() => this.live.markFetched());
  };
}
