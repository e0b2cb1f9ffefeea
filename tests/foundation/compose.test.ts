// docker-compose.yml wires PostgreSQL, Redis, the API and a worker with healthchecks.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const compose = parse(readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8'), { merge: true });

describe('docker-compose.yml', () => {
  it('has postgres, redis, api and worker, each with a healthcheck', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'postgres', 'redis', 'worker']);
    for (const [name, service] of Object.entries<Record<string, unknown>>(compose.services)) {
      expect(service.healthcheck, name).toMatchObject({ test: expect.anything() });
    }
    expect(compose.services.postgres.image).toMatch(/^postgres:1[67]/);
    expect(compose.services.redis.image).toMatch(/^redis:7/);
  });

  it('runs the API and the worker from the same image with another command', () => {
    expect(compose.services.api.image).toBe(compose.services.worker.image);
    expect(compose.services.api.command.join(' ')).toContain('server/src/start.ts');
    expect(compose.services.worker.command.join(' ')).toContain('workers/src/main.ts');
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

  it('builds a multi-stage image that runs as a non-root user', () => {
    const dockerfile = readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8');
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThan(1);
    expect(dockerfile).toMatch(/^USER node$/m);
  });
});
