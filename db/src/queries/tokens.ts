// Personal API tokens (rows written by the auth library; the key column holds a hash). Scopes live
// in the library's `permissions` column as { scopes: [...] }; organization and member in `metadata`.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { apikeys } from '../schema/index';

const forOrganization = (organizationId: string) =>
  sql`(${apikeys.metadata}::jsonb ->> 'organizationId') = ${organizationId}`;

export async function listTokens(db: Executor, organizationId: string, userId: string) {
  return db
    .select({
      id: apikeys.id,
      name: apikeys.name,
      start: apikeys.start,
      permissions: apikeys.permissions,
      createdAt: apikeys.createdAt,
      lastUsedAt: apikeys.lastRequest,
      lastUsedIp: apikeys.lastRequestIp,
      expiresAt: apikeys.expiresAt,
    })
    .from(apikeys)
    .where(and(forOrganization(organizationId), eq(apikeys.referenceId, userId)))
    .orderBy(desc(apikeys.createdAt));
}

export async function deleteToken(db: Executor, organizationId: string, userId: string, tokenId: string) {
  const rows = await db
    .delete(apikeys)
    .where(and(forOrganization(organizationId), eq(apikeys.referenceId, userId), eq(apikeys.id, tokenId)))
    .returning({ id: apikeys.id });
  return rows.length > 0;
}

/** Deletes every token a user holds for one organization (they left it or were removed). */
export async function deleteMemberTokens(db: Executor, organizationId: string, userId: string) {
  const rows = await db
    .delete(apikeys)
    .where(and(forOrganization(organizationId), eq(apikeys.referenceId, userId)))
    .returning({ id: apikeys.id });
  return rows.length;
}

/** Deletes every token of a user, in every organization (their password changed). */
export async function deleteUserTokens(db: Executor, userId: string) {
  const rows = await db.delete(apikeys).where(eq(apikeys.referenceId, userId)).returning({ id: apikeys.id });
  return rows.length;
}

/** Records the address a token was last used from; writes only when it changed. */
export async function recordTokenAddress(db: Executor, tokenId: string, ip: string) {
  await db
    .update(apikeys)
    .set({ lastRequestIp: ip })
    .where(and(eq(apikeys.id, tokenId), sql`${apikeys.lastRequestIp} is distinct from ${ip}`));
}
