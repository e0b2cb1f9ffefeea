// Server-sent event streams fed by a PostgreSQL channel (dashboard refreshes, an export's or an
// import's progress): one way to listen, answer, keep the stream alive and end it.
import type { Database } from '@proofwork/db';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** An open stream. */
export interface EventStream {
  /** One event: its name and its data, as JSON text. */
  send(event: string, json: string): void;
  /** Ends the stream (again is harmless). */
  close(): void;
  readonly closed: boolean;
}

export interface EventStreamOptions {
  db: Database;
  channel: string;
  /** Each notice of the channel, while the stream is open. */
  onNotice(payload: string, stream: EventStream): void;
}

/**
 * Keeps the open streams of a route plugin, so closing the app ends them (a stream never ends on
 * its own while the client stays).
 */
export function openStreams(app: FastifyInstance): Set<() => void> {
  const streams = new Set<() => void>();
  app.addHook('onClose', async () => {
    for (const close of streams) close();
  });
  return streams;
}

/**
 * Listens, then answers: once a client has read "connected", no notice can slip by unseen (none can
 * arrive between the LISTEN and the headers, which happen in one tick). A comment every 25 s keeps
 * proxies from closing an idle stream; the stream ends when the client goes or the app closes.
 */
export async function openEventStream(
  request: FastifyRequest,
  reply: FastifyReply,
  streams: Set<() => void>,
  options: EventStreamOptions,
): Promise<EventStream> {
  const res = reply.raw;
  const subscription = await options.db.$sql.listen(options.channel, (payload) => {
    if (!stream.closed) options.onNotice(payload, stream);
  });
  reply.hijack();
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write(': connected\n\nretry: 3000\n\n');
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    streams.delete(close);
    clearInterval(keepAlive);
    void subscription.unlisten().catch(() => {});
    res.end();
  };
  const stream: EventStream = {
    send(event, json) {
      if (!closed) res.write(`event: ${event}\ndata: ${json}\n\n`);
    },
    close,
    get closed() {
      return closed;
    },
  };
  streams.add(close);
  request.raw.on('close', close);
  // The client may have gone while the LISTEN was being set up.
  if (request.raw.destroyed) close();
  return stream;
}
