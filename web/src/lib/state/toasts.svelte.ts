// Short messages at the bottom of the screen, some with one action (Undo). An action toast stays
// 10 s: long enough to notice a wrong entry, short enough not to pile up; its action then stays on
// Ctrl/⌘+Z for a minute. On a phone only the newest toast shows (Toasts.svelte).
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
/** The last action stays one key away (Ctrl/⌘+Z) a while after its toast has gone. */
export const UNDO_KEY_MS = 60_000;

class Toasts {
  items = $state<Toast[]>([]);
  #next = 1;
  #timers = new Map<number, ReturnType<typeof setTimeout>>();
  #lastAction: { id: number; action: NonNullable<Toast['action']>; until: number } | null = null;

  show(text: string, options: { kind?: Toast['kind']; action?: Toast['action']; duration?: number } = {}): number {
    const id = this.#next++;
    const duration = options.duration ?? (options.action ? UNDO_MS : options.kind === 'error' ? 8000 : 4000);
    this.items = [
      ...this.items.slice(-2),
      { id, text, kind: options.kind ?? 'info', action: options.action, until: Date.now() + duration, duration },
    ];
    this.#timers.set(
      id,
      setTimeout(() => this.#expire(id), duration),
    );
    if (options.action) this.#lastAction = { id, action: options.action, until: Date.now() + UNDO_KEY_MS };
    return id;
  }

  error(text: string) {
    return this.show(text, { kind: 'error' });
  }

  /** Closed by the person: its action is given up too. */
  dismiss(id: number) {
    this.#expire(id);
    if (this.#lastAction?.id === id) this.#lastAction = null;
  }

  /** Gone from the screen; its action stays on Ctrl/⌘+Z for a while. */
  #expire(id: number) {
    clearTimeout(this.#timers.get(id));
    this.#timers.delete(id);
    this.items = this.items.filter((t) => t.id !== id);
  }

  async act(toast: Toast) {
    this.dismiss(toast.id);
    await toast.action?.run();
  }

  /** The action of the most recent toast that had one (Undo), if still recent: runs it once. */
  async actLast(): Promise<boolean> {
    const last = this.#lastAction;
    if (!last || last.until < Date.now()) return false;
    this.dismiss(last.id);
    await last.action.run();
    return true;
  }
}

export const toasts = new Toasts();
