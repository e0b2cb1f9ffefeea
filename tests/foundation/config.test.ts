// Configuration is validated at start, with a message naming the bad variable; a public
// deployment (production, or an https PUBLIC_URL) refuses the defaults that would open it. The API
// and the worker find the same folders, and the README lists every variable of each.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { dataFolders } from '@proofwork/app';
import { ConfigError, ConfigSchema, KNOWN_SECRETS, loadConfig } from '@proofwork/server';
import { loadWorkerConfig, WorkerConfigSchema } from '@proofwork/workers';
import { describe, expect, it } from 'vitest';

const SECRET = 'k3Jd9QmZ2xV7pLw4Rt8YbN1cF6gH0sAe';

describe('configuration', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      DATA_DIR: '.data',
      EMBEDDED_PG_PORT: 54329,
      SEED_DEMO: 'auto',
      TRUST_PROXY: false,
      PASSWORD_HASHING: 'standard',
    });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config).toMatchObject({
      PRESSURE_MAX_EVENT_LOOP_DELAY_MS: 500,
      PRESSURE_MAX_EVENT_LOOP_UTILIZATION: 0,
      PRESSURE_MAX_HEAP_USED_MB: 0,
      PRESSURE_MAX_RSS_MB: 0,
      PRESSURE_SAMPLE_INTERVAL_MS: 1000,
      PRESSURE_RETRY_AFTER_S: 10,
    });
  });

  it('converts numbers and booleans from strings', () => {
    expect(loadConfig({ PORT: '8080', TRUST_PROXY: 'true' })).toMatchObject({ PORT: 8080, TRUST_PROXY: true });
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['REDIS_URL', 'http://localhost'],
    ['LOG_LEVEL', 'loud'],
    ['AUTH_SECRET', 'short'],
    ['PRESSURE_MAX_EVENT_LOOP_UTILIZATION', '1.5'],
    ['PRESSURE_MAX_EVENT_LOOP_DELAY_MS', '-1'],
    ['PRESSURE_SAMPLE_INTERVAL_MS', '10'],
    ['TRUST_PROXY', 'sometimes'],
    ['TRUST_PROXY', '10.0.0.0/33'],
    ['TRUST_PROXY', '10.0.0.1, not-an-ip'],
  ])('refuses %s=%s and names it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrowError(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrowError(new RegExp(name));
  });

  it('never prints a secret it refuses', () => {
    expect(() => loadConfig({ AUTH_SECRET: 'short-but-secret' })).toThrowError(/AUTH_SECRET=\(hidden\)/);
    expect(() => loadConfig({ AUTH_SECRET: 'short-but-secret' })).not.toThrowError(/short-but-secret/);
  });
});

describe('TRUST_PROXY', () => {
  it.each([
    ['false', false],
    ['true', true],
    ['0', 0],
    ['1', 1],
    ['2', 2],
    ['10.0.0.1', ['10.0.0.1']],
    ['10.0.0.0/8, 192.168.1.1', ['10.0.0.0/8', '192.168.1.1']],
    ['loopback,fd00::/8', ['loopback', 'fd00::/8']],
  ])('reads %s', (raw, expected) => {
    expect(loadConfig({ TRUST_PROXY: raw }).TRUST_PROXY).toEqual(expected);
  });

  it('refuses the cheap password hashing in a public deployment', () => {
    for (const env of [
      { NODE_ENV: 'production', AUTH_SECRET: SECRET },
      { PUBLIC_URL: 'https://proofwork.example', AUTH_SECRET: SECRET },
    ]) {
      expect(() => loadConfig({ ...env, PASSWORD_HASHING: 'fast' })).toThrowError(/PASSWORD_HASHING=fast/);
      expect(loadConfig(env).PASSWORD_HASHING).toBe('standard');
    }
    expect(loadConfig({ PASSWORD_HASHING: 'fast' }).PASSWORD_HASHING).toBe('fast');
  });

  it("refuses 'true' in production: it believes any X-Forwarded-For", () => {
    const env = { NODE_ENV: 'production', AUTH_SECRET: SECRET };
    expect(() => loadConfig({ ...env, TRUST_PROXY: 'true' })).toThrowError(/TRUST_PROXY.*hop|TRUST_PROXY.*proxies/);
    expect(loadConfig({ ...env, TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
  });
});

describe('AUTH_SECRET in a public deployment', () => {
  const exposures = [
    { NODE_ENV: 'production' },
    { NODE_ENV: 'development', PUBLIC_URL: 'https://proofwork.example.com' },
  ];

  it.each(exposures)('is required (%o)', (env) => {
    expect(() => loadConfig(env)).toThrowError(ConfigError);
    expect(() => loadConfig(env)).toThrowError(/AUTH_SECRET/);
  });

  it.each(exposures)('refuses every published secret (%o)', (env) => {
    expect(KNOWN_SECRETS).toContain('change-me-to-a-long-random-secret-of-32-chars');
    for (const known of KNOWN_SECRETS) {
      expect(() => loadConfig({ ...env, AUTH_SECRET: known }), known).toThrowError(/AUTH_SECRET/);
    }
  });

  it.each(exposures)('refuses a short or repetitive secret (%o)', (env) => {
    expect(() => loadConfig({ ...env, AUTH_SECRET: 'x'.repeat(31) })).toThrowError(/AUTH_SECRET/);
    expect(() => loadConfig({ ...env, AUTH_SECRET: 'ab'.repeat(32) })).toThrowError(/AUTH_SECRET.*distinct/);
  });

  it.each(exposures)('accepts a random secret (%o)', (env) => {
    expect(loadConfig({ ...env, AUTH_SECRET: SECRET }).AUTH_SECRET).toBe(SECRET);
  });

  it('lets a local http deployment run on the development secret', () => {
    expect(loadConfig({ NODE_ENV: 'development', PUBLIC_URL: 'http://localhost:3000' }).AUTH_SECRET).toBeUndefined();
  });
});

describe('folders', () => {
  const worker = { DATABASE_URL: 'postgres://pw@db/pw', REDIS_URL: 'redis://redis:6379' };

  it('are the same for the API and the worker, from the same settings', () => {
    for (const env of [
      {},
      { DATA_DIR: '/srv/pw' },
      { DATA_DIR: '/srv/pw', EXPORT_DIR: '/mnt/out', IMPORT_DIR: '/mnt/in' },
    ]) {
      expect(dataFolders(loadWorkerConfig({ ...worker, ...env })), JSON.stringify(env)).toEqual(
        dataFolders(loadConfig(env)),
      );
    }
    expect(dataFolders(loadConfig({ DATA_DIR: '/srv/pw', IMPORT_DIR: '/mnt/in' }))).toEqual({
      exports: '/srv/pw/exports',
      imports: '/mnt/in',
    });
    expect(dataFolders(loadConfig({}))).toEqual({
      exports: path.resolve('.data/exports'),
      imports: path.resolve('.data/imports'),
    });
  });
});

describe('the README', () => {
  const readme = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
  // The API's table is under "Configuration"; the worker's follows "`npm run worker` starts".
  const api = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('`npm run worker` starts'));
  const workerTable = readme.slice(readme.indexOf('`npm run worker` starts'), readme.indexOf('Scheduled jobs'));

  it.each([
    ['API', ConfigSchema.properties, api],
    ['worker', WorkerConfigSchema.properties, workerTable],
  ])('lists every variable of the %s', (_name, properties, table) => {
    const missing = Object.keys(properties).filter(
      (name) => !table.includes(`| \`${name}\``) && !table.includes(` / \`${name}\``),
    );
    expect(missing).toEqual([]);
  });
});
