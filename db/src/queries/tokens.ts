// Personal API tokens (rows written by the auth library; the key column holds a hash).
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
      createdAt: apikeys.createdAt,
      lastUsedAt: apikeys.lastRequest,
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
