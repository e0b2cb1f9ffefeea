// Single sign-on connections (one per organization) and the e-mail domains they claim.
import { and, eq, inArray, ne } from 'drizzle-orm';
import type { Executor } from '../client';
import { accounts, members, organizations, ssoDomains, ssoProviders, users } from '../schema/index';
import type { MemberRole } from './organizations';

export type SsoProviderRow = typeof ssoProviders.$inferSelect;

export async function getSsoProvider(db: Executor, organizationId: string) {
  const [row] = await db.select().from(ssoProviders).where(eq(ssoProviders.organizationId, organizationId));
  return row ?? null;
}

/** The connection the auth library is using, with its organization's id. */
export async function findSsoProviderByProviderId(db: Executor, providerId: string) {
  const [row] = await db.select().from(ssoProviders).where(eq(ssoProviders.providerId, providerId));
  return row ?? null;
}

/** Domains among `domains` that another organization already claims. */
export async function domainsClaimedElsewhere(db: Executor, organizationId: string, domains: string[]) {
  if (domains.length === 0) return [];
  const rows = await db
    .select({ domain: ssoDomains.domain })
    .from(ssoDomains)
    .where(and(inArray(ssoDomains.domain, domains), ne(ssoDomains.organizationId, organizationId)));
  return rows.map((r) => r.domain);
}

export interface SsoProviderValues {
  providerId: string;
  issuer: string;
  oidcConfig: string;
  domains: string[];
  defaultRole: Exclude<MemberRole, 'owner'>;
  userId: string;
}

/** Creates or replaces the organization's connection and its domains, in the caller's transaction. */
export async function saveSsoProvider(tx: Executor, organizationId: string, values: SsoProviderValues) {
  const { domains, ...rest } = values;
  const row = { ...rest, domain: domains.join(','), organizationId };
  const [saved] = await tx
    .insert(ssoProviders)
    .values(row)
    .onConflictDoUpdate({
      target: ssoProviders.organizationId,
      set: {
        issuer: row.issuer,
        oidcConfig: row.oidcConfig,
        domain: row.domain,
        defaultRole: row.defaultRole,
        userId: row.userId,
      },
    })
    .returning();
  await tx.delete(ssoDomains).where(eq(ssoDomains.organizationId, organizationId));
  await tx.insert(ssoDomains).values(domains.map((domain) => ({ domain, organizationId })));
  return saved!;
}

/** Removes the connection, its domains and the sign-in links people had through it. */
export async function deleteSsoProvider(tx: Executor, organizationId: string) {
  const [row] = await tx.delete(ssoProviders).where(eq(ssoProviders.organizationId, organizationId)).returning();
  if (!row) return null;
  await tx.delete(ssoDomains).where(eq(ssoDomains.organizationId, organizationId));
  await tx.delete(accounts).where(eq(accounts.providerId, row.providerId));
  return row;
}

/** The user this identity signed in as before through the connection (the library's account row), or null. */
export async function findSsoAccountUser(db: Executor, providerId: string, accountId: string) {
  const [row] = await db
    .select({ userId: accounts.userId })
    .from(accounts)
    .where(and(eq(accounts.providerId, providerId), eq(accounts.accountId, accountId)));
  return row?.userId ?? null;
}

export async function findUserIdByEmail(db: Executor, email: string) {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, email.toLowerCase()));
  return row?.id ?? null;
}

/** A membership row, removed or not. */
export async function findMembershipRow(db: Executor, organizationId: string, userId: string) {
  const [row] = await db
    .select({ id: members.id, removedAt: members.removedAt })
    .from(members)
    .where(and(eq(members.organizationId, organizationId), eq(members.userId, userId)));
  return row ?? null;
}

/** Adds a member who signed in through the organization's connection; a present or removed one is left as is. */
export async function addSsoMember(tx: Executor, organizationId: string, userId: string, role: MemberRole) {
  const [row] = await tx.insert(members).values({ organizationId, userId, role }).onConflictDoNothing().returning();
  return row ?? null;
}

export async function organizationExists(db: Executor, organizationId: string) {
  const [row] = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  return Boolean(row);
}

/** Whether an account has a password, and the organizations it is a member of (removed or not). */
export async function userSignInSummary(db: Executor, userId: string) {
  const [credential] = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(eq(accounts.userId, userId), eq(accounts.providerId, 'credential')));
  const rows = await db.select({ id: members.organizationId }).from(members).where(eq(members.userId, userId));
  return { hasPassword: Boolean(credential), organizationIds: rows.map((r) => r.id) };
}
