// Configuration from the environment, validated once at start with a message naming the bad value.
// Production refuses the defaults that would open a deployment (a known or weak AUTH_SECRET, a
// TRUST_PROXY that believes any X-Forwarded-For).
import { isIP } from 'node:net';
import { ConfigError, DEFAULT_MAIL_FROM, FOLDER_SETTINGS, readEnvironment } from '@proofwork/app';
import Type, { type Static } from 'typebox';
import { PASSWORD_HASHINGS } from './auth/passwords';

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
  /** DATA_DIR (the embedded PostgreSQL's data, and the base of the other folders), EXPORT_DIR, IMPORT_DIR. */
  ...FOLDER_SETTINGS,
  /**
   * Outgoing mail: smtp://user:password@host:587 (STARTTLS when offered) or smtps://…:465. Without
   * it, each message is written as an .eml file under MAIL_DIR and its path logged.
   */
  SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://' })),
  /** The From of every message. */
  MAIL_FROM: Type.String({ minLength: 3, maxLength: 200, default: DEFAULT_MAIL_FROM }),
  /** Where .eml files go without SMTP_URL (default: DATA_DIR/mail). */
  MAIL_DIR: Type.Optional(Type.String({ minLength: 1 })),
  EMBEDDED_PG_PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 54329 }),
  /**
   * 'standard' (the default, always in a public deployment) or 'fast': scrypt sixteen times cheaper,
   * for test runs that sign in hundreds of times (see auth/passwords.ts).
   */
  PASSWORD_HASHING: Type.Union(
    PASSWORD_HASHINGS.map((h) => Type.Literal(h)),
    { default: 'standard' },
  ),
  /** Secret that signs sessions; a development default is used outside production when unset. */
  AUTH_SECRET: Type.Optional(Type.String({ minLength: 32 })),
  /**
   * Seed the demo organizations when the database has none: 'auto' seeds only the embedded
   * database and never in production; 'true' always (when empty), 'false' never.
   */
  SEED_DEMO: Type.Union([Type.Literal('auto'), Type.Literal('true'), Type.Literal('false')], { default: 'auto' }),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
  BODY_LIMIT: Type.Integer({ minimum: 1024, maximum: 50 * 1024 * 1024, default: 1024 * 1024 }),
  /**
   * Which proxies' X-Forwarded-For to believe: 'false' (none), a hop count ('1' = the nearest
   * proxy), or a comma list of proxy addresses/CIDRs; 'true' believes any client (refused in production).
   */
  /**
   * Seconds an API process keeps a session and a membership in memory (0: never). Any change to
   * them reaches every process at once (PostgreSQL NOTIFY); this bounds only a lost notification.
   */
  AUTH_CACHE_SECONDS: Type.Integer({ minimum: 0, maximum: 300, default: 10 }),
  /** Lets webhooks reach private and loopback addresses (a receiver on the same network); off by default. */
  WEBHOOK_ALLOW_PRIVATE: Type.Boolean({ default: false }),
  /**
   * Origins of internal identity providers (e.g. https://sso.corp.lan) an organization's single
   * sign-on may use although they are on private addresses or plain http; a comma list, empty by default.
   */
  SSO_TRUSTED_ORIGINS: Type.Array(Type.String(), { default: [] }),
  TRUST_PROXY: Type.Union([Type.Boolean(), Type.Integer({ minimum: 0, maximum: 32 }), Type.Array(Type.String())], {
    default: false,
  }),
  // Load shedding (see plugins/pressure.ts): past any of these, requests get 503 with Retry-After
  // until the next sample shows the process has recovered; 0 turns a check off.
  /** Mean event-loop delay over one sample, in ms. */
  PRESSURE_MAX_EVENT_LOOP_DELAY_MS: Type.Integer({ minimum: 0, default: 500 }),
  /** Share of one sample the event loop was busy (0–1), e.g. 0.98; off by default. */
  PRESSURE_MAX_EVENT_LOOP_UTILIZATION: Type.Number({ minimum: 0, maximum: 1, default: 0 }),
  /** Heap in use and resident memory, in MiB; off by default. */
  PRESSURE_MAX_HEAP_USED_MB: Type.Integer({ minimum: 0, default: 0 }),
  PRESSURE_MAX_RSS_MB: Type.Integer({ minimum: 0, default: 0 }),
  /** How often the process is sampled; the loop delay is measured in 10 ms steps, so not below 100. */
  PRESSURE_SAMPLE_INTERVAL_MS: Type.Integer({ minimum: 100, maximum: 60_000, default: 1000 }),
  /** Seconds a refused client is told to wait (the Retry-After header). */
  PRESSURE_RETRY_AFTER_S: Type.Integer({ minimum: 1, maximum: 3600, default: 10 }),
});

export type Config = Static<typeof ConfigSchema>;

/**
 * Secrets that are public: the development default, the one the compose file once shipped, and
 * the examples of the documentation. A deployment using one signs sessions anybody can forge.
 */
export const KNOWN_SECRETS: readonly string[] = [
  'proofwork-development-secret-do-not-use-in-production',
  'change-me-to-a-long-random-secret-of-32-chars',
  'replace-with-at-least-32-random-characters',
];

/** proxy-addr's names for address ranges, accepted beside addresses and CIDRs. */
const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(value: string): boolean {
  if (PROXY_RANGES.has(value)) return true;
  const [address, bits, ...rest] = value.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/** 'true' / 'false', a hop count, or a comma list of proxy addresses and CIDRs. */
function parseTrustProxy(raw: string): boolean | number | string[] | null {
  const value = raw.trim().toLowerCase();
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  const list = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return list.length > 0 && list.every(isProxyAddress) ? list : null;
}

/** True when the deployment is public: production, or served over https. */
export function isExposed(config: Pick<Config, 'NODE_ENV' | 'PUBLIC_URL'>): boolean {
  return config.NODE_ENV === 'production' || (config.PUBLIC_URL ?? '').startsWith('https://');
}

/** What a public deployment must not run with; each problem names its variable. */
function exposedProblems(config: Config, raw: Record<string, unknown>): string[] {
  if (!isExposed(config)) return [];
  const problems: string[] = [];
  const why = config.NODE_ENV === 'production' ? 'NODE_ENV=production' : 'PUBLIC_URL is https';
  const secret = config.AUTH_SECRET;
  if (!secret) {
    problems.push(`AUTH_SECRET="": must be set when ${why} (at least 32 random characters; it signs every session)`);
  } else if (KNOWN_SECRETS.includes(secret)) {
    problems.push(`AUTH_SECRET=(a published example): must be your own random secret when ${why}`);
  } else if (new Set(secret).size < 10) {
    problems.push(`AUTH_SECRET=(weak): uses fewer than 10 distinct characters; generate a random one (${why})`);
  }
  if (config.PASSWORD_HASHING !== 'standard') {
    problems.push(
      `PASSWORD_HASHING=${config.PASSWORD_HASHING}: a public deployment hashes passwords at full cost (${why})`,
    );
  }
  if (config.TRUST_PROXY === true && config.NODE_ENV === 'production') {
    problems.push(
      `TRUST_PROXY=${JSON.stringify(raw.TRUST_PROXY)}: 'true' believes any X-Forwarded-For; give the number of proxies in front (e.g. 1) or their addresses`,
    );
  }
  return problems;
}

export { ConfigError };

/** Reads and validates the configuration; throws a ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  return readEnvironment(ConfigSchema, env, {
    secrets: ['AUTH_SECRET', 'SMTP_URL'],
    parse: {
      SSO_TRUSTED_ORIGINS: (raw) => {
        const list = raw
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        const bad = list.find((o) => {
          try {
            return new URL(o).origin !== o.replace(/\/$/, '');
          } catch {
            return true;
          }
        });
        return bad === undefined
          ? { value: list.map((o) => new URL(o).origin) }
          : { problem: `"${bad}" is not an origin (scheme://host[:port])` };
      },
      TRUST_PROXY: (raw) => {
        const trust = parseTrustProxy(raw);
        return trust === null
          ? { problem: 'must be true, false, a hop count or a comma list of proxy addresses/CIDRs' }
          : { value: trust };
      },
    },
    check: (value, raw) => exposedProblems(value as Config, raw),
  });
}
