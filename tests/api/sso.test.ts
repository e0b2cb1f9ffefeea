// Single sign-on with OpenID Connect against a real provider (`oidc-provider`) on loopback: a
// manager connects it, people of the company's domains sign in and join with the default role, and
// the relying party refuses an ID token for another audience, an expired one, an address outside
// the domains, and an address that already has a password account.
import { schema } from '@proofwork/db';
import { eq, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { addMember, createOrganization, createUser } from '../support/factories';
import { type Client, ORIGIN, signIn } from '../support/http';
import { type IdpAccount, startIdp, type TestIdp } from '../support/oidc-idp';

let tdb: TestDatabase;
let app: Awaited<ReturnType<typeof buildTestApp>>;
let idp: TestIdp;
let org: { id: string; base: string; owner: Client & { cookie: string } };
let other: { id: string; base: string; owner: Client };

const callbackOf = (orgId: string) => `${ORIGIN}/api/auth/sso/callback/org-${orgId}`;

function cookiesOf(res: LightMyRequestResponse): string {
  const raw = res.headers['set-cookie'];
  return (Array.isArray(raw) ? raw : raw ? [raw] : [])
    .map((c) => c.split(';')[0]!)
    .filter((c) => c.indexOf('=') < c.length - 1)
    .join('; ');
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  const a = await createOrganization(tdb.db, { name: 'Acme' });
  const b = await createOrganization(tdb.db, { name: 'Other' });
  idp = await startIdp([callbackOf(a.organization.id), callbackOf(b.organization.id)]);
  app = await buildTestApp({
    db: tdb.db,
    env: { PUBLIC_URL: ORIGIN, SSO_TRUSTED_ORIGINS: idp.issuer },
  });
  await app.ready();
  org = {
    id: a.organization.id,
    base: `/api/v1/organizations/${a.organization.id}`,
    owner: await signIn(app, a.owner.email),
  };
  other = {
    id: b.organization.id,
    base: `/api/v1/organizations/${b.organization.id}`,
    owner: await signIn(app, b.owner.email),
  };
});
afterAll(async () => {
  await app?.close();
  await idp?.close();
  await tdb?.drop();
});

const connection = (overrides: Record<string, unknown> = {}) => ({
  issuer: idp.issuer,
  clientId: idp.clientId,
  clientSecret: idp.clientSecret,
  domains: ['acme.example', 'acme-group.example'],
  defaultRole: 'manager',
  ...overrides,
});

/** The whole round trip: our sign-in, the provider's pages, our callback. */
async function signInThroughCompany(email: string, account: IdpAccount) {
  const start = await app.inject({
    method: 'POST',
    url: '/api/auth/sign-in/sso',
    headers: { origin: ORIGIN },
    payload: { email, next: '/time' },
  });
  expect(start.statusCode, start.body).toBe(200);
  const authorizationUrl = start.json().url as string;
  expect(authorizationUrl.startsWith(`${idp.issuer}/`)).toBe(true);
  idp.signInAs(account);
  const back = new URL(await idp.authorize(authorizationUrl));
  expect(back.origin + back.pathname).toBe(callbackOf(org.id));
  const res = await app.inject({
    method: 'GET',
    url: back.pathname + back.search,
    headers: { cookie: cookiesOf(start) },
  });
  expect(res.statusCode, res.body).toBe(302);
  const location = new URL(String(res.headers.location));
  return { location, session: cookiesOf(res).includes('session_token') ? cookiesOf(res) : null };
}

const me = (cookie: string) => app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });

describe('connecting the identity provider', () => {
  it('is for managers and owners, reads discovery, and never shows the client secret again', async () => {
    expect((await org.owner.get(`${org.base}/sso`)).json()).toMatchObject({
      connection: null,
      redirectUri: callbackOf(org.id),
    });
    const saved = await org.owner.request('PUT', `${org.base}/sso`, connection());
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecretSet: true,
      domains: ['acme.example', 'acme-group.example'],
      defaultRole: 'manager',
      redirectUri: callbackOf(org.id),
    });
    expect(saved.body).not.toContain(idp.clientSecret);
    expect((await org.owner.get(`${org.base}/sso`)).body).not.toContain(idp.clientSecret);
    // Sealed at rest: the column holds no readable secret.
    const raw = await tdb.db.execute<{ oidc_config: string }>(
      sql`select oidc_config from sso_providers where organization_id = ${org.id}`,
    );
    expect(raw[0]!.oidc_config).not.toContain(idp.clientSecret);
    expect(raw[0]!.oidc_config).not.toContain(idp.clientId);
    // Saved again without a secret: the old one stays.
    const kept = await org.owner.request('PUT', `${org.base}/sso`, connection({ clientSecret: undefined }));
    expect(kept.statusCode, kept.body).toBe(200);
    expect(kept.json().clientSecretSet).toBe(true);
  });

  it('refuses public mail domains, domains of another organization, and issuers it cannot trust', async () => {
    const cases: [Record<string, unknown>, number, string][] = [
      [{ domains: ['gmail.com'] }, 400, 'body.domains.0'],
      [{ domains: ['acme.example', 'not a domain'] }, 400, 'body.domains.1'],
      [{ issuer: 'http://10.1.2.3/realms/acme' }, 400, 'body.issuer'],
      [{ issuer: 'https://localhost/realms/acme' }, 400, 'body.issuer'],
      [{ issuer: `${idp.issuer}/elsewhere` }, 400, 'body.issuer'],
      [{ defaultRole: 'owner' }, 400, 'body.defaultRole'],
    ];
    for (const [patch, status, field] of cases) {
      const res = await other.owner.request(
        'PUT',
        `${other.base}/sso`,
        connection({ domains: ['other.example'], ...patch }),
      );
      expect(res.statusCode, JSON.stringify(patch)).toBe(status);
      expect(res.json().details[0].field, JSON.stringify(patch)).toBe(field);
    }
    const taken = await other.owner.request('PUT', `${other.base}/sso`, connection({ domains: ['acme.example'] }));
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ error: 'domain_taken' });
    const noSecret = await other.owner.request('PUT', `${other.base}/sso`, {
      ...connection({ domains: ['other.example'] }),
      clientSecret: undefined,
    });
    expect(noSecret.statusCode).toBe(400);
    expect(noSecret.json().details[0].field).toBe('body.clientSecret');
  });

  it("mounts only the plugin's sign-in and callback: its own provider management is not reachable", async () => {
    for (const [method, url] of [
      ['POST', '/api/auth/sso/register'],
      ['GET', '/api/auth/sso/providers'],
      ['POST', '/api/auth/sso/update-provider'],
      ['POST', '/api/auth/sso/delete-provider'],
      ['POST', '/api/auth/sso/request-domain-verification'],
    ] as const) {
      const res = await app.inject({ method, url, headers: { origin: ORIGIN, cookie: org.owner.cookie }, payload: {} });
      expect(res.statusCode, url).toBe(404);
    }
    // Session only: no API token configures single sign-on.
    const token = await org.owner.post(`${org.base}/tokens`, { name: 'script', scopes: ['read', 'manage'] });
    const viaToken = await app.inject({
      method: 'GET',
      url: `${org.base}/sso`,
      headers: { authorization: `Bearer ${token.json().token}` },
    });
    expect(viaToken.statusCode).toBe(403);
    // Documented with the other auth routes.
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/auth/sign-in/sso',
        '/api/auth/sso/callback/{providerId}',
        '/api/v1/organizations/{orgId}/sso',
      ]),
    );
  });

  it('answers an address whose domain no organization connected with 404', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/sso',
      headers: { origin: ORIGIN },
      payload: { email: 'someone@nowhere.example' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toBe('sso_not_configured');
    const bad = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/sso',
      headers: { origin: ORIGIN },
      payload: { email: 'x@acme.example', next: '//evil.example/' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].field).toBe('body.next');
  });
});

describe('signing in with the company', () => {
  it('creates the account on first sign-in and makes the person a member with the default role', async () => {
    const person = { sub: 'idp-alice', email: 'alice@acme.example', name: 'Alice Martin' };
    const first = await signInThroughCompany(person.email, person);
    expect(first.location.href).toBe(`${ORIGIN}/time`);
    expect(first.session).not.toBeNull();
    const view = (await me(first.session!)).json();
    expect(view.user).toMatchObject({ email: 'alice@acme.example', name: 'Alice Martin' });
    expect(view.memberships).toEqual([expect.objectContaining({ organizationId: org.id, role: 'manager' })]);
    // Again: the same account, still one membership.
    const again = await signInThroughCompany(person.email, person);
    const second = (await me(again.session!)).json();
    expect(second.user.id).toBe(view.user.id);
    expect(second.memberships).toHaveLength(1);
    const users = await tdb.db.select().from(schema.users).where(eq(schema.users.email, 'alice@acme.example'));
    expect(users).toHaveLength(1);
  });

  it('refuses an ID token issued for another application', async () => {
    idp.tamper('wrong-audience');
    try {
      const res = await signInThroughCompany('bob@acme.example', {
        sub: 'idp-bob',
        email: 'bob@acme.example',
        name: 'Bob',
      });
      expect(res.session).toBeNull();
      expect(res.location.pathname).toBe('/sign-in');
      expect(res.location.searchParams.get('error')).toBe('invalid_provider');
      expect(res.location.searchParams.get('error_description')).toBe('token_not_verified');
    } finally {
      idp.tamper('none');
    }
    const users = await tdb.db.select().from(schema.users).where(eq(schema.users.email, 'bob@acme.example'));
    expect(users).toHaveLength(0);
  });

  it('refuses an expired ID token', async () => {
    idp.tamper('expired');
    try {
      const res = await signInThroughCompany('carol@acme.example', {
        sub: 'idp-carol',
        email: 'carol@acme.example',
        name: 'Carol',
      });
      expect(res.session).toBeNull();
      expect(res.location.searchParams.get('error_description')).toBe('token_not_verified');
    } finally {
      idp.tamper('none');
    }
    // The same person with a valid token comes in: the refusal was the expiry.
    const ok = await signInThroughCompany('carol@acme.example', {
      sub: 'idp-carol',
      email: 'carol@acme.example',
      name: 'Carol',
    });
    expect(ok.session).not.toBeNull();
  });

  it('refuses an address outside the allowed domains, whatever was typed', async () => {
    const res = await signInThroughCompany('dave@acme.example', {
      sub: 'idp-dave',
      email: 'dave@personal.example',
      name: 'Dave',
    });
    expect(res.session).toBeNull();
    expect(res.location.pathname).toBe('/sign-in');
    expect(res.location.searchParams.get('error')).toBe('domain_not_allowed');
    const users = await tdb.db.select().from(schema.users).where(eq(schema.users.email, 'dave@personal.example'));
    expect(users).toHaveLength(0);
    // A subdomain of an allowed domain is the company's.
    const sub = await signInThroughCompany('erin@paris.acme-group.example', {
      sub: 'idp-erin',
      email: 'erin@paris.acme-group.example',
      name: 'Erin',
    });
    expect(sub.session).not.toBeNull();
  });

  it('never hands an existing password account to the provider, nor brings back a removed member', async () => {
    const existing = await createUser(tdb.db, { email: 'frank@acme.example' });
    const res = await signInThroughCompany(existing.email, { sub: 'idp-frank', email: existing.email, name: 'Frank' });
    expect(res.session).toBeNull();
    expect(res.location.searchParams.get('error')).toBe('account_exists');

    const grace = { sub: 'idp-grace', email: 'grace@acme.example', name: 'Grace' };
    const joined = await signInThroughCompany(grace.email, grace);
    const memberId = (await me(joined.session!)).json().memberships[0].memberId;
    expect((await org.owner.delete(`${org.base}/members/${memberId}`)).statusCode).toBe(204);
    const back = await signInThroughCompany(grace.email, grace);
    expect(back.session).toBeNull();
    expect(back.location.searchParams.get('error')).toBe('membership_removed');
  });

  it('stops working once the connection is removed; a member of another organization is unaffected', async () => {
    const { user } = await addMember(tdb.db, other.id, 'member');
    expect((await other.owner.request('DELETE', `${other.base}/sso`)).statusCode).toBe(404);
    expect((await org.owner.request('DELETE', `${org.base}/sso`)).statusCode).toBe(204);
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/sso',
      headers: { origin: ORIGIN },
      payload: { email: 'alice@acme.example' },
    });
    expect(res.statusCode).toBe(404);
    const rows = await tdb.db
      .select()
      .from(schema.accounts)
      .where(eq(schema.accounts.providerId, `org-${org.id}`));
    expect(rows).toHaveLength(0);
    expect((await signIn(app, user.email)).cookie).toContain('session_token');
  });
});
