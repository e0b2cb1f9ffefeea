// Freshness of an open dashboard: it listens to the organization's rollup events (SSE) and asks the
// page to refetch when a week it shows was recomputed; "updated n s ago" ticks from the last fetch.
import { eventsUrl } from '$lib/api/dashboards';

export interface RollupEvent {
  memberId: string;
  weekStart: string;
}

export class Live {
  /** When the numbers on screen were fetched. */
  updatedAt = $state(Date.now());
  now = $state(Date.now());
  connected = $state(false);
  /** Bumped on each refresh caused by an event: the polite live region announces it once. */
  refreshes = $state(0);

  get ageSeconds(): number {
    return Math.max(0, Math.floor((this.now - this.updatedAt) / 1000));
  }

  markFetched() {
    this.updatedAt = Date.now();
    this.now = this.updatedAt;
  }

  /**
   * Opens the stream; `wanted` filters the events (weeks in the period, a member), `refresh` refetches.
   * A burst of events (one per member-week) makes one refetch. Returns the cleanup.
   */
  connect(orgId: string, wanted: (event: RollupEvent) => boolean, refresh: () => Promise<void>): () => void {
    const tick = setInterval(() => {
      this.now = Date.now();
    }, 1000);
    let pending: ReturnType<typeof setTimeout> | null = null;
    let source: EventSource | null = null;
    if (typeof EventSource !== 'undefined') {
      source = new EventSource(eventsUrl(orgId));
      source.onopen = () => {
        this.connected = true;
      };
      source.onerror = () => {
        this.connected = false;
      };
      source.addEventListener('rollup', (message) => {
        let event: RollupEvent;
        try {
          event = JSON.parse((message as MessageEvent<string>).data) as RollupEvent;
        } catch {
          return;
        }
        if (!wanted(event) || pending) return;
        pending = setTimeout(async () => {
          pending = null;
          await refresh();
          this.refreshes++;
        }, 150);
      });
    }
    return () => {
      clearInterval(tick);
      if (pending) clearTimeout(pending);
      source?.close();
      this.connected = false;
    };
  }
}
