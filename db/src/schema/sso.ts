// Single sign-on: one OpenID Connect connection per organization (the auth library's SSO plugin
// reads `sso_providers`), and the e-mail domains it answers for, each claimed by one organization.
import { sql } from 'drizzle-orm';
import { check, index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { createdAt, id, updatedAt } from './columns';
import { memberRoleEnum } from './enums';
import { organizations } from './organizations';
import { sealedText } from './sealed';

export const ssoProviders = pgTable(
  'sso_providers',
  {
    id: id(),
    /** The library's key for this connection (`/api/auth/sso/callback/{providerId}`). */
    providerId: text().notNull().unique(),
    issuer: text().notNull(),
    /** The library's OIDC settings as JSON (client id and secret, endpoints), sealed at rest. */
    oidcConfig: sealedText(),
    samlConfig: text(),
    /** Who saved the connection last. */
    userId: uuid().references(() => users.id, { onDelete: 'set null' }),
    organizationId: uuid()
      .notNull()
      .unique()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    /** Allowed e-mail domains, comma-separated (the library's format); mirrored in sso_domains. */
    domain: text().notNull(),
    /** The role given to a person who joins through this connection. */
    defaultRole: memberRoleEnum().notNull().default('member'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [check('sso_providers_default_role_check', sql`${t.defaultRole} <> 'owner'`)],
);

/** One organization per e-mail domain: "Sign in with your company" finds the connection by domain. */
export const ssoDomains = pgTable(
  'sso_domains',
  {
    domain: text().notNull(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.domain] }), index('sso_domains_organization_id_idx').on(t.organizationId)],
);
