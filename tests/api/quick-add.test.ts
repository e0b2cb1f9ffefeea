// Quick-add over HTTP: parsing with the organization's catalog gives what the pure parser gives
// (reference lines and the whole corpus), a posted line becomes an entry or drives the timer, and
// bad input is a 4xx.
import {
  CORPUS_BRANDS,
  CORPUS_NOW,
  CORPUS_TIME_ZONE,
  corpusContext,
  type Locale,
  parseQuickAdd,
  type QuickAddContext,
  scoreCorpus,
} from '@proofwork/core';
import { rebuildRollups, schema } from '@proofwork/db';
import { eq } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app';
import { createTeam, manualClock, type People, signInPeople, type Team } from './time-entries.fixtures';

let people: People;
let t: Team;
const clock = manualClock(CORPUS_NOW); // Wednesday 2026-11-25, 15:00 in Paris
const ctx = useTestApp({ clock });

/** The corpus's brands, so the organization's catalog matches the corpus context. */
async function addCorpusBrands(team: Team) {
  for (const brand of CORPUS_BRANDS) {
    const res = await team.owner.post(`${team.base}/brands`, {
      name: brand.name,
      slug: brand.slug,
      aliases: brand.aliases ?? [],
    });
    expect(res.statusCode).toBe(201);
  }
}

async function parse(text: string, ctx: Pick<QuickAddContext, 'now' | 'timeZone' | 'locale'>) {
  const res = await t.cm.post(`${t.base}/quick-add/parse`, {
    text,
    now: ctx.now.toISOString(),
    timeZone: ctx.timeZone,
    locale: ctx.locale,
  });
  expect(res.statusCode, `${text}: ${res.body}`).toBe(200);
  return res.json();
}

/** What the endpoint should answer: the pure parser's result without the command. */
function expected(text: string, locale: Locale) {
  const { command: _command, ...line } = parseQuickAdd(text, corpusContext(locale));
  return line;
}

beforeAll(async () => {
  people = await signInPeople(ctx.app, ctx.tdb.db);
  t = await createTeam(ctx.tdb.db, people, { timeZone: CORPUS_TIME_ZONE });
  await addCorpusBrands(t);
});
beforeEach(() => {
  clock.set(CORPUS_NOW);
});

describe('POST quick-add/parse', () => {
  const fr = corpusContext('fr');
  const en = corpusContext('en');

  it.each([
    [
      'montage reel @fournil 1h30 #ig hier',
      'fr',
      {
        durationSeconds: 5400,
        categoryKey: 'content.video',
        brand: 'fournil',
        platform: 'instagram',
        localDate: '2026-11-24',
        startedAt: null,
      },
    ],
    [
      'réunion 9h15-10h40',
      'fr',
      {
        durationSeconds: 5100,
        startedAt: '2026-11-25T08:15:00.000Z',
        endedAt: '2026-11-25T09:40:00.000Z',
        categoryKey: 'meetings',
      },
    ],
    [
      'modération 23h-1h hier',
      'fr',
      { durationSeconds: 7200, startedAt: '2026-11-24T22:00:00.000Z', localDate: '2026-11-24' },
    ],
    ['réunion à 14h 1h', 'fr', { startedAt: '2026-11-25T13:00:00.000Z', endedAt: '2026-11-25T14:00:00.000Z' }],
    [
      'client meeting @fournil 2pm-3:30pm',
      'en',
      { durationSeconds: 5400, brand: 'fournil', categoryKey: 'meetings', startedAt: '2026-11-25T13:00:00.000Z' },
    ],
    [
      'captions for 5 posts @eclat 30 mins yesterday',
      'en',
      { durationSeconds: 1800, categoryKey: 'content.copywriting', brand: 'eclat', localDate: '2026-11-24' },
    ],
    [
      'montage carrousel @eclat 45 min',
      'fr',
      { deliverable: { typeKey: 'carousel', title: null }, note: 'montage carrousel' },
    ],
    ['rédaction "5 astuces pour Noël" 1h', 'fr', { deliverable: { typeKey: null, title: '5 astuces pour Noël' } }],
    [
      'modération #Noël #NOËL #concours #insta 1h',
      'fr',
      { tags: ['noël', 'concours'], platform: 'instagram', note: 'modération' },
    ],
    ['montage @Studio-Véga 1h', 'fr', { brand: null, warnings: [expect.objectContaining({ code: 'unknown_brand' })] }],
    ['truc 1h', 'fr', { categoryKey: 'admin', warnings: [expect.objectContaining({ code: 'no_category' })] }],
    ['montage @fournil', 'fr', { durationSeconds: null, warnings: [expect.objectContaining({ code: 'no_duration' })] }],
  ] as const)('%s', async (text, locale, fields) => {
    const ctx = locale === 'fr' ? fr : en;
    const got = await parse(text, ctx);
    expect(got).toMatchObject(fields);
    expect(got).toEqual(expected(text, locale));
  });

  it('returns exactly the documented fields', async () => {
    const got = await parse('start montage @fournil #insta', fr);
    expect(Object.keys(got).sort()).toEqual([
      'brand',
      'brandCandidates',
      'categoryKey',
      'deliverable',
      'durationSeconds',
      'endedAt',
      'localDate',
      'note',
      'platform',
      'proposedBrand',
      'proposedBrandSpan',
      'startedAt',
      'tags',
      'warnings',
    ]);
  });

  it('defaults now to the clock and the zone to the member’s', async () => {
    clock.set('2026-11-26T23:30:00Z'); // Friday 00:30 in Paris, still Thursday in UTC
    const got = (await t.cm.post(`${t.base}/quick-add/parse`, { text: 'montage 1h' })).json();
    expect(got.localDate).toBe('2026-11-27');
    const utc = (await t.cm.post(`${t.base}/quick-add/parse`, { text: 'montage 1h', timeZone: 'UTC' })).json();
    expect(utc.localDate).toBe('2026-11-26');
  });

  it('scores the whole corpus exactly as the pure parser does', async () => {
    const pure = await scoreCorpus();
    const viaApi = await scoreCorpus((text, ctx) => parse(text, ctx));
    expect(viaApi.total).toBe(pure.total);
    expect(viaApi.exact).toBe(pure.exact);
    expect(viaApi.misses.map((m) => m.line.text)).toEqual(pure.misses.map((m) => m.line.text));
    expect(pure.ratio).toBeGreaterThanOrEqual(0.99);
  });

  it('writes nothing', async () => {
    const before = await ctx.tdb.db
      .select()
      .from(schema.timeEntries)
      .where(eq(schema.timeEntries.organizationId, t.organizationId));
    await parse('montage 1h', fr);
    const after = await ctx.tdb.db
      .select()
      .from(schema.timeEntries)
      .where(eq(schema.timeEntries.organizationId, t.organizationId));
    expect(after).toHaveLength(before.length);
  });
});

describe('POST quick-add', () => {
  let w: Team;
  beforeEach(async () => {
    w = await createTeam(ctx.tdb.db, people);
    await addCorpusBrands(w);
  });

  it('creates an entry (source quick_add) with category, brand, platform, tags and note resolved', async () => {
    const res = await w.cm.post(`${w.base}/quick-add`, { text: 'montage reel @fournil 1h30 #ig #noel hier' });
    expect(res.statusCode, res.body).toBe(201);
    const { entry, parsed, action } = res.json();
    expect(action).toBe('logged');
    const fournil = (await w.owner.get(`${w.base}/brands`))
      .json()
      .items.find((b: { slug: string }) => b.slug === 'fournil');
    expect(entry).toMatchObject({
      memberId: w.cmId,
      source: 'quick_add',
      categoryId: w.category('content.video'),
      brandId: fournil.id,
      platform: 'instagram',
      tags: ['noel'],
      durationSeconds: 5400,
      localDate: '2026-11-24',
      startedAt: null,
    });
    expect(entry.note).toBe(parsed.note);
    expect(parsed).toMatchObject({ brand: 'fournil', categoryKey: 'content.video' });
  });

  it('creates a timed entry from a range', async () => {
    const { entry } = (await w.cm.post(`${w.base}/quick-add`, { text: 'réunion 9h15-10h40' })).json();
    expect(entry).toMatchObject({
      startedAt: '2026-11-25T08:15:00.000Z',
      endedAt: '2026-11-25T09:40:00.000Z',
      durationSeconds: 5100,
    });
  });

  it('records a deliverable of the named type, and reuses it for the same quoted title', async () => {
    const first = (await w.cm.post(`${w.base}/quick-add`, { text: 'montage reel "Teaser Noël" @fournil 2h' })).json();
    const second = (
      await w.cm.post(`${w.base}/quick-add`, { text: 'montage reel "teaser noël" @fournil 30 min' })
    ).json();
    expect(first.entry.deliverableId).not.toBeNull();
    expect(second.entry.deliverableId).toBe(first.entry.deliverableId);
    const deliverable = (await w.cm.get(`${w.base}/deliverables/${first.entry.deliverableId}`)).json();
    expect(deliverable).toMatchObject({ title: 'Teaser Noël', platform: null });
    const untitled = (await w.cm.post(`${w.base}/quick-add`, { text: 'montage carrousel @eclat 45 min' })).json();
    expect(untitled.entry.deliverableId).not.toBeNull();
    expect(untitled.entry.deliverableId).not.toBe(first.entry.deliverableId);
    const noType = (await w.cm.post(`${w.base}/quick-add`, { text: 'réunion 1h' })).json();
    expect(noType.entry.deliverableId).toBeNull();
  });

  it('"2 posts" records one deliverable standing for two: the deliverables dashboard counts two posts of half the time', async () => {
    const two = (await w.cm.post(`${w.base}/quick-add`, { text: '2 posts insta 40min', locale: 'fr' })).json();
    expect(two.parsed.deliverable).toMatchObject({ typeKey: 'post', count: 2 });
    const deliverable = (await w.cm.get(`${w.base}/deliverables/${two.entry.deliverableId}`)).json();
    expect(deliverable).toMatchObject({ quantity: 2, title: 'Post ×2' });
    const one = (await w.cm.post(`${w.base}/quick-add`, { text: 'post insta 1h', locale: 'fr' })).json();
    expect((await w.cm.get(`${w.base}/deliverables/${one.entry.deliverableId}`)).json().quantity).toBe(1);

    await rebuildRollups(ctx.tdb.db, { organizationId: w.organizationId });
    const posts = (await w.owner.get(`${w.base}/dashboards/deliverables?from=2026-11-23&to=2026-11-29`))
      .json()
      .items.find((t: { key: string }) => t.key === 'post');
    // Three posts: 20 and 20 minutes (the line of two), 60 minutes.
    expect(posts).toMatchObject({
      deliverableCount: 3,
      measuredSeconds: 6000,
      measuredPerDeliverable: 2000,
      medianSeconds: 1200,
    });
  });

  it('starts and stops the timer with start / stop lines', async () => {
    const started = await w.cm.post(`${w.base}/quick-add`, { text: 'start montage @fournil #insta' });
    expect(started.statusCode).toBe(201);
    expect(started.json().action).toBe('timer_started');
    expect(started.json().entry).toMatchObject({
      running: true,
      source: 'timer',
      categoryId: w.category('content.video'),
      platform: 'instagram',
    });
    clock.set('2026-11-25T14:40:00Z');
    const stopped = await w.cm.post(`${w.base}/quick-add`, { text: 'stop' });
    expect(stopped.statusCode).toBe(200);
    expect(stopped.json().action).toBe('timer_stopped');
    expect(stopped.json().entry).toMatchObject({ id: started.json().entry.id, running: false, durationSeconds: 2400 });
    expect((await w.cm.post(`${w.base}/quick-add`, { text: 'arrête' })).statusCode).toBe(409);
  });

  it('answers 400 with the parser’s warning for a line without a duration', async () => {
    const res = await w.cm.post(`${w.base}/quick-add`, { text: 'montage @fournil' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      error: 'no_duration',
      message: 'No duration or time range found.',
      details: [{ field: 'body.text' }],
    });
  });

  it.each([
    ['empty text', { text: '' }, 'body.text'],
    ['blank text', { text: '   ' }, 'body.text'],
    ['more than 5,000 characters', { text: `montage 1h ${'x'.repeat(5000)}` }, 'body.text'],
    ['a control character', { text: 'montage\u0000 1h' }, 'body.text'],
    ['a line break', { text: 'montage 1h\nréunion 1h' }, 'body.text'],
    ['no text', {}, 'body.text'],
    ['text that is not a string', { text: { line: 'montage 1h' } }, 'body.text'],
    ['text sent as a one-item array', { text: ['montage 1h'] }, 'body.text'],
    ['a locale that is not a string', { text: 'montage 1h', locale: ['fr'] }, 'body.locale'],
    ['an unknown time zone', { text: 'montage 1h', timeZone: 'Mars/Olympus' }, 'body.timeZone'],
  ])('refuses %s with a 4xx naming the field', async (_, body, field) => {
    for (const path of ['/quick-add', '/quick-add/parse']) {
      const res = await w.cm.post(`${w.base}${path}`, body);
      expect(res.statusCode, `${path} ${res.body}`).toBe(400);
      expect(res.json().details[0].field).toBe(field);
    }
  });

  it('refuses a line whose duration is longer than an entry may be', async () => {
    const res = await w.cm.post(`${w.base}/quick-add`, { text: 'tournage 30h' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      message: expect.stringMatching(/^This line cannot be logged: .*24 hours/),
      details: [{ field: 'body.text' }],
    });
  });
});
