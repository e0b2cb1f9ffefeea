// One dashboard request at a time: loading, ready or error, where a newer request wins and a quiet
// refresh (after a rollup event) keeps the numbers on screen instead of flashing a skeleton.
import { untrack } from 'svelte';

export class Resource<T> {
  status = $state<'loading' | 'ready' | 'error'>('loading');
  data = $state.raw<T | null>(null);
  error = $state.raw<unknown>(null);
  #seq = 0;
  #last: (() => Promise<T>) | null = null;

  /** Safe to call from an effect: nothing read here becomes a dependency of it. */
  run(fetcher: () => Promise<T>, quiet = false): Promise<void> {
    return untrack(() => this.#run(fetcher, quiet));
  }

  async #run(fetcher: () => Promise<T>, quiet: boolean): Promise<void> {
    const seq = ++this.#seq;
    this.#last = fetcher;
    if (!quiet || this.data === null) this.status = 'loading';
    try {
      const data = await fetcher();
      if (seq !== this.#seq) return;
      this.data = data;
      this.error = null;
      this.status = 'ready';
    } catch (error) {
      if (seq !== this.#seq) return;
      // A failed quiet refresh keeps the last numbers; the next event tries again.
      if (quiet && this.data !== null) return;
      this.error = error;
      this.status = 'error';
    }
  }

  retry(): Promise<void> {
    return this.#last ? this.run(this.#last) : Promise.resolve();
  }
}
