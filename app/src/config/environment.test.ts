// Settings are checked once at start: every problem is named by its variable, and a secret's value
// is never printed, whatever is wrong with it.
import Type from 'typebox';
import { describe, expect, it } from 'vitest';
import { ConfigError, readEnvironment } from './environment';

const schema = Type.Object({
  DATABASE_URL: Type.String({ pattern: '^postgres(ql)?://' }),
  REDIS_URL: Type.String({ pattern: '^rediss?://' }),
  PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 3000 }),
});
const read = (env: Record<string, string | undefined>) =>
  readEnvironment(schema, env, { secrets: ['DATABASE_URL', 'REDIS_URL'] });

function problemsOf(env: Record<string, string | undefined>): string {
  try {
    read(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a configuration error');
}

describe('readEnvironment', () => {
  it('converts and defaults the variables it knows', () => {
    expect(read({ DATABASE_URL: 'postgres://db/pw', REDIS_URL: 'redis://cache', PORT: '8080', OTHER: 'x' })).toEqual({
      DATABASE_URL: 'postgres://db/pw',
      REDIS_URL: 'redis://cache',
      PORT: 8080,
    });
    expect(read({ DATABASE_URL: 'postgres://db/pw', REDIS_URL: 'redis://cache' }).PORT).toBe(3000);
  });

  it('names each missing variable (an empty one counts as missing)', () => {
    const message = problemsOf({ DATABASE_URL: '', PORT: '80' });
    expect(message).toContain('DATABASE_URL: is required');
    expect(message).toContain('REDIS_URL: is required');
    expect(message).not.toContain('undefined');
  });

  it('names a wrong value without printing a secret', () => {
    const message = problemsOf({ DATABASE_URL: 'mysql://app:s3cret@db/pw', REDIS_URL: 'redis://cache', PORT: '0' });
    expect(message).toMatch(/DATABASE_URL=\(hidden\): /);
    expect(message).not.toContain('s3cret');
    expect(message).toMatch(/PORT="0": /);
  });
});
