// Configuration: every variable, its default and its meaning in one place.
// Read from the environment once at start and checked against a JSON Schema;
// a bad value stops the process with a message that names the variable.
import type { KeyObject } from 'node:crypto';
import { Ajv } from 'ajv';
import { CheckpointKeyError, DEVELOPMENT_AUDIT_CHECKPOINT_KEY, isDevelopmentCheckpointKey, parseCheckpointPrivateKey } from './checkpoint_key.ts';
import { checkLoginMethods, LoginMethodsError, parseLoginMethods, parseUpstreamProviders, type LoginMethod, type UpstreamProvider } from './login_methods.ts';

export type NodeEnv = 'development' | 'test' | 'production';
export type NlgovProfile = 'strict' | 'relaxed';

export interface Config {
  nodeEnv: NodeEnv;
  /** TCP port the HTTP server listens on. */
  port: number;
  /** Issuer identifier: the public base URL of namens, without a trailing slash. */
  issuer: string;
  /** `sqlite:<path>` (default, embedded) or `postgres://…`. */
  databaseUrl: string;
  /** Largest number of knex's pooled connections per process (besides the hot path's own, hot_statements.ts). */
  databasePoolMax: number;
  /** Server processes on this machine (node:cluster, one port); 1 runs without a supervising process. */
  workers: number;
  /** Keys that sign cookies; the first signs, all verify. */
  cookieKeys: string[];
  /** Password of every seeded test user. */
  testUserPassword: string;
  /** Whether the test-user login screen is offered. */
  testUsersEnabled: boolean;
  /** Migrate and seed an empty database at start. */
  seedOnStart: boolean;
  /** Allow development seeds, secrets and test users with NODE_ENV=production (a demo deployment). */
  allowDevelopmentSeedsInProduction: boolean;
  /**
   * `strict`: discovery, client registration and the token endpoint offer only what the NL GOV Assurance profile
   * allows (README, "NL GOV Assurance profile"); `relaxed` also offers client secrets and public clients.
   * Strict by default in production, relaxed otherwise.
   */
  nlgovProfile: NlgovProfile;
  /** pino log level. */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** How long a retired signing key stays published, in seconds. */
  keyRetentionSeconds: number;
  /** How often the signing keys are re-read, so a rotation by any process is published, in seconds. */
  keyRefreshSeconds: number;
  /** How often expired oidc-provider rows are swept, in seconds. */
  sweepIntervalSeconds: number;
  /** Lifetime of an ID token, in seconds (NL GOV: at most 300). */
  idTokenTtlSeconds: number;
  /** Secret that makes pairwise pseudonyms unguessable; changing it changes every pseudonym. */
  pairwiseSalt: string;
  /** Addresses of the TLS-terminating proxies allowed to pass a client certificate in CLIENT_CERT_HEADER. */
  trustedProxies: string[];
  /** Header in which a trusted proxy passes the client's certificate (URL-encoded PEM, as nginx's $ssl_client_escaped_cert). */
  clientCertHeader: string;
  /** Failed logins allowed per username and IP address in 15 minutes before 429. */
  rateLimitLogin: number;
  /** Failed logins allowed per client address, whatever the username, in 15 minutes before 429 (password spraying). */
  rateLimitLoginAddress: number;
  /** Refused activation codes allowed per person in an hour before 429. */
  rateLimitActivation: number;
  /** Token requests allowed per client in a minute before 429 (counted only when the client authenticated). */
  rateLimitToken: number;
  /** Failed client authentications allowed per client address in 15 minutes before 429 (token, introspection, revocation, PAR). */
  rateLimitClientAuthFailures: number;
  /** Mismatched BSN checks (grant and request forms of /mijn) allowed per person, and per BSN asked about, in an hour before 429. */
  rateLimitBsnChecks: number;
  /** A /mijn session ends this many seconds after its last request. */
  mijnSessionIdleSeconds: number;
  /** A /mijn session ends this many seconds after its login, however busy. */
  mijnSessionMaxSeconds: number;
  /** The Ed25519 key that signs the audit log's checkpoints (never stored in the database). */
  auditCheckpointKey: KeyObject;
  /** How often a checkpoint of the audit log is signed and logged (when the log grew), in seconds. */
  auditCheckpointIntervalSeconds: number;
  /** A file every checkpoint is also appended to (one JSON line each), or undefined. */
  auditCheckpointFile: string | undefined;
  /** How people log in: `test-users` (only with TEST_USERS_ENABLED too) and/or `oidc-upstream`. */
  loginMethods: LoginMethod[];
  /** The upstream OpenID providers (used when loginMethods includes oidc-upstream). */
  upstreamProviders: UpstreamProvider[];
  /** The SMTP server notifications are sent through (smtp:// or smtps://), or undefined: no e-mail is sent. */
  smtpUrl: string | undefined;
  /** The sender of the notifications. */
  mailFrom: string;
  /** The reminder that a mandate is about to expire goes out this many days before its last day. */
  notifyExpiryDays: number;
  /** How often the server collects and sends notifications (when SMTP_URL is set), in seconds. */
  notifyIntervalSeconds: number;
}

/** The development default of PAIRWISE_SALT; refused in production. */
export const DEVELOPMENT_PAIRWISE_SALT = 'namens-development-pairwise-salt';

/** The development default of COOKIE_KEYS; refused in production. */
export const DEVELOPMENT_COOKIE_KEY = 'namens-development-cookie-key-change-me';

/** Every variable with its development default, documented once (mirrored in .env.example). */
export const DEFAULTS = {
  NODE_ENV: 'development',
  PORT: '3000',
  ISSUER: 'http://localhost:3000',
  DATABASE_URL: 'sqlite:data/namens.sqlite',
  DATABASE_POOL_MAX: '10',
  WORKERS: '1',
  COOKIE_KEYS: DEVELOPMENT_COOKIE_KEY,
  TEST_USER_PASSWORD: 'namens-test',
  TEST_USERS_ENABLED: 'true',
  SEED_ON_START: 'true',
  ALLOW_DEVELOPMENT_SEEDS_IN_PRODUCTION: 'false',
  NLGOV_PROFILE: '',
  LOG_LEVEL: 'info',
  KEY_RETENTION_SECONDS: '86400',
  KEY_REFRESH_SECONDS: '60',
  SWEEP_INTERVAL_SECONDS: '300',
  ID_TOKEN_TTL_SECONDS: '300',
  PAIRWISE_SALT: 'namens-development-pairwise-salt',
  TRUSTED_PROXIES: '',
  CLIENT_CERT_HEADER: 'x-ssl-client-cert',
  RATE_LIMIT_LOGIN: '10',
  RATE_LIMIT_LOGIN_ADDRESS: '100',
  RATE_LIMIT_ACTIVATION: '10',
  RATE_LIMIT_TOKEN: '3000',
  RATE_LIMIT_CLIENT_AUTH_FAILURES: '100',
  RATE_LIMIT_BSN_CHECKS: '10',
  MIJN_SESSION_IDLE_SECONDS: '1800',
  MIJN_SESSION_MAX_SECONDS: '28800',
  AUDIT_CHECKPOINT_KEY: DEVELOPMENT_AUDIT_CHECKPOINT_KEY,
  AUDIT_CHECKPOINT_INTERVAL_SECONDS: '300',
  AUDIT_CHECKPOINT_FILE: '',
  LOGIN_METHODS: 'test-users',
  UPSTREAM_PROVIDERS: '[]',
  SMTP_URL: '',
  MAIL_FROM: 'namens <noreply@localhost>',
  NOTIFY_EXPIRY_DAYS: '30',
  NOTIFY_INTERVAL_SECONDS: '60',
} as const satisfies Record<string, string>;

type Variable = keyof typeof DEFAULTS;

const schema = {
  type: 'object',
  additionalProperties: false,
  required: Object.keys(DEFAULTS),
  properties: {
    NODE_ENV: { enum: ['development', 'test', 'production'] },
    PORT: { type: 'string', pattern: '^[0-9]{1,5}$' },
    ISSUER: { type: 'string', pattern: '^https?://[^/?#\\s]+(/[^?#\\s]*[^/?#\\s])?$' },
    DATABASE_URL: { type: 'string', pattern: '^(sqlite:.+|postgres(ql)?://.+)$' },
    DATABASE_POOL_MAX: { type: 'string', pattern: '^[1-9][0-9]{0,3}$' },
    WORKERS: { type: 'string', pattern: '^([1-9]|[1-5][0-9]|6[0-4])$' },
    COOKIE_KEYS: { type: 'string', pattern: '^[^,\\s]{16,}(,[^,\\s]{16,})*$' },
    TEST_USER_PASSWORD: { type: 'string', minLength: 8 },
    TEST_USERS_ENABLED: { enum: ['true', 'false'] },
    SEED_ON_START: { enum: ['true', 'false'] },
    ALLOW_DEVELOPMENT_SEEDS_IN_PRODUCTION: { enum: ['true', 'false'] },
    NLGOV_PROFILE: { enum: ['', 'strict', 'relaxed'] },
    LOG_LEVEL: { enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] },
    KEY_RETENTION_SECONDS: { type: 'string', pattern: '^[0-9]{1,9}$' },
    KEY_REFRESH_SECONDS: { type: 'string', pattern: '^[1-9][0-9]{0,5}$' },
    SWEEP_INTERVAL_SECONDS: { type: 'string', pattern: '^[1-9][0-9]{0,6}$' },
    ID_TOKEN_TTL_SECONDS: { type: 'string', pattern: '^[1-9][0-9]{0,4}$' },
    PAIRWISE_SALT: { type: 'string', minLength: 16 },
    TRUSTED_PROXIES: { type: 'string', pattern: '^([0-9a-fA-F.:]+(,[0-9a-fA-F.:]+)*)?$' },
    CLIENT_CERT_HEADER: { type: 'string', pattern: '^[a-z0-9-]+$' },
    RATE_LIMIT_LOGIN: { type: 'string', pattern: '^[1-9][0-9]{0,6}$' },
    RATE_LIMIT_LOGIN_ADDRESS: { type: 'string', pattern: '^[1-9][0-9]{0,6}$' },
    RATE_LIMIT_ACTIVATION: { type: 'string', pattern: '^[1-9][0-9]{0,6}$' },
    RATE_LIMIT_TOKEN: { type: 'string', pattern: '^[1-9][0-9]{0,6}$' },
    RATE_LIMIT_CLIENT_AUTH_FAILURES: { type: 'string', pattern: '^[1-9][0-9]{0,6}$' },
    RATE_LIMIT_BSN_CHECKS: { type: 'string', pattern: '^[1-9][0-9]{0,6}$' },
    MIJN_SESSION_IDLE_SECONDS: { type: 'string', pattern: '^[1-9][0-9]{0,6}$' },
    MIJN_SESSION_MAX_SECONDS: { type: 'string', pattern: '^[1-9][0-9]{0,6}$' },
    AUDIT_CHECKPOINT_KEY: { type: 'string', minLength: 1 },
    AUDIT_CHECKPOINT_INTERVAL_SECONDS: { type: 'string', pattern: '^[1-9][0-9]{0,6}$' },
    AUDIT_CHECKPOINT_FILE: { type: 'string' },
    LOGIN_METHODS: { type: 'string' },
    UPSTREAM_PROVIDERS: { type: 'string' },
    SMTP_URL: { type: 'string', pattern: '^(smtps?://[^\\s]+)?$' },
    MAIL_FROM: { type: 'string', pattern: '^[^\\r\\n]*[^\\s@<>]+@[^\\s@<>]+[^\\r\\n]*$' },
    NOTIFY_EXPIRY_DAYS: { type: 'string', pattern: '^([1-9]|[1-9][0-9]|[1-3][0-9][0-9])$' },
    NOTIFY_INTERVAL_SECONDS: { type: 'string', pattern: '^[1-9][0-9]{0,5}$' },
  },
} as const;

const HINTS: Record<Variable, string> = {
  NODE_ENV: 'one of development, test, production',
  PORT: 'a port number',
  ISSUER: 'an http(s) URL without query, fragment or trailing slash',
  DATABASE_URL: 'sqlite:<file> or postgres://user@host:port/database',
  DATABASE_POOL_MAX: 'a positive integer',
  WORKERS: 'a number of processes from 1 to 64',
  COOKIE_KEYS: 'comma-separated keys of at least 16 characters each',
  TEST_USER_PASSWORD: 'at least 8 characters',
  TEST_USERS_ENABLED: 'true or false',
  SEED_ON_START: 'true or false',
  ALLOW_DEVELOPMENT_SEEDS_IN_PRODUCTION: 'true or false',
  NLGOV_PROFILE: 'strict or relaxed (empty: strict in production, relaxed otherwise)',
  LOG_LEVEL: 'fatal, error, warn, info, debug, trace or silent',
  KEY_RETENTION_SECONDS: 'a number of seconds',
  KEY_REFRESH_SECONDS: 'a positive number of seconds',
  SWEEP_INTERVAL_SECONDS: 'a positive number of seconds',
  ID_TOKEN_TTL_SECONDS: 'a positive number of seconds',
  PAIRWISE_SALT: 'at least 16 characters',
  TRUSTED_PROXIES: 'comma-separated IP addresses, or empty',
  CLIENT_CERT_HEADER: 'a lower-case header name',
  RATE_LIMIT_LOGIN: 'a positive number of failed logins',
  RATE_LIMIT_LOGIN_ADDRESS: 'a positive number of failed logins',
  RATE_LIMIT_ACTIVATION: 'a positive number of refused codes',
  RATE_LIMIT_TOKEN: 'a positive number of requests',
  RATE_LIMIT_CLIENT_AUTH_FAILURES: 'a positive number of failed client authentications',
  RATE_LIMIT_BSN_CHECKS: 'a positive number of mismatched checks',
  MIJN_SESSION_IDLE_SECONDS: 'a positive number of seconds',
  MIJN_SESSION_MAX_SECONDS: 'a positive number of seconds',
  AUDIT_CHECKPOINT_KEY: 'an Ed25519 private key, as a JWK or a PKCS#8 PEM',
  AUDIT_CHECKPOINT_INTERVAL_SECONDS: 'a positive number of seconds',
  AUDIT_CHECKPOINT_FILE: 'a file path, or empty',
  LOGIN_METHODS: 'a comma-separated list of test-users, oidc-upstream',
  UPSTREAM_PROVIDERS: 'a JSON array of upstream providers',
  SMTP_URL: 'smtp://[user:password@]host[:port] or smtps://…, or empty (no e-mail)',
  MAIL_FROM: 'an e-mail address, optionally with a name: namens <noreply@example.nl>',
  NOTIFY_EXPIRY_DAYS: 'a number of days from 1 to 399',
  NOTIFY_INTERVAL_SECONDS: 'a positive number of seconds',
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const validate = new Ajv({ allErrors: true }).compile(schema);

/** Reads the configuration from `env` (the process environment by default), or throws a ConfigError naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const raw = Object.fromEntries(
    (Object.keys(DEFAULTS) as Variable[]).map((name) => [name, env[name] === undefined || env[name] === '' ? DEFAULTS[name] : env[name]]),
  ) as Record<Variable, string>;
  // Without ISSUER, namens is where it listens: PORT=4100 npm start serves and names http://localhost:4100.
  if (env.ISSUER === undefined || env.ISSUER === '') raw.ISSUER = `http://localhost:${raw.PORT}`;

  if (!validate(raw)) {
    const names = [...new Set((validate.errors ?? []).map((error) => error.instancePath.slice(1)))] as Variable[];
    throw new ConfigError(names.map((name) => `${name} is invalid (${JSON.stringify(raw[name])}): expected ${HINTS[name]}`).join('; '));
  }

  const config: Config = {
    nodeEnv: raw.NODE_ENV as NodeEnv,
    port: Number(raw.PORT),
    issuer: raw.ISSUER,
    databaseUrl: raw.DATABASE_URL,
    databasePoolMax: Number(raw.DATABASE_POOL_MAX),
    workers: Number(raw.WORKERS),
    cookieKeys: raw.COOKIE_KEYS.split(','),
    testUserPassword: raw.TEST_USER_PASSWORD,
    testUsersEnabled: raw.TEST_USERS_ENABLED === 'true',
    seedOnStart: raw.SEED_ON_START === 'true',
    allowDevelopmentSeedsInProduction: raw.ALLOW_DEVELOPMENT_SEEDS_IN_PRODUCTION === 'true',
    nlgovProfile: (raw.NLGOV_PROFILE || (raw.NODE_ENV === 'production' ? 'strict' : 'relaxed')) as NlgovProfile,
    logLevel: raw.LOG_LEVEL as Config['logLevel'],
    keyRetentionSeconds: Number(raw.KEY_RETENTION_SECONDS),
    keyRefreshSeconds: Number(raw.KEY_REFRESH_SECONDS),
    sweepIntervalSeconds: Number(raw.SWEEP_INTERVAL_SECONDS),
    idTokenTtlSeconds: Number(raw.ID_TOKEN_TTL_SECONDS),
    pairwiseSalt: raw.PAIRWISE_SALT,
    trustedProxies: raw.TRUSTED_PROXIES ? raw.TRUSTED_PROXIES.split(',') : [],
    clientCertHeader: raw.CLIENT_CERT_HEADER,
    rateLimitLogin: Number(raw.RATE_LIMIT_LOGIN),
    rateLimitLoginAddress: Number(raw.RATE_LIMIT_LOGIN_ADDRESS),
    rateLimitActivation: Number(raw.RATE_LIMIT_ACTIVATION),
    rateLimitToken: Number(raw.RATE_LIMIT_TOKEN),
    rateLimitClientAuthFailures: Number(raw.RATE_LIMIT_CLIENT_AUTH_FAILURES),
    rateLimitBsnChecks: Number(raw.RATE_LIMIT_BSN_CHECKS),
    mijnSessionIdleSeconds: Number(raw.MIJN_SESSION_IDLE_SECONDS),
    mijnSessionMaxSeconds: Number(raw.MIJN_SESSION_MAX_SECONDS),
    auditCheckpointKey: checkpointKeyOf(raw.AUDIT_CHECKPOINT_KEY),
    auditCheckpointIntervalSeconds: Number(raw.AUDIT_CHECKPOINT_INTERVAL_SECONDS),
    auditCheckpointFile: raw.AUDIT_CHECKPOINT_FILE || undefined,
    ...loginMethodsOf(raw.LOGIN_METHODS, raw.UPSTREAM_PROVIDERS, raw.NODE_ENV === 'production'),
    smtpUrl: raw.SMTP_URL || undefined,
    mailFrom: raw.MAIL_FROM,
    notifyExpiryDays: Number(raw.NOTIFY_EXPIRY_DAYS),
    notifyIntervalSeconds: Number(raw.NOTIFY_INTERVAL_SECONDS),
  };
  if (config.port > 65535) throw new ConfigError(`PORT is invalid (${raw.PORT}): expected ${HINTS.PORT}`);
  assertProductionSafe(config);
  return config;
}

/**
 * A warning when ISSUER names this machine on another port than PORT (the URLs namens prints and issues would lead
 * elsewhere); undefined when they agree, or when ISSUER is another host (a proxy in front may well use another port).
 */
export function issuerPortWarning(config: Pick<Config, 'issuer' | 'port'>): string | undefined {
  const issuer = new URL(config.issuer);
  if (!['localhost', '127.0.0.1', '[::1]'].includes(issuer.hostname)) return undefined;
  const port = Number(issuer.port || (issuer.protocol === 'https:' ? 443 : 80));
  return port === config.port
    ? undefined
    : `ISSUER ${config.issuer} is on port ${port}, but namens listens on PORT ${config.port}: the URLs it prints and puts in its tokens lead elsewhere. Leave ISSUER unset to derive it from PORT.`;
}

function checkpointKeyOf(text: string): KeyObject {
  try {
    return parseCheckpointPrivateKey(text);
  } catch (error) {
    if (error instanceof CheckpointKeyError) throw new ConfigError(`AUDIT_CHECKPOINT_KEY is invalid: ${error.message}`);
    throw error;
  }
}

function loginMethodsOf(methods: string, upstreams: string, production: boolean): Pick<Config, 'loginMethods' | 'upstreamProviders'> {
  try {
    const loginMethods = parseLoginMethods(methods);
    const upstreamProviders = loginMethods.includes('oidc-upstream') ? parseUpstreamProviders(upstreams, { production }) : [];
    checkLoginMethods(loginMethods, upstreamProviders);
    return { loginMethods, upstreamProviders };
  } catch (error) {
    if (error instanceof LoginMethodsError) throw new ConfigError(error.message);
    throw error;
  }
}

/** Production refuses the development secrets and test users unless a demo deployment says so explicitly. */
function assertProductionSafe(config: Config): void {
  if (config.nodeEnv !== 'production' || config.allowDevelopmentSeedsInProduction) return;
  const problems: string[] = [];
  if (config.cookieKeys.includes(DEVELOPMENT_COOKIE_KEY)) problems.push('COOKIE_KEYS is the development default');
  if (config.testUsersEnabled) problems.push('TEST_USERS_ENABLED must be false');
  if (config.pairwiseSalt === DEVELOPMENT_PAIRWISE_SALT) problems.push('PAIRWISE_SALT is the development default');
  if (isDevelopmentCheckpointKey(config.auditCheckpointKey)) problems.push('AUDIT_CHECKPOINT_KEY is the development default');
  if (config.seedOnStart) problems.push('SEED_ON_START must be false (the seeds hold development secrets and test users)');
  if (problems.length) {
    throw new ConfigError(
      `refusing to start in production: ${problems.join('; ')}. Set ALLOW_DEVELOPMENT_SEEDS_IN_PRODUCTION=true only for a demo deployment.`,
    );
  }
}
