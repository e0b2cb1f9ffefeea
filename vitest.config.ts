import { defineConfig } from 'vitest/config';

// Five projects. `unit`: the packages' own tests, each file in its own module graph. `integration`:
// the API, pipeline, evidence, imports and CLI tests; they mostly wait on PostgreSQL and Redis, so
// several files run at once (each with its own database), and the files of a worker share its
// loaded modules (the server is imported once per worker, not once per file). `web`: the web app's
// state classes, compiled with the Svelte plugin (web/vitest.config.ts). The tests that start
// Proofwork's own processes and a PostgreSQL server to restart need the CPU, and so do the browser
// tests (each drives a Chromium): `npm test` runs them after, processes one file at a time, browser
// files two at a time (see package.json).
/** Tests that spawn `npm start`, `npm run worker` and a PostgreSQL server of their own. */
const PROCESS_TESTS = ['tests/faults/postgres-restart.test.ts', 'tests/faults/scale-out.test.ts'];

export default defineConfig({
  test: {
    exclude: ['**/node_modules/**'],
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'core/src/**/*.test.ts',
            'db/src/**/*.test.ts',
            'app/src/**/*.test.ts',
            'server/src/**/*.test.ts',
            'workers/src/**/*.test.ts',
          ],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/**/*.test.ts'],
          exclude: ['**/node_modules/**', 'tests/browser/**', ...PROCESS_TESTS],
          // The files of a worker share its loaded modules (the whole server, imported once per worker
          // instead of once per file); each file still has its own database, Redis prefix and app.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'processes',
          include: PROCESS_TESTS,
          testTimeout: 90_000,
        },
      },
      'web/vitest.config.ts',
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          // As in the integration project: the server is imported once per worker, not once per file.
          isolate: false,
          // A page is slow when the machine is busy; a broken step still fails at its own 10 s wait,
          // and a polled assertion (a total after a save, a toast) waits as long before failing.
          testTimeout: 90_000,
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
