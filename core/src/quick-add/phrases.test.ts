import { describe, expect, it } from 'vitest';
import { DEFAULT_CATEGORIES } from '../taxonomy';
import { corpusContext } from './corpus';
import { categoryIndex } from './matching';
import { foldWords } from './normalize';
import { parseQuickAdd } from './parse';
import { PhraseIndex } from './phrases';
import { Scan } from './scan';

const categoryOf = (text: string) => parseQuickAdd(`${text} 1h`, corpusContext('fr')).categoryKey;

describe('PhraseIndex', () => {
  const index = new PhraseIndex([
    { phrase: 'post', value: 'post' },
    { phrase: 'montage', value: 'video' },
    { phrase: 'montage vidéo', value: 'video-long' },
    { phrase: 'Canva', value: 'tool', weak: true },
    { phrase: 'tuto', value: 'training' },
  ]);
  const best = (text: string) => {
    const scan = new Scan(text);
    return index.best(scan.words(), scan.work)?.value ?? null;
  };

  it('matches whole words only, accent- and case-insensitively, with a plural s', () => {
    expect(best('poster')).toBeNull();
    expect(best('POSTS')).toBe('post');
    expect(best('Montage')).toBe('video');
  });

  it('prefers the longest phrase, and a strong phrase over a weak one', () => {
    expect(best('montage video')).toBe('video-long');
    expect(best('Canva tuto')).toBe('training');
    expect(best('Canva')).toBe('tool');
  });

  it('does not join words across a removed token', () => {
    const scan = new Scan('montage 1h30 vidéo');
    scan.claim([{ start: 8, end: 12 }]);
    expect(index.best(scan.words(), scan.work)?.value).toBe('video');
  });
});

describe('category matching', () => {
  it.each([
    ['montage vidéo', 'content.video'],
    ['MODÉRATION', 'moderation'],
    ['moderation', 'moderation'],
    ['rédaction web', 'seo'],
    ['rédaction', 'content.copywriting'],
    ['gestion de crise', 'crisis'],
    ['bad buzz', 'crisis'],
    ['calendrier éditorial', 'content.ideation'],
    ['sous titres', 'content.video'],
    ['sous-titres', 'content.video'],
    ['SAV', 'customer_care'],
    ['modo', 'moderation'],
    ['DMs', 'moderation'],
    ['thumbnail', 'content.visual'],
    ['ads setup', 'ads'],
    ['veille', 'listening'],
    ['brief', 'approvals'],
    ['tuto Canva', 'training'],
    ['bad buzz, réponses aux commentaires', 'crisis'],
  ])('%s → %s', (text, key) => {
    expect(categoryOf(text)).toBe(key);
  });

  it('respects word boundaries ("edit" not in "editorial", "post" not in "poster")', () => {
    expect(categoryOf('editorial')).toBe('admin');
    expect(categoryOf('edit')).toBe('content.video');
    const r = parseQuickAdd('poster 1h', corpusContext('en'));
    expect(r.deliverable).toBeNull();
  });

  it('never lists one alias under two categories', () => {
    const owner = new Map<string, string>();
    for (const c of DEFAULT_CATEGORIES) {
      for (const phrase of [...c.aliases.en, ...c.aliases.fr]) {
        const key = foldWords(phrase).join(' ');
        expect(owner.get(key) ?? c.key, `${phrase} is listed under ${owner.get(key)} and ${c.key}`).toBe(c.key);
        owner.set(key, c.key);
      }
    }
  });

  it('skips archived categories', () => {
    const ctx = corpusContext('fr');
    const categories = ctx.categories.map((c) => (c.key === 'content.video' ? { ...c, archived: true } : c));
    const index = categoryIndex(categories);
    const scan = new Scan('montage');
    expect(index.best(scan.words(), scan.work)).toBeNull();
  });
});
