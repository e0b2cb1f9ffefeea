// Configuration from the environment, validated once at start with a message naming the bad value.
import Type, { type Static } from 'typebox';
import Value from 'typebox/value';

export const ConfigSchema = Type.Object({
  NODE_ENV: Type.Union([Type.Literal('development'), Type.Literal('production'), Type.Literal('test')], {
    default: 'development',
  }),
  HOST: Type.String({ default: '0.0.0.0', minLength: 1 }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  /** Public address of the app (links in invitations and share links; CSRF origin check). */
  PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://[^\\s/]+(:\\d+)?/?$' })),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
  /** Where the embedded PostgreSQL and export files live. */
  DATA_DIR: Type.String({ default: '.data', minLength: 1 }),
  /** Where export files are kept (default: DATA_DIR/exports). */
  EXPORT_DIR: Type.Optional(Type.String({ minLength: 1 })),
  EMBEDDED_PG_PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 54329 }),
  /** Secret that signs sessions; a development default is used (with a warning) when unset. */
  AUTH_SECRET: Type.Optional(Type.String({ minLength: 32 })),
  /** Seed the demo organizations when the database has none: 'auto' seeds only the embedded database. */
  SEED_DEMO: Type.Union([Type.Literal('auto'), Type.Literal('true'), Type.Literal('false')], { default: 'auto' }),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
  BODY_LIMIT: Type.Integer({ minimum: 1024, maximum: 50 * 1024 * 1024, default: 1024 * 1024 }),
  TRUST_PROXY: Type.Boolean({ default: false }),
});

export type Config = Static<typeof ConfigSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the configuration; throws a ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const known = Object.keys(ConfigSchema.properties);
  const raw: Record<string, unknown> = {};
  for (const key of known) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const value = Value.Default(ConfigSchema, Value.Convert(ConfigSchema, raw));
  if (!Value.Check(ConfigSchema, value)) {
    const problems = [...Value.Errors(ConfigSchema, value)].map((e) => {
      const name =
        e.instancePath.replace(/^\//, '') || String((e.params as { missingProperty?: string }).missingProperty);
      return `${name}=${JSON.stringify(raw[name] ?? '')}: ${e.message}`;
    });
    throw new ConfigError(`invalid configuration:\n  ${[...new Set(problems)].join('\n  ')}`);
  }
  return value as Config;
}
