// Property: whatever JSON a client sends to the entry routes (random types, control characters and
// unicode in strings, huge numbers, impossible dates, unknown fields), the answer is never a 5xx,
// and every refusal is the JSON error shape.
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app';
import { ORIGIN } from '../support/http';
import { createTeam, manualClock, signInPeople, type Team } from './time-entries.fixtures';

let t: Team;
let cookies: { cm: string; manager: string };
let entryId: string;
const clock = manualClock('2026-11-25T14:00:00.000Z');
const ctx = useTestApp({ clock });
const RUNS = 150;

const junk = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({
    unit: fc.constantFrom('\u0000', '\u0007', '\n', '\u202e', '\ud800', '%', '_', '\\', 'é', '🎬'),
    maxLength: 12,
  }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -1, 0, 86_401, 2 ** 31),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 }),
);
const instant = fc.oneof(
  fc
    .date({ noInvalidDate: true, min: new Date('1900-01-01'), max: new Date('2100-01-01') })
    .map((d) => d.toISOString()),
  fc.constantFrom(
    '2026-11-24T10:00:00+01:00',
    '2026-11-24T10:00:00',
    '2026-02-30T10:00:00Z',
    '2026-11-24T24:00:00Z',
    '2016-12-31T23:59:60Z',
    '0000-01-01T00:00:00Z',
    '+275760-09-13T00:00:00Z',
    '1999-12-31T23:59:59Z',
  ),
);
const localDate = fc.oneof(
  fc.constantFrom('2026-11-24', '2026-02-30', '0001-01-01', '9999-12-31', '2026-13-01', '26-11-24', '1999-12-31'),
  fc
    .date({ noInvalidDate: true, min: new Date('1990-01-01'), max: new Date('2030-01-01') })
    .map((d) => d.toISOString().slice(0, 10)),
);
const uuid = () =>
  fc.oneof(
    fc.constantFrom(t.category('admin'), t.cmId, t.otherCmId, '00000000-0000-0000-0000-000000000000'),
    fc.uuid(),
  );
/** Mostly a plausible value, so requests also get past the schema into the rules and the database. */
const maybe = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ arbitrary: valid, weight: 5 }, { arbitrary: junk, weight: 1 });

/** A coherent timing most of the time (clock times near now, or a day), sometimes any mix of the four. */
const timing = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 40 * 24 * 60 }), fc.integer({ min: -60, max: 26 * 60 })).map(([ago, minutes]) => {
    const start = new Date(Date.parse('2026-11-30T00:00:00Z') - ago * 60_000);
    return { startedAt: start.toISOString(), endedAt: new Date(start.getTime() + minutes * 60_000).toISOString() };
  }),
  fc.record({ durationSeconds: maybe(fc.integer({ min: -10, max: 90_000 })), localDate: maybe(localDate) }),
  fc.record(
    {
      startedAt: maybe(instant),
      endedAt: maybe(instant),
      durationSeconds: maybe(fc.integer({ min: -10, max: 90_000 })),
      localDate: maybe(localDate),
    },
    { requiredKeys: [] },
  ),
);

const entryBody = () =>
  fc
    .tuple(
      fc.record(
        {
          memberId: maybe(fc.oneof(fc.constant(t.cmId), uuid())),
          categoryId: maybe(
            fc.oneof({ arbitrary: fc.constant(t.category('admin')), weight: 4 }, { arbitrary: uuid(), weight: 1 }),
          ),
          brandId: maybe(fc.oneof(uuid(), fc.constant(null))),
          platform: maybe(fc.constantFrom('instagram', 'tiktok', 'myspace', null)),
          deliverableId: maybe(fc.oneof(uuid(), fc.constant(null))),
          tags: maybe(
            fc.oneof(
              fc.array(fc.string({ minLength: 1, maxLength: 40 }), { maxLength: 5 }),
              fc.array(fc.string({ unit: 'binary', maxLength: 45 }), { maxLength: 22 }),
            ),
          ),
          note: maybe(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 2100 }))),
          source: maybe(fc.constantFrom('manual', 'api', 'import', 'timer', 'quick_add', 'magic')),
        },
        { requiredKeys: ['categoryId'] },
      ),
      timing,
    )
    .map(([fields, times]) => ({ ...fields, ...times }));

/** A body every layer accepts, so each run also proves that writes get through (201). */
const validEntryBody = () =>
  fc.record({
    categoryId: fc.constant(t.category('admin')),
    note: fc.string({ maxLength: 80 }).filter((n) => !/\p{Cc}/u.test(n)),
    durationSeconds: fc.integer({ min: 1, max: 86_400 }),
    localDate: fc.constantFrom('2026-11-23', '2026-11-24', '2026-11-25'),
  });

/** Sends raw JSON as the CM (who may write for themselves only), or as a manager. */
async function send(
  method: 'POST' | 'PATCH',
  path: string,
  body: unknown,
  as: 'cm' | 'manager' = 'cm',
): Promise<LightMyRequestResponse> {
  return ctx.app.inject({
    method,
    url: `${t.base}${path}`,
    headers: { cookie: cookies[as], origin: ORIGIN, 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  });
}

function expectNoServerError(res: LightMyRequestResponse) {
  expect(res.statusCode, res.body).toBeLessThan(500);
  if (res.statusCode >= 400)
    expect(res.json()).toMatchObject({ error: expect.any(String), message: expect.any(String) });
}

beforeAll(async () => {
  const people = await signInPeople(ctx.app, ctx.tdb.db);
  t = await createTeam(ctx.tdb.db, people);
  cookies = { cm: people.cm.client.cookie, manager: people.manager.client.cookie };
  entryId = (
    await t.cm.post(`${t.base}/time-entries`, {
      categoryId: t.category('admin'),
      durationSeconds: 60,
      localDate: '2026-11-24',
    })
  ).json().id;
});

describe('arbitrary bodies never give a 5xx', () => {
  it('POST time-entries', async () => {
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(fc.oneof({ arbitrary: entryBody(), weight: 4 }, validEntryBody()), async (body) => {
        const res = await send('POST', '/time-entries', body);
        statuses.add(res.statusCode);
        expectNoServerError(res);
      }),
      { numRuns: RUNS * 2 },
    );
    // The bodies reached every layer: schema (400), rules (400/403) and successful writes (201).
    expect([...statuses]).toEqual(expect.arrayContaining([201, 400, 403]));
  });

  it('POST time-entries with a body that is not an entry at all', async () => {
    await fc.assert(
      fc.asyncProperty(junk, async (body) => expectNoServerError(await send('POST', '/time-entries', body))),
      { numRuns: RUNS },
    );
  });

  it('POST time-entries/bulk', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(entryBody(), { maxLength: 5 }), async (entries) =>
        expectNoServerError(await send('POST', '/time-entries/bulk', { entries })),
      ),
      { numRuns: RUNS / 3 },
    );
  });

  it('PATCH time-entries/{id}', async () => {
    await fc.assert(
      fc.asyncProperty(entryBody(), async (body) =>
        expectNoServerError(await send('PATCH', `/time-entries/${entryId}`, body)),
      ),
      { numRuns: RUNS },
    );
  });

  it('POST quick-add/parse and quick-add', async () => {
    const line = fc.record(
      {
        text: fc.oneof(
          fc.string({ unit: 'binary', maxLength: 120 }),
          fc.constantFrom('', ' ', 'x'.repeat(5001), 'montage 1h @fournil'),
          junk,
        ),
        now: maybe(instant),
        timeZone: maybe(fc.constantFrom('Europe/Paris', 'Mars/Olympus', 'UTC', '')),
        locale: maybe(fc.constantFrom('en', 'fr', 'de')),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(line, fc.boolean(), async (body, write) => {
        const { now, ...rest } = body;
        const res = write ? await send('POST', '/quick-add', rest) : await send('POST', '/quick-add/parse', body);
        expectNoServerError(res);
        // A random line is logged only while the timer state allows it; stop any timer it started.
        if (write && res.statusCode === 201 && res.json().entry.running) await send('POST', '/timer/stop', {});
      }),
      { numRuns: RUNS },
    );
  });
});
