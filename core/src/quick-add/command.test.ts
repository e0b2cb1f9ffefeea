import { describe, expect, it } from 'vitest';
import { leadingCommand } from './command';
import { parseQuickAdd } from './parse';

describe('leadingCommand', () => {
  it('reads the start and stop words in English and French, whatever their case and accents', () => {
    for (const line of ['start modo', '  /start', 'Démarrer montage', 'DEMARRE', 'démarre @fournil']) {
      expect(leadingCommand(line), line).toBe('start');
    }
    for (const line of ['stop', '/stop', 'Stopper', 'arrête', 'ARRÊTER le chrono', 'arrete']) {
      expect(leadingCommand(line), line).toBe('stop');
    }
  });

  it('needs the whole word at the start of the line', () => {
    for (const line of ['started 1h', 'démarrage 1h', 'stops', 'arrêtons', 'modo start', '', '1h stop']) {
      expect(leadingCommand(line), line).toBeNull();
    }
  });

  it('agrees with the parser on every line that really is a command', () => {
    const ctx = {
      now: new Date('2026-03-10T10:00:00Z'),
      timeZone: 'Europe/Paris',
      locale: 'fr' as const,
      categories: [],
      brands: [],
      deliverableTypes: [],
    };
    for (const line of ['start modo', 'Démarrer montage', 'stop', 'arrête']) {
      expect(parseQuickAdd(line, ctx).command, line).toBe(leadingCommand(line));
    }
  });
});
