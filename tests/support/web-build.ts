// The production build of the web app that the browser tests (and the web size checks) serve.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
export const webRoot = path.join(repoRoot, 'web', 'build');

/**
 * Builds the web app when web/build is missing (a normal run reuses the last build). The browser
 * project's global setup calls it once before any file starts: two files building into the same
 * folder at once break each other's build.
 */
export function ensureWebBuild() {
  if (existsSync(path.join(webRoot, 'index.html')) && !process.env.PW_REBUILD_WEB) return;
  // The test runner sets NODE_ENV=test, which would give a development build (bigger, with checks).
  const build = spawnSync('npm', ['run', 'build', '-w', '@proofwork/web'], {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (build.status !== 0) throw new Error('the web app did not build');
}
