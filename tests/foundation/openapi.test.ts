// /openapi.json is a valid OpenAPI 3.1 document and /docs serves the interactive reference.
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app';

const ctx = useTestApp();

describe('OpenAPI', () => {
  it('serves a valid OpenAPI 3.1 document', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.paths['/api/v1/health']).toBeDefined();
  });

  it('the validator rejects a broken document', async () => {
    const result = await new Validator().validate({ openapi: '3.1.0', info: { title: 'x' }, paths: { bad: {} } });
    expect(result.valid).toBe(false);
  });

  it('tags every documented operation', async () => {
    const doc = (await ctx.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const untagged = Object.entries(doc.paths as Record<string, Record<string, { tags?: string[] }>>).flatMap(
      ([p, ops]) =>
        Object.entries(ops)
          .filter(([, op]) => !op.tags?.length)
          .map(([m]) => `${m} ${p}`),
    );
    expect(untagged).toEqual([]);
  });

  it('serves the interactive reference at /docs', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
  });
});
