// @proofwork/server: the Fastify app factory (used by start and by the tests).

export { type Clock, fixedClock, systemClock } from '@proofwork/core';
export { type App, buildApp } from './app';
export { type Config, ConfigError, ConfigSchema, isExposed, KNOWN_SECRETS, loadConfig } from './config';
export type { AppDeps, QueueStatus } from './context';
export { demoSeedDecision, type SeedDecision, seedDemoAtStart } from './lib/demo-seed';
