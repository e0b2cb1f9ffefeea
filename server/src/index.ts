// @proofwork/server: the Fastify app factory (used by start and by the tests).
export { type App, buildApp } from './app';
export { type Config, ConfigError, loadConfig } from './config';
export type { AppDeps, QueueStatus } from './context';
export { type Clock, fixedClock, systemClock } from './lib/clock';
