// Safe client retries for POST routes. A route opts in by declaring IdempotencyHeaders and sending
// its reply through `reply.idempotent(run)`. With an Idempotency-Key header, the key is claimed in
// the same transaction as the write and the response is stored before it commits: the same key
// and body replay the first response without writing again, another body gets 422, and a
// concurrent duplicate waits for the first to finish, then replays it. A failed write releases
// the key with its rollback, so the client can retry.
import { createHash } from 'node:crypto';
import {
  claimIdempotencyKey,
  type Executor,
  getIdempotencyKey,
  IDEMPOTENCY_KEY_LIFETIME_SECONDS,
  type IdempotencyClaim,
  saveIdempotentResponse,
} from '@proofwork/db';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import Type from 'typebox';
import { AppError } from '../lib/errors';

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      pattern: '^[\\x21-\\x7E]+$',
      description: 'Makes a retry of this request safe: the same key and body replay the first response',
    }),
  ),
});

export interface IdempotentOutcome {
  status: number;
  /** A JSON value (stored as is to be replayed). */
  body: unknown;
}

declare module 'fastify' {
  interface FastifyReply {
    /** Runs the write (inside the key's transaction when an Idempotency-Key is sent) and sends its outcome. */
    idempotent(run: (db: Executor) => Promise<IdempotentOutcome>): Promise<FastifyReply>;
  }
}

/** Keys of objects sorted, so a body sent with its fields in another order is the same request. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function claimOf(request: FastifyRequest, key: string): IdempotencyClaim {
  const path = request.url.split('?')[0] ?? request.url;
  const requestHash = createHash('sha256')
    .update(`${request.method} ${request.url}\n${canonicalJson(request.body)}`)
    .digest('hex');
  return {
    organizationId: request.actor.organizationId,
    userId: request.actor.userId,
    key,
    method: request.method,
    path,
    requestHash,
  };
}

async function runOnce(db: Executor, claim: IdempotencyClaim, run: (db: Executor) => Promise<IdempotentOutcome>) {
  return db.transaction(async (tx) => {
    if (await claimIdempotencyKey(tx, claim, IDEMPOTENCY_KEY_LIFETIME_SECONDS)) {
      const outcome = await run(tx);
      await saveIdempotentResponse(tx, claim, outcome);
      return { ...outcome, replayed: false };
    }
    // The key's first transaction has committed (the claim waited for it), and a response is only
    // ever committed with its key: a key without one would be a broken invariant, not a retry case.
    const stored = await getIdempotencyKey(tx, claim.organizationId, claim.userId, claim.key);
    if (!stored || stored.responseStatus === null) throw new Error(`idempotency key ${claim.key} has no response`);
    if (stored.requestHash !== claim.requestHash) {
      throw new AppError(
        422,
        'idempotency_key_reused',
        'This Idempotency-Key was already used for a different request; use a new key for a new request',
        [{ field: 'headers.idempotency-key', message: 'was used with another body or path' }],
      );
    }
    return { status: stored.responseStatus, body: stored.responseBody, replayed: true };
  });
}

async function idempotencyPlugin(app: FastifyInstance) {
  app.decorateReply(
    'idempotent',
    async function idempotent(this: FastifyReply, run: (db: Executor) => Promise<IdempotentOutcome>) {
      const { db } = this.server.deps;
      const key = this.request.headers['idempotency-key'];
      if (typeof key !== 'string') {
        const outcome = await run(db);
        return this.code(outcome.status).send(outcome.body);
      }
      const outcome = await runOnce(db, claimOf(this.request, key), run);
      if (outcome.replayed) this.header('idempotent-replayed', 'true');
      return this.code(outcome.status).send(outcome.body);
    },
  );
}

export default fp(idempotencyPlugin, { name: 'idempotency', dependencies: ['errors'] });
