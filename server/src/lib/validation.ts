// Request validation. Query strings, params and headers arrive as text, so their values are coerced
// to the schema's types ("?limit=20" → 20, one "?memberId=…" → a one-item array). A JSON body is
// typed by its sender: it is validated as sent, so `"text": ["x"]` or `"durationSeconds": "3600"`
// is refused instead of quietly converted.
import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import fastJsonStringify, { type Schema } from 'fast-json-stringify';
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

// One pair of validators per process: Ajv keeps what it compiled by schema object, and the route
// schemas are module constants, so a second app in the same process (a test worker builds dozens)
// reuses the compiled functions instead of compiling every route again.
let validators: { body: Ajv; text: Ajv } | null = null;

export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  validators ??= { body: createAjv(false), text: createAjv('array') };
  const { body, text } = validators;
  return ({ schema, httpPart }) => (httpPart === 'body' ? body : text).compile(schema as object);
}

const serializers = new WeakMap<object, (data: unknown) => string>();

/**
 * Response serializers, compiled once per schema object for the same reason (fast-json-stringify,
 * as Fastify's default compiler does it, with no shared schemas).
 */
export function serializerCompiler({ schema }: { schema: unknown }): (data: unknown) => string {
  const key = schema as object;
  let serialize = serializers.get(key);
  if (!serialize) {
    serialize = fastJsonStringify(key as Schema);
    serializers.set(key, serialize);
  }
  return serialize;
}
