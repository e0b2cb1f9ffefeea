// A team for the time entry, approval and quick-add tests: an owner, a manager and two CMs, signed
// in once per test file (sign-in is rate-limited per IP) and reused across fresh organizations.
import { createOrganizationWithOwner, type Database, schema } from '@proofwork/db';
import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { buildTestApp } from '../support/app';
import { createUser } from '../support/factories';
import { type Client, signIn } from '../support/http';

type App = Awaited<ReturnType<typeof buildTestApp>>;

export interface Person {
  client: Client & { cookie: string };
  userId: string;
  email: string;
}

export interface People {
  owner: Person;
  manager: Person;
  cm: Person;
  otherCm: Person;
}

export async function signInPeople(app: App, db: Database): Promise<People> {
  const person = async (name: string): Promise<Person> => {
    const user = await createUser(db, { name });
    return { client: await signIn(app, user.email), userId: user.id, email: user.email };
  };
  return {
    owner: await person('Owner'),
    manager: await person('Manager'),
    cm: await person('Cm'),
    otherCm: await person('Other'),
  };
}

export interface Team {
  organizationId: string;
  base: string;
  owner: Client;
  manager: Client;
  cm: Client;
  otherCm: Client;
  ownerId: string;
  managerId: string;
  cmId: string;
  otherCmId: string;
  category(key: string): string;
}

/** A fresh organization (default catalog, Europe/Paris, weeks from Monday) holding the same people. */
export async function createTeam(db: Database, people: People, options: { timeZone?: string } = {}): Promise<Team> {
  const { organization, owner } = await db.transaction((tx) =>
    createOrganizationWithOwner(
      tx,
      {
        name: `Team ${uuidv7().slice(-8)}`,
        slug: `team-${uuidv7().slice(-12)}`,
        timeZone: options.timeZone ?? 'Europe/Paris',
        weekStart: 1,
        defaultLocale: 'en',
        defaultWeeklyContractSeconds: 35 * 3600,
      },
      people.owner.userId,
    ),
  );
  const add = async (person: Person, role: 'manager' | 'member') => {
    const [member] = await db
      .insert(schema.members)
      .values({ organizationId: organization.id, userId: person.userId, role })
      .returning();
    return member!.id;
  };
  const categories = await db.execute<{ id: string; key: string }>(
    sql`select id, key from categories where organization_id = ${organization.id}`,
  );
  return {
    organizationId: organization.id,
    base: `/api/v1/organizations/${organization.id}`,
    owner: people.owner.client,
    manager: people.manager.client,
    cm: people.cm.client,
    otherCm: people.otherCm.client,
    ownerId: owner.id,
    managerId: await add(people.manager, 'manager'),
    cmId: await add(people.cm, 'member'),
    otherCmId: await add(people.otherCm, 'member'),
    category: (key) => {
      const found = categories.find((c) => c.key === key);
      if (!found) throw new Error(`no category ${key}`);
      return found.id;
    },
  };
}

/** A clock the tests move by hand. */
export function manualClock(at: string) {
  const clock = {
    at: new Date(at),
    now: () => new Date(clock.at),
    set(to: string) {
      clock.at = new Date(to);
    },
  };
  return clock;
}
