// Server-sent events that follow one row of a job table (an export, an import): the row now, then
// again on every NOTIFY that concerns it, until it is finished. Notices can come faster than the
// row is read: reads are chained, so events stay in order, and an unchanged row is not sent twice.
import { DomainError } from '@proofwork/app';
import type { Database } from '@proofwork/db';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface RowEventsOptions<T> {
  db: Database;
  channel: string;
  /** Whether a notice's payload is about this row. */
  concerns(payload: string): boolean;
  read(): Promise<T>;
  finished(row: T): boolean;
}

/**
 * Keeps the open streams of a route plugin, so closing the app ends them (a stream never ends on
 * its own while its row is unfinished).
 */
export function openStreams(app: FastifyInstance): Set<() => void> {
  const streams = new Set<() => void>();
  app.addHook('onClose', async () => {
    for (const close of streams) close();
  });
  return streams;
}

export async function streamRowEvents<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  streams: Set<() => void>,
  options: RowEventsOptions<T>,
) {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write(': connected\n\nretry: 3000\n\n');
  let closed = false;
  let lastSent = '';
  let reading: Promise<void> = Promise.resolve();
  const send = (row: T) => {
    if (closed) return;
    const data = JSON.stringify(row);
    if (data !== lastSent) {
      lastSent = data;
      res.write(`event: progress\ndata: ${data}\n\n`);
    }
    if (options.finished(row)) close();
  };
  const refresh = () => {
    reading = reading
      .then(options.read)
      .then(send)
      .catch((error: unknown) => {
        // The row is gone: nothing more to tell. Any other failure is a missed read, not the end.
        if (error instanceof DomainError) close();
        else request.log.warn({ err: error }, 'event stream read failed');
      });
  };
  const subscription = await options.db.$sql.listen(options.channel, (payload) => {
    if (options.concerns(payload)) refresh();
  });
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
  function close() {
    if (closed) return;
    closed = true;
    streams.delete(close);
    clearInterval(keepAlive);
    void subscription.unlisten().catch(() => {});
    res.end();
  }
  streams.add(close);
  request.raw.on('close', close);
  // The state now (read after listening, so a change in between is not lost).
  refresh();
}
