import { describe, expect, it } from 'vitest';
import { findFreePort } from '@/db/free-port';
import { spawnApp } from '@/test-support/app/build-and-spawn';

describe('production configuration', () => {
  it.each([
    [{ APP_URL: 'http://localhost:1', AUTH_SECRET: 's' }, 'Missing required environment variable for production: SMTP_URL.'],
    [{ SMTP_URL: 'smtp://localhost:1', AUTH_SECRET: 's' }, 'Missing required environment variable for production: APP_URL.'],
    [{ SMTP_URL: 'smtp://localhost:1', APP_URL: 'http://localhost:1' }, 'Missing required environment variable for production: AUTH_SECRET.'],
    [{ SMTP_URL: 'smtp://localhost:1', APP_URL: 'http://localhost:1', AUTH_SECRET: 'short-secret' }, 'AUTH_SECRET must be at least 32 characters in production'],
    [
      { SMTP_URL: 'smtp://localhost:1', APP_URL: 'https://members.example.com', AUTH_SECRET: 'a-production-secret-of-32-chars!!', DATABASE_POOL_SIZE: 'abc' },
      'Members cannot start: DATABASE_POOL_SIZE must be a whole number greater than 0 (got "abc").',
    ],
    [{ NODE_ENV: 'staging', APP_URL: 'http://localhost:1', AUTH_SECRET: 'a-production-secret-of-32-chars!!' }, 'Missing required environment variable for production: SMTP_URL.'],
  ])('the built app refuses to start on an unsafe production configuration (%j)', async (env, message) => {
    const { exited, output } = spawnApp({ ...env, DATABASE_URL: 'postgres://nobody@localhost:1/none' }, await findFreePort());
    expect(await exited).not.toBe(0);
    expect(output()).toContain(message);
  });
});
