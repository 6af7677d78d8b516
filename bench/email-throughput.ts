// Email delivery throughput: 500 invitation emails through the durable queue
// (enqueue in a transaction, graphile-worker renders and sends), against the
// floor measured in the same run: the same emails rendered and sent directly
// with nodemailer at the same concurrency. Both go to a local SMTP sink.
//   npm run bench:email            (embedded PostgreSQL, or DATABASE_URL)
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const COUNT = Number(process.env.BENCH_EMAILS ?? 500);
const CONCURRENCY = Number(process.env.EMAIL_WORKER_CONCURRENCY ?? 4);

const { startEmbeddedPostgres } = await import('@/db/embedded');
let stopPostgres = async () => {};
if (!process.env.DATABASE_URL) {
  const pg = await startEmbeddedPostgres({ dataDir: mkdtempSync(path.join(tmpdir(), 'members-bench-')), database: 'bench', persistent: false });
  process.env.DATABASE_URL = pg.url;
  stopPostgres = pg.stop;
}

const { startSmtpSink } = await import('./support/smtp-sink');
const { BENCH_AUTH_SECRET } = await import('./support/app');
const sink = await startSmtpSink();
Object.assign(process.env, { SMTP_URL: sink.url, APP_URL: 'https://members.example.com', AUTH_SECRET: BENCH_AUTH_SECRET, LOG_LEVEL: 'error' });
// Keep the benchmark's output to its figures.
console.log = () => {};
const print = (line: string) => process.stdout.write(`${line}\n`);

const { db } = await import('@/db');
const { sql } = await import('kysely');
const { migrateDatabase } = await import('@/db/migrate');
const { resolveDatabaseUrl } = await import('@/db/connection');
const { enqueueInvitationEmail } = await import('@/server/queue/jobs');
const { startEmailWorker } = await import('@/server/queue/worker');
const { renderInvitationEmail } = await import('@/server/mail/templates');
const { sendEmail } = await import('@/server/mail/send-email');
const { newActivationToken } = await import('@/server/invitations/activation-token');

await migrateDatabase(await resolveDatabaseUrl());
await sql`truncate table invitations, organizations, "User" cascade`.execute(db);
await sql`truncate table graphile_worker._private_jobs`.execute(db);

const owner = await db.insertInto('User').values({ id: crypto.randomUUID(), email: 'bench-owner@example.com', name: 'Bench Owner' }).returning('id').executeTakeFirstOrThrow();
const org = await db.insertInto('organizations').values({ name: 'Bench Org' }).returning('id').executeTakeFirstOrThrow();
const invitations = await db
  .insertInto('invitations')
  .values(
    Array.from({ length: COUNT }, (_, i) => ({
      organization_id: org.id,
      email: `reader${i}@example.com`,
      role: 'owner' as const,
      token_hash: newActivationToken().hash,
      invited_by: owner.id,
      expires_at: sql<Date>`now() + interval '72 hours'`,
    })),
  )
  .returning('id')
  .execute();

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

// Floor: render and send directly, no queue, same concurrency.
const t0 = performance.now();
await pool(invitations, CONCURRENCY, async (invitation) => {
  const email = await renderInvitationEmail({
    organizationName: 'Bench Org',
    inviterName: 'Bench Owner',
    inviterEmail: 'bench-owner@example.com',
    roleLabel: 'Owner',
    expiresAt: 'Tuesday, December 1, 2026 at 14:05 UTC',
    validForHours: 72,
    url: `https://members.example.com/invite/${invitation.id}`,
  });
  await sendEmail({ to: `direct-${invitation.id}@example.com`, ...email });
});
const directSeconds = (performance.now() - t0) / 1000;
const sentDirectly = sink.received();

// Queue path, part 1: enqueue each email in its own transaction, as the app does.
const t1 = performance.now();
await pool(invitations, CONCURRENCY, (invitation) =>
  db.transaction().execute((tx) => enqueueInvitationEmail(tx, { id: invitation.id, sendCount: 1, token: newActivationToken().token })),
);
const enqueueSeconds = (performance.now() - t1) / 1000;

// Queue path, part 2: the worker delivers everything queued.
const t2 = performance.now();
const worker = await startEmailWorker({ concurrency: CONCURRENCY, pollInterval: 100 });
while (sink.received() - sentDirectly < COUNT) await new Promise((resolve) => setTimeout(resolve, 20));
const deliverSeconds = (performance.now() - t2) / 1000;
await worker.stop();

const rate = (seconds: number) => (COUNT / seconds).toFixed(0);
print(`emails: ${COUNT}, concurrency: ${CONCURRENCY}, PostgreSQL: ${process.env.DATABASE_URL?.includes('bench') ? 'embedded 18' : 'DATABASE_URL'}`);
print(`direct nodemailer (floor):   ${rate(directSeconds)} emails/s  (${directSeconds.toFixed(2)} s)`);
print(`queue: enqueue (1 tx each):  ${rate(enqueueSeconds)} jobs/s    (${enqueueSeconds.toFixed(2)} s)`);
print(`queue: worker delivery:      ${rate(deliverSeconds)} emails/s  (${deliverSeconds.toFixed(2)} s)`);
print(`queue delivery / floor:      ${(directSeconds / deliverSeconds).toFixed(2)}`);

await db.destroy();
await sink.close();
await stopPostgres();
process.exit(0);
