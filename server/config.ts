// The one place that reads the environment. One zod schema validates every variable once,
// at start; everything else takes typed values from getConfig(). Production refuses to
// start with a missing or bad variable, naming it; development fills in safe local defaults.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

// Each variable's rule. A failed rule's message completes "NAME ..." and is followed by the value given.
// Unset and blank are the same: the default applies.
const text = z
  .string()
  .optional()
  .transform((value) => value?.trim() || undefined);
const wholeNumber = (min: number, max: number, what: string) =>
  z
    .string()
    .trim()
    .refine((value) => /^\d{1,9}$/.test(value) && Number(value) >= min && Number(value) <= max, `must be ${what}`)
    .transform(Number);
const positive = wholeNumber(1, 999_999_999, 'a whole number greater than 0');
const nonNegative = wholeNumber(0, 999_999_999, 'a whole number, 0 or more');
const onOff = z.enum(['on', 'off'], { error: 'must be "on" or "off"' });
const postgresUrl = text.refine((value) => value === undefined || /^postgres(ql)?:\/\//.test(value), 'must be a PostgreSQL URL (postgres://user:password@host:5432/database)');

const envSchema = z.object({
  NODE_ENV: z.string().optional(),
  APP_URL: text,
  PORT: wholeNumber(0, 65_535, 'a port number from 0 to 65535').optional(),
  AUTH_SECRET: text,
  SMTP_URL: text,
  MAIL_FROM: text,
  DATABASE_URL: postgresUrl,
  WORKER_DATABASE_URL: postgresUrl,
  DATABASE_POOL_SIZE: positive.default(10),
  DATABASE_PREPARED_STATEMENTS: onOff.default('on'),
  EMBEDDED_POSTGRES_DIR: text,
  EMAIL_WORKER: onOff.default('on'),
  EMAIL_WORKER_CONCURRENCY: positive.default(4),
  EMAIL_WORKER_HEARTBEAT_MS: positive.default(10_000),
  EMAIL_WORKER_DEAD_AFTER_MS: positive.default(60_000),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error'], { error: 'must be debug, info, warn or error' }).default('info'),
  METRICS_TOKEN: text.refine((value) => value === undefined || value.length >= 16, 'must be at least 16 characters (it guards what the app tells about itself)'),
  METRICS_PORT: wholeNumber(1, 65_535, 'a port number from 1 to 65535').default(9464),
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((entry) => entry.trim()).filter(Boolean))
    .refine((list) => list.every((entry) => isIP(entry) !== 0), 'must list IP addresses separated by commas'),
  SHUTDOWN_DELAY_MS: nonNegative.default(0),
  REQUEST_TIMEOUT_MS: positive.default(30_000),
  HTTP_MAX_CONNECTIONS: positive.default(1_000),
  HTTP_MAX_CONNECTIONS_PER_ADDRESS: positive.default(100),
  POOL_SHARE_PER_PERSON: positive.optional(),
  POOL_SHARE_PER_ORGANIZATION: positive.optional(),
  POOL_SHARE_WAIT_MS: positive.default(2000),
  INVITATION_EMAILS_PER_HOUR: positive.default(100),
  SIGN_IN_EMAILS_PER_ADDRESS_PER_HOUR: positive.default(5),
  SIGN_IN_EMAILS_PER_IP_PER_HOUR: positive.default(20),
  SIGN_IN_EMAILS_PER_HOUR: positive.default(1000),
  ORGANIZATIONS_PER_PERSON_PER_DAY: positive.default(10),
});

/** The variables the app reads, for documentation checks. */
export const ENVIRONMENT_VARIABLES = Object.keys(envSchema.shape) as (keyof typeof envSchema.shape)[];

const REQUIRED_IN_PRODUCTION = ['SMTP_URL', 'APP_URL', 'AUTH_SECRET'] as const;
/** Auth.js signs and encrypts with AUTH_SECRET: shorter than 32 characters is guessable. */
const MIN_SECRET_LENGTH = 32;

export type HttpLimits = {
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** A socket with no traffic either way (a client that stops reading its answer) is closed after this. */
  idleTimeoutMs: number;
  maxConnections: number;
  maxConnectionsPerAddress: number;
  /** After SIGTERM, how long requests are still served while /readyz says 503 (for the balancer to notice). */
  shutdownDelayMs: number;
};

export type AppConfig = ReturnType<typeof toConfig>;

/**
 * Only `development` and `test` are not production: any other NODE_ENV (unset, a typo,
 * "staging") gets production's rules, so a misconfigured deployment fails safe.
 */
const isProduction = (nodeEnv: string | undefined) => nodeEnv !== 'development' && nodeEnv !== 'test';

/** Validates `env` as a whole and derives what the app needs from it; a ConfigError names the first bad variable. */
export function readConfig(env: Env, dataDir = path.join(process.cwd(), '.data')): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    throw new ConfigError(`${name} ${issue.message} (got "${env[name]}").`);
  }
  return toConfig(parsed.data, dataDir);
}

function toConfig(env: z.output<typeof envSchema>, dataDir: string) {
  const production = isProduction(env.NODE_ENV);
  if (production) {
    const missing = REQUIRED_IN_PRODUCTION.filter((name) => !env[name]);
    if (missing.length) {
      throw new ConfigError(
        `Missing required environment variable${missing.length > 1 ? 's' : ''} for production: ${missing.join(', ')}. ` +
          'See README.md, section "Configuration".',
      );
    }
    if (env.AUTH_SECRET!.length < MIN_SECRET_LENGTH) {
      throw new ConfigError(`AUTH_SECRET must be at least ${MIN_SECRET_LENGTH} characters in production (e.g. the output of \`openssl rand -base64 32\`).`);
    }
  }
  const appUrl = parseAppUrl(env.APP_URL ?? `http://localhost:${env.PORT ?? 3000}`);
  const poolSize = env.DATABASE_POOL_SIZE;
  const httpLimits: HttpLimits = {
    requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
    // Headers are a few hundred bytes: 10 s is plenty for them.
    headersTimeoutMs: Math.min(env.REQUEST_TIMEOUT_MS, 10_000),
    keepAliveTimeoutMs: 5_000,
    idleTimeoutMs: 60_000,
    maxConnections: env.HTTP_MAX_CONNECTIONS,
    maxConnectionsPerAddress: env.HTTP_MAX_CONNECTIONS_PER_ADDRESS,
    shutdownDelayMs: env.SHUTDOWN_DELAY_MS,
  };
  return {
    production,
    /** NODE_ENV=development (`npm run dev`): React's error overlay needs eval there. */
    development: env.NODE_ENV === 'development',
    /** The port `npm start` and `npm run dev` listen on (`npm start -p` overrides it). */
    port: env.PORT ?? 3000,
    /** Public origin (scheme, host, port), no trailing slash. Every link in an email starts with it. */
    appUrl,
    /** Served over https: cookies are `Secure` (Auth.js's take `__Secure-` names), and HSTS is sent. */
    https: appUrl.startsWith('https://'),
    /** Unset in development: mail goes to the development mailbox instead. */
    smtpUrl: env.SMTP_URL ?? null,
    authSecret: env.AUTH_SECRET ?? developmentSecret(dataDir),
    mailFrom: env.MAIL_FROM ?? `Members <no-reply@${new URL(appUrl).hostname}>`,
    /** Unset: the embedded PostgreSQL in embeddedPostgresDir. */
    databaseUrl: env.DATABASE_URL ?? null,
    /** The email worker's own connection (direct or session-mode), else the app's. */
    workerDatabaseUrl: env.WORKER_DATABASE_URL ?? null,
    embeddedPostgresDir: path.resolve(env.EMBEDDED_POSTGRES_DIR ?? path.join(dataDir, 'postgres')),
    databasePoolSize: poolSize,
    preparedStatements: env.DATABASE_PREPARED_STATEMENTS === 'on',
    /** This process delivers email (EMAIL_WORKER=off leaves it to `npm run worker`). */
    emailWorker: env.EMAIL_WORKER === 'on',
    emailWorkerConcurrency: env.EMAIL_WORKER_CONCURRENCY,
    /** How often an email worker says it is alive, and after how long without that it counts as dead (its jobs unlocked). */
    emailWorkerHeartbeatMs: env.EMAIL_WORKER_HEARTBEAT_MS,
    emailWorkerDeadAfterMs: env.EMAIL_WORKER_DEAD_AFTER_MS,
    logLevel: env.LOG_LEVEL,
    /** The bearer token /metrics asks for; null: there is no /metrics. */
    metricsToken: env.METRICS_TOKEN ?? null,
    metricsPort: env.METRICS_PORT,
    /** Proxies whose X-Forwarded-For is believed (exact addresses); nobody's, by default. */
    trustedProxies: env.TRUSTED_PROXIES as readonly string[],
    httpLimits,
    // By default a person may hold a quarter of the pool and an organization half, so neither can empty it.
    poolSharePerPerson: env.POOL_SHARE_PER_PERSON ?? Math.max(1, Math.ceil(poolSize / 4)),
    poolSharePerOrganization: env.POOL_SHARE_PER_ORGANIZATION ?? Math.max(1, Math.ceil(poolSize / 2)),
    /** How long a request over its share waits in line before it is refused. */
    poolShareWaitMs: env.POOL_SHARE_WAIT_MS,
    /** Invitation emails (invites and resends) one organization may send per hour. */
    invitationEmailsPerHour: env.INVITATION_EMAILS_PER_HOUR,
    signInEmailsPerAddressPerHour: env.SIGN_IN_EMAILS_PER_ADDRESS_PER_HOUR,
    signInEmailsPerIpPerHour: env.SIGN_IN_EMAILS_PER_IP_PER_HOUR,
    signInEmailsPerHour: env.SIGN_IN_EMAILS_PER_HOUR,
    organizationsPerPersonPerDay: env.ORGANIZATIONS_PER_PERSON_PER_DAY,
  };
}

function parseAppUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`APP_URL is not a valid URL: "${value}" (expected e.g. https://members.example.com).`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`APP_URL must start with http:// or https:// (got "${value}").`);
  }
  if (url.pathname !== '/' || url.search || url.hash) {
    throw new ConfigError(`APP_URL must be an origin without a path, like https://members.example.com (got "${value}").`);
  }
  return url.origin;
}

/** A development secret kept in .data/ so sessions survive restarts. */
function developmentSecret(dataDir: string): string {
  const file = path.join(dataDir, 'auth-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

// On globalThis: Next.js may load this module in more than one bundle, and they must agree.
const state = globalThis as unknown as { __membersConfig?: AppConfig };

/** The process's configuration, read from the environment on first use (the start-up makes that first use). */
export function getConfig(): AppConfig {
  return (state.__membersConfig ??= readConfig(process.env));
}

/** Tests, which change variables between cases as an operator would between starts: the next getConfig() reads them again. */
export function forgetConfig(): void {
  state.__membersConfig = undefined;
}

/**
 * The configuration at start (read again with `overrides` when given); a bad one stops the
 * process with a sentence naming the variable (no stack trace: it is the operator's input).
 */
export function configOrExit(what: string, overrides?: Env): AppConfig {
  try {
    if (overrides) state.__membersConfig = readConfig({ ...process.env, ...overrides });
    return getConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`\n${what} cannot start: ${error.message}\n`);
    process.exit(1);
  }
}

/**
 * What libraries read from the environment themselves, set from the configuration: Auth.js
 * builds its URLs (the sign-in link included) from AUTH_URL, which follows APP_URL so no
 * link is ever built from a request's Host header.
 */
export function exportToLibraries(config: AppConfig): void {
  process.env.AUTH_URL = `${config.appUrl}/api/auth`;
}

/**
 * `npm start` runs in production unless NODE_ENV says otherwise, as `next start` does; set
 * before anything else loads, since libraries read NODE_ENV as they load.
 */
export function defaultToProduction(): void {
  (process.env as Env).NODE_ENV ??= 'production';
}
