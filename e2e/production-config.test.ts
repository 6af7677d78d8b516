import { describe, expect, it } from 'vitest';
import { findFreePort } from '@/db/embedded';
import { spawnApp } from './support/spawn';

describe('production configuration', () => {
  it.each([
    [{ APP_URL: 'http://localhost:1', AUTH_SECRET: 's' }, 'Missing required environment variable for production: SMTP_URL.'],
    [{ SMTP_URL: 'smtp://localhost:1', AUTH_SECRET: 's' }, 'Missing required environment variable for production: APP_URL.'],
    [{ SMTP_URL: 'smtp://localhost:1', APP_URL: 'http://localhost:1' }, 'Missing required environment variable for production: AUTH_SECRET.'],
  ])('the built app refuses to start without one of its required variables (%j)', async (env, message) => {
    const { exited, output } = spawnApp({ ...env, DATABASE_URL: 'postgres://nobody@localhost:1/none' }, await findFreePort());
    expect(await exited).not.toBe(0);
    expect(output()).toContain(message);
  });
});
