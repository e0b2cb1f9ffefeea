// Runs a Node process of its own and collects what it printed: for what must not happen inside the
// test runner (a process that may die, an unhandled rejection, a driver fault), and for programs
// tested as a person runs them (the CLI).
import { spawn } from 'node:child_process';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '../..');

export interface ChildRun {
  /** The exit code; -1 when a signal ended the process. */
  code: number;
  stdout: string;
  stderr: string;
}

/** `node <args>` from the repository's root, with `env` when given (else the runner's own). */
export function runNode(args: string[], env?: NodeJS.ProcessEnv): Promise<ChildRun> {
  const child = spawn(process.execPath, args, { cwd: repoRoot, env });
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
    // 'close': the process has exited and its output is read to the end.
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** A TypeScript file of the tests (`script`, relative to the repository's root), through tsx. */
export const runTsxChild = (script: string, args: string[]) => runNode(['--import', 'tsx', script, ...args]);
