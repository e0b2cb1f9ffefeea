// Queued export rows become `export.build` runs (deterministic job id `export_<id>`); files are kept
// 30 days (the row's expires_at), and the row and its file go together. See ../row-runner.ts.
import { deleteExpiredExports, EXPORT_REQUESTED_CHANNEL, failAbandonedExports, queuedExports } from '@proofwork/db';
import type { JobPayload } from '../contracts';
import { type RowKind, type RowRunner, type RowRunnerOptions, startRowRunner } from '../row-runner';

export const EXPORT_ROWS: RowKind<JobPayload<'export.build'>> = {
  name: 'export',
  channel: EXPORT_REQUESTED_CHANNEL,
  batch: 20,
  queued: queuedExports,
  failAbandoned: failAbandonedExports,
  async expire(db, now) {
    const expired = await deleteExpiredExports(db, now);
    return expired.flatMap((row) => (row.storageKey ? [row.storageKey] : []));
  },
  payloadOf: (row) => ({ organizationId: row.organizationId, exportId: row.id }),
  folder: 'exports',
};

export type ExportRunnerOptions = RowRunnerOptions & { run(payload: JobPayload<'export.build'>): Promise<unknown> };
export type ExportRunner = RowRunner;

export const startExportRunner = (options: ExportRunnerOptions) => startRowRunner(EXPORT_ROWS, options);
