// Unit tests of the web app's state classes (`src/**/*.test.ts`), a project of the root vitest
// config. The plain Svelte plugin compiles runes in `*.svelte.ts` (SvelteKit's own plugin would look
// for its config in the working directory, the repository root); the browser condition and the
// environment's client transform give the client runtime, where effects run.
import path from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineProject } from 'vitest/config';

export default defineProject({
  root: import.meta.dirname,
  plugins: [svelte({ configFile: path.resolve(import.meta.dirname, 'svelte.config.js') })],
  resolve: { alias: { $lib: path.resolve(import.meta.dirname, 'src/lib') }, conditions: ['browser'] },
  test: {
    name: 'web',
    include: ['src/**/*.test.ts'],
    environment: './src/test/runes-environment.ts',
    setupFiles: ['./src/test/catalogs.ts'],
  },
});
