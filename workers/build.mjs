// `npm run worker:build`: bundles the worker process (workers/src/main.ts) into plain JavaScript,
// workers/dist/main.js, so production runs it with `node` alone (`npm run worker:prod`), without
// compiling TypeScript at start-up. The workspace packages (@proofwork/*) are bundled in; every
// other package stays an import resolved from node_modules at run time.
// `import.meta.url` in a bundled file keeps pointing at that file's own place in the source tree
// (the migrations folder, the fonts), relative to the bundle, so the output can move with the tree.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const here = (...parts) => path.join(root, ...parts);

/** Builds `entry` (a path from the repository's root) into `outfile`; resolves with the output's path. */
export async function buildWorker({ entry = 'workers/src/main.ts', outfile = here('workers/dist/main.js') } = {}) {
  const outdir = path.dirname(outfile);
  await build({
    entryPoints: [here(entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    // Bundled CommonJS dependencies would need `require`; none is bundled, but keep it defined.
    banner: {
      js: "import { createRequire as __pwRequire } from 'node:module'; const require = __pwRequire(import.meta.url);",
    },
    plugins: [
      {
        name: 'proofwork-workspace',
        setup(b) {
          // Anything imported by name is external, except our own workspace packages.
          b.onResolve({ filter: /^[^./]/ }, (args) => {
            if (args.path.startsWith('@proofwork/')) return undefined;
            return { path: args.path, external: true };
          });
          b.onLoad({ filter: /\.ts$/ }, async (args) => {
            let contents = await readFile(args.path, 'utf8');
            if (contents.includes('import.meta.url')) {
              const relative = path.relative(outdir, args.path).split(path.sep).join('/');
              contents = contents.replaceAll(
                'import.meta.url',
                `new URL(${JSON.stringify(relative)}, import.meta.url).href`,
              );
            }
            return { contents, loader: 'ts' };
          });
        },
      },
    ],
  });
  return outfile;
}

// `node workers/build.mjs [entry outfile]`: the worker by default; the bench builds its export
// process the same way.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [entry, outfile] = process.argv.slice(2);
  const out = await buildWorker(entry ? { entry, outfile: path.resolve(outfile) } : {});
  console.log(`built ${path.relative(root, out)}`);
}
