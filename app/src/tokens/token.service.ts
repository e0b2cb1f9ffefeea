// Personal API tokens: made for one organization with chosen scopes and an expiry, shown once,
// stored hashed, revocable. The auth library mints and verifies them; what a token may do, for how
// long, and when it dies (revoked, member removed, password changed) is decided here.
import { deleteToken, deleteUserTokens, type Executor, listTokens } from '@proofwork/db';
import type { Actor } from '../actor';
import type { ServiceDeps } from '../context';
import { DomainError, forbidden, invalidField, notFound } from '../errors';

/**
 * What a token may do. `read`: every GET. `entries:write`: every other write of one's work (time
 * entries, the timer, quick-add, submitting a week, catalog and exports for managers).
 * `manage`: people and access (invitations, roles, members, organization settings, share links,
 * week decisions, revoking tokens, /me). Scopes do not imply each other.
 */
export const TOKEN_SCOPES = ['read', 'entries:write', 'manage'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** What a route needs: a scope a token must carry, or a signed-in session (never a token). */
export type Access = TokenScope | 'session';

export const DEFAULT_TOKEN_SCOPES: readonly TokenScope[] = ['read', 'entries:write'];
export const TOKEN_DEFAULT_DAYS = 90;
export const TOKEN_MAX_DAYS = 365;

const isScope = (value: unknown): value is TokenScope => TOKEN_SCOPES.includes(value as TokenScope);

const parsed = (value: unknown): Record<string, unknown> | null => {
  if (typeof value === 'string') {
    try {
      return JSON.parse(value) as Record<string, unknown>;
    } catch {
      return null;
    }
  }
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
};

/** The scopes stored with a token; a token made before scopes existed gets the defaults (no `manage`). */
export function scopesOf(permissions: unknown): TokenScope[] {
  const scopes = parsed(permissions)?.scopes;
  return Array.isArray(scopes) ? scopes.filter(isScope) : [...DEFAULT_TOKEN_SCOPES];
}

export interface TokenGrant {
  organizationId: string;
  memberId: string | null;
  scopes: TokenScope[];
}

/**
 * What a verified token grants, or null when it must not work: no organization, or no expiry (a
 * token from before expiries existed is refused rather than honoured forever).
 */
export function tokenGrant(key: { metadata?: unknown; permissions?: unknown; expiresAt?: unknown }): TokenGrant | null {
  const metadata = parsed(key.metadata);
  const organizationId = metadata?.organizationId;
  if (typeof organizationId !== 'string' || !key.expiresAt) return null;
  const memberId = typeof metadata?.memberId === 'string' ? metadata.memberId : null;
  return { organizationId, memberId, scopes: scopesOf(key.permissions) };
}

const SESSION_ONLY =
  'API tokens cannot do this: sign in to Proofwork (a token never creates tokens or organizations, accepts invitations or changes passwords)';

/** Refuses a token without the scope a route needs; a session may do what its role allows. */
export function assertAccess(caller: { via: 'session' | 'token'; scopes: readonly TokenScope[] }, needed: Access) {
  if (caller.via === 'session') return;
  if (needed === 'session') throw new DomainError('forbidden', 'insufficient_scope', SESSION_ONLY);
  if (!caller.scopes.includes(needed)) {
    throw new DomainError(
      'forbidden',
      'insufficient_scope',
      `This API token lacks the "${needed}" scope (it has: ${caller.scopes.join(', ') || 'none'}); create a token with it`,
      [{ message: `needs scope ${needed}`, scope: needed }],
    );
  }
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

type TokenRow = Awaited<ReturnType<typeof listTokens>>[number];

export const tokenView = (row: TokenRow) => ({
  id: row.id,
  name: row.name,
  start: row.start,
  scopes: scopesOf(row.permissions),
  createdAt: row.createdAt.toISOString(),
  lastUsedAt: iso(row.lastUsedAt),
  lastUsedIp: row.lastUsedIp,
  expiresAt: iso(row.expiresAt),
});

export async function listTokenViews({ db }: ServiceDeps, actor: Actor) {
  return (await listTokens(db, actor.organizationId, actor.userId)).map(tokenView);
}

/** A token cannot mint tokens: a leaked one must not outlive its revocation. */
export function assertMayCreateToken(actor: Actor) {
  if (actor.via === 'token') throw forbidden('Create tokens from a signed-in session');
}

export interface TokenRequest {
  name: string;
  scopes?: readonly string[];
  expiresInDays?: number;
}

/** What to ask the auth library for: the caller's own token, in this organization, scoped and expiring. */
export function tokenToMint(actor: Actor, input: TokenRequest) {
  assertMayCreateToken(actor);
  const scopes = input.scopes ?? DEFAULT_TOKEN_SCOPES;
  const unknown = scopes.findIndex((s) => !isScope(s));
  if (unknown >= 0) throw invalidField(`scopes.${unknown}`, `must be one of ${TOKEN_SCOPES.join(', ')}`);
  if (scopes.length === 0) throw invalidField('scopes', 'must name at least one scope');
  const days = input.expiresInDays ?? TOKEN_DEFAULT_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > TOKEN_MAX_DAYS) {
    throw invalidField('expiresInDays', `must be a whole number of days from 1 to ${TOKEN_MAX_DAYS}`);
  }
  return {
    name: input.name,
    userId: actor.userId,
    expiresIn: days * 86_400,
    permissions: { scopes: TOKEN_SCOPES.filter((s) => scopes.includes(s)) },
    metadata: { organizationId: actor.organizationId, memberId: actor.memberId },
  };
}

export async function revokeToken({ db }: ServiceDeps, actor: Actor, tokenId: string) {
  if (!(await deleteToken(db, actor.organizationId, actor.userId, tokenId))) throw notFound('Token');
}

/** A new password ends every token of the account: whoever knew the old one may hold a token too. */
export async function revokeTokensOnPasswordChange(db: Executor, userId: string) {
  return deleteUserTokens(db, userId);
}
