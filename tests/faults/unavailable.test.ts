// While the database is away every request gets 503 in the API's error shape with Retry-After
// (never a 500, never a 401 that would make a client drop a good token), the API answers again by
// itself once the database is back, and a request that arrives while the server drains on
// shutdown gets the same shape.
import net from 'node:net';
import { createDb, type Database } from '@proofwork/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { createOrganization } from '../support/factories';
import { signIn } from '../support/http';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

let tdb: TestDatabase;
let proxy: TcpProxy;
let db: Database;
let app: Awaited<ReturnType<typeof buildTestApp>>;
beforeAll(async () => {
  tdb = await createTestDatabase();
  proxy = await startTcpProxy(tdb.url);
  db = createDb(proxy.url, { max: 4 });
  app = await buildTestApp({ db });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await db?.close();
  await proxy?.close();
  await tdb?.drop();
});

describe('the database going away', () => {
  it('answers every kind of request with 503 and Retry-After, and recovers by itself', async () => {
    const { organization, owner } = await createOrganization(tdb.db);
    const session = await signIn(app, owner.email);
    const base = `/api/v1/organizations/${organization.id}`;
    const created = await session.post(`${base}/tokens`, { name: 'outage script' });
    expect(created.statusCode, created.body).toBe(201);
    const bearer = { authorization: `Bearer ${created.json().token}` };
    const category = (await session.get(`${base}/categories`)).json().items[0].id as string;
    const entry = {
      categoryId: category,
      startedAt: '2026-06-02T09:00:00Z',
      endedAt: '2026-06-02T10:00:00Z',
    };

    const requests = {
      'session lookup (GET /me)': () => session.get('/api/v1/me'),
      'session lookup (auth library)': () => session.get('/api/auth/get-session'),
      'a dashboard': () => session.get(`${base}/dashboards/team?from=2026-06-01&to=2026-06-28`),
      'a write with the session': () => session.post(`${base}/time-entries`, entry),
      'a write with an API token': () =>
        app.inject({ method: 'POST', url: `${base}/time-entries`, headers: bearer, payload: entry }),
      'sign-in': () =>
        app.inject({
          method: 'POST',
          url: '/api/auth/sign-in/email',
          headers: { origin: 'http://localhost:3000' },
          payload: { email: owner.email, password: 'correct-horse-battery' },
        }),
    };
    for (const [what, send] of Object.entries(requests)) {
      const res = await send();
      expect(res.statusCode, `${what} before the outage: ${res.body}`).toBeLessThan(300);
    }

    await proxy.cut();
    try {
      for (const [what, send] of Object.entries(requests)) {
        const res = await send();
        expect(res.statusCode, `${what}: ${res.body}`).toBe(503);
        expect(res.json(), what).toEqual({
          error: 'database_unavailable',
          message: expect.any(String),
          details: [],
        });
        expect(res.headers['retry-after'], what).toBe('2');
      }
      const health = await app.inject({ method: 'GET', url: '/api/v1/health' });
      expect(health.statusCode).toBe(503);
      expect(health.json()).toMatchObject({ status: 'unavailable', db: 'down' });
      expect(health.headers['retry-after']).toBe('2');
    } finally {
      await proxy.restore();
    }

    // No restart, no reconnect call: the pool connects again on the next request.
    for (const [what, send] of Object.entries(requests)) {
      let res = await send();
      for (let i = 0; i < 50 && res.statusCode === 503; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        res = await send();
      }
      expect(res.statusCode, `${what} after the outage: ${res.body}`).toBeLessThan(300);
    }
  }, 60_000);
});

/** Raw HTTP/1.1 on one kept-alive socket: the responses to requests written one after another. */
function rawConnection(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (chunk) => {
    received += chunk;
  });
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  return {
    send: (path: string) => socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n`),
    received: () => received,
    closed,
  };
}

describe('a request that arrives while the server drains', () => {
  it('gets 503 with the API error shape and Retry-After', async () => {
    const drainDb = createDb(tdb.url, { max: 2 });
    const server = await buildTestApp({ db: drainDb });
    let finishSlow = () => {};
    const slowStarted = new Promise<void>((resolve) => {
      server.get('/api/v1/test-slow', { config: { public: true } }, async () => {
        resolve();
        await new Promise<void>((done) => {
          finishSlow = done;
        });
        return { slow: 'done' };
      });
    });
    await server.listen({ host: '127.0.0.1', port: 0 });
    const port = (server.server.address() as net.AddressInfo).port;
    try {
      // The slow request keeps its connection busy, so closing does not drop it as idle; the next
      // request on that connection arrives after close() began.
      const connection = rawConnection(port);
      connection.send('/api/v1/test-slow');
      await slowStarted;
      const closing = server.close();
      await new Promise((resolve) => setTimeout(resolve, 50));
      connection.send('/api/v1/health');
      await new Promise((resolve) => setTimeout(resolve, 100));
      finishSlow();
      await connection.closed;
      await closing;
      const responses = connection.received().split(/(?=HTTP\/1\.1 )/);
      expect(responses).toHaveLength(2);
      expect(responses[0]).toMatch(/^HTTP\/1\.1 200/);
      const [head, body] = responses[1]!.split('\r\n\r\n');
      expect(head, body).toMatch(/^HTTP\/1\.1 503/);
      expect(head).toMatch(/\r\nretry-after: 2\r\n/i);
      expect(head).toMatch(/\r\ncontent-type: application\/json/i);
      expect(JSON.parse(body!)).toEqual({ error: 'shutting_down', message: expect.any(String), details: [] });
    } finally {
      finishSlow();
      await server.close();
      await drainDb.close();
    }
  }, 30_000);
});
