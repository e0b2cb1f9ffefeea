// A TCP proxy in front of the test Redis that can be cut and restored on the same port, so a
// pipeline sees Redis vanish and come back the way it would in production.
import net from 'node:net';

export interface RedisProxy {
  url: string;
  /** Stops listening and drops every connection: the port is closed. */
  cut(): Promise<void>;
  /** Listens again on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startRedisProxy(targetUrl: string): Promise<RedisProxy> {
  const target = new URL(targetUrl);
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  let server: net.Server | null = null;
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server = net.createServer((client) => {
        const upstream = net.connect(Number(target.port || 6379), target.hostname);
        track(client);
        track(upstream);
        client.pipe(upstream).pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve((server!.address() as net.AddressInfo).port));
    });
  const port = await listen(0);
  const stop = async () => {
    const closing = server;
    server = null;
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    async cut() {
      const closing = stop();
      for (const socket of sockets) socket.destroy();
      await closing;
    },
    async restore() {
      await listen(port);
    },
    async close() {
      const closing = stop();
      for (const socket of sockets) socket.destroy();
      await closing;
    },
  };
}
