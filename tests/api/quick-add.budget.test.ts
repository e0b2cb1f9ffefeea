// The time budget of quick-add over HTTP: the hostile line that once held the event loop for seconds
// comes back quickly, and health keeps answering while several such lines are parsed. Bounds are
// generous (the 100 ms targets are the benchmark's figure P8) and each is the fastest of up to three
// tries, so a busy machine does not fail them while a line that blocks the event loop (seconds of
// CPU every time) always does.
import { digitsAndSpacesLine } from '@proofwork/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app';
import { createTeam, signInPeople, type Team } from './time-entries.fixtures';

const BOUND_MS = 5000;
const ctx = useTestApp();
let t: Team;

/** The result and milliseconds of the fastest of up to three runs (stops once one is within the bound). */
async function fastest<T>(run: () => Promise<T>): Promise<[T, number]> {
  let best: [T, number] | null = null;
  for (let attempt = 0; attempt < 3 && (best === null || best[1] >= BOUND_MS); attempt++) {
    const started = performance.now();
    const result = await run();
    const ms = performance.now() - started;
    if (best === null || ms < best[1]) best = [result, ms];
  }
  return best as [T, number];
}

const parseLine = (locale: 'en' | 'fr') =>
  t.cm.post(`${t.base}/quick-add/parse`, { text: digitsAndSpacesLine(), locale });

beforeAll(async () => {
  t = await createTeam(ctx.tdb.db, await signInPeople(ctx.app, ctx.tdb.db));
  // The date library compiles its patterns on first use; a server pays that once, at its first line.
  expect((await t.cm.post(`${t.base}/quick-add/parse`, { text: 'montage 20 nov 1h' })).statusCode).toBe(200);
});

describe('quick-add time budget over HTTP', () => {
  it('parses the digits-and-spaces line quickly, in both languages', async () => {
    for (const locale of ['fr', 'en'] as const) {
      const [res, ms] = await fastest(() => parseLine(locale));
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ durationSeconds: null, categoryKey: 'admin' });
      expect(ms, locale).toBeLessThan(BOUND_MS);
    }
  });

  it('answers health while four such lines are being parsed', async () => {
    let healthMs = Number.POSITIVE_INFINITY;
    for (let attempt = 0; attempt < 3 && healthMs >= BOUND_MS; attempt++) {
      const lines = [parseLine('fr'), parseLine('en'), parseLine('fr'), parseLine('en')];
      const started = performance.now();
      const health = await ctx.app.inject({ method: 'GET', url: '/api/v1/health' });
      healthMs = Math.min(healthMs, performance.now() - started);
      expect(health.statusCode).toBe(200);
      for (const line of await Promise.all(lines)) expect(line.statusCode).toBe(200);
    }
    expect(healthMs).toBeLessThan(BOUND_MS);
  });
});
