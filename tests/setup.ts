// Runs before each test file: a database of its own, emptied before every test.
import { sql } from 'kysely';
import { afterAll, beforeEach, inject } from 'vitest';
import { forgetConfig } from '@/server/config';
import { createTestDatabase } from '@/test-support/database/test-postgres';
import '@/test-support/database/provided-context';

const name = `${inject('pgTemplate').replace(/_template$/, '')}_f${process.env.VITEST_POOL_ID ?? 0}_${Date.now().toString(36)}`;
// Only warnings and errors from the app in test output (set LOG_LEVEL=info to see more).
process.env.LOG_LEVEL ??= 'warn';
// Concurrency tests need more connections than the default pool of 10.
process.env.DATABASE_POOL_SIZE ??= '40';
process.env.DATABASE_URL = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'), name);
(globalThis as { __membersDb?: unknown }).__membersDb = undefined;
followEnvironmentChanges();

const { db } = await import('@/db');

const DEADLOCK = '40P01';

beforeEach(async () => {
  // A file that runs the real email worker (test-support/in-process/email-worker.ts) can have a delivery in
  // flight while this empties the tables; the two may deadlock, PostgreSQL then cancels
  // one of them, and the emptying is simply run again.
  for (let attempt = 1; ; attempt += 1) {
    try {
      await sql`truncate table "User", "Account", "Session", "VerificationToken", organizations, memberships, invitations, api_tokens, audit_events, dev_emails, rate_limit_events restart identity cascade`.execute(db);
      await sql`truncate table graphile_worker._private_jobs`.execute(db);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== DEADLOCK || attempt === 5) throw error;
    }
  }
});

afterAll(async () => {
  await db.destroy();
});

/**
 * The app reads its configuration once (server/config.ts); tests change variables between
 * cases as an operator would between two starts, so any change makes the next use read them again.
 */
function followEnvironmentChanges(): void {
  const followed = Symbol.for('members.followedEnv');
  if (!(followed in process.env)) {
    process.env = new Proxy(process.env, {
      has: (target, key) => key === followed || key in target,
      set: (target, key, value) => {
        forgetConfig();
        return Reflect.set(target, key, value);
      },
      deleteProperty: (target, key) => {
        forgetConfig();
        return Reflect.deleteProperty(target, key);
      },
    });
  }
  forgetConfig();
}
