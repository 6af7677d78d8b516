// A worker killed with SIGKILL in the middle of a send leaves its job locked; graphile-worker
// alone would wait 4 hours before anyone retried it. A live worker sees the dead one's
// heartbeat go stale and unlocks the job, so the email goes out within seconds of that.
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { type EmailWorker, startEmailWorker } from '@/server/queue/worker';
import { orgWithOwner } from '@/test-support/factories/organizations';
import { callerFor } from '@/test-support/in-process/trpc-caller';
import { queuedJobCount } from '@/test-support/database/row-counts';
import { sentTo, startSmtpServer, type TestSmtpServer } from '@/test-support/mail/smtp-server';

const env = process.env as Record<string, string | undefined>;
// Short, for the test; the defaults are a beat every 10 s and dead after 60 s.
const BEATS = { EMAIL_WORKER_HEARTBEAT_MS: '300', EMAIL_WORKER_DEAD_AFTER_MS: '2000' };
const servers: TestSmtpServer[] = [];
let worker: EmailWorker | undefined;

afterEach(async () => {
  await worker?.stop();
  await Promise.all(servers.splice(0).map((s) => s.close()));
  for (const name of ['SMTP_URL', ...Object.keys(BEATS)]) delete env[name];
});

describe('a worker that dies mid-send', () => {
  it('does not hold its email for hours: a live worker unlocks it and it is delivered', async () => {
    let dataStarted!: () => void;
    const started = new Promise<void>((resolve) => (dataStarted = resolve));
    // The first server takes the message's data and holds its answer: the send is in flight when the worker dies.
    const stuck = await startSmtpServer({ delayMs: 20_000, onDataStart: () => dataStarted() });
    servers.push(stuck);
    const { owner, org } = await orgWithOwner();
    await callerFor(owner).org.invitation.create({ orgId: org.id, email: 'orphaned@example.com', role: 'owner' });

    const child = spawn(process.execPath, ['--import', 'tsx', 'server/worker-cli.ts'], {
      env: { ...process.env, ...BEATS, SMTP_URL: stuck.url, NODE_ENV: 'development', APP_URL: 'https://members.example.com' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await Promise.race([started, exited.then(() => Promise.reject(new Error(`the worker exited:\n${output}`)))]);
    child.kill('SIGKILL');
    await exited;
    const killedAt = Date.now();
    const locked = await db.selectFrom('graphile_worker._private_jobs' as never).select('locked_by' as never).execute();
    expect(locked.map((row) => (row as { locked_by: string | null }).locked_by).filter(Boolean)).toHaveLength(1);

    // A live worker with a working mail server.
    const smtp = await startSmtpServer();
    servers.push(smtp);
    Object.assign(env, BEATS, { SMTP_URL: smtp.url });
    worker = await startEmailWorker({ concurrency: 2, pollInterval: 200 });
    await smtp.waitForEmail(sentTo('orphaned@example.com'), 20_000);
    const recoveredMs = Date.now() - killedAt;
    console.log(`a SIGKILLed worker's email was delivered ${recoveredMs} ms after the kill (dead after ${BEATS.EMAIL_WORKER_DEAD_AFTER_MS} ms without a beat)`);
    expect(recoveredMs).toBeGreaterThanOrEqual(Number(BEATS.EMAIL_WORKER_DEAD_AFTER_MS) - 500);
    const deadline = Date.now() + 5_000;
    while ((await queuedJobCount()) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await queuedJobCount()).toBe(0);
    expect(smtp.messages.filter(sentTo('orphaned@example.com'))).toHaveLength(1);
  }, 60_000);
});
