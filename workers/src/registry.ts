// The registry both runners dispatch through: built once at start-up, it refuses to exist while a
// job name in the contracts has no processor, and it validates every payload before running it.
import { assertPayload, InvalidPayloadError, isJobName, JOB_NAMES, type JobName, type JobPayload } from './contracts';
import type { AnyProcessor, Processor, ProcessorContext } from './processor';

export class MissingProcessorError extends Error {
  constructor(readonly missing: JobName[]) {
    super(`no processor for job ${missing.map((n) => `'${n}'`).join(', ')}`);
    this.name = 'MissingProcessorError';
  }
}

export interface Registry {
  /** Validates `data` against the job's schema (throws `InvalidPayloadError`), then runs the job. */
  run(ctx: ProcessorContext, name: string, data: unknown): Promise<unknown>;
}

export function createRegistry(processors: readonly AnyProcessor[]): Registry {
  const byName = new Map<JobName, AnyProcessor>();
  for (const processor of processors) {
    if (byName.has(processor.name)) throw new Error(`two processors for job '${processor.name}'`);
    byName.set(processor.name, processor);
  }
  const missing = JOB_NAMES.filter((name) => !byName.has(name));
  if (missing.length > 0) throw new MissingProcessorError(missing);
  return {
    async run(ctx, name, data) {
      if (!isJobName(name)) throw new InvalidPayloadError(name, ['unknown job name']);
      assertPayload(name, data);
      // The map is keyed by the processor's own name, so this one takes this payload type.
      const processor = byName.get(name) as Processor<JobName>;
      return processor.handle(ctx, data as JobPayload<JobName>);
    },
  };
}
