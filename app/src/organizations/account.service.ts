// The signed-in user's own account: profile, language and memberships.
import type { Locale } from '@proofwork/core';
import { getUser, listMemberships, updateUserProfile } from '@proofwork/db';
import type { ServiceDeps } from '../context';
import { unauthorized } from '../errors';

export async function accountView({ db }: ServiceDeps, userId: string) {
  const user = await getUser(db, userId);
  if (!user) throw unauthorized();
  const memberships = await listMemberships(db, userId);
  // The user's choice, else their first organization's language, else English.
  const locale = user.locale ?? memberships[0]?.defaultLocale ?? 'en';
  return { user, locale, memberships };
}

export async function changeAccount(
  deps: ServiceDeps,
  userId: string,
  patch: { name?: string; locale?: Locale | null },
) {
  await updateUserProfile(deps.db, userId, patch);
  return accountView(deps, userId);
}
