// A quick-add line never loses a word over HTTP, and the team's vocabulary: an unknown @brand stays
// in the note unless the caller asks to create it (a member's lands pending), brand aliases are read,
// and the same category or platform correction on two quick-add entries teaches the word; removing
// the alias restores the default reading.
import { CORPUS_NOW } from '@proofwork/core';
import { schema } from '@proofwork/db';
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app';
import { createTeam, manualClock, signInPeople, type Team } from './time-entries.fixtures';

const clock = manualClock(CORPUS_NOW);
const ctx = useTestApp({ clock });
let t: Team;

beforeEach(async () => {
  t = await createTeam(ctx.tdb.db, await signInPeople(ctx.app, ctx.tdb.db));
});

async function log(text: string, extra: Record<string, unknown> = {}) {
  const res = await t.cm.post(`${t.base}/quick-add`, { text, ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('an unknown @brand is never dropped', () => {
  it('names it with its span in the parse answer', async () => {
    const res = await t.cm.post(`${t.base}/quick-add/parse`, { text: '45m relecture @acme' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      brand: null,
      proposedBrand: 'acme',
      proposedBrandSpan: { start: 14, end: 19 },
      brandCandidates: [],
      note: 'relecture @acme',
    });
  });

  it('keeps it in the entry note with a warning when not asked to create it', async () => {
    const body = await log('45m relecture @acme');
    expect(body.entry).toMatchObject({ brandId: null, note: 'relecture @acme' });
    expect(body.parsed.warnings.map((w: { code: string }) => w.code)).toContain('unknown_brand');
    const brands = await t.owner.get(`${t.base}/brands`);
    expect(brands.json().items).toEqual([]);
  });

  it("creates a manager's brand confirmed and a member's pending, and logs with it", async () => {
    const byManager = await t.manager.post(`${t.base}/quick-add`, { text: '30m visuels @Acme', createBrand: true });
    expect(byManager.statusCode, byManager.body).toBe(201);
    const byMember = await log('20m visuels @Studio-Vega', { createBrand: true });
    const brands = (await t.owner.get(`${t.base}/brands`)).json().items;
    const acme = brands.find((b: { slug: string }) => b.slug === 'acme');
    const vega = brands.find((b: { slug: string }) => b.slug === 'studio-vega');
    expect(acme).toMatchObject({ name: 'Acme', pending: false, proposedByMemberId: null });
    expect(vega).toMatchObject({ name: 'Studio-Vega', pending: true, proposedByMemberId: t.cmId });
    expect(byManager.json().entry).toMatchObject({ brandId: acme.id, note: 'visuels' });
    expect(byMember.entry).toMatchObject({ brandId: vega.id, note: 'visuels' });
    expect(byMember.parsed.warnings.map((w: { code: string }) => w.code)).not.toContain('unknown_brand');

    const confirmed = await t.manager.patch(`${t.base}/brands/${vega.id}`, { pending: false });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().pending).toBe(false);
  });

  it('refuses to create a brand from an @word longer than a brand name, naming the line', async () => {
    const res = await t.manager.post(`${t.base}/quick-add`, {
      text: `30m visuels @${'a'.repeat(81)}`,
      createBrand: true,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details).toEqual([expect.objectContaining({ field: 'body.text' })]);
    expect((await t.owner.get(`${t.base}/brands`)).json().items).toEqual([]);
  });

  it('reads brand aliases set in settings, and short @words', async () => {
    const brand = await t.owner.post(`${t.base}/brands`, { name: 'Bistrot Léon', aliases: ['BL', 'Chez Léon'] });
    expect(brand.statusCode, brand.body).toBe(201);
    const id = brand.json().id;
    expect((await log('1h visuels @bl')).entry.brandId).toBe(id);
    expect((await log('1h visuels Chez Léon')).entry.brandId).toBe(id);
    expect((await log('1h visuels @bistro')).entry.brandId).toBe(id);
  });
});

describe('the team learns its words from corrections', () => {
  async function correct(entryId: string, categoryKey: string) {
    const res = await t.cm.patch(`${t.base}/time-entries/${entryId}`, { categoryId: t.category(categoryKey) });
    expect(res.statusCode, res.body).toBe(200);
  }

  it('the same correction twice makes an alias; removing it restores the default', async () => {
    const first = await log('30m pige presse @x');
    expect(first.entry.categoryId).toBe(t.category('admin'));
    await correct(first.entry.id, 'listening');
    // One correction teaches nothing yet.
    expect((await t.cm.get(`${t.base}/quick-add/aliases`)).json()).toEqual({ learnAfter: 2, items: [] });

    const second = await log('45m pige concurrents');
    await correct(second.entry.id, 'listening');
    const vocabulary = (await t.cm.get(`${t.base}/quick-add/aliases`)).json();
    expect(vocabulary.items).toEqual([
      expect.objectContaining({
        kind: 'category',
        phrase: 'pige',
        categoryId: t.category('listening'),
        source: 'learned',
        corrections: 2,
      }),
    ]);

    const third = await log('20m pige radio');
    expect(third.entry.categoryId).toBe(t.category('listening'));

    const alias = vocabulary.items[0];
    expect((await t.cm.delete(`${t.base}/quick-add/aliases/${alias.id}`)).statusCode).toBe(403);
    expect((await t.manager.delete(`${t.base}/quick-add/aliases/${alias.id}`)).statusCode).toBe(204);
    expect((await log('20m pige tv')).entry.categoryId).toBe(t.category('admin'));
    // The corrections that taught it are forgotten too: one more does not bring it back.
    const again = await log('10m pige web');
    await correct(again.entry.id, 'listening');
    expect((await t.cm.get(`${t.base}/quick-add/aliases`)).json().items).toEqual([]);
  });

  it('corrects a word that chose the wrong category, and a manager renames the alias', async () => {
    for (const text of ['1h boost annonce', '30m boost salon']) {
      const body = await log(text);
      expect(body.entry.categoryId).toBe(t.category('ads'));
      await correct(body.entry.id, 'influence');
    }
    expect((await log('15m boost soirée')).entry.categoryId).toBe(t.category('influence'));
    const [alias] = (await t.cm.get(`${t.base}/quick-add/aliases`)).json().items;
    const renamed = await t.manager.patch(`${t.base}/quick-add/aliases/${alias.id}`, { phrase: 'boost influence' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json().phrase).toBe('boost influence');
    expect((await log('15m boost soirée')).entry.categoryId).toBe(t.category('ads'));
    expect((await log('15m boost influence soirée')).entry.categoryId).toBe(t.category('influence'));
  });

  it('counts an entry corrected twice once, ignores entries not from quick-add, and obeys learnAfter', async () => {
    const body = await log('30m pige');
    await correct(body.entry.id, 'listening');
    await correct(body.entry.id, 'reporting');
    await correct(body.entry.id, 'listening');
    const manual = await t.cm.post(`${t.base}/time-entries`, {
      categoryId: t.category('admin'),
      durationSeconds: 600,
      localDate: '2026-11-25',
      note: 'pige',
    });
    expect(manual.statusCode, manual.body).toBe(201);
    await correct(manual.json().id, 'listening');
    expect((await t.cm.get(`${t.base}/quick-add/aliases`)).json().items).toEqual([]);

    const never = await t.manager.request('PUT', `${t.base}/quick-add/learning`, { learnAfter: 0 });
    expect(never.statusCode, never.body).toBe(200);
    const other = await log('30m pige radio');
    await correct(other.entry.id, 'listening');
    expect((await t.cm.get(`${t.base}/quick-add/aliases`)).json()).toEqual({ learnAfter: 0, items: [] });
    const rows = await ctx.tdb.db
      .select()
      .from(schema.quickAddCorrections)
      .where(eq(schema.quickAddCorrections.organizationId, t.organizationId));
    expect(rows).toHaveLength(1);
  });

  it('the same platform correction twice makes an alias; removing it restores the default', async () => {
    async function setPlatform(entryId: string, platform: string) {
      const res = await t.cm.patch(`${t.base}/time-entries/${entryId}`, { platform });
      expect(res.statusCode, res.body).toBe(200);
    }
    const first = await log('30m visuels #meta');
    expect(first.entry).toMatchObject({ platform: null, tags: ['meta'] });
    await setPlatform(first.entry.id, 'facebook');
    // One correction teaches nothing yet.
    expect((await t.cm.get(`${t.base}/quick-add/aliases`)).json()).toEqual({ learnAfter: 2, items: [] });

    const second = await log('45m modé #Meta');
    await setPlatform(second.entry.id, 'facebook');
    const vocabulary = (await t.cm.get(`${t.base}/quick-add/aliases`)).json();
    expect(vocabulary.items).toEqual([
      expect.objectContaining({
        kind: 'platform',
        phrase: 'meta',
        platform: 'facebook',
        categoryId: null,
        brandId: null,
        source: 'learned',
        corrections: 2,
      }),
    ]);

    expect((await log('20m stories #meta')).entry).toMatchObject({ platform: 'facebook', tags: [] });
    expect((await log('20m modé meta')).entry.platform).toBe('facebook');

    const alias = vocabulary.items[0];
    expect((await t.cm.delete(`${t.base}/quick-add/aliases/${alias.id}`)).statusCode).toBe(403);
    expect((await t.manager.delete(`${t.base}/quick-add/aliases/${alias.id}`)).statusCode).toBe(204);
    expect((await log('20m stories #meta')).entry).toMatchObject({ platform: null, tags: ['meta'] });
    // The corrections that taught it are forgotten too: one more does not bring it back.
    const again = await log('10m visuels #meta');
    await setPlatform(again.entry.id, 'facebook');
    expect((await t.cm.get(`${t.base}/quick-add/aliases`)).json().items).toEqual([]);
  });

  it("does not teach a platform's own name when the member changes the platform it named", async () => {
    for (const text of ['30m visuels #insta', '20m stories insta']) {
      const body = await log(text);
      expect(body.entry.platform).toBe('instagram');
      const res = await t.cm.patch(`${t.base}/time-entries/${body.entry.id}`, { platform: 'facebook' });
      expect(res.statusCode, res.body).toBe(200);
    }
    expect((await t.cm.get(`${t.base}/quick-add/aliases`)).json().items).toEqual([]);
    expect((await log('15m visuels #insta')).entry.platform).toBe('instagram');
  });

  it('learns a brand from an unknown @word the member set the brand of', async () => {
    const brand = (await t.owner.post(`${t.base}/brands`, { name: 'Le Fournil de Paris' })).json();
    for (const text of ['30m visuels @fdp', '20m stories @FDP']) {
      const body = await log(text);
      expect(body.entry.brandId).toBeNull();
      const res = await t.cm.patch(`${t.base}/time-entries/${body.entry.id}`, { brandId: brand.id });
      expect(res.statusCode, res.body).toBe(200);
    }
    expect((await log('10m visuels @fdp')).entry).toMatchObject({ brandId: brand.id, note: 'visuels' });
  });
});
