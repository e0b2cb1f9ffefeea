// Queued import rows become `import.run` runs (deterministic job id `import_<id>`); uploaded files
// are deleted once they expire (the imports and their entries stay). See ../row-runner.ts.
import { expireImportFiles, failAbandonedImports, IMPORT_REQUESTED_CHANNEL, queuedImports } from '@proofwork/db';
import type { JobPayload } from '../contracts';
import { type RowKind, type RowRunner, type RowRunnerOptions, startRowRunner } from '../row-runner';

export const IMPORT_ROWS: RowKind<JobPayload<'import.run'>> = {
  name: 'import',
  channel: IMPORT_REQUESTED_CHANNEL,
  batch: 10,
  queued: queuedImports,
  failAbandoned: failAbandonedImports,
  expire: expireImportFiles,
  payloadOf: (row) => ({ organizationId: row.organizationId, importId: row.id }),
  folder: 'imports',
};

export type ImportRunnerOptions = RowRunnerOptions & { run(payload: JobPayload<'import.run'>): Promise<unknown> };
export type ImportRunner = RowRunner;

export const startImportRunner = (options: ImportRunnerOptions) => startRowRunner(IMPORT_ROWS, options);
