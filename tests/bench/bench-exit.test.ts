// A bench section that fails is reported and ends the run with a non-zero exit code, within
// seconds: here the web bench, whose server is already listening when it finds no Chromium.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

it('a failed section exits non-zero with its error, and does not hang on what it started', async () => {
  const webRoot = mkdtempSync(path.join(tmpdir(), 'pw-bench-web-'));
  writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>bench</title>');
  try {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'bench', 'run.ts'), '--quick', '--only', 'P5', '--no-write'],
      {
        cwd: ROOT,
        env: { ...process.env, CHROMIUM_PATH: path.join(webRoot, 'no-chromium'), BENCH_WEB_ROOT: webRoot },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    let failedAt = 0;
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const watcher = setInterval(() => {
      if (!failedAt && err.includes('P5 failed')) failedAt = performance.now();
    }, 20);
    const code = await Promise.race([
      exited,
      new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 50_000)),
    ]);
    clearInterval(watcher);
    if (code === 'hung') child.kill('SIGKILL');
    expect(code, err.slice(-2000)).toBe(1);
    expect(out).toContain('P5 FAILED: Chromium not found');
    // From the section's error to the exit: cleanup and the report, not a server left listening.
    expect(failedAt).toBeGreaterThan(0);
    expect(performance.now() - failedAt).toBeLessThan(10_000);
  } finally {
    rmSync(webRoot, { recursive: true, force: true });
  }
}, 60_000);
