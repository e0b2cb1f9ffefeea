// The allowed imports between packages (docs/ARCHITECTURE.md): core ← everyone; db → core;
// app → core, db; workers → core, db, app; server → core, db, app, workers' contracts; web → core.
// Nothing imports web or server.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '../..');

const ALLOWED: Record<string, string[]> = {
  core: [],
  db: ['@proofwork/core'],
  app: ['@proofwork/core', '@proofwork/db'],
  workers: ['@proofwork/core', '@proofwork/db', '@proofwork/app'],
  server: ['@proofwork/core', '@proofwork/db', '@proofwork/app', '@proofwork/workers/contracts'],
  web: ['@proofwork/core'],
  cli: ['@proofwork/core'],
};

/** Process entry points compose the packages: `npm start` runs the in-process job runner. */
const COMPOSITION_ROOTS: Record<string, string[]> = { 'server/src/start.ts': ['@proofwork/workers'] };

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.') || name === 'build') continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(ts|js|svelte|mts)$/.test(name)) out.push(full);
  }
  return out;
}

const IMPORT_RE =
  /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;

export function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT_RE)].map((m) => m[1] ?? m[2] ?? m[3]!).filter(Boolean);
}

describe('package boundaries', () => {
  for (const [pkg, allowed] of Object.entries(ALLOWED)) {
    it(`${pkg} imports only ${allowed.join(', ') || 'no other package'}`, () => {
      const root = path.join(repoRoot, pkg, pkg === 'web' ? 'src' : 'src');
      const violations: string[] = [];
      for (const file of sourceFiles(root)) {
        for (const spec of importsOf(file)) {
          const rel = path.relative(repoRoot, file);
          if (spec.startsWith('@proofwork/')) {
            const ok =
              allowed.some((a) => spec === a || spec.startsWith(`${a}/`)) || COMPOSITION_ROOTS[rel]?.includes(spec);
            if (!ok) violations.push(`${rel} → ${spec}`);
          } else if (spec.startsWith('.')) {
            // A relative import must stay inside its own package.
            const target = path.relative(repoRoot, path.resolve(path.dirname(file), spec));
            if (!target.startsWith(`${pkg}/`)) violations.push(`${rel} → ${spec}`);
          }
        }
      }
      expect(violations).toEqual([]);
    });
  }

  it('core does no I/O', () => {
    const forbidden =
      /^(node:)?(fs|net|http|https|child_process|dgram|tls)(\/|$)|^(postgres|ioredis|bullmq|drizzle-orm)/;
    const violations = sourceFiles(path.join(repoRoot, 'core/src')).flatMap((file) =>
      importsOf(file)
        .filter((spec) => forbidden.test(spec))
        .map((spec) => `${path.relative(repoRoot, file)} → ${spec}`),
    );
    expect(violations).toEqual([]);
  });

  it('the rule itself catches a forbidden import', () => {
    const fake = "import { buildApp } from '@proofwork/server';\nexport * from '../../db/src/client';";
    const specs = [...fake.matchAll(IMPORT_RE)].map((m) => m[1] ?? m[2] ?? m[3]);
    expect(specs).toEqual(['@proofwork/server', '../../db/src/client']);
  });
});
