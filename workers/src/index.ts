// @proofwork/workers: background jobs (rollups, exports) and their runners.
export * from './contracts';
