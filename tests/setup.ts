// Runs before each test file: a database of its own, emptied before every test.
import { sql } from 'kysely';
import { afterAll, beforeEach, inject } from 'vitest';
import { createTestDatabase } from './support/postgres';
import './support/provided';

const name = `${inject('pgTemplate').replace(/_template$/, '')}_f${process.env.VITEST_POOL_ID ?? 0}_${Date.now().toString(36)}`;
// Only warnings and errors from the app in test output (set LOG_LEVEL=info to see more).
process.env.LOG_LEVEL ??= 'warn';
// Concurrency tests need more connections than the default pool of 10.
process.env.DATABASE_POOL_SIZE ??= '40';
process.env.DATABASE_URL = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'), name);
(globalThis as { __membersDb?: unknown }).__membersDb = undefined;

const { db } = await import('@/db');

beforeEach(async () => {
  await sql`truncate table "User", "Account", "Session", "VerificationToken", organizations, memberships, invitations, api_tokens, audit_events, dev_emails, rate_limit_events restart identity cascade`.execute(db);
  await sql`truncate table graphile_worker._private_jobs`.execute(db);
});

afterAll(async () => {
  await db.destroy();
});
