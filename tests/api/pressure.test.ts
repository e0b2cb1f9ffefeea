// Load shedding: while the process reports pressure, requests are refused with 503, Retry-After and
// the API's error shape before any work is done, and health keeps answering.
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app';

// A heap limit of 1 MiB is passed at the first sample, which makes "under pressure" certain and
// immediate, where a lagging event loop would make the test depend on the machine's timing.
const ctx = useTestApp({ env: { PRESSURE_MAX_HEAP_USED_MB: '1', PRESSURE_SAMPLE_INTERVAL_MS: '100' } });

/** Waits for the first sample, and for the start-up grace (two samples after ready) to pass. */
async function underPressure() {
  const deadline = Date.now() + 5000;
  while (!ctx.app.isUnderPressure() || (await ctx.app.inject({ url: '/api/v1/me' })).statusCode !== 503) {
    if (Date.now() > deadline) throw new Error('the process never shed load');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('under pressure', () => {
  it('refuses requests with 503, Retry-After and the error shape, before authentication', async () => {
    await underPressure();
    for (const request of [
      { method: 'GET' as const, url: '/api/v1/me' },
      {
        method: 'POST' as const,
        url: '/api/v1/organizations/0190a000-0000-7000-8000-000000000000/quick-add/parse',
        payload: { text: 'montage 1h' },
      },
    ]) {
      const res = await ctx.app.inject(request);
      expect(res.statusCode, request.url).toBe(503);
      expect(res.headers['retry-after']).toBe('10');
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.json()).toEqual({ error: 'overloaded', message: expect.any(String), details: [] });
    }
  });

  it('keeps health answering', async () => {
    await underPressure();
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', db: 'up' });
  });
});
