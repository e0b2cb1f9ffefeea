// Online or not, as the browser sees it and as our own requests prove it: a request that never
// reached the server also counts as offline, until the browser or a health probe says otherwise.
const PROBE_MS = 10_000;

class Network {
  online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);
  /** Offline because the device is, or because the server does not answer. */
  reason = $state<'offline' | 'unreachable'>('offline');
  #listeners = new Set<() => void>();

  start(): () => void {
    const up = () => this.markOnline();
    const down = () => {
      this.online = false;
      this.reason = 'offline';
    };
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    // While the device is online but the server did not answer, ask it now and then.
    const probe = setInterval(async () => {
      if (this.online || !navigator.onLine) return;
      try {
        const response = await fetch('/api/v1/health', { cache: 'no-store' });
        if (response.ok) this.markOnline();
      } catch {
        // Still unreachable.
      }
    }, PROBE_MS);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
      clearInterval(probe);
    };
  }

  markOffline() {
    this.online = false;
    this.reason = navigator.onLine ? 'unreachable' : 'offline';
  }

  markOnline() {
    const was = this.online;
    this.online = true;
    if (!was) for (const listener of this.#listeners) listener();
  }

  /** Called each time the connection comes back. */
  onReconnect(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

export const network = new Network();
