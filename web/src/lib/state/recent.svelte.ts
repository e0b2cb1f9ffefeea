// The last quick-add lines, kept on this device so a routine task is one click to log again; the
// next person on a shared browser does not see them (dropped at sign-out).
import { sessionEvents } from '../api/client';

const KEY = 'pw.recent';
const MAX = 8;

function read(): string[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string').slice(0, MAX) : [];
  } catch {
    return [];
  }
}

class RecentLines {
  items = $state<string[]>(typeof localStorage === 'undefined' ? [] : read());

  add(line: string) {
    const text = line.trim();
    if (!text) return;
    this.items = [text, ...this.items.filter((l) => l !== text)].slice(0, MAX);
    try {
      localStorage.setItem(KEY, JSON.stringify(this.items));
    } catch {
      // Storage full or disabled: recent lines are a convenience only.
    }
  }

  remove(line: string) {
    this.items = this.items.filter((l) => l !== line);
    try {
      localStorage.setItem(KEY, JSON.stringify(this.items));
    } catch {
      // See add().
    }
  }
}

export const recent = new RecentLines();

sessionEvents.addEventListener('signed-out', () => {
  recent.items = [];
  try {
    localStorage.removeItem(KEY);
  } catch {
    // See add().
  }
});
