// import.run: runs one queued import (the imports table is its outbox) through the application
// layer's executeImport: the rows of the stored file, mapped and written in batches through the
// entry rules, with progress and a cancel between batches. A failure is recorded on the import
// (the manager can run it again: rows already written are skipped), not retried.
import { executeImport } from '@proofwork/app';
import { JOB_PAYLOADS } from '../contracts';
import { fileDeps, type Processor } from '../processor';

export const importRunProcessor: Processor<'import.run'> = {
  name: 'import.run',
  payload: JOB_PAYLOADS['import.run'],
  async handle(ctx, { organizationId, importId }) {
    const started = performance.now();
    const result = await executeImport(fileDeps(ctx, 'imports'), organizationId, importId);
    const ms = Math.round(performance.now() - started);
    if ('failed' in result) ctx.log.error({ importId, error: result.failed, ms }, 'import failed');
    else if (!('notClaimed' in result)) {
      ctx.log.info({ importId, imported: result.imported, skipped: result.skipped, ms }, 'import done');
    }
    return result;
  },
};
