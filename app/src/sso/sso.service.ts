// Single sign-on with OpenID Connect: an organization's managers connect their company's identity
// provider (issuer, client id and secret, the e-mail domains it answers for, the role of people who
// join through it). The auth library's SSO plugin runs the sign-in itself (authorization code with
// PKCE, ID token checked for issuer, audience, expiry and signature); the rules of who may come in
// and as what are here, called by the plugin during the sign-in.
import {
  addSsoMember,
  deleteSsoProvider,
  domainsClaimedElsewhere,
  type Executor,
  findMembershipRow,
  findSsoAccountUser,
  findSsoProviderByProviderId,
  findUserIdByEmail,
  getSsoProvider,
  type SsoProviderRow,
  saveSsoProvider,
  userSignInSummary,
} from '@proofwork/db';
import type { Actor } from '../actor';
import type { ServiceDeps } from '../context';
import { DomainError, invalidField, notFound } from '../errors';
import { checkIssuer, discoverIssuer, type IssuerPolicy } from './discovery';

export type SsoRole = 'member' | 'manager';

export interface SsoConnectionInput {
  issuer: string;
  clientId: string;
  /** Required the first time; left out, the saved secret is kept. */
  clientSecret?: string;
  domains: string[];
  defaultRole: SsoRole;
}

export interface SsoPolicy extends IssuerPolicy {
  /** Where the auth library's callbacks live, e.g. https://app.example.com/api/auth. */
  authBaseUrl: string;
}

/** Addresses anybody can get: a connection may not claim them (it would decide who "is" gmail.com). */
const PUBLIC_MAIL_DOMAINS = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'hotmail.fr',
  'live.com',
  'live.fr',
  'msn.com',
  'yahoo.com',
  'yahoo.fr',
  'icloud.com',
  'me.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.fr',
  'orange.fr',
  'wanadoo.fr',
  'free.fr',
  'laposte.net',
  'sfr.fr',
]);

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export const ssoProviderIdOf = (organizationId: string) => `org-${organizationId}`;

interface StoredOidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  pkce: boolean;
  discoveryEndpoint: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  jwksEndpoint: string;
  userInfoEndpoint?: string;
  tokenEndpointAuthentication: 'client_secret_basic' | 'client_secret_post';
  scopes: string[];
}

const configOf = (row: SsoProviderRow) => JSON.parse(row.oidcConfig ?? '{}') as StoredOidcConfig;
const domainsOf = (row: Pick<SsoProviderRow, 'domain'>) => row.domain.split(',').filter(Boolean);

/** What managers see: never the client secret, only that one is saved. */
export function ssoConnectionView(row: SsoProviderRow, policy: Pick<SsoPolicy, 'authBaseUrl'>) {
  const config = configOf(row);
  return {
    issuer: row.issuer,
    clientId: config.clientId,
    clientSecretSet: Boolean(config.clientSecret),
    domains: domainsOf(row),
    defaultRole: row.defaultRole as SsoRole,
    redirectUri: `${policy.authBaseUrl}/sso/callback/${row.providerId}`,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function getSsoConnection({ db }: ServiceDeps, actor: Actor, policy: SsoPolicy) {
  const row = await getSsoProvider(db, actor.organizationId);
  return row ? ssoConnectionView(row, policy) : null;
}

function normalizeDomains(domains: string[]): string[] {
  const seen = new Set<string>();
  domains.forEach((raw, i) => {
    const domain = raw.trim().toLowerCase().replace(/^@/, '');
    if (!DOMAIN.test(domain)) throw invalidField(`domains.${i}`, `"${raw}" is not an e-mail domain`);
    if (PUBLIC_MAIL_DOMAINS.has(domain)) {
      throw invalidField(`domains.${i}`, `${domain} is a public mail service: list your company's own domains`);
    }
    seen.add(domain);
  });
  if (seen.size === 0) throw invalidField('domains', 'name at least one e-mail domain');
  return [...seen];
}

/** Saves the organization's connection after reading the issuer's discovery document. */
export async function saveSsoConnection(
  { db }: ServiceDeps,
  actor: Actor,
  input: SsoConnectionInput,
  policy: SsoPolicy,
) {
  const domains = normalizeDomains(input.domains);
  const issuerUrl = checkIssuer(input.issuer.trim(), policy);
  const issuer = issuerUrl.href.replace(/\/$/, '');
  const existing = await getSsoProvider(db, actor.organizationId);
  const clientSecret = input.clientSecret ?? (existing ? configOf(existing).clientSecret : undefined);
  if (!clientSecret) throw invalidField('clientSecret', 'is required for a new connection');
  const taken = await domainsClaimedElsewhere(db, actor.organizationId, domains);
  if (taken.length > 0) {
    const i = input.domains.findIndex((d) => d.trim().toLowerCase().replace(/^@/, '') === taken[0]);
    throw new DomainError('conflict', 'domain_taken', `${taken[0]} is already connected to another organization`, [
      { field: `domains.${Math.max(i, 0)}`, message: 'is already connected to another organization' },
    ]);
  }
  const endpoints = await discoverIssuer(issuerUrl, policy);
  const oidcConfig: StoredOidcConfig = {
    issuer,
    clientId: input.clientId.trim(),
    clientSecret,
    pkce: true,
    ...endpoints,
    scopes: ['openid', 'email', 'profile'],
  };
  const row = await db.transaction((tx) =>
    saveSsoProvider(tx, actor.organizationId, {
      providerId: existing?.providerId ?? ssoProviderIdOf(actor.organizationId),
      issuer,
      oidcConfig: JSON.stringify(oidcConfig),
      domains,
      defaultRole: input.defaultRole,
      userId: actor.userId,
    }),
  );
  return ssoConnectionView(row, policy);
}

export async function removeSsoConnection({ db }: ServiceDeps, actor: Actor) {
  const removed = await db.transaction((tx) => deleteSsoProvider(tx, actor.organizationId));
  if (!removed) throw notFound('Single sign-on connection');
}

const domainAllowed = (email: string, domains: string[]) => {
  const domain = email.split('@')[1]?.toLowerCase() ?? '';
  return domains.some((d) => domain === d || domain.endsWith(`.${d}`));
};

export type SsoResolution =
  | { action: 'continue' }
  | { action: 'link'; userId: string; profile: 'preserve' }
  | { action: 'reject'; code: string; message: string };

/**
 * Who a verified identity from an organization's provider may be. Its address must be in one of the
 * connection's domains. An identity that signed in here before is that person again. An address
 * that already has an account is joined to it only when that account has no password and belongs to
 * this organization alone (someone who came through this connection before it was saved again):
 * an account with a password, or in other organizations, is never handed to a provider that the
 * organization itself configured.
 */
export async function resolveSsoSignIn(
  db: Executor,
  input: { providerId: string; email: string; accountId: string },
): Promise<SsoResolution> {
  const provider = await findSsoProviderByProviderId(db, input.providerId);
  if (!provider) return { action: 'reject', code: 'sso_not_configured', message: 'This connection was removed' };
  if (!domainAllowed(input.email, domainsOf(provider))) {
    return {
      action: 'reject',
      code: 'domain_not_allowed',
      message: "Your provider signed you in with an address outside your organization's domains",
    };
  }
  const knownUserId = await findSsoAccountUser(db, input.providerId, input.accountId);
  if (knownUserId) {
    const membership = await findMembershipRow(db, provider.organizationId, knownUserId);
    if (membership?.removedAt) return removedMember();
    return { action: 'continue' };
  }
  const userId = await findUserIdByEmail(db, input.email);
  if (!userId) return { action: 'continue' };
  const summary = await userSignInSummary(db, userId);
  const membership = await findMembershipRow(db, provider.organizationId, userId);
  if (membership?.removedAt) return removedMember();
  const onlyHere = summary.organizationIds.every((id) => id === provider.organizationId);
  if (summary.hasPassword || !onlyHere) {
    return {
      action: 'reject',
      code: 'account_exists',
      message: 'An account with this address exists: sign in with your password',
    };
  }
  return { action: 'link', userId, profile: 'preserve' };
}

const removedMember = (): SsoResolution => ({
  action: 'reject',
  code: 'membership_removed',
  message: 'Your access to this organization was removed: ask an owner to invite you again',
});

/** Just-in-time membership: a person who signs in through the connection joins with its default role. */
export async function provisionSsoMember(db: Executor, input: { providerId: string; userId: string }) {
  const provider = await findSsoProviderByProviderId(db, input.providerId);
  if (!provider) return;
  await addSsoMember(db, provider.organizationId, input.userId, provider.defaultRole);
}
