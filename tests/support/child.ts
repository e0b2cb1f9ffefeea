// Runs a TypeScript file of the tests in a Node process of its own (through tsx) and collects what
// it printed: for what must not happen inside the test runner (a process that may die, an unhandled
// rejection, a driver fault).
import { spawn } from 'node:child_process';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '../..');

export interface ChildRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `script` is relative to the repository's root. */
export function runTsxChild(script: string, args: string[]): Promise<ChildRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: repoRoot });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
