import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [sveltekit()],
  server: { proxy: { '/api': 'http://localhost:3000' } },
  build: {
    rolldownOptions: {
      // @proofwork/core is pure code (no I/O, no import-time effects): telling the bundler so lets
      // the quick-add grammar (and chrono-node) stay in the lazily loaded local-parse chunk instead
      // of the first page's bundle.
      treeshake: { moduleSideEffects: (id: string) => !/[\\/]core[\\/]src[\\/]/.test(id) },
    },
  },
});
