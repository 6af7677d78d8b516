import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '@/server/config';

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

  it('never enables the benchmark floor routes on a deployed app', () => {
    const deployed = { NODE_ENV: 'production', SMTP_URL: 'smtp://mail:25', APP_URL: 'https://m.example.com', AUTH_SECRET: STRONG_SECRET };
    expect(readConfig(deployed, tempDir()).benchFloorPages).toBe(false);
    expect(() => readConfig({ ...deployed, BENCH_FLOOR_PAGE: '1' }, tempDir())).toThrow('BENCH_FLOOR_PAGE is for benchmarks on this machine: it cannot be set in production');
    // The benchmarks run the built app on this machine.
    expect(readConfig({ ...deployed, APP_URL: 'http://localhost:3000', BENCH_FLOOR_PAGE: '1' }, tempDir()).benchFloorPages).toBe(true);
    expect(readConfig({ NODE_ENV: 'development', BENCH_FLOOR_PAGE: '1' }, tempDir()).benchFloorPages).toBe(true);
  });
});
