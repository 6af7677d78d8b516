// Which client address `npm start` counts sign-in emails against: the socket's peer,
// whatever X-Forwarded-For claims, unless that peer is a trusted proxy.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/types';
import { startSmtpServer, type TestSmtpServer } from '@/test-support/mail/smtp-server';
import { type RunningApp, startApp } from '@/test-support/app/start-app';
import { postSignIn } from '@/test-support/app/auth-requests';

let smtp: TestSmtpServer;
let direct: RunningApp;
let behindProxy: RunningApp;
let db: Kysely<Database>;

beforeAll(async () => {
  smtp = await startSmtpServer();
  const limits = { SIGN_IN_EMAILS_PER_IP_PER_HOUR: '2' };
  direct = await startApp({ smtpUrl: smtp.url, env: limits });
  // The test's own connections come from loopback: here loopback plays the balancer.
  behindProxy = await startApp({ smtpUrl: smtp.url, databaseUrl: direct.databaseUrl, env: { ...limits, TRUSTED_PROXIES: '127.0.0.1,::1' } });
  db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: direct.databaseUrl, max: 2 }) }) });
}, 180_000);

afterAll(async () => {
  await Promise.all([direct?.stop(), behindProxy?.stop()]);
  await db?.destroy();
  await smtp?.close();
});

/** Asks Auth.js for a sign-in email, as a script would, claiming to come from `forwardedFor`. */
const requestSignIn = (app: RunningApp, email: string, forwardedFor: string) => postSignIn(app.url, email, app.url, { 'x-forwarded-for': forwardedFor });

const addressBuckets = async () =>
  (await db.selectFrom('rate_limit_events').select('bucket').where('bucket', 'like', 'sign-in-ip:%').execute()).map((r) => r.bucket).sort();

describe('the client address behind sign-in limits', () => {
  it('is the socket peer for a direct client, so a forged X-Forwarded-For buys no new allowance', async () => {
    const outcomes: string[] = [];
    for (const [i, forged] of ['203.0.113.1', '203.0.113.2', '203.0.113.3'].entries()) {
      const response = await requestSignIn(direct, `direct${i}@example.com`, forged);
      expect(response.status).toBeLessThan(500);
      outcomes.push(new URL(response.headers.get('location')!, direct.url).pathname);
    }
    // Two were sent; the third counted against the same (real) address and was refused.
    expect(outcomes).toEqual(['/api/auth/verify-request', '/api/auth/verify-request', '/sign-in/error']);
    // Refused before Auth.js ran: no token row was stored for the link that was never sent.
    expect(await db.selectFrom('VerificationToken').select('identifier').execute()).toHaveLength(2);
    const buckets = await addressBuckets();
    expect(buckets).toHaveLength(2);
    expect(buckets.every((bucket) => /^sign-in-ip:(127\.0\.0\.1|::1)$/.test(bucket)), buckets.join()).toBe(true);
  });

  it('is the address a trusted proxy reports, read from the right of X-Forwarded-For', async () => {
    await db.deleteFrom('rate_limit_events').execute();
    for (const [i, chain] of ['198.51.100.7', '1.2.3.4, 198.51.100.7', '9.9.9.9, 198.51.100.8'].entries()) {
      await requestSignIn(behindProxy, `proxied${i}@example.com`, chain);
    }
    expect(await addressBuckets()).toEqual(['sign-in-ip:198.51.100.7', 'sign-in-ip:198.51.100.7', 'sign-in-ip:198.51.100.8']);
  });
});
