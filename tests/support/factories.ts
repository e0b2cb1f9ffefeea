// Test data built directly in the database: organizations, users, members. Each test file builds
// its own, so no test depends on another's rows.
import { createOrganizationWithOwner, type Database, type MemberRole, schema } from '@proofwork/db';
import { passwordHasher } from '@proofwork/server/passwords';
import { uuidv7 } from 'uuidv7';

export const TEST_PASSWORD = 'correct-horse-battery';
let passwordHash: Promise<string> | null = null;

export async function createUser(
  db: Database,
  overrides: { email?: string; name?: string; locale?: 'en' | 'fr' } = {},
) {
  // As the test apps hash them (PASSWORD_HASHING=fast, tests/support/app.ts).
  passwordHash ??= passwordHasher('fast').hash(TEST_PASSWORD);
  const email = overrides.email ?? `user-${uuidv7().slice(-12)}@test.example`;
  const [user] = await db
    .insert(schema.users)
    .values({
      email,
      name: overrides.name ?? email.split('@')[0]!,
      emailVerified: true,
      locale: overrides.locale ?? null,
    })
    .returning();
  await db
    .insert(schema.accounts)
    .values({ accountId: user!.id, providerId: 'credential', userId: user!.id, password: await passwordHash });
  return user!;
}

export async function createOrganization(
  db: Database,
  overrides: { name?: string; timeZone?: string; defaultLocale?: 'en' | 'fr' } = {},
) {
  const owner = await createUser(db, { name: 'Owner' });
  const name = overrides.name ?? `Org ${uuidv7().slice(-8)}`;
  const { organization, owner: ownerMember } = await db.transaction((tx) =>
    createOrganizationWithOwner(
      tx,
      {
        name,
        slug: `org-${uuidv7().slice(-12)}`,
        timeZone: overrides.timeZone ?? 'Europe/Paris',
        weekStart: 1,
        defaultLocale: overrides.defaultLocale ?? 'en',
        defaultWeeklyContractSeconds: 35 * 3600,
      },
      owner.id,
    ),
  );
  return { organization, owner, ownerMember };
}

export async function addMember(db: Database, organizationId: string, role: MemberRole, name?: string) {
  const user = await createUser(db, { name: name ?? role });
  const [member] = await db.insert(schema.members).values({ organizationId, userId: user.id, role }).returning();
  return { user, member: member! };
}
