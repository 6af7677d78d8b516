// The app deployed as a company runs it: three built instances behind a round-robin
// balancer, two separate email workers, all through PgBouncer in transaction mode
// (prepared statements off) to one PostgreSQL. Without PgBouncer installed, the same test
// runs with every process connected directly, and says so (CI requires the pooler).
import { type ChildProcess, spawn } from 'node:child_process';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findFreePort } from '@/db/free-port';
import type { Database } from '@/db/types';
import type { Actor } from '@/server/actor';
import { createOrganization } from '@/server/orgs/create-organization';
import { createApiToken } from '@/server/tokens/create-api-token';
import { pgBouncerBinary, startPgBouncer, type RunningPgBouncer } from '@/test-support/database/pgbouncer';
import { createTestDatabase } from '@/test-support/database/test-postgres';
import { sentTo, startSmtpServer, type TestSmtpServer } from '@/test-support/mail/smtp-server';
import '@/test-support/database/provided-context';
import { hiddenFields, postSignIn } from '@/test-support/app/auth-requests';
import { type Balancer, startBalancer } from '@/test-support/app/load-balancer';
import { spawnApp } from '@/test-support/app/build-and-spawn';

const SECRET = 'e2e-secret-not-for-production-0123456789';
type Instance = { port: number; child: ChildProcess; exited: Promise<number | null>; output: () => string };

let directUrl: string;
let pooledUrl: string;
let bouncer: RunningPgBouncer | null;
let smtp: TestSmtpServer;
let balancer: Balancer;
let db: Kysely<Database>;
const instances: Instance[] = [];
const workers: ChildProcess[] = [];
let workerOutput = '';

function environment(): Record<string, string> {
  return {
    DATABASE_URL: pooledUrl,
    DATABASE_PREPARED_STATEMENTS: 'off',
    SMTP_URL: smtp.url,
    APP_URL: balancer.url,
    AUTH_SECRET: SECRET,
    EMAIL_WORKER: 'off',
    TRUSTED_PROXIES: '127.0.0.1',
    SHUTDOWN_DELAY_MS: '600',
    // One script plays every client here; the shares have their own tests.
    POOL_SHARE_PER_PERSON: '100000',
    POOL_SHARE_PER_ORGANIZATION: '100000',
    DATABASE_POOL_SIZE: '10',
  };
}

function startInstance(port: number): Instance {
  const { child, output, exited } = spawnApp(environment(), port);
  return { port, child, exited, output };
}

function startWorker(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/worker-cli.ts'], {
    env: { ...process.env, ...environment(), NODE_ENV: 'production', EMAIL_WORKER_CONCURRENCY: '4' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => (workerOutput += chunk));
  child.stderr?.on('data', (chunk) => (workerOutput += chunk));
  workers.push(child);
  return child;
}

async function untilReady(port: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await fetch(`http://localhost:${port}/readyz`).then((r) => r.status, () => 0)) !== 200) {
    if (Date.now() > deadline) await explained(new Error(`instance on ${port} never became ready:\n${instances.find((i) => i.port === port)?.output()}`));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function ownerWithToken(name: string): Promise<{ orgId: string; token: string }> {
  const row = await db.insertInto('User').values({ id: crypto.randomUUID(), email: `${name}@example.com`, name }).returning(['id', 'email', 'name']).executeTakeFirstOrThrow();
  const actor: Actor = { userId: row.id, email: row.email, name: row.name };
  const org = await createOrganization(db, actor, { name });
  return { orgId: org.id, token: (await createApiToken(db, actor, { orgId: org.id, description: 'deploy' })).token };
}

const call = (token: string, path: string, input: unknown) =>
  fetch(`${balancer.url}/api/trpc/${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(input) });

const listMembers = (token: string, orgId: string) =>
  fetch(`${balancer.url}/api/trpc/org.member.list?input=${encodeURIComponent(JSON.stringify({ orgId }))}`, { headers: { authorization: `Bearer ${token}` } });

/** What every database session is doing, and the workers' last words: for a failure's message. */
async function diagnosis(): Promise<string> {
  const client = new pg.Client({ connectionString: directUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `select pid, application_name, state, wait_event_type, wait_event, now() - xact_start as xact_age, left(regexp_replace(query, '\\s+', ' ', 'g'), 160) as query
         from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
    );
    const { rows: waiting } = await client.query(`select pid, locktype, mode, relation::regclass::text, objid from pg_locks where not granted`);
    return `sessions:\n${rows.map((r) => JSON.stringify(r)).join('\n')}\nwaiting locks:\n${waiting.map((r) => JSON.stringify(r)).join('\n')}\nworkers:\n${workerOutput.slice(-3000)}`;
  } finally {
    await client.end();
  }
}

const explained = (error: Error) => diagnosis().then((text) => Promise.reject(new Error(`${error.message}\n${text}`)));

const emailsTo = (address: string) => smtp.messages.filter(sentTo(address)).length;

beforeAll(async () => {
  // An empty database: the three instances race to migrate it as they start.
  directUrl = await createTestDatabase(inject('pgAdminUrl'), 'template0', `members_deploy_${Date.now().toString(36)}`);
  bouncer = await startPgBouncer(directUrl);
  if (!bouncer) console.warn('PgBouncer is not installed here: the pooler leg of the deployment test did not run; every process connected directly. (.ci/run installs it.)');
  pooledUrl = bouncer?.url ?? directUrl;
  smtp = await startSmtpServer();
  const ports = await Promise.all([findFreePort(), findFreePort(), findFreePort()]);
  balancer = await startBalancer(await findFreePort(), () => instances.map((i) => i.port));
  instances.push(...ports.map(startInstance));
  await Promise.all(ports.map((port) => untilReady(port)));
  startWorker();
  startWorker();
  db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: directUrl, max: 4 }) }) });
}, 180_000);

afterAll(async () => {
  for (const child of [...instances.map((i) => i.child), ...workers]) child.kill('SIGKILL');
  await balancer?.close();
  await bouncer?.stop();
  await smtp?.close();
  await db?.destroy();
});

describe(`three instances and two workers behind a balancer, ${pgBouncerBinary() ? 'through PgBouncer' : 'connected directly (PgBouncer is not installed)'}`, () => {
  it('all started on one empty database at once: one applied the migrations, the others waited their turn and found them applied', async () => {
    const applied = await db.selectFrom('kysely_migration' as never).select('name' as never).execute();
    expect(new Set(applied.map((row) => (row as { name: string }).name)).size).toBe(applied.length);
    expect(instances.filter((instance) => instance.output().includes('migrations applied'))).toHaveLength(1);
    for (const instance of instances) expect(instance.output()).not.toMatch(/cannot start/);
  });

  it('signs in through the balancer from the emailed link', async () => {
    const answer = await postSignIn(balancer.url, 'deployed@example.com');
    expect(answer.status).toBe(302);
    const email = await smtp.waitForEmail(sentTo('deployed@example.com'), 30_000).catch(explained);
    const link = /https?:\/\/\S+\/sign-in\/confirm\?\S+/.exec(email.text ?? '')![0];
    expect((await fetch(link)).status).toBe(200);
    const callback = link.replace('/sign-in/confirm?', '/api/auth/callback/nodemailer?');
    const signedIn = await fetch(callback, { method: 'POST', redirect: 'manual', headers: { origin: balancer.url } });
    const cookie = signedIn.headers.getSetCookie().find((c) => c.startsWith('authjs.session-token='));
    expect(cookie).toBeDefined();
    const page = await fetch(`${balancer.url}/onboarding`, { headers: { cookie: cookie!.split(';')[0]! }, redirect: 'manual' });
    expect(page.status).toBe(200);
  });

  it('an invitation sent through the balancer is accepted through it, as a browser without JavaScript posts the form', async () => {
    const { orgId, token } = await ownerWithToken('joining');
    expect((await call(token, 'org.invitation.create', { orgId, email: 'joiner@example.com', role: 'owner' })).status).toBe(200);
    const email = await smtp.waitForEmail(sentTo('joiner@example.com'), 30_000).catch(explained);
    const link = /https?:\/\/\S+\/invite\/[\w-]+/.exec(email.text ?? '')![0];
    expect(link.startsWith(`${balancer.url}/invite/`)).toBe(true);
    const form = new FormData();
    for (const [name, value] of hiddenFields(await (await fetch(link)).text())) form.append(name, value);
    form.append('name', 'Joiner');
    const accepted = await fetch(link, { method: 'POST', body: form, headers: { origin: balancer.url }, redirect: 'manual' });
    expect(accepted.status).toBeLessThan(400);
    expect(accepted.headers.getSetCookie().some((c) => c.startsWith('authjs.session-token='))).toBe(true);
    const joiner = await db.selectFrom('User').select('id').where('email', '=', 'joiner@example.com').executeTakeFirstOrThrow();
    expect(await db.selectFrom('memberships').select('role').where('organization_id', '=', orgId).where('user_id', '=', joiner.id).execute()).toEqual([{ role: 'owner' }]);
  });

  it('300 concurrent invitations spread over the instances: exactly 50 pending, each email delivered exactly once', async () => {
    const { orgId, token } = await ownerWithToken('rush');
    const results = await Promise.all(Array.from({ length: 300 }, (_, i) => call(token, 'org.invitation.create', { orgId, email: `rush${i}@example.com`, role: 'owner' }).then((r) => r.status)));
    expect(results.filter((status) => status === 200)).toHaveLength(50);
    expect(results.filter((status) => status !== 200 && status !== 412)).toEqual([]);
    const pending = await db.selectFrom('invitations').select('email').where('organization_id', '=', orgId).execute();
    expect(pending).toHaveLength(50);
    for (const { email } of pending) await smtp.waitForEmail(sentTo(email), 60_000).catch(explained);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(pending.map(({ email }) => emailsTo(email))).toEqual(pending.map(() => 1));
  });

  it('workers stopped with SIGTERM while jobs wait, then started again: every email delivered once', async () => {
    await Promise.all(workers.splice(0).map((child) => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM')))));
    const { orgId, token } = await ownerWithToken('waiting');
    const addresses = Array.from({ length: 10 }, (_, i) => `waiting${i}@example.com`);
    for (const email of addresses) expect((await call(token, 'org.invitation.create', { orgId, email, role: 'owner' })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(addresses.map(emailsTo)).toEqual(addresses.map(() => 0));
    startWorker();
    startWorker();
    for (const email of addresses) await smtp.waitForEmail(sentTo(email), 60_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(addresses.map(emailsTo)).toEqual(addresses.map(() => 1));
  });

  it('an instance killed with SIGKILL: the others answer, and nothing is half-written', async () => {
    const { orgId, token } = await ownerWithToken('survivor');
    const victim = instances[0]!;
    const during = Array.from({ length: 60 }, (_, i) => call(token, 'org.invitation.create', { orgId, email: `survivor${i}@example.com`, role: 'owner' }).then((r) => r.status));
    victim.child.kill('SIGKILL');
    await victim.exited;
    await Promise.all(during);
    // After the balancer noticed, everything is answered.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = await Promise.all(Array.from({ length: 30 }, () => listMembers(token, orgId).then((r) => r.status)));
    expect(after).toEqual(after.map(() => 200));
    // Every invitation has its audit event and its email job, or none of them exists.
    const invited = await db.selectFrom('invitations').select('id').where('organization_id', '=', orgId).execute();
    const audited = await db.selectFrom('audit_events').select('target_id').where('organization_id', '=', orgId).where('action', '=', 'member.invited').execute();
    expect(new Set(audited.map((a) => a.target_id))).toEqual(new Set(invited.map((i) => i.id)));
    // The instance comes back on its port.
    instances[0] = startInstance(victim.port);
    await untilReady(victim.port);
  });

  it('a rolling restart under a steady stream of requests fails none of them', async () => {
    const { orgId, token } = await ownerWithToken('rolling');
    let streaming = true;
    const statuses: number[] = [];
    const stream = async () => {
      while (streaming) statuses.push(await fetch(`${balancer.url}/api/trpc/org.member.list?input=${encodeURIComponent(JSON.stringify({ orgId }))}`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) }).then((r) => r.status, () => 0));
    };
    const streams = Array.from({ length: 4 }, stream);
    for (let i = 0; i < instances.length; i += 1) {
      const old = instances[i]!;
      old.child.kill('SIGTERM');
      expect(await old.exited).toBe(143);
      instances[i] = startInstance(old.port);
      await untilReady(old.port);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    streaming = false;
    await Promise.all(streams);
    console.log(`rolling restart of 3 instances: ${statuses.length} requests, ${statuses.filter((s) => s !== 200).length} failed`);
    expect(statuses.length).toBeGreaterThan(50);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
  });
});
