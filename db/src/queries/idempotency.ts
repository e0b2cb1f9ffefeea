// Idempotency keys. A key is claimed in the same transaction as the write it protects and its
// response is stored before that transaction commits, so a key never outlives a rolled-back write
// and a concurrent duplicate waits on the key's row until the first request has finished.
import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { idempotencyKeys } from '../schema/index';
import { deleteInBatches } from './purge';

/**
 * How long a key replays its first response: long enough for any client's retries (the web app's
 * offline outbox included), short enough that keys do not pile up. An older key may be taken over
 * by a new request, and the hourly purge deletes it.
 */
export const IDEMPOTENCY_KEY_LIFETIME_SECONDS = 24 * 3600;

export interface IdempotencyClaim {
  organizationId: string;
  userId: string;
  key: string;
  method: string;
  path: string;
  requestHash: string;
}

export type IdempotencyKeyRow = typeof idempotencyKeys.$inferSelect;

/**
 * Claims the key for this transaction; false when another request already holds it. A key older
 * than `lifetimeSeconds` (by the database's clock, which also stamped it) is taken over, so keys
 * do not live forever. Blocks while a concurrent
 * transaction holds the same key, and answers once that one commits or rolls back.
 */
export async function claimIdempotencyKey(
  tx: Executor,
  claim: IdempotencyClaim,
  lifetimeSeconds: number,
): Promise<boolean> {
  const rows = await tx
    .insert(idempotencyKeys)
    .values(claim)
    .onConflictDoUpdate({
      target: [idempotencyKeys.organizationId, idempotencyKeys.userId, idempotencyKeys.key],
      set: {
        method: claim.method,
        path: claim.path,
        requestHash: claim.requestHash,
        responseStatus: null,
        responseBody: null,
        createdAt: sql`now()`,
      },
      setWhere: sql`${idempotencyKeys.createdAt} < now() - make_interval(secs => ${lifetimeSeconds})`,
    })
    .returning({ key: idempotencyKeys.key });
  return rows.length > 0;
}

export async function getIdempotencyKey(
  db: Executor,
  organizationId: string,
  userId: string,
  key: string,
): Promise<IdempotencyKeyRow | null> {
  const [row] = await db
    .select()
    .from(idempotencyKeys)
    .where(
      and(
        eq(idempotencyKeys.organizationId, organizationId),
        eq(idempotencyKeys.userId, userId),
        eq(idempotencyKeys.key, key),
      ),
    );
  return row ?? null;
}

export async function saveIdempotentResponse(
  tx: Executor,
  claim: Pick<IdempotencyClaim, 'organizationId' | 'userId' | 'key'>,
  response: { status: number; body: unknown },
): Promise<void> {
  await tx
    .update(idempotencyKeys)
    .set({ responseStatus: response.status, responseBody: response.body })
    .where(
      and(
        eq(idempotencyKeys.organizationId, claim.organizationId),
        eq(idempotencyKeys.userId, claim.userId),
        eq(idempotencyKeys.key, claim.key),
      ),
    );
}

/**
 * Deletes the keys older than their lifetime (by the database's clock, which stamped them), in
 * batches of `batch` rows so no statement holds many row locks for long; returns how many went.
 * A key past its lifetime would be taken over by its next use anyway: deleting it changes nothing
 * a client can see.
 */
export async function deleteExpiredIdempotencyKeys(
  db: Executor,
  lifetimeSeconds = IDEMPOTENCY_KEY_LIFETIME_SECONDS,
  batch = 5000,
): Promise<number> {
  return deleteInBatches(
    db,
    {
      table: 'idempotency_keys',
      key: 'ctid',
      where: sql`created_at < now() - make_interval(secs => ${lifetimeSeconds})`,
    },
    batch,
  );
}
