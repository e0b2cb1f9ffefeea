// Proofwork's processes as an operator starts them (`npm start`, `npm run worker`), for the tests
// that signal them, cut their database, or check they are still alive.
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '../..');

export interface NpmProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
  output(): string;
}

export function npmRun(script: string, env: Record<string, string>): NpmProcess {
  // The users the tests make have fast password hashes (tests/support/factories.ts).
  const child = spawn('npm', ['run', '--silent', script], {
    cwd: repoRoot,
    env: { ...process.env, PASSWORD_HASHING: 'fast', ...env },
  });
  let output = '';
  child.stdout!.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

/** Every process below `pid` (npm, a shell it may run, node), read from /proc. */
export function descendants(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The parent pid is the 2nd field after the parenthesised command name.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return children.flatMap((child) => [child, ...descendants(child)]);
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls `check` until it holds; false after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/** Ends what a test started and left running after a failure: the given processes, then npm. */
export function killAll(started: NpmProcess | null, pids: number[]): void {
  for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
  if (started && started.child.exitCode === null) started.child.kill('SIGKILL');
}
