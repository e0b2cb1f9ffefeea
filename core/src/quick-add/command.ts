// Timer commands: a line starting with "start"/"démarrer"/"démarre" starts a timer with the parsed
// category, brand and platform; "stop"/"arrête"/"arrêter" stops it. A line that also carries a
// duration or a range is a log entry that happens to start with the word ("stop motion 2h").
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
