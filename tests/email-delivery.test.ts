import { spawn } from 'node:child_process';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { findFreePort } from '@/db/free-port';
import { PENDING_INVITATION_LIMIT } from '@/server/invitations/policy';
import { enqueueInvitationEmail, enqueueSignInEmail } from '@/server/queue/jobs';
import { type EmailWorker, startEmailWorker } from '@/server/queue/worker';
import { orgWithOwner } from '@/test-support/factories/organizations';
import { plantInvitations } from '@/test-support/factories/invitations';
import { callerFor, trpcError } from '@/test-support/in-process/trpc-caller';
import { queuedJobCount } from '@/test-support/database/row-counts';
import { sentTo, startSmtpServer, type TestSmtpServer } from '@/test-support/mail/smtp-server';

const env = process.env as Record<string, string | undefined>;
const running: { close(): Promise<void> }[] = [];
const workers: EmailWorker[] = [];

afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
  await Promise.all(running.splice(0).map((s) => s.close()));
  delete env.SMTP_URL;
});

async function smtpOn(port: number, options: Parameters<typeof startSmtpServer>[0] = {}): Promise<TestSmtpServer> {
  const server = await startSmtpServer({ port, ...options });
  running.push(server);
  return server;
}

async function worker(): Promise<EmailWorker> {
  const started = await startEmailWorker({ concurrency: 4, pollInterval: 200 });
  workers.push(started);
  return started;
}

const jobCount = queuedJobCount;

async function invitationState(email: string) {
  return db.selectFrom('invitations').select(['email_status', 'email_error', 'email_sent_at', 'send_count']).where('email', '=', email).executeTakeFirstOrThrow();
}

async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('durable email delivery', () => {
  it('1. SMTP down: the invitation exists and shows "Sending"; once the server is up the email arrives exactly once and shows "Sent"', async () => {
    const port = await findFreePort();
    env.SMTP_URL = `smtp://127.0.0.1:${port}`; // nothing listens there yet
    const { owner, org } = await orgWithOwner();
    await worker();
    await callerFor(owner).org.invitation.create({ orgId: org.id, email: 'patient@example.com', role: 'owner' });

    const retrying = await eventually(() => invitationState('patient@example.com'), (s) => s.email_error !== null);
    expect(retrying).toMatchObject({ email_status: 'sending', email_error: 'mail server unreachable' });
    const listed = await callerFor(owner).org.invitation.list({ orgId: org.id });
    expect(listed.items[0]!.delivery).toEqual({ state: 'sending', retrying: 'mail server unreachable' });

    const smtp = await smtpOn(port);
    await smtp.waitForEmail(sentTo('patient@example.com'), 20_000);
    const sent = await eventually(() => invitationState('patient@example.com'), (s) => s.email_status === 'sent');
    expect(sent.email_sent_at).toBeInstanceOf(Date);
    expect((await callerFor(owner).org.invitation.list({ orgId: org.id })).items[0]!.delivery.state).toBe('sent');
    await eventually(jobCount, (n) => n === 0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.messages.filter(sentTo('patient@example.com'))).toHaveLength(1);
  }, 40_000);

  it('2. a queued email survives the worker stopping: a new worker delivers it', async () => {
    const port = await findFreePort();
    env.SMTP_URL = `smtp://127.0.0.1:${port}`;
    const { owner, org } = await orgWithOwner();
    // No worker is running: the "process" that took the request is gone before sending.
    await callerFor(owner).org.invitation.create({ orgId: org.id, email: 'later@example.com', role: 'owner' });
    expect(await jobCount()).toBe(1);
    expect((await invitationState('later@example.com')).email_status).toBe('sending');

    const smtp = await smtpOn(port);
    await worker(); // "after the restart"
    await smtp.waitForEmail(sentTo('later@example.com'));
    await eventually(() => invitationState('later@example.com'), (s) => s.email_status === 'sent');
    await eventually(jobCount, (n) => n === 0);
  });

  it('3. a 550 answer marks the email failed with a short reason and stops retrying; Resend works afterwards', async () => {
    const port = await findFreePort();
    let refusing = true;
    const smtp = await smtpOn(port, { refuse: () => refusing });
    env.SMTP_URL = smtp.url;
    const { owner, org } = await orgWithOwner();
    await worker();
    const { invitationId } = await callerFor(owner).org.invitation.create({ orgId: org.id, email: 'bounce@example.com', role: 'owner' });

    const failed = await eventually(() => invitationState('bounce@example.com'), (s) => s.email_status === 'failed');
    expect(failed.email_error).toBe('refused by the mail server (550)');
    expect(await jobCount()).toBe(0); // completed: no further attempts
    expect((await callerFor(owner).org.invitation.list({ orgId: org.id })).items[0]!.delivery).toEqual({
      state: 'failed',
      reason: 'refused by the mail server (550)',
    });

    refusing = false;
    await db.updateTable('invitations').set({ last_sent_at: sql<Date>`now() - interval '2 minutes'` }).where('id', '=', invitationId).execute();
    await callerFor(owner).org.invitation.resend({ orgId: org.id, invitationId });
    await smtp.waitForEmail(sentTo('bounce@example.com'));
    const sent = await eventually(() => invitationState('bounce@example.com'), (s) => s.email_status === 'sent');
    expect(sent).toMatchObject({ email_error: null, send_count: 2 });
  });

  it('4. a rolled-back change leaves no email job', async () => {
    const { owner, org } = await orgWithOwner();
    await plantInvitations(org.id, owner.userId, PENDING_INVITATION_LIMIT);
    const refused = await trpcError(callerFor(owner).org.invitation.create({ orgId: org.id, email: 'fifty-one@example.com', role: 'owner' }));
    expect(refused.code).toBe('PRECONDITION_FAILED');
    expect(await jobCount()).toBe(0);

    // And generally: an enqueue inside a transaction that rolls back is gone with it.
    const [invitation] = await db.selectFrom('invitations').select('id').limit(1).execute();
    await expect(
      db.transaction().execute(async (tx) => {
        await enqueueInvitationEmail(tx, { id: invitation!.id, sendCount: 1, token: 'secret-token' });
        throw new Error('later step failed');
      }),
    ).rejects.toThrow('later step failed');
    expect(await jobCount()).toBe(0);
  });

  it('never stores the activation secret in clear in the job table', async () => {
    const { owner, org } = await orgWithOwner();
    const [invitation] = await db.selectFrom('invitations').select('id').limit(1).execute().then(async (rows) => {
      if (rows.length) return rows;
      await plantInvitations(org.id, owner.userId, 1);
      return db.selectFrom('invitations').select('id').limit(1).execute();
    });
    await db.transaction().execute((tx) => enqueueInvitationEmail(tx, { id: invitation!.id, sendCount: 1, token: 'PLAIN-SECRET-VALUE' }));
    const { rows } = await sql<{ payload: unknown }>`select payload from graphile_worker._private_jobs`.execute(db);
    expect(JSON.stringify(rows)).not.toContain('PLAIN-SECRET-VALUE');
  });

  it('5. two workers on one database deliver 100 queued emails, none twice', async () => {
    const smtp = await smtpOn(await findFreePort());
    env.SMTP_URL = smtp.url;
    for (let i = 0; i < 100; i += 1) {
      await enqueueSignInEmail(db, { to: `reader${i}@example.com`, url: `https://members.example.com/api/auth/callback/nodemailer?token=t${i}`, validForHours: 24 });
    }
    await Promise.all([worker(), worker()]);
    await eventually(async () => smtp.messages.length, (n) => n >= 100, 30_000);
    await eventually(jobCount, (n) => n === 0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const recipients = smtp.messages.flatMap((m) => m.envelopeTo);
    expect(recipients).toHaveLength(100);
    expect(new Set(recipients).size).toBe(100);
  }, 40_000);

  it('SIGTERM lets the email in flight finish before `npm run worker` exits', async () => {
    let dataStarted!: () => void;
    const started = new Promise<void>((resolve) => (dataStarted = resolve));
    const smtp = await smtpOn(await findFreePort(), { delayMs: 1500, onDataStart: () => dataStarted() });
    const { owner, org } = await orgWithOwner();
    await callerFor(owner).org.invitation.create({ orgId: org.id, email: 'inflight@example.com', role: 'owner' });

    const child = spawn(process.execPath, ['--import', 'tsx', 'server/worker-cli.ts'], {
      env: { ...process.env, SMTP_URL: smtp.url, NODE_ENV: 'development', APP_URL: 'https://members.example.com', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    await started; // the message is being transmitted right now
    child.kill('SIGTERM');
    const code = await exited;
    expect(output).toContain('shutting down');
    expect(code).toBe(143);
    expect(smtp.messages.filter(sentTo('inflight@example.com'))).toHaveLength(1);
    expect((await invitationState('inflight@example.com')).email_status).toBe('sent');
    expect(await jobCount()).toBe(0);
  }, 40_000);
});
