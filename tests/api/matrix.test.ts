// Role matrix: for every tenant route the server declares, each role gets exactly the status the
// route spec allows (success for its roles, 403 for the others), signed in or with an API token;
// a token also needs the route's scope (403 without it, for every scope); anonymous callers get 401.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { anonymous } from '../support/http';
import { ROLES, ROUTE_SPEC, SCOPES, type SpecContext, specEnv } from './route-spec';
import {
  buildOrgContext,
  caseName,
  expectedStatus,
  type OpenApiOperation,
  requestBody,
  tenantOperations,
  urlFor,
} from './spec-harness';

let tdb: TestDatabase;
let app: Awaited<ReturnType<typeof buildTestApp>>;
let operations: OpenApiOperation[];
let org: Omit<SpecContext, 'role'>;

beforeAll(async () => {
  tdb = await createTestDatabase();
  app = await buildTestApp({ db: tdb.db, env: await specEnv() });
  await app.ready();
  operations = await tenantOperations(app);
  org = await buildOrgContext(app, tdb);
});
afterAll(async () => {
  await app.close();
  await tdb.drop();
});

describe('route spec', () => {
  it('covers every tenant route the server declares, and nothing else', () => {
    const declared = operations.map((o) => `${o.method} ${o.path}`).sort();
    const specified = [...new Set(ROUTE_SPEC.map((c) => `${c.method} ${c.path}`))].sort();
    expect(specified).toEqual(declared);
    expect(declared.length).toBeGreaterThan(20);
  });

  it('names for every route the token scope the server enforces', () => {
    const declared = operations.map((o) => `${o.method} ${o.path} → ${o.scope}`).sort();
    const specified = [...new Set(ROUTE_SPEC.map((c) => `${c.method} ${c.path} → ${c.scope}`))].sort();
    expect(specified).toEqual(declared);
    expect(operations.every((o) => o.scope !== undefined)).toBe(true);
  });
});

describe('token principals', () => {
  for (const routeCase of ROUTE_SPEC.filter((c) => !c.stream)) {
    it(caseName(routeCase), async () => {
      const got: Record<string, number> = {};
      const want: Record<string, number> = {};
      const wrongScope: string[] = [];
      const callers = [
        ...ROLES.map((role) => ({
          label: `${role} token, every scope`,
          role,
          scopes: SCOPES,
          client: org.tokens[role],
        })),
        ...SCOPES.map((scope) => ({
          label: `owner token, ${scope} only`,
          role: 'owner' as const,
          scopes: [scope],
          client: org.ownerTokens[scope],
        })),
      ];
      for (const caller of callers) {
        const prepared = (await routeCase.prepare?.({ ...org, role: caller.role })) ?? {};
        const { payload, headers } = requestBody(prepared);
        const res = await caller.client.request(
          routeCase.method,
          urlFor(routeCase, org.organizationId, prepared),
          payload,
          headers,
        );
        got[caller.label] = res.statusCode;
        want[caller.label] = expectedStatus(routeCase, caller.role, caller.scopes);
        // A refusal for a missing scope says so (not the role's words).
        const scopeRefusal = routeCase.roles.includes(caller.role) && want[caller.label] === 403;
        if (scopeRefusal && res.json().error !== 'insufficient_scope') wrongScope.push(`${caller.label}: ${res.body}`);
      }
      expect(got).toEqual(want);
      expect(wrongScope).toEqual([]);
    });
  }
});

describe('role matrix', () => {
  for (const routeCase of ROUTE_SPEC.filter((c) => !c.stream)) {
    it(caseName(routeCase), async () => {
      const got: Record<string, number> = {};
      const want: Record<string, number> = {};
      for (const role of ROLES) {
        const prepared = (await routeCase.prepare?.({ ...org, role })) ?? {};
        const { payload, headers } = requestBody(prepared);
        const res = await org.clients[role].request(
          routeCase.method,
          urlFor(routeCase, org.organizationId, prepared),
          payload,
          headers,
        );
        got[role] = res.statusCode;
        want[role] = routeCase.roles.includes(role) ? routeCase.status : 403;
        if (res.statusCode >= 400)
          expect(res.json()).toMatchObject({ error: expect.any(String), message: expect.any(String) });
      }
      expect(got).toEqual(want);
    });
  }
});

describe('anonymous callers', () => {
  it('get 401 on every tenant route and on /me', async () => {
    const statuses = new Set<number>();
    for (const op of operations) {
      const url = op.path.replace(/\{[^}]+\}/g, '0190a0a0-0000-7000-8000-000000000000');
      statuses.add(
        (await anonymous(app).request(op.method, url, op.method === 'GET' || op.method === 'DELETE' ? undefined : {}))
          .statusCode,
      );
    }
    statuses.add((await anonymous(app).get('/api/v1/me')).statusCode);
    expect([...statuses]).toEqual([401]);
  });
});

describe('bad input', () => {
  it('a malformed id in the path gets 400 naming the parameter, on every tenant route', async () => {
    const failures: string[] = [];
    for (const op of operations) {
      const url = op.path.replace('{orgId}', org.organizationId).replace(/\{[^}]+\}/g, 'not-a-uuid');
      if (!url.includes('not-a-uuid')) continue;
      const res = await org.clients.owner.request(
        op.method,
        url,
        op.method === 'GET' || op.method === 'DELETE' ? undefined : {},
      );
      const field = res.json().details?.[0]?.field ?? '';
      if (res.statusCode !== 400 || !field.startsWith('params.'))
        failures.push(`${op.method} ${op.path} → ${res.statusCode} ${field}`);
    }
    expect(failures).toEqual([]);
  });

  it('an unknown body field gets 400 naming the field, on every tenant route that takes a body', async () => {
    const failures: string[] = [];
    for (const routeCase of ROUTE_SPEC.filter((c) => c.method === 'POST' || c.method === 'PATCH')) {
      const prepared = (await routeCase.prepare?.({ ...org, role: 'owner' })) ?? {};
      const { payload, headers } = prepared.multipart
        ? requestBody(prepared, { notAField: 'true' })
        : {
            payload: { ...(typeof prepared.body === 'object' ? prepared.body : {}), notAField: true },
            headers: undefined,
          };
      const res = await org.clients.owner.request(
        routeCase.method,
        urlFor(routeCase, org.organizationId, prepared),
        payload,
        headers,
      );
      const field = res.json().details?.[0]?.field ?? '';
      if (res.statusCode !== 400 || field !== 'body.notAField')
        failures.push(`${caseName(routeCase)} → ${res.statusCode} ${field}`);
    }
    expect(failures).toEqual([]);
  });
});
