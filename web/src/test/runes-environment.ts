// The environment of the web app's unit tests: Node, but modules are transformed for the browser
// (Svelte compiles runes in `*.svelte.ts` for the client, so `$effect` and `flushSync` really run).
// A page's globals the state classes read (localStorage, navigator.onLine) are plain in-memory
// stand-ins that a test can change.
import type { Environment } from 'vitest/environments';

class MemoryStorage {
  #items = new Map<string, string>();
  get length() {
    return this.#items.size;
  }
  key(index: number) {
    return [...this.#items.keys()][index] ?? null;
  }
  getItem(key: string) {
    return this.#items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.#items.set(key, String(value));
  }
  removeItem(key: string) {
    this.#items.delete(key);
  }
  clear() {
    this.#items.clear();
  }
}

export default {
  name: 'runes',
  viteEnvironment: 'client',
  setup(global: typeof globalThis) {
    const g = global as unknown as Record<string, unknown>;
    const had = { localStorage: g.localStorage, navigator: g.navigator };
    Object.defineProperty(global, 'localStorage', { value: new MemoryStorage(), configurable: true, writable: true });
    Object.defineProperty(global, 'navigator', {
      value: { onLine: true, language: 'en-US', languages: ['en-US'] },
      configurable: true,
      writable: true,
    });
    return {
      teardown() {
        Object.defineProperty(global, 'localStorage', { value: had.localStorage, configurable: true, writable: true });
        Object.defineProperty(global, 'navigator', { value: had.navigator, configurable: true, writable: true });
      },
    };
  },
} satisfies Environment;
