// The one error model: every failure is JSON { error, message, details }, never HTML or a stack.

import { createDb } from '@proofwork/db';
import { sql } from 'drizzle-orm';
import Type from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/db';

let tdb: TestDatabase;
let app: Awaited<ReturnType<typeof buildTestApp>>;

beforeAll(async () => {
  tdb = await createTestDatabase();
  app = await buildTestApp({ db: tdb.db, env: { BODY_LIMIT: '2048' } });
  // A probe route with a body schema, registered the way every real route is.
  app.post(
    '/api/v1/probe',
    {
      config: { public: true },
      schema: {
        body: Type.Object(
          { name: Type.String({ minLength: 1 }), count: Type.Integer() },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => request.body,
  );
  await app.ready();
});

afterAll(async () => {
  await app.close();
  await tdb.drop();
});

function expectErrorShape(body: unknown) {
  expect(body).toMatchObject({ error: expect.any(String), message: expect.any(String), details: expect.any(Array) });
  expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
}

describe('error model', () => {
  it('answers malformed JSON with 400 invalid_json', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/probe',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expectErrorShape(res.json());
    expect(res.json().error).toBe('invalid_json');
  });

  it('names the field that failed validation', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/probe', payload: { name: '', count: 'x' } });
    expect(res.statusCode).toBe(400);
    expectErrorShape(res.json());
    expect(res.json().error).toBe('validation_failed');
    expect(res.json().details[0].field).toMatch(/^body\.(name|count)$/);
  });

  it('names a missing field and refuses unknown ones', async () => {
    const missing = await app.inject({ method: 'POST', url: '/api/v1/probe', payload: { name: 'a' } });
    expect(missing.json().details[0].field).toBe('body.count');
    const extra = await app.inject({
      method: 'POST',
      url: '/api/v1/probe',
      payload: { name: 'a', count: 1, admin: true },
    });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().details[0].field).toBe('body.admin');
  });

  it('answers an unknown API route with a JSON 404', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/does-not-exist' });
    expect(res.statusCode).toBe(404);
    expectErrorShape(res.json());
    expect(res.json().error).toBe('not_found');
  });

  it('answers an oversized body with 413', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/probe',
      payload: { name: 'x'.repeat(5000), count: 1 },
    });
    expect(res.statusCode).toBe(413);
    expectErrorShape(res.json());
    expect(res.json().error).toBe('payload_too_large');
  });

  it('answers an unsupported content type with 415', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/probe',
      headers: { 'content-type': 'application/xml' },
      payload: '<a/>',
    });
    expect(res.statusCode).toBe(415);
    expectErrorShape(res.json());
  });

  it('accepts a valid body', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/probe', payload: { name: 'ok', count: 2 } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ name: 'ok', count: 2 });
  });

  it('sets security headers and a request id', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-request-id']).toBeTruthy();
  });
});

describe('health', () => {
  it('reports ok when the database answers', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', db: 'up', queue: 'in-process' });
  });

  it('answers 503 with the JSON shape when the database is unreachable', async () => {
    // Port 1 on loopback: nothing listens there, so every connection is refused.
    const deadDb = createDb('postgres://postgres@127.0.0.1:1/none', { max: 1 });
    const deadApp = await buildTestApp({ db: deadDb });
    deadApp.get('/api/v1/probe-db', { config: { public: true } }, async () => deadDb.execute(sql`select 1`));
    try {
      const health = await deadApp.inject({ method: 'GET', url: '/api/v1/health' });
      expect(health.statusCode).toBe(503);
      expect(health.json()).toMatchObject({ status: 'unavailable', db: 'down' });
      const route = await deadApp.inject({ method: 'GET', url: '/api/v1/probe-db' });
      expect(route.statusCode).toBe(503);
      expectErrorShape(route.json());
      expect(route.json().error).toBe('database_unavailable');
    } finally {
      await deadApp.close();
      await deadDb.close();
    }
  });

  it('reports a queue that does not answer', async () => {
    const redisApp = await buildTestApp({ db: tdb.db, queue: { mode: 'redis', ping: async () => false } });
    try {
      const res = await redisApp.inject({ method: 'GET', url: '/api/v1/health' });
      expect(res.statusCode).toBe(200);
      expect(res.json().queue).toBe('down');
    } finally {
      await redisApp.close();
    }
  });
});
