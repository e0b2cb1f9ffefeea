// Calls of sign-in security: signing in through the company's identity provider, the second step
// of a sign-in with two-factor authentication, enrolment and recovery codes, and the organization's
// single sign-on connection and two-factor rule.
import { api, ok } from './client';
import type { Body, Input } from './types';

type Org = '/api/v1/organizations/{orgId}';

export type SsoState = Body<`${Org}/sso`, 'get'>;
export type SsoConnection = NonNullable<SsoState['connection']>;
export type SsoInput = Input<`${Org}/sso`, 'put'>;
export type TwoFactorRule = 'nobody' | 'managers' | 'everyone';

/** The password step: either signed in, or a code is asked for. */
export async function signInWithPassword(email: string, password: string): Promise<{ codeNeeded: boolean }> {
  const answer = (await ok(api.POST('/api/auth/sign-in/email', { body: { email, password } }))) as {
    twoFactorRedirect?: boolean;
  } | null;
  return { codeNeeded: Boolean(answer?.twoFactorRedirect) };
}

export async function verifySignInCode(code: string, recovery: boolean): Promise<void> {
  if (recovery) await ok(api.POST('/api/auth/two-factor/verify-backup-code', { body: { code } }));
  else await ok(api.POST('/api/auth/two-factor/verify-totp', { body: { code } }));
}

/** The identity provider's page to send the browser to. */
export async function companySignInUrl(email: string, next?: string): Promise<string> {
  return (await ok(api.POST('/api/auth/sign-in/sso', { body: { email, ...(next ? { next } : {}) } }))).url;
}

export function startTwoFactor(password?: string): Promise<{ totpURI: string; backupCodes: string[] }> {
  return ok(api.POST('/api/auth/two-factor/enable', { body: password ? { password } : {} }));
}

export async function confirmTwoFactor(code: string): Promise<void> {
  await ok(api.POST('/api/auth/two-factor/verify-totp', { body: { code } }));
}

export async function disableTwoFactor(password?: string): Promise<void> {
  await ok(api.POST('/api/auth/two-factor/disable', { body: password ? { password } : {} }));
}

export async function renewRecoveryCodes(password?: string): Promise<string[]> {
  return (await ok(api.POST('/api/auth/two-factor/generate-backup-codes', { body: password ? { password } : {} })))
    .backupCodes;
}

export function getSso(orgId: string): Promise<SsoState> {
  return ok(api.GET(`/api/v1/organizations/{orgId}/sso`, { params: { path: { orgId } } }));
}

export function saveSso(orgId: string, body: SsoInput): Promise<SsoConnection> {
  return ok(api.PUT(`/api/v1/organizations/{orgId}/sso`, { params: { path: { orgId } }, body }));
}

export async function removeSso(orgId: string): Promise<void> {
  await ok(api.DELETE(`/api/v1/organizations/{orgId}/sso`, { params: { path: { orgId } } }));
}

export async function setTwoFactorRule(orgId: string, twoFactorRequired: TwoFactorRule) {
  return ok(api.PATCH('/api/v1/organizations/{orgId}', { params: { path: { orgId } }, body: { twoFactorRequired } }));
}
