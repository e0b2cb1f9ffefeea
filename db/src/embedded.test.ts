// Two checkouts started side by side both want the embedded PostgreSQL's port: the second is told
// so in one line naming EMBEDDED_PG_PORT, before it creates or starts anything.
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type EmbeddedHandle, startEmbeddedPostgres } from './embedded';

const dirs: string[] = [];
const handles: EmbeddedHandle[] = [];

function checkout(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pw-checkout-'));
  // As root the cluster runs as the postgres user, who must reach the folder.
  chmodSync(dir, 0o755);
  dirs.push(dir);
  return path.join(dir, '.data', 'pg');
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

afterAll(async () => {
  for (const handle of handles) await handle.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('embedded PostgreSQL port conflicts', () => {
  it('a second checkout on the same port gets one line naming EMBEDDED_PG_PORT, and touches nothing', async () => {
    const port = await freePort();
    handles.push(await startEmbeddedPostgres({ dataDir: checkout(), port }));
    const second = checkout();
    const error = await startEmbeddedPostgres({ dataDir: second, port }).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(new RegExp(`port ${port}.*already in use.*EMBEDDED_PG_PORT`));
    expect(error?.message).not.toContain('\n');
    expect(existsSync(path.join(second, 'PG_VERSION'))).toBe(false);
  }, 60_000);

  it('says the same when anything else holds the port', async () => {
    const port = await freePort();
    const holder = net.createServer().listen(port, '127.0.0.1');
    await new Promise((resolve) => holder.once('listening', resolve));
    try {
      await expect(startEmbeddedPostgres({ dataDir: checkout(), port })).rejects.toThrow(/EMBEDDED_PG_PORT/);
    } finally {
      holder.close();
    }
  });
});
