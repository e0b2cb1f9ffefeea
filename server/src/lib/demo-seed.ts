// Whether `npm start` seeds the demo organizations. The demo accounts share a published password,
// so they belong on a developer's embedded database only: never on an external database unless
// asked for (SEED_DEMO=true), and never automatically in production.
import { countOrganizations, type Database, seedDemo } from '@proofwork/db';
import { passwordHasher } from '../auth/passwords';
import type { Config } from '../config';

export type SeedDecision = { seed: true } | { seed: false; reason: string };

/** The rule alone: what SEED_DEMO means for this start-up. */
export function demoSeedDecision(
  config: Pick<Config, 'SEED_DEMO' | 'NODE_ENV'>,
  database: { embedded: boolean; organizations: number },
): SeedDecision {
  if (database.organizations > 0) return { seed: false, reason: 'the database already has organizations' };
  if (config.SEED_DEMO === 'false') return { seed: false, reason: 'SEED_DEMO=false' };
  if (config.SEED_DEMO === 'true') return { seed: true };
  if (config.NODE_ENV === 'production') return { seed: false, reason: 'SEED_DEMO=auto never seeds in production' };
  if (!database.embedded) return { seed: false, reason: 'SEED_DEMO=auto seeds only the embedded database' };
  return { seed: true };
}

/** Applies the rule at start-up; returns the names of the organizations it created. */
export async function seedDemoAtStart(
  db: Database,
  config: Pick<Config, 'SEED_DEMO' | 'NODE_ENV' | 'PASSWORD_HASHING'>,
  options: { embedded: boolean; now: Date },
): Promise<{ decision: SeedDecision; created: string[] }> {
  if (config.SEED_DEMO === 'false') return { decision: { seed: false, reason: 'SEED_DEMO=false' }, created: [] };
  const organizations = await countOrganizations(db);
  const decision = demoSeedDecision(config, { embedded: options.embedded, organizations });
  if (!decision.seed) return { decision, created: [] };
  const result = await seedDemo(db, { now: options.now, hashPassword: passwordHasher(config.PASSWORD_HASHING).hash });
  return { decision, created: result.created };
}
