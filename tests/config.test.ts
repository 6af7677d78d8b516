import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, ENVIRONMENT_VARIABLES, readConfig } from '@/server/config';
import { sourceFiles } from '@/test-support/source-files';

const STRONG_SECRET = 'a-production-secret-of-32-chars!!';
const tempDir = () => mkdtempSync(path.join(tmpdir(), 'members-config-'));

describe('configuration', () => {
  it('refuses to start in production without SMTP_URL, APP_URL and AUTH_SECRET, naming each', () => {
    expect(() => readConfig({ NODE_ENV: 'production' }, tempDir())).toThrow(
      new ConfigError(
        'Missing required environment variables for production: SMTP_URL, APP_URL, AUTH_SECRET. See README.md, section "Configuration".',
      ),
    );
    expect(() => readConfig({ NODE_ENV: 'production', SMTP_URL: 'smtp://mail:25', APP_URL: 'https://m.example.com' }, tempDir())).toThrow(
      /variable for production: AUTH_SECRET\./,
    );
  });

  it('accepts a complete production configuration', () => {
    const config = readConfig(
      { NODE_ENV: 'production', SMTP_URL: 'smtp://mail:25', APP_URL: 'https://m.example.com/', AUTH_SECRET: STRONG_SECRET },
      tempDir(),
    );
    expect(config).toMatchObject({ production: true, appUrl: 'https://m.example.com', smtpUrl: 'smtp://mail:25', authSecret: STRONG_SECRET });
    expect(config.mailFrom).toBe('Members <no-reply@m.example.com>');
  });

  it('fills in development defaults, with a secret that survives restarts', () => {
    const dir = tempDir();
    const first = readConfig({ NODE_ENV: 'development', PORT: '4000' }, dir);
    expect(first).toMatchObject({ production: false, appUrl: 'http://localhost:4000', smtpUrl: null });
    expect(first.authSecret.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(path.join(dir, 'auth-secret'), 'utf8')).toBe(first.authSecret);
    expect(readConfig({ NODE_ENV: 'development', PORT: '4000' }, dir).authSecret).toBe(first.authSecret);
  });

  it('takes the hourly invitation email limit from INVITATION_EMAILS_PER_HOUR (default 100) and explains a bad value', () => {
    expect(readConfig({ NODE_ENV: 'test' }, tempDir()).invitationEmailsPerHour).toBe(100);
    expect(readConfig({ NODE_ENV: 'test', INVITATION_EMAILS_PER_HOUR: '5000' }, tempDir()).invitationEmailsPerHour).toBe(5000);
    for (const bad of ['0', '-3', 'lots', '1.5']) {
      expect(() => readConfig({ NODE_ENV: 'test', INVITATION_EMAILS_PER_HOUR: bad }, tempDir())).toThrow(
        `INVITATION_EMAILS_PER_HOUR must be a whole number greater than 0 (got "${bad}").`,
      );
    }
  });

  it.each([
    ['not a URL', 'members.example.com', /APP_URL is not a valid URL/],
    ['another scheme', 'ftp://members.example.com', /must start with http/],
    ['a path', 'https://example.com/members', /without a path/],
  ])('explains an APP_URL that is %s', (_case, value, message) => {
    expect(() => readConfig({ NODE_ENV: 'test', APP_URL: value }, tempDir())).toThrow(message);
  });

  it.each([undefined, '', 'prod', 'staging', 'Production', 'PRODUCTION'])('treats NODE_ENV=%j as production: no mailbox, no demo seed, no generated secret', (nodeEnv) => {
    expect(() => readConfig({ NODE_ENV: nodeEnv }, tempDir())).toThrow(/Missing required environment variables for production: SMTP_URL, APP_URL, AUTH_SECRET/);
    const complete = { NODE_ENV: nodeEnv, SMTP_URL: 'smtp://mail:25', APP_URL: 'https://m.example.com', AUTH_SECRET: STRONG_SECRET };
    expect(readConfig(complete, tempDir()).production).toBe(true);
  });

  it('refuses an AUTH_SECRET shorter than 32 characters in production, and allows it in development', () => {
    const env = { NODE_ENV: 'production', SMTP_URL: 'smtp://mail:25', APP_URL: 'https://m.example.com', AUTH_SECRET: 'x'.repeat(31) };
    expect(() => readConfig(env, tempDir())).toThrow('AUTH_SECRET must be at least 32 characters in production');
    expect(readConfig({ ...env, AUTH_SECRET: 'x'.repeat(32) }, tempDir()).authSecret).toHaveLength(32);
    expect(readConfig({ ...env, NODE_ENV: 'development' }, tempDir()).authSecret).toHaveLength(31);
  });

  it.each([
    ['DATABASE_POOL_SIZE', 'abc', 'DATABASE_POOL_SIZE must be a whole number greater than 0 (got "abc").'],
    ['PORT', '70000', 'PORT must be a port number from 0 to 65535 (got "70000").'],
    ['EMAIL_WORKER', 'of', 'EMAIL_WORKER must be "on" or "off" (got "of").'],
    ['DATABASE_PREPARED_STATEMENTS', 'false', 'DATABASE_PREPARED_STATEMENTS must be "on" or "off" (got "false").'],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL must be debug, info, warn or error (got "loud").'],
    ['DATABASE_URL', 'mysql://db/members', 'DATABASE_URL must be a PostgreSQL URL (postgres://user:password@host:5432/database) (got "mysql://db/members").'],
    ['TRUSTED_PROXIES', '10.0.0.1, lb.internal', 'TRUSTED_PROXIES must list IP addresses separated by commas (got "10.0.0.1, lb.internal").'],
    ['METRICS_TOKEN', 'short', 'METRICS_TOKEN must be at least 16 characters (it guards what the app tells about itself) (got "short").'],
    ['SHUTDOWN_DELAY_MS', '-1', 'SHUTDOWN_DELAY_MS must be a whole number, 0 or more (got "-1").'],
  ])('refuses %s=%j with a sentence naming the variable', (name, value, message) => {
    expect(() => readConfig({ NODE_ENV: 'test', [name]: value }, tempDir())).toThrow(new ConfigError(message));
  });

  it('reads every variable into typed values, with derived facts computed once', () => {
    const config = readConfig(
      { NODE_ENV: 'test', APP_URL: 'https://m.example.com', DATABASE_POOL_SIZE: '20', EMAIL_WORKER: 'off', TRUSTED_PROXIES: '10.0.0.1, ::1', SHUTDOWN_DELAY_MS: '0' },
      tempDir(),
    );
    expect(config).toMatchObject({
      https: true,
      databasePoolSize: 20,
      // A person a quarter of the pool, an organization half, unless set.
      poolSharePerPerson: 5,
      poolSharePerOrganization: 10,
      emailWorker: false,
      preparedStatements: true,
      trustedProxies: ['10.0.0.1', '::1'],
      logLevel: 'info',
      httpLimits: { requestTimeoutMs: 30_000, headersTimeoutMs: 10_000, shutdownDelayMs: 0 },
    });
    expect(readConfig({ NODE_ENV: 'test', APP_URL: 'http://localhost:3000' }, tempDir()).https).toBe(false);
  });

  it('every variable it reads is in the README\'s configuration table', () => {
    const table = readFileSync('README.md', 'utf8').split('## Configuration')[1]!.split('\n## ')[0]!;
    const documented = new Set([...table.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((match) => match[1]));
    expect(ENVIRONMENT_VARIABLES.filter((name) => !documented.has(name) && name !== 'NODE_ENV')).toEqual([]);
  });

  it('is the only module that reads process.env', () => {
    // Next.js reads its build settings (next.config.mjs) before any app code, and sets NEXT_RUNTIME per runtime itself.
    const allowed = new Map([
      ['server/config.ts', /process\.env/],
      ['next.config.mjs', /const \{ NEXT_DIST_DIR, BENCH_ROUTES \} = process\.env;/],
      ['instrumentation.ts', /process\.env\.NEXT_RUNTIME !== 'nodejs'/],
    ]);
    const roots = ['app', 'server', 'db', 'emails', 'lib', 'proxy.ts', 'instrumentation.ts', 'next.config.mjs'];
    const files = sourceFiles(roots);
    expect(files.length).toBeGreaterThan(50);
    const readers = files.flatMap((file) => {
      const lines = readFileSync(file, 'utf8').split('\n').filter((line) => line.includes('process.env'));
      const allowance = allowed.get(file);
      return lines.filter((line) => !allowance?.test(line)).map((line) => `${file}: ${line.trim()}`);
    });
    expect(readers).toEqual([]);
  });
});
