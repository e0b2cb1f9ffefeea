// Short messages at the bottom of the screen, some with one action (Undo). An action toast stays
// 10 s: long enough to notice a wrong entry, short enough not to pile up.
export interface Toast {
  id: number;
  text: string;
  kind: 'info' | 'success' | 'error';
  action?: { label: string; run: () => void | Promise<void> };
  /** When the toast goes away (ms since epoch), for the countdown bar. */
  until: number;
  duration: number;
}

export const UNDO_MS = 10_000;

class Toasts {
  items = $state<Toast[]>([]);
  #next = 1;
  #timers = new Map<number, ReturnType<typeof setTimeout>>();

  show(text: string, options: { kind?: Toast['kind']; action?: Toast['action']; duration?: number } = {}): number {
    const id = this.#next++;
    const duration = options.duration ?? (options.action ? UNDO_MS : options.kind === 'error' ? 8000 : 4000);
    this.items = [
      ...this.items.slice(-2),
      { id, text, kind: options.kind ?? 'info', action: options.action, until: Date.now() + duration, duration },
    ];
    this.#timers.set(
      id,
      setTimeout(() => this.dismiss(id), duration),
    );
    return id;
  }

  error(text: string) {
    return this.show(text, { kind: 'error' });
  }

  dismiss(id: number) {
    clearTimeout(this.#timers.get(id));
    this.#timers.delete(id);
    this.items = this.items.filter((t) => t.id !== id);
  }

  async act(toast: Toast) {
    this.dismiss(toast.id);
    await toast.action?.run();
  }
}

export const toasts = new Toasts();
