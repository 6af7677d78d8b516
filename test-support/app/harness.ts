// The usual e2e setup for one test file: a real SMTP server, the built app
// pointed at it, a browser, and a Kysely handle on the app's database.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { Database } from '@/db/types';
import { startSmtpServer, type TestSmtpServer } from '@/test-support/mail/smtp-server';
import { startApp, type RunningApp } from './start-app';
import { launchChromium } from '@/test-support/browser/chromium';

export type Harness = { smtp: TestSmtpServer; app: RunningApp; browser: Browser; db: Kysely<Database> };

/** Registers beforeAll/afterAll hooks; the returned object is filled in before the tests run. */
export function useAppHarness(): Harness {
  const harness = {} as Harness;
  beforeAll(async () => {
    // Addresses starting with "bounce" are refused (550), as a real mail server does for unknown mailboxes.
    harness.smtp = await startSmtpServer({ refuse: (address) => address.startsWith('bounce') });
    [harness.app, harness.browser] = await Promise.all([startApp({ smtpUrl: harness.smtp.url }), launchChromium()]);
    harness.db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: harness.app.databaseUrl, max: 2 }) }),
    });
  });
  afterAll(async () => {
    await harness.browser?.close();
    await harness.app?.stop();
    await harness.db?.destroy();
    await harness.smtp?.close();
  });
  return harness;
}
