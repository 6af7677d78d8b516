// Configuration comes from the environment only. Production refuses to start
// with a missing variable; development fills in safe local defaults.
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type AppConfig = {
  production: boolean;
  /** Public origin (scheme, host, port), no trailing slash. Every link in an email starts with it. */
  appUrl: string;
  /** Unset in development: mail goes to the development mailbox instead. */
  smtpUrl: string | null;
  authSecret: string;
  mailFrom: string;
  /** Invitation emails (invites and resends) one organization may send per hour. */
  invitationEmailsPerHour: number;
  signInEmailsPerAddressPerHour: number;
  signInEmailsPerIpPerHour: number;
  signInEmailsPerHour: number;
  organizationsPerPersonPerDay: number;
  /** Proxies whose X-Forwarded-For is believed (exact addresses); nobody's, by default. */
  trustedProxies: readonly string[];
  /** How often an email worker says it is alive, and after how long without that it counts as dead (its jobs unlocked). */
  emailWorkerHeartbeatMs: number;
  emailWorkerDeadAfterMs: number;
  /** Connections of this process's database pool (DATABASE_POOL_SIZE). */
  databasePoolSize: number;
  /** How many requests of one person, and of one organization, are worked on at once (server/fair-share.ts). */
  poolSharePerPerson: number;
  poolSharePerOrganization: number;
  /** How long a request over its share waits in line before it is refused. */
  poolShareWaitMs: number;
  /** The benchmarks' floor routes (/floor, /api/floor, /orgs/<id>/floor) exist: BENCH_FLOOR_PAGE=1, never on a deployed app. */
  benchFloorPages: boolean;
};

export class ConfigError extends Error {}

const REQUIRED_IN_PRODUCTION = ['SMTP_URL', 'APP_URL', 'AUTH_SECRET'] as const;
/** Auth.js signs and encrypts with AUTH_SECRET: shorter than 32 characters is guessable. */
const MIN_SECRET_LENGTH = 32;

/**
 * Only `development` and `test` are not production: any other NODE_ENV (unset, a typo,
 * "staging") gets production's rules, so a misconfigured deployment fails safe.
 */
export function isProduction(env: Env = process.env): boolean {
  return env.NODE_ENV !== 'development' && env.NODE_ENV !== 'test';
}

const isLoopback = (origin: string) => ['localhost', '127.0.0.1', '[::1]'].includes(new URL(origin).hostname);

type Env = Record<string, string | undefined>;

export function readConfig(env: Env = process.env, dataDir = path.join(process.cwd(), '.data')): AppConfig {
  const production = isProduction(env);
  if (production) {
    const missing = REQUIRED_IN_PRODUCTION.filter((name) => !env[name]?.trim());
    if (missing.length) {
      throw new ConfigError(
        `Missing required environment variable${missing.length > 1 ? 's' : ''} for production: ${missing.join(', ')}. ` +
          'See README.md, section "Configuration".',
      );
    }
    if (env.AUTH_SECRET!.trim().length < MIN_SECRET_LENGTH) {
      throw new ConfigError(`AUTH_SECRET must be at least ${MIN_SECRET_LENGTH} characters in production (e.g. the output of \`openssl rand -base64 32\`).`);
    }
  }
  const poolSize = databasePoolSize(env);
  const appUrl = parseAppUrl(env.APP_URL ?? `http://localhost:${env.PORT ?? 3000}`);
  if (production && env.BENCH_FLOOR_PAGE === '1' && !isLoopback(appUrl)) {
    throw new ConfigError('BENCH_FLOOR_PAGE is for benchmarks on this machine: it cannot be set in production (APP_URL is not a localhost address).');
  }
  return {
    production,
    appUrl,
    smtpUrl: env.SMTP_URL?.trim() || null,
    authSecret: env.AUTH_SECRET?.trim() || developmentSecret(dataDir),
    mailFrom: env.MAIL_FROM?.trim() || `Members <no-reply@${new URL(appUrl).hostname}>`,
    invitationEmailsPerHour: positiveInteger(env, 'INVITATION_EMAILS_PER_HOUR', 100),
    signInEmailsPerAddressPerHour: positiveInteger(env, 'SIGN_IN_EMAILS_PER_ADDRESS_PER_HOUR', 5),
    signInEmailsPerIpPerHour: positiveInteger(env, 'SIGN_IN_EMAILS_PER_IP_PER_HOUR', 20),
    signInEmailsPerHour: positiveInteger(env, 'SIGN_IN_EMAILS_PER_HOUR', 1000),
    organizationsPerPersonPerDay: positiveInteger(env, 'ORGANIZATIONS_PER_PERSON_PER_DAY', 10),
    trustedProxies: trustedProxies(env),
    emailWorkerHeartbeatMs: positiveInteger(env, 'EMAIL_WORKER_HEARTBEAT_MS', 10_000),
    emailWorkerDeadAfterMs: positiveInteger(env, 'EMAIL_WORKER_DEAD_AFTER_MS', 60_000),
    databasePoolSize: poolSize,
    // By default a person may hold a quarter of the pool and an organization half, so neither can empty it.
    poolSharePerPerson: positiveInteger(env, 'POOL_SHARE_PER_PERSON', Math.max(1, Math.ceil(poolSize / 4))),
    poolSharePerOrganization: positiveInteger(env, 'POOL_SHARE_PER_ORGANIZATION', Math.max(1, Math.ceil(poolSize / 2))),
    poolShareWaitMs: positiveInteger(env, 'POOL_SHARE_WAIT_MS', 2000),
    benchFloorPages: env.BENCH_FLOOR_PAGE === '1', // refused above on a deployed app
  };
}

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

/**
 * How long `npm start`'s server waits for a request and how many connections it
 * holds (Node's own defaults let a trickling client keep a request for 5 minutes,
 * and any number of them).
 */
export function httpLimits(env: Env = process.env): HttpLimits {
  const requestTimeoutMs = positiveInteger(env, 'REQUEST_TIMEOUT_MS', 30_000);
  return {
    requestTimeoutMs,
    // Headers are a few hundred bytes: 10 s is plenty for them.
    headersTimeoutMs: Math.min(requestTimeoutMs, 10_000),
    keepAliveTimeoutMs: 5_000,
    idleTimeoutMs: 60_000,
    maxConnections: positiveInteger(env, 'HTTP_MAX_CONNECTIONS', 1_000),
    maxConnectionsPerAddress: positiveInteger(env, 'HTTP_MAX_CONNECTIONS_PER_ADDRESS', 100),
    shutdownDelayMs: env.SHUTDOWN_DELAY_MS?.trim() === '0' ? 0 : positiveInteger(env, 'SHUTDOWN_DELAY_MS', 0),
  };
}

/** METRICS_TOKEN: the bearer token /metrics asks for; unset, there is no /metrics. */
export function metricsToken(env: Env = process.env): string | null {
  const token = env.METRICS_TOKEN?.trim();
  if (!token) return null;
  if (token.length < 16) throw new ConfigError('METRICS_TOKEN must be at least 16 characters (it guards what the app tells about itself).');
  return token;
}

/** TRUSTED_PROXIES: comma-separated IP addresses of the load balancers in front of the app. */
export function trustedProxies(env: Env = process.env): string[] {
  const list = (env.TRUSTED_PROXIES ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  const bad = list.find((entry) => isIP(entry) === 0);
  if (bad) throw new ConfigError(`TRUSTED_PROXIES must list IP addresses separated by commas (got "${bad}").`);
  return list;
}

/** DATABASE_POOL_SIZE, checked (db/index.ts sizes the pool with it). */
export function databasePoolSize(env: Env = process.env): number {
  return positiveInteger(env, 'DATABASE_POOL_SIZE', 10);
}

function positiveInteger(env: Env, name: string, fallback: number): number {
  const value = env[name]?.trim();
  if (!value) return fallback;
  if (!/^[1-9]\d{0,8}$/.test(value)) throw new ConfigError(`${name} must be a whole number greater than 0 (got "${value}").`);
  return Number(value);
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

let cached: { key: string; config: AppConfig } | undefined;

/** The process's configuration, read again only if the environment changed. */
export function getConfig(): AppConfig {
  const env = process.env;
  const key = [env.NODE_ENV, env.APP_URL, env.PORT, env.SMTP_URL, env.AUTH_SECRET, env.MAIL_FROM, env.INVITATION_EMAILS_PER_HOUR, env.DATABASE_POOL_SIZE, env.POOL_SHARE_PER_PERSON, env.POOL_SHARE_PER_ORGANIZATION, env.POOL_SHARE_WAIT_MS, env.BENCH_FLOOR_PAGE, env.SIGN_IN_EMAILS_PER_ADDRESS_PER_HOUR, env.SIGN_IN_EMAILS_PER_IP_PER_HOUR, env.SIGN_IN_EMAILS_PER_HOUR, env.ORGANIZATIONS_PER_PERSON_PER_DAY, env.TRUSTED_PROXIES, env.EMAIL_WORKER_HEARTBEAT_MS, env.EMAIL_WORKER_DEAD_AFTER_MS].join('\n');
  if (cached?.key !== key) cached = { key, config: readConfig(env) };
  return cached.config;
}
