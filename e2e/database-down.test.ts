// The built app with its database taken away: a TCP proxy between the app and
// PostgreSQL cuts every connection and refuses new ones (what a stopped server
// looks like), or cuts one connection in the middle of a transaction.
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Database } from '@/db/types';
import { DATABASE_UNAVAILABLE_MESSAGE } from '@/server/errors';
import { sentTo, startSmtpServer, type TestSmtpServer } from '@/test-support/mail/smtp-server';
import { startTcpProxy, type TcpProxy } from '@/test-support/database/tcp-proxy';
import { type RunningApp, startApp } from '@/test-support/app/start-app';
import { launchChromium } from '@/test-support/browser/chromium';
import { signInThroughEmail } from '@/test-support/browser/sign-in';
import { createOrganizationThroughUi, inviteThroughForm } from '@/test-support/browser/members-page';

let smtp: TestSmtpServer;
let proxy: TcpProxy;
let app: RunningApp;
let browser: Browser;
let db: Kysely<Database>;
let context: BrowserContext;
let page: Page;
let orgId: string;
let bearer: { authorization: string };

beforeAll(async () => {
  const postgres = new URL(inject('pgAdminUrl'));
  [smtp, proxy] = await Promise.all([startSmtpServer(), startTcpProxy({ host: postgres.hostname, port: Number(postgres.port) })]);
  [app, browser] = await Promise.all([startApp({ smtpUrl: smtp.url, databasePort: proxy.port }), launchChromium()]);
  db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: app.databaseUrl, max: 2 }) }) });

  context = await browser.newContext();
  page = await context.newPage();
  await signInThroughEmail(page, app.url, smtp, 'steady@example.com');
  orgId = await createOrganizationThroughUi(page, 'Steady Co');
  const created = await page.request.post(`${app.url}/api/trpc/org.token.create`, { data: { orgId, description: 'monitor' } });
  bearer = { authorization: `Bearer ${(await created.json()).result.data.token}` };
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await db?.destroy();
  await proxy?.close();
  await smtp?.close();
});

const listMembers = () =>
  fetch(`${app.url}/api/trpc/org.member.list?input=${encodeURIComponent(JSON.stringify({ orgId }))}`, { headers: bearer });

/** Polls until `check` passes: recovery must happen by itself, without a restart. */
async function eventually(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error('did not recover in time');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const invitationsTo = async (email: string) =>
  Number((await db.selectFrom('invitations').select((eb) => eb.fn.countAll<string>().as('n')).where('email', '=', email).executeTakeFirstOrThrow()).n);

describe('when the database goes away', () => {
  it('pages show a friendly error, the API answers 503, forms say so, and everything recovers by itself', async () => {
    const membersUrl = `${app.url}/orgs/${orgId}/members`;
    await page.goto(membersUrl);
    await page.getByRole('heading', { name: 'Members' }).waitFor();
    await proxy.down();

    // The balancer's probes: alive, but not ready while the database is away.
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    const notReady = await fetch(`${app.url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({ status: 'not ready', reason: 'the database does not answer' });

    // A form submitted while the database is away explains itself, next to the form.
    await inviteThroughForm(page, 'while-down@example.com');
    await expect.poll(() => page.getByText(DATABASE_UNAVAILABLE_MESSAGE).count()).toBe(1);

    // A page: the friendly error page, nothing technical.
    const response = await page.goto(membersUrl);
    expect(response?.status()).toBeGreaterThanOrEqual(500);
    await page.getByRole('heading', { name: 'Something went wrong' }).waitFor();
    const text = await page.locator('body').innerText();
    expect(text).not.toMatch(/ECONNREFUSED|Connection terminated|postgres|select |\bat \w+ \(/i);

    // The API, by token and by session cookie: 503 with a plain message and Retry-After.
    const api = await listMembers();
    expect(api.status).toBe(503);
    expect(api.headers.get('retry-after')).toBe('5');
    expect((await api.json()).error.message).toBe(DATABASE_UNAVAILABLE_MESSAGE);
    const withCookie = await page.request.get(`${app.url}/api/trpc/org.invitation.list?input=${encodeURIComponent(JSON.stringify({ orgId }))}`);
    expect(withCookie.status()).toBe(503);

    // The database returns: the same process serves again, without a restart.
    await proxy.up();
    await eventually(async () => (await fetch(`${app.url}/readyz`)).status === 200);
    await eventually(async () => (await listMembers()).status === 200);
    await eventually(async () => (await page.goto(membersUrl))?.status() === 200);
    await page.getByRole('heading', { name: 'Members' }).waitFor();
    expect(await invitationsTo('while-down@example.com')).toBe(0);

    // And the email worker picked up again too: an invitation is delivered.
    await inviteThroughForm(page, 'after-recovery@example.com');
    await page.getByRole('status').getByText('Invitation sent to after-recovery@example.com').waitFor();
    await smtp.waitForEmail(sentTo('after-recovery@example.com'), 30_000);
    expect(app.output()).not.toMatch(/uncaught|unhandled/i);
  });

  it('a connection cut in the middle of an invitation leaves nothing half-written', async () => {
    // Statements are prepared once per connection: the invitation's text crosses the
    // wire only on a connection's first invite. Fresh connections make sure the trap sees it.
    await proxy.down();
    await proxy.up();
    await eventually(async () => (await page.goto(`${app.url}/orgs/${orgId}/members`))?.status() === 200);
    await page.getByRole('heading', { name: 'Members' }).waitFor();
    const since = new Date();
    const auditBefore = await auditEvents();

    // The invitation row reaches the database inside its transaction; then the connection dies.
    const cut = proxy.cutAfter('insert into "invitations"');
    await inviteThroughForm(page, 'half@example.com');
    await cut;
    await expect.poll(() => page.getByText(DATABASE_UNAVAILABLE_MESSAGE).count()).toBe(1);

    // Rolled back as a whole: no invitation, no audit event, no email job.
    await expect.poll(() => invitationsTo('half@example.com')).toBe(0);
    expect(await auditEvents()).toBe(auditBefore);
    expect(await jobsQueuedSince(since)).toBe(0);

    // Trying again works, and only one invitation and one email result.
    await inviteThroughForm(page, 'half@example.com');
    await page.getByRole('status').getByText('Invitation sent to half@example.com').waitFor();
    expect(await invitationsTo('half@example.com')).toBe(1);
    await smtp.waitForEmail(sentTo('half@example.com'), 30_000);
    expect(smtp.messages.filter(sentTo('half@example.com'))).toHaveLength(1);
    // A connection dying under a request is reported, never an uncaught exception.
    expect(app.output()).toContain('database connection lost');
    expect(app.output()).not.toMatch(/uncaught|unhandled/i);
  });
});

/** Email jobs queued since `since` (a rolled-back invitation must have queued none). */
async function jobsQueuedSince(since: Date): Promise<number> {
  const { rows } = await sql<{ n: string }>`select count(*) as n from graphile_worker._private_jobs where created_at >= ${since}`.execute(db);
  return Number(rows[0]!.n);
}

async function auditEvents(): Promise<number> {
  return Number((await db.selectFrom('audit_events').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
}
