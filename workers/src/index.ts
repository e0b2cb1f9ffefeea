// @proofwork/workers: background jobs (rollups, reconcile, stale timers) and their two runners.
export * from './contracts';
export { listenRollupRefreshed, type Pipeline, type RollupRefreshedListener } from './events';
export * from './exports/index';
export { consoleLog, type Log, silentLog } from './log';
export type { AnyProcessor, Clock, Processor, ProcessorContext } from './processor';
export { createExportBuildProcessor, exportBuildProcessor } from './processors/export-build.processor';
export { PROCESSORS } from './processors/index';
export { createRegistry, MissingProcessorError } from './registry';
export { type QueuePipeline, type QueuePipelineOptions, startQueuePipeline } from './runner-bullmq';
export { type InProcessPipelineOptions, startInProcessPipeline } from './runner-in-process';
