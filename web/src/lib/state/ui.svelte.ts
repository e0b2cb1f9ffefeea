// Small UI state shared across the app shell: the quick-add input (for the / and n shortcuts) and
// the page title.
class Ui {
  quickAddInput = $state<HTMLInputElement | null>(null);
  /** The page's title; the shell prefixes the running timer. */
  title = $state('Proofwork');
  /** The timer's start menu should open (the "Start timer" shortcut); the menu takes it when shown. */
  timerStartPending = $state(false);

  openTimerStart() {
    this.timerStartPending = true;
  }

  /** A focus asked for before the bar was on screen (the app opened on a shortcut), done when it is. */
  #pendingFocus: { text?: string } | null = null;

  /** The bar registers its input (or null when it leaves); a waiting focus request is done now. */
  setQuickAddInput(input: HTMLInputElement | null) {
    this.quickAddInput = input;
    const pending = this.#pendingFocus;
    if (input && pending) {
      this.#pendingFocus = null;
      this.focusQuickAdd(pending.text);
    }
  }

  focusQuickAdd(text?: string) {
    const input = this.quickAddInput;
    if (!input) {
      this.#pendingFocus = { text };
      return;
    }
    if (text !== undefined) {
      input.value = text;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }
    input.focus();
    input.select();
  }
}

export const ui = new Ui();

/** True when a key press belongs to a text field, not to a global shortcut. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}
