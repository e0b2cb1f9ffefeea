// Server-sent events that follow one row of a job table (an export, an import): the row now, then
// again on every NOTIFY that concerns it, until it is finished. Notices can come faster than the
// row is read: reads are chained, so events stay in order, and an unchanged row is not sent twice.
import { DomainError } from '@proofwork/app';
import type { Database } from '@proofwork/db';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { openEventStream } from './event-stream';

export interface RowEventsOptions<T> {
  db: Database;
  channel: string;
  /** Whether a notice's payload is about this row. */
  concerns(payload: string): boolean;
  read(): Promise<T>;
  finished(row: T): boolean;
}

export async function streamRowEvents<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  streams: Set<() => void>,
  options: RowEventsOptions<T>,
) {
  let lastSent = '';
  let reading: Promise<void> = Promise.resolve();
  const refresh = () => {
    reading = reading
      .then(options.read)
      .then((row) => {
        const data = JSON.stringify(row);
        if (data !== lastSent) {
          lastSent = data;
          stream.send('progress', data);
        }
        if (options.finished(row)) stream.close();
      })
      .catch((error: unknown) => {
        // The row is gone: nothing more to tell. Any other failure is a missed read, not the end.
        if (error instanceof DomainError) stream.close();
        else request.log.warn({ err: error }, 'event stream read failed');
      });
  };
  const stream = await openEventStream(request, reply, streams, {
    db: options.db,
    channel: options.channel,
    onNotice: (payload) => {
      if (options.concerns(payload)) refresh();
    },
  });
  // The state now (read after listening, so a change in between is not lost).
  if (!stream.closed) refresh();
}
