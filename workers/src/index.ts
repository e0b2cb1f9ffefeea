// @proofwork/workers: background jobs (rollups, reconcile, stale timers) and their two runners.

export { loadWorkerConfig, type WorkerConfig, WorkerConfigSchema } from './config';
export * from './contracts';
export { createDispatcher, type Dispatcher, type DispatcherOptions, type DispatchSink } from './dispatcher';
export { listenRollupRefreshed, type Pipeline, type RollupRefreshedListener } from './events';
export * from './exports/index';
export { type ImportRunner, type ImportRunnerOptions, startImportRunner } from './imports/import-runner';
export { consoleLog, type Log, silentLog } from './log';
export type { AnyProcessor, Clock, Processor, ProcessorContext } from './processor';
export { EXPORT_WRITERS, exportBuildProcessor } from './processors/export-build.processor';
export { importRunProcessor } from './processors/import-run.processor';
export { PROCESSORS } from './processors/index';
export { createRegistry, MissingProcessorError } from './registry';
export { type QueuePipeline, type QueuePipelineOptions, startQueuePipeline } from './runner-bullmq';
export { type InProcessPipelineOptions, startInProcessPipeline } from './runner-in-process';
export { nextRun, RECONCILE_SAMPLE, repeatOf, SCHEDULES, type Schedule } from './schedules';
export { startWebhookRunner, WEBHOOK_ROWS } from './webhooks/webhook-runner';
