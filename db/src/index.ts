// @proofwork/db: schema, client factory, migrations, queries (all SQL lives here) and the demo seed.
export * from './client';
export * from './embedded';
export * from './migrate';
export * from './queries/approvals';
export * from './queries/catalog';
export * from './queries/dashboards';
export * from './queries/evidence';
export * from './queries/exports';
export * from './queries/idempotency';
export * from './queries/organizations';
export * from './queries/outbox';
export * from './queries/rollups';
export * from './queries/time-entries';
export * from './queries/tokens';
export * as schema from './schema/index';
export { DEMO_WEEKS, type SeedResult, seedDemo } from './seed/demo';
export { DEMO_ORGANIZATIONS, DEMO_PASSWORD } from './seed/demo-data';
export { type Random, seededRandom } from './seed/random';
