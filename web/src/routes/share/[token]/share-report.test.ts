import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiError } from '$lib/api/client';
import type { ShareSnapshot } from '$lib/api/evidence';
import { locale } from '$lib/i18n.svelte';
import { loadSectionMessages } from '$lib/messages';
import { deferred } from '../../../test/fixtures';
import { headline, ShareReport, sources } from './share-report.svelte';

const snapshot = (name: string) => ({ organization: { name } }) as unknown as ShareSnapshot;

beforeAll(async () => {
  await loadSectionMessages();
});

describe('the share report', () => {
  it('opens in the language of the link, not the browser’s, and switching to it again asks nothing', async () => {
    const get = vi.fn(
      async (_token: string, lang?: 'en' | 'fr') =>
        ({ organization: { name: 'Lumen' }, locale: lang ?? 'fr' }) as unknown as ShareSnapshot,
    );
    const report = new ShareReport('tok', get);
    await report.open();
    expect(get.mock.calls).toEqual([['tok']]);
    expect(report.language).toBe('fr');
    await report.show('en');
    expect(report.language).toBe('en');
    await report.show('fr');
    expect(get.mock.calls).toEqual([['tok'], ['tok', 'en']]);
  });

  it('asks once per language, however often the viewer switches', async () => {
    const get = vi.fn(async (_token: string, lang?: 'en' | 'fr') => snapshot(`Agence ${lang}`));
    const report = new ShareReport('tok', get);
    await report.show('en');
    await report.show('fr');
    await report.show('en');
    await report.show('fr');
    expect(get.mock.calls).toEqual([
      ['tok', 'en'],
      ['tok', 'fr'],
    ]);
    expect(report.view).toEqual({ kind: 'ready', data: snapshot('Agence fr') });
  });

  it('shares the request the load function started with the page that shows it', async () => {
    const answer = deferred<ShareSnapshot>();
    const get = vi.fn(() => answer.promise);
    const report = new ShareReport('tok', get);
    const fromLoad = report.show('en');
    const fromPage = report.show('en');
    expect(report.view.kind).toBe('loading');
    answer.resolve(snapshot('Lumen'));
    await Promise.all([fromLoad, fromPage]);
    expect(get).toHaveBeenCalledTimes(1);
    expect(report.view.kind).toBe('ready');
  });

  it('shows the last language asked for when an earlier answer arrives late', async () => {
    const french = deferred<ShareSnapshot>();
    const get = vi.fn(async (_token: string, lang?: 'en' | 'fr') =>
      lang === 'fr' ? french.promise : snapshot('english'),
    );
    const report = new ShareReport('tok', get);
    const first = report.show('fr');
    await report.show('en');
    french.resolve(snapshot('french'));
    await first;
    expect(report.view).toEqual({ kind: 'ready', data: snapshot('english') });
  });

  it('reads an unknown, expired or revoked link as gone, and another failure as an error it can retry', async () => {
    const gone = new ShareReport(
      'tok',
      vi.fn(() => Promise.reject(new ApiError(404, 'not_found', 'Not found'))),
    );
    await gone.show('en');
    expect(gone.view).toEqual({ kind: 'gone' });

    const down = new ApiError(0, 'network', 'Failed to fetch');
    const get = vi.fn<(token: string, lang?: 'en' | 'fr') => Promise<ShareSnapshot>>();
    get.mockRejectedValueOnce(down).mockResolvedValueOnce(snapshot('Lumen'));
    const flaky = new ShareReport('tok', get);
    await flaky.show('en');
    expect(flaky.view).toEqual({ kind: 'error', error: down });
    await flaky.show('en');
    expect(flaky.view.kind).toBe('ready');
    expect(get).toHaveBeenCalledTimes(2);
  });
});

describe('the report’s sentences', () => {
  const post = {
    key: 'post',
    name: 'Post',
    perceivedSeconds: 180,
    medianSeconds: 2460,
    meanSeconds: 2600,
    measuredSeconds: 135_200,
    deliverables: 52,
    multiplier: 13.7,
  };

  it('writes the headline with the right article and plural in each language', () => {
    locale.set('en');
    expect(headline(post, 'en')).toBe(
      'A post is perceived to take 3\u00a0min; it took a median of 41\u00a0min over 52 posts.',
    );
    expect(headline({ ...post, key: 'article', name: 'Article', deliverables: 1 }, 'en')).toMatch(
      /^An article .* over 1 article\.$/,
    );
    locale.set('fr');
    expect(headline({ ...post, key: 'story', name: 'Story', deliverables: 2 }, 'fr')).toMatch(
      /^Le temps perçu d’une story est de .* sur 2 stories\.$/,
    );
    expect(headline(post, 'fr')).toMatch(/^Le temps perçu d’un post est de/);
  });

  it('lists how entries were logged, most used first, leaving out unused sources', () => {
    locale.set('en');
    const text = sources({ entries: 4, bySource: { timer: 1, quick_add: 3, manual: 0 } } as never);
    expect(text).toMatch(/^.+ 75\.0%, .+ 25\.0%$/);
  });
});
