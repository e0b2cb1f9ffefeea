// Small UI state shared across the app shell: the quick-add input (for the / and n shortcuts) and
// the page title.
class Ui {
  quickAddInput = $state<HTMLInputElement | null>(null);
  /** The page's title; the shell prefixes the running timer. */
  title = $state('Proofwork');

  focusQuickAdd(text?: string) {
    const input = this.quickAddInput;
    if (!input) return;
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
