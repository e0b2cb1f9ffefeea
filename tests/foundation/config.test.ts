// Configuration is validated at start, with a message naming the bad variable; a public
// deployment (production, or an https PUBLIC_URL) refuses the defaults that would open it.
import { ConfigError, KNOWN_SECRETS, loadConfig } from '@proofwork/server';
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
