// Runs shell commands side by side and fails when any fails: `npm test` type-checks the server
// beside the web app's check and build (those two one after the other: both write the web app's
// generated files, and a build made while `svelte-kit sync` rewrote them once failed in the browser).
// Each command's output is printed in one piece when it ends, so the logs never interleave.
import { spawn } from 'node:child_process';

const commands = process.argv.slice(2);
if (commands.length === 0) {
  console.error('usage: node tests/support/parallel.mjs "<command>" ["<command>" …]');
  process.exit(1);
}

const results = await Promise.all(
  commands.map(
    (command) =>
      new Promise((resolve) => {
        const started = Date.now();
        const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
        const output = [];
        child.stdout.on('data', (chunk) => output.push(chunk));
        child.stderr.on('data', (chunk) => output.push(chunk));
        child.on('close', (code, signal) => {
          const seconds = ((Date.now() - started) / 1000).toFixed(1);
          process.stdout.write(`\n== ${command} (${code === 0 ? 'ok' : `failed: ${signal ?? code}`}, ${seconds} s)\n`);
          process.stdout.write(Buffer.concat(output));
          resolve(code ?? 1);
        });
      }),
  ),
);
process.exit(results.some((code) => code !== 0) ? 1 : 0);
