import { defineConfig } from 'vitest/config';

// Two projects: the API, pipeline and evidence tests mostly wait on PostgreSQL and Redis, so several
// files run at once (each has its own database); the browser tests each drive a Chromium, which
// needs the CPU, so `npm test` runs them after, one file at a time (see package.json).
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
            'server/src/**/*.test.ts',
            'workers/src/**/*.test.ts',
            'tests/**/*.test.ts',
          ],
          exclude: ['**/node_modules/**', 'tests/browser/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          // A page is slow when the machine is busy; a broken step still fails at its own 10 s wait.
          testTimeout: 90_000,
        },
      },
    ],
  },
});
