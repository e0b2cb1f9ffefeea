// Tenant isolation, generated from the route spec (which the matrix test ties to the server's
// route list): an owner of organization B, signed in or with an API token of any scope, using
// organization A's ids, gets 404 or 403 on every tenant route, and organization A's data (every
// table holding an organization's rows) is unchanged afterwards.
import { schema } from '@proofwork/db';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { type Prepared, ROUTE_SPEC, SCOPES, type SpecContext, specEnv } from './route-spec';
import { buildOrgContext, caseName, requestBody, urlFor } from './spec-harness';

let tdb: TestDatabase;
let app: Awaited<ReturnType<typeof buildTestApp>>;
let orgA: Omit<SpecContext, 'role'>;
let orgB: Omit<SpecContext, 'role'>;
const preparedInA = new Map<number, Prepared>();

const TENANT_TABLES = [
  'organizations',
  'members',
  'invitations',
  'categories',
  'brands',
  'deliverable_types',
  'deliverables',
  'time_entries',
  'time_entry_events',
  'week_approvals',
  'dirty_member_weeks',
  'weekly_rollups',
  'member_week_groups',
  'member_week_totals',
  'exports',
  'share_links',
  'imports',
  'webhooks',
  'webhook_deliveries',
  'evidence_schedules',
  'evidence_schedule_sends',
  'domain_events',
  'idempotency_keys',
  'quick_add_aliases',
  'quick_add_corrections',
  'absences',
  'public_holidays',
  'notifications',
  'notification_settings',
  'sso_providers',
  'sso_domains',
];

/** A fingerprint of every row organization A owns, plus its API tokens. */
async function fingerprint(organizationId: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of TENANT_TABLES) {
    const column = table === 'organizations' ? 'id' : 'organization_id';
    const [row] = await tdb.db.execute<{ digest: string }>(
      sql.raw(
        `select count(*) || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as digest from ${table} t where ${column} = '${organizationId}'`,
      ),
    );
    out[table] = row!.digest;
  }
  const [tokens] = await tdb.db.execute<{ digest: string }>(
    sql`select count(*) || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as digest from apikeys t where (metadata::jsonb ->> 'organizationId') = ${organizationId}`,
  );
  out.apikeys = tokens!.digest;
  return out;
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  app = await buildTestApp({ db: tdb.db, env: await specEnv() });
  await app.ready();
  orgA = await buildOrgContext(app, tdb);
  orgB = await buildOrgContext(app, tdb);
  // Everything A's routes need is created first, so the fingerprint below covers it.
  for (const [i, routeCase] of ROUTE_SPEC.entries()) {
    preparedInA.set(i, (await routeCase.prepare?.({ ...orgA, role: 'owner' })) ?? {});
  }
  await seedWhatNoRouteFills(orgA);
});

/** Rows of A in the tables the routes' preparations leave empty, so a change to them would show. */
async function seedWhatNoRouteFills(org: Omit<SpecContext, 'role'>) {
  const own = await org.call('member', 'PUT', '/reminders', {
    items: [{ kind: 'nothing_logged', enabled: true, atMinutes: 1020 }],
  });
  const defaults = await org.call('owner', 'PUT', '/reminder-defaults', {
    items: [{ kind: 'nothing_logged', enabled: false }],
  });
  if (own.statusCode !== 200 || defaults.statusCode !== 200) throw new Error('could not save reminder settings');
  // Notices are written by the workers, public holidays when a place is chosen: written here directly.
  await tdb.db.insert(schema.notifications).values({
    organizationId: org.organizationId,
    memberId: org.memberIds.member,
    kind: 'nothing_logged',
    dedupeKey: 'isolation',
    data: {},
  });
  await tdb.db
    .insert(schema.publicHolidays)
    .values({ organizationId: org.organizationId, localDate: '2026-12-25', name: 'Noël' });
}
afterAll(async () => {
  await app.close();
  await tdb.drop();
});

describe('tenant isolation', () => {
  // Every route, by five attackers, once or twice each: several hundred requests, which a busy machine
  // takes longer than the default 30 s to serve.
  it('an owner of B gets 404/403 with A’s ids on every route, and A is unchanged', async () => {
    const before = await fingerprint(orgA.organizationId);
    const leaks: string[] = [];
    const attackers = [
      { label: 'session', client: orgB.clients.owner },
      { label: 'token with every scope', client: orgB.tokens.owner },
      ...SCOPES.map((scope) => ({ label: `token with ${scope}`, client: orgB.ownerTokens[scope] })),
    ];
    for (const [i, routeCase] of ROUTE_SPEC.entries()) {
      const prepared = preparedInA.get(i)!;
      const { payload, headers } = requestBody(prepared);
      for (const { label, client: attacker } of attackers) {
        // 1. A's organization id in the URL.
        const direct = await attacker.request(
          routeCase.method,
          urlFor(routeCase, orgA.organizationId, prepared),
          payload,
          headers,
        );
        // A token without the route's scope is refused before any organization is looked at: the
        // same 403 for every orgId, so it tells nothing about A.
        const refusedScope = direct.statusCode === 403 && direct.json().error === 'insufficient_scope';
        if (direct.statusCode !== 404 && !refusedScope)
          leaks.push(`${caseName(routeCase)} (${label}) with A's orgId → ${direct.statusCode}`);
        // 2. B's organization id with A's resource ids (only routes that take resource ids).
        if (prepared.params && Object.keys(prepared.params).length > 0) {
          const crossed = await attacker.request(
            routeCase.method,
            urlFor(routeCase, orgB.organizationId, prepared),
            payload,
            headers,
          );
          if (![403, 404].includes(crossed.statusCode)) {
            leaks.push(`${caseName(routeCase)} (${label}) with B's orgId and A's ids → ${crossed.statusCode}`);
          }
        }
      }
    }
    expect(leaks).toEqual([]);
    expect(await fingerprint(orgA.organizationId)).toEqual(before);
  }, 120_000);

  it('the fingerprint covers every table that holds an organization’s rows', async () => {
    const rows = await tdb.db.execute<{ table_name: string }>(
      sql`select table_name from information_schema.columns where table_schema = current_schema() and column_name = 'organization_id'`,
    );
    const owned = rows.map((r) => r.table_name);
    expect(owned).toContain('notifications');
    expect(['organizations', ...owned].sort()).toEqual([...TENANT_TABLES].sort());
  });

  it('the fingerprint notices a change in A', async () => {
    const before = await fingerprint(orgA.organizationId);
    await orgA.call('owner', 'PATCH', `/brands/${orgA.ids.brandId}`, { color: '#010203' });
    expect(await fingerprint(orgA.organizationId)).not.toEqual(before);
  });

  it.each([
    ['notifications', 'read_at = now()'],
    ['notification_settings', 'enabled = not enabled'],
    ['sso_providers', "default_role = 'manager'"],
    ['sso_domains', "domain = 'moved-' || domain"],
    ['absences', "note = 'moved'"],
    ['public_holidays', "name = name || ' (moved)'"],
  ])('the fingerprint notices a write to A’s %s', async (table, change) => {
    const before = await fingerprint(orgA.organizationId);
    expect(before[table]).toMatch(/^[1-9]\d*:/);
    await tdb.db.execute(sql.raw(`update ${table} set ${change} where organization_id = '${orgA.organizationId}'`));
    expect((await fingerprint(orgA.organizationId))[table]).not.toBe(before[table]);
  });

  it('a B member cannot see A in /me', async () => {
    const me = (await orgB.clients.member.get('/api/v1/me')).json();
    expect(me.memberships.map((m: { organizationId: string }) => m.organizationId)).toEqual([orgB.organizationId]);
  });
});
