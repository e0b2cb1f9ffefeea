// Request validation. Query strings, params and headers arrive as text, so their values are coerced
// to the schema's types ("?limit=20" → 20, one "?memberId=…" → a one-item array). A JSON body is
// typed by its sender: it is validated as sent, so `"text": ["x"]` or `"durationSeconds": "3600"`
// is refused instead of quietly converted.
import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import fastUri from 'fast-uri';
import type { FastifySchemaCompiler } from 'fastify';

const shared: Options = {
  useDefaults: true,
  removeAdditional: false,
  // allErrors would let a crafted body make validation expensive; the first error is enough.
  allErrors: false,
  uriResolver: fastUri,
  addUsedSchema: false,
};

function createAjv(coerceTypes: Options['coerceTypes']) {
  const ajv = new Ajv({ ...shared, coerceTypes });
  addFormats(ajv);
  return ajv;
}

export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const body = createAjv(false);
  const text = createAjv('array');
  return ({ schema, httpPart }) => (httpPart === 'body' ? body : text).compile(schema as object);
}
