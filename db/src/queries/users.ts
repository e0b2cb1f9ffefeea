// User accounts as the app reads them (the auth library writes them).
import type { Locale } from '@proofwork/core';
import { eq } from 'drizzle-orm';
import type { Executor } from '../client';
import { users } from '../schema/index';

export async function getUser(db: Executor, userId: string) {
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      locale: users.locale,
      twoFactorEnabled: users.twoFactorEnabled,
      emailVerified: users.emailVerified,
    })
    .from(users)
    .where(eq(users.id, userId));
  return row ?? null;
}

export async function updateUserProfile(
  db: Executor,
  userId: string,
  patch: { name?: string; locale?: Locale | null },
) {
  await db.update(users).set(patch).where(eq(users.id, userId));
}
