// Timer commands: a line starting with "start"/"démarrer"/"démarre" starts a timer with the parsed
// category, brand and platform; "stop"/"arrête"/"arrêter" stops it. A line that also carries a
// duration or a range is a log entry that happens to start with the word ("stop motion 2h").
import { fold } from './normalize';
import type { Span } from './scan';

const COMMAND_RE = /^\s*\/?(start|demarrer|demarre|stop|stopper|arrete|arreter)(?![\p{L}\p{N}])/u;

export interface CommandMatch extends Span {
  command: 'start' | 'stop';
}

export function findCommand(work: string): CommandMatch | null {
  const m = COMMAND_RE.exec(work);
  if (!m) return null;
  const word = m[1] ?? '';
  const command = word === 'start' || word.startsWith('demarr') ? 'start' : 'stop';
  return { start: 0, end: m[0].length, command };
}

/**
 * The command word a line starts with, read as the parser reads it (folded: "Démarrer", "ARRÊTE").
 * Only the first word: the parser may still log "stop motion 2h" as an entry, so a client uses this
 * where the full reading is not at hand (its own preview, a timer button).
 */
export function leadingCommand(line: string): 'start' | 'stop' | null {
  return findCommand(fold(line).text)?.command ?? null;
}
