// What every dashboard page shares: the period from the URL, one Resource for its data, and the
// live connection that refetches (quietly) when a week of the period is recomputed.
import { page } from '$app/state';
import { session } from '$lib/state/session.svelte';
import { Live, type RollupEvent } from './live.svelte';
import { type Period, periodFrom } from './period';
import { Resource } from './resource.svelte';

export class Dashboard<T> {
  readonly live = new Live();
  readonly data = new Resource<T>();
  period = $derived<Period>(periodFrom(page.url.searchParams, session.today(), session.weekStartDay));

  /**
   * Call once from a component: loads on every period (or organization) change and follows the
   * event stream. `memberId` limits the events to one member's weeks.
   */
  constructor(fetcher: (orgId: string, period: Period) => Promise<T>, memberId?: () => string | undefined) {
    $effect(() => {
      const orgId = session.orgId;
      const period = this.period;
      if (!orgId) return;
      void this.data.run(() => fetcher(orgId, period)).then(() => this.live.markFetched());
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
}
