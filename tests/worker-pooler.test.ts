// The email worker through a transaction-mode pooler (Debian's PgBouncer 1.18): a server
// connection changes between transactions, so a statement graphile-worker prepared is gone
// the next time. With only the pooled URL the worker must prepare nothing, and still deliver
// every email exactly once (by polling: LISTEN does not work through such a pooler).
import { afterEach, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { type EmailWorker, startEmailWorker } from '@/server/queue/worker';
import { orgWithOwner } from '@/test-support/factories/organizations';
import { callerFor } from '@/test-support/in-process/trpc-caller';
import { queuedJobCount } from '@/test-support/database/row-counts';
import { type RunningPgBouncer, startPgBouncer } from '@/test-support/database/pgbouncer';
import { startSmtpServer, type TestSmtpServer } from '@/test-support/mail/smtp-server';

const env = process.env as Record<string, string | undefined>;
let bouncer: RunningPgBouncer | null = null;
let smtp: TestSmtpServer | undefined;
let worker: EmailWorker | undefined;

afterEach(async () => {
  await worker?.stop();
  await bouncer?.stop();
  await smtp?.close();
  delete env.SMTP_URL;
  delete env.DATABASE_PREPARED_STATEMENTS;
});

describe('the email worker behind a transaction-mode pooler', () => {
  it('delivers every email exactly once with only the pooled URL and prepared statements off', async () => {
    const direct = env.DATABASE_URL!;
    bouncer = await startPgBouncer(direct);
    if (!bouncer) console.warn('PgBouncer is not installed here: the pooler leg of this test did not run; the worker ran against PostgreSQL directly. (.ci/run installs it.)');
    smtp = await startSmtpServer();
    env.SMTP_URL = smtp.url;

    const { owner, org } = await orgWithOwner();
    const addresses = Array.from({ length: 20 }, (_, i) => `pooled${i}@example.com`);
    for (const email of addresses) await callerFor(owner).org.invitation.create({ orgId: org.id, email, role: 'owner' });

    // As a deployment configures it behind the pooler: the app's URL, prepared statements off.
    env.DATABASE_PREPARED_STATEMENTS = 'off';
    env.DATABASE_URL = bouncer?.url ?? direct;
    try {
      worker = await startEmailWorker({ concurrency: 4, pollInterval: 200 });
    } finally {
      env.DATABASE_URL = direct;
    }

    for (const email of addresses) await smtp.waitForEmail((m) => m.envelopeTo.includes(email), 30_000);
    // Every job completed (a job that cannot be completed would stay, locked, and be sent again later).
    const deadline = Date.now() + 10_000;
    while ((await queuedJobCount()) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await queuedJobCount()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.messages.flatMap((m) => m.envelopeTo).sort()).toEqual([...addresses].sort());
    const states = await db.selectFrom('invitations').select('email_status').where('organization_id', '=', org.id).execute();
    expect(new Set(states.map((s) => s.email_status))).toEqual(new Set(['sent']));
  });
});
