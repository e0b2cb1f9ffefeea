// The worker's settings are checked like the API's: defaults, and a message naming each bad value.
import { ConfigError } from '@proofwork/app';
import { describe, expect, it } from 'vitest';
import { loadWorkerConfig } from './config';

const base = { DATABASE_URL: 'postgres://pw:secret@db/pw', REDIS_URL: 'redis://redis:6379' };

describe('worker configuration', () => {
  it('fills in the defaults', () => {
    expect(loadWorkerConfig(base)).toMatchObject({
      WORKER_CONCURRENCY: 4,
      REDIS_PREFIX: 'proofwork',
      LOG_LEVEL: 'info',
    });
    expect(loadWorkerConfig({ ...base, WORKER_CONCURRENCY: '12' }).WORKER_CONCURRENCY).toBe(12);
  });

  it('reads the folders the API reads (exports written, uploads read)', () => {
    expect(loadWorkerConfig(base)).toMatchObject({ DATA_DIR: '.data' });
    expect(loadWorkerConfig(base).EXPORT_DIR).toBeUndefined();
    expect(loadWorkerConfig({ ...base, EXPORT_DIR: '/mnt/out', IMPORT_DIR: '/mnt/in' })).toMatchObject({
      EXPORT_DIR: '/mnt/out',
      IMPORT_DIR: '/mnt/in',
    });
  });

  it('names every bad variable, and never prints a connection string', () => {
    const read = () =>
      loadWorkerConfig({ DATABASE_URL: 'mysql://pw:secret@db/pw', WORKER_CONCURRENCY: '0', REDIS_PREFIX: 'a b' });
    expect(read).toThrowError(ConfigError);
    const message = (() => {
      try {
        read();
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    })();
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'WORKER_CONCURRENCY', 'REDIS_PREFIX'])
      expect(message).toContain(name);
    expect(message).not.toContain('secret');
  });
});
