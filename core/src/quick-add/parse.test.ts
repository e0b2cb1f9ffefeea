import { describe, expect, it } from 'vitest';
import { corpusContext } from './corpus';
import { parseQuickAdd, QUICK_ADD_MAX_LENGTH } from './parse';
import type { QuickAddContext } from './types';

const fr = corpusContext('fr');
const en = corpusContext('en');
const codes = (text: string, ctx: QuickAddContext = fr) => parseQuickAdd(text, ctx).warnings.map((w) => w.code);

describe('parseQuickAdd: durations and ranges', () => {
  it('returns start, end and duration for a range in the member zone', () => {
    const r = parseQuickAdd('réunion 9h15-10h40', fr);
    expect(r).toMatchObject({
      durationSeconds: 85 * 60,
      startedAt: '2026-11-25T08:15:00.000Z',
      endedAt: '2026-11-25T09:40:00.000Z',
      localDate: '2026-11-25',
    });
  });

  it('places a range on the parsed date', () => {
    const r = parseQuickAdd('from 2 to 3:30pm yesterday call', en);
    expect(r.startedAt).toBe('2026-11-24T13:00:00.000Z');
    expect(r.durationSeconds).toBe(5400);
  });

  it('keeps startedAt/endedAt null when only a duration is given', () => {
    const r = parseQuickAdd('montage 1h30', fr);
    expect(r).toMatchObject({ durationSeconds: 5400, startedAt: null, endedAt: null });
  });

  it('uses a clock time as the start of a duration', () => {
    expect(parseQuickAdd('réunion à 14h 1h', fr)).toMatchObject({
      startedAt: '2026-11-25T13:00:00.000Z',
      endedAt: '2026-11-25T14:00:00.000Z',
      durationSeconds: 3600,
    });
    // Two durations, one written like a time of day: that one is the start.
    expect(parseQuickAdd('14h30 réunion 1h', fr)).toMatchObject({
      startedAt: '2026-11-25T13:30:00.000Z',
      durationSeconds: 3600,
    });
  });

  it('never invents a duration', () => {
    const r = parseQuickAdd('montage @fournil', fr);
    expect(r.durationSeconds).toBeNull();
    expect(codes('montage @fournil')).toContain('no_duration');
  });

  it('warns about two durations, a range that contradicts the duration, and very long durations', () => {
    expect(codes('1h montage 45min rédac')).toContain('two_durations');
    const mismatch = parseQuickAdd('9h-10h 2h montage', fr);
    expect(mismatch.durationSeconds).toBe(3600);
    expect(mismatch.warnings.map((w) => w.code)).toContain('duration_mismatch');
    expect(codes('9h-10h 1h montage')).not.toContain('duration_mismatch');
    expect(codes('tournage 14h')).toContain('long_duration');
  });
});

describe('parseQuickAdd: daylight saving time', () => {
  it('counts real elapsed time across the Paris spring-forward gap', () => {
    const ctx = { ...fr, now: new Date('2026-03-29T10:00:00Z') }; // 12:00 CEST
    const r = parseQuickAdd('1:30-3:30 montage', ctx);
    expect(r.localDate).toBe('2026-03-29');
    expect(r.startedAt).toBe('2026-03-29T00:30:00.000Z');
    expect(r.endedAt).toBe('2026-03-29T01:30:00.000Z');
    expect(r.durationSeconds).toBe(3600);
  });

  it('counts the repeated hour on the Paris fall-back night', () => {
    const ctx = { ...fr, now: new Date('2026-10-25T11:00:00Z') };
    expect(parseQuickAdd('1h-4h modération', ctx).durationSeconds).toBe(4 * 3600);
  });

  it('handles New York spring-forward and fall-back nights', () => {
    const spring = { ...en, timeZone: 'America/New_York', now: new Date('2026-03-08T17:00:00Z') };
    expect(parseQuickAdd('1am-4am editing', spring)).toMatchObject({
      durationSeconds: 2 * 3600,
      startedAt: '2026-03-08T06:00:00.000Z',
    });
    const fall = { ...en, timeZone: 'America/New_York', now: new Date('2026-11-01T17:00:00Z') };
    expect(parseQuickAdd('0:30-2:30 editing', fall).durationSeconds).toBe(3 * 3600);
  });

  it('gives a range inside the spring-forward gap no negative duration', () => {
    const ctx = { ...fr, now: new Date('2026-03-29T10:00:00Z') };
    const r = parseQuickAdd('2:30-3:00 montage', ctx);
    expect(r.durationSeconds).toBe(0);
    expect(r.endedAt).toBe(r.startedAt);
  });

  it('computes a range crossing midnight', () => {
    const r = parseQuickAdd('modération 23h-1h hier', fr);
    expect(r.startedAt).toBe('2026-11-24T22:00:00.000Z');
    expect(r.endedAt).toBe('2026-11-25T00:00:00.000Z');
    expect(r.durationSeconds).toBe(7200);
  });
});

describe('parseQuickAdd: brands', () => {
  it.each([
    ['@fournil', 'fournil'],
    ['@Le Fournil', 'fournil'],
    ['@lefournil', 'fournil'],
    ['@BISTROT-LEON', 'bistrot-leon'],
    ['@Bistrot Léon', 'bistrot-leon'],
    ['@bistrot', 'bistrot-leon'],
    ['@Éclat', 'eclat'],
    ['@Éclat Cosmétiques', 'eclat'],
    ['pour @northwind.', 'northwind'],
  ])('%s → %s', (mention, slug) => {
    const r = parseQuickAdd(`montage ${mention} 1h`, fr);
    expect(r.brand).toBe(slug);
    expect(r.proposedBrand).toBeNull();
    expect(r.note).toBe('montage');
  });

  it('proposes an unknown @brand as typed', () => {
    const r = parseQuickAdd('montage @Studio-Véga 1h', fr);
    expect(r.brand).toBeNull();
    expect(r.proposedBrand).toBe('Studio-Véga');
    expect(r.warnings.map((w) => w.code)).toContain('unknown_brand');
  });

  it('recognises a full brand name without @, and keeps it in the note', () => {
    expect(parseQuickAdd('réunion Bistrot Léon 1h', fr)).toMatchObject({
      brand: 'bistrot-leon',
      note: 'réunion Bistrot Léon',
    });
    expect(parseQuickAdd('Northwind report 1h', en).brand).toBe('northwind');
    expect(parseQuickAdd('northwind report 1h', en).brand).toBeNull();
  });

  it('ignores e-mail addresses and warns about two brands', () => {
    expect(parseQuickAdd('mail à contact@fournil.fr 10 min', fr).brand).toBeNull();
    const two = parseQuickAdd('1h montage @fournil @eclat', fr);
    expect(two.brand).toBe('fournil');
    expect(two.warnings.map((w) => w.code)).toContain('two_brands');
  });
});

describe('parseQuickAdd: platforms and tags', () => {
  it.each([
    ['#ig', 'instagram'],
    ['#insta', 'instagram'],
    ['#fb', 'facebook'],
    ['#yt', 'youtube'],
    ['#twitter', 'x'],
    ['#x', 'x'],
    ['#LinkedIn', 'linkedin'],
    ['sur #tiktok', 'tiktok'],
    ['instagram', 'instagram'],
    ['TikTok', 'tiktok'],
    ['post insta', 'instagram'],
  ])('%s → %s', (text, platform) => {
    expect(parseQuickAdd(`montage ${text} 1h`, fr).platform).toBe(platform);
  });

  it('does not read "x", "threads" or "other" as bare platform words', () => {
    expect(parseQuickAdd('replying to threads x3 1h', en).platform).toBeNull();
  });

  it('keeps other #words as lower-cased, deduplicated tags', () => {
    const r = parseQuickAdd('modération #Noël #NOËL #concours #insta 1h', fr);
    expect(r.tags).toEqual(['noël', 'concours']);
    expect(r.platform).toBe('instagram');
    expect(r.note).toBe('modération');
  });

  it('reads a category from a tag when the text names none', () => {
    expect(parseQuickAdd('#montage 1h', fr).categoryKey).toBe('content.video');
  });

  it('warns about a platform the organisation does not use, and about two platforms', () => {
    const ctx = { ...fr, platforms: ['instagram', 'facebook'] };
    const r = parseQuickAdd('montage #tiktok 1h', ctx);
    expect(r.platform).toBeNull();
    expect(r.tags).toEqual(['tiktok']);
    expect(r.warnings.map((w) => w.code)).toContain('unknown_platform');
    expect(codes('modération #fb #insta 1h')).toContain('two_platforms');
  });
});

describe('parseQuickAdd: deliverables and the note', () => {
  it.each([
    ['rédaction "5 astuces pour Noël" 1h', '5 astuces pour Noël'],
    ['rédaction « 5 astuces pour Noël » 1h', '5 astuces pour Noël'],
    ['writing “Top 5 tips” 1h', 'Top 5 tips'],
  ])('takes the quoted title from %s', (text, title) => {
    expect(parseQuickAdd(text, fr).deliverable?.title).toBe(title);
  });

  it('reads a deliverable type word and leaves it in the note', () => {
    const r = parseQuickAdd('montage carrousel @eclat 45 min', fr);
    expect(r.deliverable).toEqual({ typeKey: 'carousel', title: null, count: 1 });
    expect(r.note).toBe('montage carrousel');
  });

  it('does not read dates or durations inside a quoted title', () => {
    const r = parseQuickAdd('"Top 5 du 20/11 en 1h" rédaction 30 min', fr);
    expect(r.localDate).toBe('2026-11-25');
    expect(r.durationSeconds).toBe(1800);
    expect(r.deliverable).toEqual({ typeKey: null, title: 'Top 5 du 20/11 en 1h', count: 1 });
  });

  it('has no deliverable when neither a title nor a type is given', () => {
    expect(parseQuickAdd('réunion 1h', fr).deliverable).toBeNull();
  });

  it('cleans parsed tokens and their connectors out of the note, keeping the words of meaning', () => {
    expect(parseQuickAdd('montage, 1h30, pour @fournil sur #insta hier', fr).note).toBe('montage');
    expect(parseQuickAdd('2 heures de montage vidéo', fr).note).toBe('montage vidéo');
    expect(parseQuickAdd('réunion de 14h à 15h30 le 20/11   avec   Paul', fr).note).toBe('réunion avec Paul');
    expect(parseQuickAdd('call (30 min) @eclat', en).note).toBe('call');
  });
});

describe('parseQuickAdd: categories and fallback', () => {
  it('falls back with a warning when no category is named', () => {
    const r = parseQuickAdd('truc 1h', fr);
    expect(r.categoryKey).toBe('admin');
    expect(r.warnings.map((w) => w.code)).toContain('no_category');
    expect(parseQuickAdd('truc 1h', { ...fr, fallbackCategoryKey: 'meetings' }).categoryKey).toBe('meetings');
  });

  it('reads "publication" as the post when another word names the work, as publishing alone', () => {
    expect(parseQuickAdd('booster une publication 20 min', fr).categoryKey).toBe('ads');
    expect(parseQuickAdd('sponsoriser la publication 20 min', fr).categoryKey).toBe('ads');
    expect(parseQuickAdd('publication 10 min', fr).categoryKey).toBe('content.publishing');
    expect(parseQuickAdd('publication du carrousel 10 min', fr).categoryKey).toBe('content.publishing');
  });
});

describe('parseQuickAdd: timer commands', () => {
  it.each([
    ['start montage @fournil #insta', 'start'],
    ['démarrer réunion', 'start'],
    ['démarre modération', 'start'],
    ['stop', 'stop'],
    ['arrête', 'stop'],
    ['arrêter', 'stop'],
  ] as const)('%s → %s', (text, command) => {
    const r = parseQuickAdd(text, fr);
    expect(r.command).toBe(command);
    expect(r.warnings.map((w) => w.code)).not.toContain('no_duration');
  });

  it('starts a timer with the parsed category, brand and platform', () => {
    expect(parseQuickAdd('start montage @fournil #insta', fr)).toMatchObject({
      command: 'start',
      categoryKey: 'content.video',
      brand: 'fournil',
      platform: 'instagram',
      note: 'montage',
    });
  });

  it('treats a line with a duration as a log entry, whatever its first word', () => {
    expect(parseQuickAdd('stop motion 2h', en).command).toBeNull();
  });
});

describe('parseQuickAdd: robustness', () => {
  it('cuts input beyond the maximum length with a warning', () => {
    const r = parseQuickAdd(`montage 1h ${'x'.repeat(QUICK_ADD_MAX_LENGTH)}`, fr);
    expect(r.durationSeconds).toBe(3600);
    expect(r.warnings.map((w) => w.code)).toContain('truncated');
  });

  it('falls back to UTC / the epoch on an invalid context instead of throwing', () => {
    expect(parseQuickAdd('montage 1h', { ...fr, timeZone: 'Mars/Olympus' })).toMatchObject({
      durationSeconds: 3600,
      localDate: '2026-11-25',
    });
    const bad = parseQuickAdd('montage 1h', { ...fr, now: new Date(Number.NaN) });
    expect(bad.localDate).toBe('1970-01-01');
    expect(bad.warnings.map((w) => w.code)).toContain('invalid_context');
  });

  it('is pure: same input, same output, whatever the system clock', () => {
    expect(parseQuickAdd('hier 1h montage', fr)).toEqual(parseQuickAdd('hier 1h montage', fr));
  });
});

describe('parseQuickAdd: deliverable words that are also plain words', () => {
  it('reads "short" before another word as an adjective in English, not a reel', () => {
    expect(parseQuickAdd('short call with the printer 15 min', en)).toMatchObject({
      categoryKey: 'meetings',
      deliverable: null,
    });
    expect(parseQuickAdd('edited 3 youtube shorts @fournil 2h', en).deliverable?.typeKey).toBe('reel');
    expect(parseQuickAdd('edited a youtube short @fournil 1h', en).deliverable?.typeKey).toBe('reel');
  });
});
