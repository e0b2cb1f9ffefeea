// Two checkouts started side by side both want the embedded PostgreSQL's port: the second is told
// so in one line naming EMBEDDED_PG_PORT, before it creates or starts anything.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
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

describe('embedded PostgreSQL data folder', () => {
  it('starts in a checkout whose .data folder was made private (an older mail writer did)', async () => {
    const dataDir = checkout();
    mkdirSync(path.dirname(dataDir), { mode: 0o700 });
    chmodSync(path.dirname(dataDir), 0o700);
    const handle = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    handles.push(handle);
    expect(existsSync(path.join(dataDir, 'PG_VERSION'))).toBe(true);
    // As root, the cluster's own user must enter the folder: it may list nothing, but pass through.
    if (process.getuid?.() === 0) expect(statSync(path.dirname(dataDir)).mode & 0o001).toBe(0o001);
  }, 60_000);
});
