// Idempotency-Key on POST routes: a retry replays the first response and writes nothing, another
// body with the same key gets 422, and 50 concurrent duplicates make exactly one entry.
import { sql } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app';
import { createTeam, manualClock, type People, signInPeople, type Team } from './time-entries.fixtures';

let people: People;
let t: Team;
const clock = manualClock('2026-11-25T14:00:00.000Z');
const ctx = useTestApp({ clock });

async function counts() {
  const [row] = await ctx.tdb.db.execute<{ entries: number; events: number }>(sql`
    select (select count(*)::int from time_entries where organization_id = ${t.organizationId}) as entries,
           (select count(*)::int from time_entry_events where organization_id = ${t.organizationId}) as events`);
  return row!;
}

const entry = () => ({ categoryId: t.category('admin'), durationSeconds: 900, localDate: '2026-11-24' });
const keyed = (key: string) => ({ 'idempotency-key': key });

beforeAll(async () => {
  people = await signInPeople(ctx.app, ctx.tdb.db);
});
beforeEach(async () => {
  t = await createTeam(ctx.tdb.db, people);
});

describe('Idempotency-Key', () => {
  it('replays the first response for the same key and body, and writes nothing more', async () => {
    const first = await t.cm.post(`${t.base}/time-entries`, entry(), keyed('k-1'));
    expect(first.statusCode).toBe(201);
    const before = await counts();
    // The same body with its fields in another order is the same request.
    const { durationSeconds, ...rest } = entry();
    const again = await t.cm.post(`${t.base}/time-entries`, { durationSeconds, ...rest }, keyed('k-1'));
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await counts()).toEqual(before);
  });

  it('refuses the same key with another body (422) or on another route', async () => {
    await t.cm.post(`${t.base}/time-entries`, entry(), keyed('k-2'));
    const other = await t.cm.post(`${t.base}/time-entries`, { ...entry(), durationSeconds: 901 }, keyed('k-2'));
    expect(other.statusCode).toBe(422);
    expect(other.json()).toMatchObject({
      error: 'idempotency_key_reused',
      details: [{ field: 'headers.idempotency-key' }],
    });
    const elsewhere = await t.cm.post(`${t.base}/timer/start`, { categoryId: t.category('admin') }, keyed('k-2'));
    expect(elsewhere.statusCode).toBe(422);
  });

  it('makes exactly one entry out of 50 concurrent requests with one key', async () => {
    const before = await counts();
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => t.cm.post(`${t.base}/time-entries`, entry(), keyed('k-burst'))),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(50).fill(201));
    expect(new Set(responses.map((r) => r.json().id)).size).toBe(1);
    expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(49);
    expect(await counts()).toEqual({ entries: before.entries + 1, events: before.events + 1 });
  });

  it('releases the key when the request fails, so a corrected retry goes through', async () => {
    const bad = await t.cm.post(`${t.base}/time-entries`, { ...entry(), localDate: '2030-01-01' }, keyed('k-3'));
    expect(bad.statusCode).toBe(400);
    // The failed request stored nothing under the key: the same key with the right body writes.
    const good = await t.cm.post(`${t.base}/time-entries`, entry(), keyed('k-3'));
    expect(good.statusCode).toBe(201);
    expect(good.headers['idempotent-replayed']).toBeUndefined();
  });

  it('scopes keys per caller: another member may use the same key', async () => {
    const mine = await t.cm.post(`${t.base}/time-entries`, entry(), keyed('shared'));
    const theirs = await t.otherCm.post(`${t.base}/time-entries`, entry(), keyed('shared'));
    expect(theirs.statusCode).toBe(201);
    expect(theirs.json().id).not.toBe(mine.json().id);
  });

  it('works on every writing POST: bulk, timer, restore, quick-add, approvals', async () => {
    const bulk = { entries: [entry(), entry()] };
    const b1 = await t.cm.post(`${t.base}/time-entries/bulk`, bulk, keyed('bulk'));
    const b2 = await t.cm.post(`${t.base}/time-entries/bulk`, bulk, keyed('bulk'));
    expect(b2.json()).toEqual(b1.json());
    const s1 = await t.cm.post(`${t.base}/timer/start`, { categoryId: t.category('admin') }, keyed('start'));
    const s2 = await t.cm.post(`${t.base}/timer/start`, { categoryId: t.category('admin') }, keyed('start'));
    expect(s2.json().id).toBe(s1.json().id);
    const deleted = (await t.cm.post(`${t.base}/time-entries`, entry())).json();
    await t.cm.delete(`${t.base}/time-entries/${deleted.id}`);
    const r1 = await t.cm.post(`${t.base}/time-entries/${deleted.id}/restore`, {}, keyed('restore'));
    const r2 = await t.cm.post(`${t.base}/time-entries/${deleted.id}/restore`, {}, keyed('restore'));
    expect([r1.statusCode, r2.statusCode]).toEqual([200, 200]); // without the key, the retry is a 409
    const q1 = await t.cm.post(`${t.base}/quick-add`, { text: 'montage 1h' }, keyed('qa'));
    const q2 = await t.cm.post(`${t.base}/quick-add`, { text: 'montage 1h' }, keyed('qa'));
    expect(q2.statusCode).toBe(201);
    expect(q2.json().entry.id).toBe(q1.json().entry.id);
    const w1 = await t.cm.post(`${t.base}/weeks/2026-11-16/submit`, {}, keyed('week'));
    const w2 = await t.cm.post(`${t.base}/weeks/2026-11-16/submit`, {}, keyed('week'));
    expect(w1.statusCode).toBe(200);
    expect(w2.statusCode).toBe(200); // a second submit without the key would be a 409
  });

  it('refuses a key longer than 200 characters, naming the header', async () => {
    const res = await t.cm.post(`${t.base}/time-entries`, entry(), keyed('k'.repeat(201)));
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('headers.idempotency-key');
  });
});
