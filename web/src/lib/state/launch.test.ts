import { describe, expect, it } from 'vitest';
import { launchOf, sharedLine, withoutLaunch } from './launch';

const params = (query: string) => new URLSearchParams(query);

describe('launch from a shortcut or a share', () => {
  it('reads the two shortcuts', () => {
    expect(launchOf(params('do=log'))).toEqual({ kind: 'log', text: null });
    expect(launchOf(params('do=timer'))).toEqual({ kind: 'timer' });
    expect(launchOf(params('week=2026-11-23'))).toBeNull();
    expect(launchOf(params('do=delete'))).toBeNull();
  });

  it('makes one line of a shared title, text and link', () => {
    expect(launchOf(params('title=Recette&text=Tarte%20aux%20pommes&url=https://ex.com/r'))).toEqual({
      kind: 'log',
      text: 'Recette Tarte aux pommes https://ex.com/r',
    });
  });

  it('does not repeat a link the text already holds, nor a title the text starts with', () => {
    expect(sharedLine(params('text=Lire%20https://ex.com/a&url=https://ex.com/a'))).toBe('Lire https://ex.com/a');
    expect(sharedLine(params('title=Post&text=Post%20du%20jour'))).toBe('Post du jour');
    expect(sharedLine(params('url=https://ex.com/a'))).toBe('https://ex.com/a');
  });

  it('turns line breaks into spaces, ignores blanks and caps the length', () => {
    expect(sharedLine(params('text=un%0Adeux%09trois&title=%20'))).toBe('un deux trois');
    expect(sharedLine(params('title=&text='))).toBeNull();
    expect(sharedLine(params(`text=${'a'.repeat(6000)}`))).toHaveLength(5000);
  });

  it('removes only the launch parameters from the URL', () => {
    const next = withoutLaunch(new URL('https://app.example/week?week=2026-11-23&do=log&text=x'));
    expect(next?.toString()).toBe('https://app.example/week?week=2026-11-23');
    expect(withoutLaunch(new URL('https://app.example/week?week=2026-11-23'))).toBeNull();
  });
});
