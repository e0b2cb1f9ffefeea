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

// Compiled once per process and schema. Route files build their schemas when the app registers
// them, so a second app in the same process (a test worker builds dozens) has equal schemas in new
// objects: the cache is keyed by the schema's JSON (TypeBox's symbol keys are not part of it, and
// neither compiler reads them), and a second app reuses the compiled functions.
const validators = new Map<string, ReturnType<Ajv['compile']>>();
let ajvs: { body: Ajv; text: Ajv } | null = null;

export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  ajvs ??= { body: createAjv(false), text: createAjv('array') };
  const { body, text } = ajvs;
  return ({ schema, httpPart }) => {
    const coerce = httpPart !== 'body';
    const key = `${coerce ? 'text' : 'body'} ${JSON.stringify(schema)}`;
    let validate = validators.get(key);
    if (!validate) {
      validate = (coerce ? text : body).compile(schema as object);
      validators.set(key, validate);
    }
    return validate;
  };
}

const serializers = new Map<string, (data: unknown) => string>();

/** Response serializers (fast-json-stringify, as Fastify's default compiler does it), cached the same way. */
export function serializerCompiler({ schema }: { schema: unknown }): (data: unknown) => string {
  const key = JSON.stringify(schema);
  let serialize = serializers.get(key);
  if (!serialize) {
    serialize = fastJsonStringify(schema as Schema);
    serializers.set(key, serialize);
  }
  return serialize;
}
