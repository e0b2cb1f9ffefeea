// Settings from the environment, checked once at start by every process (API, worker, CLI tools):
// a bad value stops the process with a message naming each variable, and secrets are never echoed.
import type { Static, TObject } from 'typebox';
import Value from 'typebox/value';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface ReadOptions {
  /** Variables whose values must never be printed (a message says "(hidden)"). */
  secrets?: readonly string[];
  /** Turns a raw text into its value before the schema check, or returns a problem to report. */
  parse?: Readonly<Record<string, (raw: string) => { value: unknown } | { problem: string }>>;
  /** Rules across variables, run once every value is valid. */
  check?: (value: Record<string, unknown>, raw: Record<string, string>) => string[];
}

/**
 * The variables the schema knows, converted to their types with their defaults. Empty values count
 * as unset. Throws a ConfigError listing every problem at once.
 */
export function readEnvironment<T extends TObject>(
  schema: T,
  env: Record<string, string | undefined>,
  options: ReadOptions = {},
): Static<T> {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(schema.properties)) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const shown = (name: string) => (options.secrets?.includes(name) ? '(hidden)' : JSON.stringify(raw[name] ?? ''));
  const problems: string[] = [];
  const converted: Record<string, unknown> = { ...raw };
  for (const [name, parse] of Object.entries(options.parse ?? {})) {
    if (raw[name] === undefined) continue;
    const parsed = parse(raw[name]);
    if ('problem' in parsed) {
      problems.push(`${name}=${shown(name)}: ${parsed.problem}`);
      delete converted[name];
    } else converted[name] = parsed.value;
  }
  const value = Value.Default(schema, Value.Convert(schema, converted)) as Record<string, unknown>;
  if (!Value.Check(schema, value)) {
    for (const e of Value.Errors(schema, value)) {
      // A variable that is missing is named by the error's parameters (the path is the root's).
      const missing = (e.params as { requiredProperties?: string[] }).requiredProperties;
      if (e.keyword === 'required' && missing) {
        for (const name of missing) problems.push(`${name}: is required`);
        continue;
      }
      const name = e.instancePath.replace(/^\//, '').split('/')[0] || '(settings)';
      problems.push(`${name}=${shown(name)}: ${e.message}`);
    }
  } else if (problems.length === 0) problems.push(...(options.check?.(value, raw) ?? []));
  if (problems.length > 0) throw new ConfigError(`invalid configuration:\n  ${[...new Set(problems)].join('\n  ')}`);
  return value as Static<T>;
}
