// docker-compose.yml wires PostgreSQL, Redis, the API and a worker with healthchecks, and has no
// default secret. The docker client here has no compose plugin (and no engine), so `docker compose
// config` cannot run: the file's variables are interpolated below by the compose specification's
// rules (`${VAR}`, `:-`, `-`, `:?`, `?`, `:+`, `+`, `$$`), which is what `config` does first.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const composeText = readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8');
const compose = parse(composeText, { merge: true });

class InterpolationError extends Error {}

/** Compose's variable interpolation over the raw file; throws like `docker compose config` does. */
function interpolate(text: string, env: Record<string, string>): string {
  return text.replace(
    /\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])((?:[^{}]|\{[^}]*\})*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (_m, dollar, name, op, arg, bare) => {
      if (dollar) return '$';
      if (bare) return env[bare] ?? '';
      const value = env[name];
      const unsetOrEmpty = value === undefined || value === '';
      const missing = op?.startsWith(':') ? unsetOrEmpty : value === undefined;
      switch (op) {
        case undefined:
          return value ?? '';
        case ':-':
        case '-':
          return missing ? interpolate(arg, env) : value!;
        case ':?':
        case '?':
          if (missing) throw new InterpolationError(`required variable ${name} is missing a value: ${arg}`);
          return value!;
        default:
          return missing ? '' : interpolate(arg, env);
      }
    },
  );
}

describe('docker-compose.yml', () => {
  it('has postgres, redis, mailpit, api and worker, each with a healthcheck', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'mailpit', 'postgres', 'redis', 'worker']);
    for (const [name, service] of Object.entries<Record<string, unknown>>(compose.services)) {
      expect(service.healthcheck, name).toMatchObject({ test: expect.anything() });
    }
    expect(compose.services.postgres.image).toMatch(/^postgres:1[67]/);
    expect(compose.services.redis.image).toMatch(/^redis:7/);
  });

  it('runs the API and the worker from the same image with another command', () => {
    expect(compose.services.api.image).toBe(compose.services.worker.image);
    expect(compose.services.api.command.join(' ')).toContain('server/src/start.ts');
    // The worker runs compiled (built in the image) with its heap capped, as `npm run worker:prod`.
    const resolved = parse(interpolate(composeText, { AUTH_SECRET: 'y'.repeat(40) }), { merge: true });
    const worker = resolved.services.worker.command.join(' ');
    expect(worker).toContain('workers/dist/main.js');
    expect(worker).toMatch(/--max-old-space-size=\$\{WORKER_HEAP_MB:-256\}/);
    const dockerfile = readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^RUN .*npm run worker:build/m);
    const scripts = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).scripts;
    expect(scripts['worker:prod']).toMatch(/--max-old-space-size=\$\{WORKER_HEAP_MB:-256\} workers\/dist\/main\.js/);
  });

  it('wires the database and the queue into both and waits for healthy services', () => {
    for (const name of ['api', 'worker']) {
      const env = compose.services[name].environment;
      expect(env.DATABASE_URL).toMatch(/^postgres:\/\/.*@postgres:5432\//);
      expect(env.REDIS_URL).toBe('redis://redis:6379');
      expect(compose.services[name].depends_on.postgres.condition).toBe('service_healthy');
      expect(compose.services[name].depends_on.redis.condition).toBe('service_healthy');
    }
    expect(compose.services.api.ports).toContain('3000:3000');
  });

  it('keeps data in named volumes', () => {
    expect(Object.keys(compose.volumes)).toEqual(expect.arrayContaining(['pgdata', 'redisdata']));
    expect(compose.services.postgres.volumes[0]).toMatch(/^pgdata:/);
  });

  it("persists Redis's queue and schedules across restarts (append-only file on its volume)", () => {
    const command = compose.services.redis.command.join(' ');
    expect(command).toMatch(/--appendonly yes/);
    expect(command).not.toMatch(/--appendfsync no\b/);
    expect(compose.services.redis.volumes).toContain('redisdata:/data');
  });

  it('refuses to start without AUTH_SECRET, naming it, and has no default secret', () => {
    expect(() => interpolate(composeText, {})).toThrowError(InterpolationError);
    expect(() => interpolate(composeText, {})).toThrowError(/AUTH_SECRET/);
    expect(composeText).toMatch(/AUTH_SECRET: \$\{AUTH_SECRET:\?[^}]*AUTH_SECRET[^}]*\}/);
    // An empty value is refused too (`:?`), and a set one passes through untouched.
    expect(() => interpolate(composeText, { AUTH_SECRET: '' })).toThrowError(/AUTH_SECRET/);
    const secret = 'x7Qm2vL9pR4tY8wK3nB6cF1hJ5dG0sZa';
    const resolved = parse(interpolate(composeText, { AUTH_SECRET: secret }), { merge: true });
    for (const name of ['api', 'worker']) expect(resolved.services[name].environment.AUTH_SECRET).toBe(secret);
  });

  it('the interpolation check itself follows compose: defaults apply, other variables stay optional', () => {
    const resolved = parse(interpolate(composeText, { AUTH_SECRET: 'y'.repeat(40) }), { merge: true });
    expect(resolved.services.api.environment.PUBLIC_URL).toBe('http://localhost:3000');
    const $ = '$';
    expect(interpolate(`a: ${$}{X:-d}\nb: ${$}{Y-e}\nc: ${$}${$}{Z}`, { Y: '' })).toBe(`a: d\nb: \nc: ${$}{Z}`);
    expect(() => interpolate(`a: ${$}{X?needed}`, {})).toThrowError(/X is missing/);
    expect(interpolate(`a: ${$}{X?needed}`, { X: '' })).toBe('a: ');
  });

  it('delivers the mail of the API and the workers into Mailpit unless SMTP_URL says otherwise', () => {
    expect(compose.services.mailpit.image).toMatch(/^axllent\/mailpit:/);
    expect(compose.services.mailpit.ports).toContain('8025:8025');
    const resolved = parse(interpolate(composeText, { AUTH_SECRET: 'y'.repeat(40) }), { merge: true });
    for (const name of ['api', 'worker']) {
      expect(resolved.services[name].environment.SMTP_URL).toBe('smtp://mailpit:1025');
      expect(resolved.services[name].environment.MAIL_FROM).toMatch(/<.+@.+>/);
      expect(compose.services[name].depends_on.mailpit.condition).toBe('service_healthy');
    }
    const own = parse(
      interpolate(composeText, { AUTH_SECRET: 'y'.repeat(40), SMTP_URL: 'smtps://u:p@mail.example:465' }),
      {
        merge: true,
      },
    );
    expect(own.services.worker.environment.SMTP_URL).toBe('smtps://u:p@mail.example:465');
  });

  it('ships production without the demo: SEED_DEMO defaults to auto, which never seeds in production', () => {
    const resolved = parse(interpolate(composeText, { AUTH_SECRET: 'y'.repeat(40) }), { merge: true });
    expect(resolved.services.api.environment).toMatchObject({ NODE_ENV: 'production', SEED_DEMO: 'auto' });
  });

  it('builds a multi-stage image that runs as a non-root user', () => {
    const dockerfile = readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8');
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThan(1);
    expect(dockerfile).toMatch(/^USER node$/m);
  });

  it('gives npm ci the patches it applies to dependencies (postinstall)', () => {
    const dockerfile = readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8');
    const copyPatches = dockerfile.search(/^COPY patches\/ patches\/$/m);
    expect(copyPatches).toBeGreaterThan(-1);
    expect(copyPatches).toBeLessThan(dockerfile.search(/^RUN npm ci/m));
  });
});
